/**
 * Connection state of one link of a SessionDriver, as reported to the engine.
 */
import type { ConnectionInfo } from './connection';
import type { TransportError } from './transport-error';

/** Where a link is in its life. */
export type LinkStateName = 'connecting' | 'connected' | 'disconnected' | 'backoff';

/** One state change of one link. */
export interface LinkState {
  link: number;
  /** `tcp://host:port` of the link's endpoint. */
  endpoint: string;
  state: LinkStateName;
  /** Why it is disconnected / backing off. */
  error?: { code: string; message: string };
  /** With `backoff`: milliseconds until the next attempt. */
  retryInMs?: number;
  /** With `connected`: both ends, and the TLS session when secured. */
  connection?: ConnectionInfo;
}

/** `error` field of a LinkState from a TransportError. */
export function stateError(error: TransportError): { code: string; message: string } {
  return { code: error.code, message: error.message };
}
