/**
 * Sparkplug B 3.0 primary host application awareness, sans-IO: the host publishes its
 * state, retained, on `spBv1.0/STATE/<host id>` as JSON `{"online": true|false,
 * "timestamp": <ms>}` (its will says offline). An edge node configured with the host's id
 * subscribes to that topic, publishes its births only once the host is online, and when the
 * host goes offline publishes NDEATH, disconnects and starts its connection over. A STATE
 * with a timestamp older than the last one accepted is stale (a retained or delayed
 * message) and ignored.
 */

/** Why a STATE payload was not understood. */
export interface HostStateError {
  code: 'STATE_INVALID';
  message: string;
}

/** A primary host's state as its STATE message says it. */
export interface HostState {
  online: boolean;
  /** The host's timestamp (ms since the epoch). */
  timestamp: number;
}

/** The STATE topic of a primary host application. */
export function stateTopic(hostId: string): string {
  return `spBv1.0/STATE/${hostId}`;
}

/** Parses a STATE payload: a JSON object with a boolean `online` and a numeric `timestamp`. */
export function parseHostState(bytes: Uint8Array): { ok: true; state: HostState } | { ok: false; error: HostStateError } {
  const fail = (message: string) => ({ ok: false as const, error: { code: 'STATE_INVALID' as const, message } });
  let doc: unknown;
  try {
    doc = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return fail('not JSON text');
  }
  if (typeof doc !== 'object' || doc === null) return fail('not a JSON object');
  const { online, timestamp } = doc as Record<string, unknown>;
  if (typeof online !== 'boolean') return fail('"online" is not true or false');
  if (typeof timestamp !== 'number' || !Number.isFinite(timestamp) || timestamp < 0) return fail('"timestamp" is not a time in ms');
  return { ok: true, state: { online, timestamp } };
}

/** What an accepted or refused STATE means for the edge node. */
export type HostVerdict =
  /** The host is online: births may be published (again). */
  | 'online'
  /** The host went offline: NDEATH, disconnect, connect again and wait. */
  | 'offline'
  /** Older than the last STATE accepted: ignored. */
  | 'stale';

/** The last accepted state of one primary host. */
export class PrimaryHostWatch {
  private last: HostState | null = null;

  constructor(readonly hostId: string) {}

  /** True or false once a STATE was accepted; null before. */
  get online(): boolean | null {
    return this.last?.online ?? null;
  }

  /** Takes a STATE message: stale when older than the last accepted, else its state. */
  observe(state: HostState): HostVerdict {
    if (this.last && state.timestamp < this.last.timestamp) return 'stale';
    this.last = state;
    return state.online ? 'online' : 'offline';
  }
}
