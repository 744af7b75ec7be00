/**
 * An engine on a fresh data folder behind the real IPC router, publishing to `hub`, with an
 * administrator set up on `admin` and a viewer logged in on `viewer`: the set-up of the
 * tests that drive commissioning calls as clients would.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, type Engine } from '../../../src-main/engine';
import type { ClientContext } from '../../../src-main/ipc/client-context';
import type { EventHub } from '../../../src-main/ipc/event-hub';
import { createHandlers } from '../../../src-main/ipc/handlers';
import { createRouter, type Router } from '../../../src-main/ipc/router';
import { routerCalls } from './router-calls';

/** Starts the engine (data folder named after `prefix`) and the router, and logs the two clients in. */
export async function startRouterRig(prefix: string, hub: EventHub, admin: ClientContext, viewer: ClientContext): Promise<{ dir: string; engine: Engine; router: Router }> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const engine = await createEngine({ dataDir: dir, publish: hub.publisher, log: () => undefined });
  const router = createRouter(createHandlers(engine, { name: 'Switchyard', version: 'test', host: 'headless', platform: process.platform }), () => undefined);
  const { value } = routerCalls(() => router);
  await value(admin, 'session.setupAdmin', { name: 'admin', password: 'admin-pass-1' });
  await value(admin, 'users.create', { name: 'view', role: 'viewer', password: 'view-pass-1' });
  await value(viewer, 'session.login', { name: 'view', password: 'view-pass-1' });
  return { dir, engine, router };
}
