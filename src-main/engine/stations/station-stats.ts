/**
 * Per-station statistics shown in the stations view: frames, errors by kind, reconnects,
 * the last error and response times of the session's tasks.
 */

/** A snapshot of one station's statistics. */
export interface StationStatsSnapshot {
  framesTx: number;
  framesRx: number;
  bytesTx: number;
  bytesRx: number;
  /** Protocol and connection errors by code. */
  errors: Record<string, number>;
  reconnects: number;
  /** Response time of the last task (poll, GI, time sync...), in ms. */
  lastResponseMs: number | null;
  avgResponseMs: number | null;
  maxResponseMs: number | null;
  /** Point updates received. */
  updates: number;
  connectedSince: number | null;
  /** DNP3 Secure Authentication of the association, when the station uses it. */
  secureAuth: SecureAuthStats | null;
}

/** A DNP3 station's Secure Authentication state: its user, the session key status and counters. */
export interface SecureAuthStats {
  user: number;
  keyStatus: string;
  keyChanges: number;
  challenges: number;
  aggressive: number;
  failures: number;
}

/** Mutable statistics counters of one station. */
export class StationStats {
  framesTx = 0;
  framesRx = 0;
  bytesTx = 0;
  bytesRx = 0;
  reconnects = 0;
  updates = 0;
  connectedSince: number | null = null;
  secureAuth: SecureAuthStats | null = null;
  private readonly errors = new Map<string, number>();
  private responses = 0;
  private responseTotal = 0;
  private lastResponse: number | null = null;
  private maxResponse: number | null = null;

  /** Counts one error of `code`. */
  error(code: string): void {
    this.errors.set(code, (this.errors.get(code) ?? 0) + 1);
  }

  /** Records a task's response time. */
  response(ms: number): void {
    this.responses++;
    this.responseTotal += ms;
    this.lastResponse = ms;
    this.maxResponse = Math.max(this.maxResponse ?? 0, ms);
  }

  /** A copy for the contract. */
  snapshot(): StationStatsSnapshot {
    return {
      framesTx: this.framesTx,
      framesRx: this.framesRx,
      bytesTx: this.bytesTx,
      bytesRx: this.bytesRx,
      errors: Object.fromEntries(this.errors),
      reconnects: this.reconnects,
      lastResponseMs: this.lastResponse,
      avgResponseMs: this.responses ? Math.round((this.responseTotal / this.responses) * 10) / 10 : null,
      maxResponseMs: this.maxResponse,
      updates: this.updates,
      connectedSince: this.connectedSince,
      secureAuth: this.secureAuth,
    };
  }
}
