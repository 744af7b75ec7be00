import type { Role } from '../../src-shared/roles';

/** The user a client is logged in as. */
export interface ClientUser {
  name: string;
  role: Role;
}

/**
 * One connected renderer: an Electron window's web contents or one WebSocket. Handlers
 * read and set the logged-in user here; the router checks it against each call's access.
 */
export interface ClientContext {
  readonly id: string;
  readonly host: 'electron' | 'headless';
  user: ClientUser | null;
}

let nextId = 1;

/** Creates the context of a newly connected client, not logged in. */
export function createClientContext(host: ClientContext['host']): ClientContext {
  return { id: `${host}-${nextId++}`, host, user: null };
}
