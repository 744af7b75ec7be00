/**
 * Throttling of password checks: failures are counted per user name and per client
 * (one WebSocket, one window). After {@link FREE_FAILURES} failures in a row, each further
 * failure locks that name or client out for a time that doubles from 1 s up to 60 s;
 * while locked out, a login is refused as `LOGIN_THROTTLED` without checking the password,
 * so the right password is refused too. One check per name or client runs at a time, so
 * parallel guesses cannot slip in before the first failure counts. A success clears the
 * count; a count is forgotten after {@link FORGET_AFTER_MS} without failures.
 */

/** Failures in a row before the first lockout. */
export const FREE_FAILURES = 3;
/** First lockout; each further failure doubles it. */
export const FIRST_LOCKOUT_MS = 1_000;
/** Longest lockout (a wrong guess may not lock a real user out for long). */
export const MAX_LOCKOUT_MS = 60_000;
/** A key's count is forgotten after this long without a failure. */
export const FORGET_AFTER_MS = 15 * 60_000;
/** Keys tracked at once (names and clients); the least recently failed are forgotten beyond it. */
const MAX_KEYS = 10_000;

interface KeyState {
  failures: number;
  lastFailure: number;
  lockedUntil: number;
  checking: boolean;
  /** Whether a refusal during the current lockout was already reported (to audit it once). */
  reported: boolean;
}

/** Why a login was not even checked. */
export interface ThrottleRefusal {
  /** The name or client that is locked out (`user` or `client`). */
  by: 'user' | 'client';
  /** How long until a login may be tried again (0 when another check is running). */
  retryInMs: number;
  /** Failures in a row behind the lockout. */
  failures: number;
  /** True for the first refusal of this lockout: the one to write to the event log. */
  firstOfLockout: boolean;
}

/** A lockout that a failure has just started. */
export interface Lockout {
  by: 'user' | 'client';
  ms: number;
  failures: number;
}

/** A check that may proceed: settle it with its outcome. */
export interface ThrottleTicket {
  /** The password was wrong: counts the failure; returns the lockouts it started. */
  failed(): Lockout[];
  /** The password was right (whatever followed): clears the counts. */
  succeeded(): void;
}

/** The throttle of one engine (both hosts' logins share it). */
export class LoginThrottle {
  private readonly keys = new Map<string, KeyState>();

  /** `now` is the clock (tests pass a fake one). */
  constructor(private readonly now: () => number = Date.now) {}

  /** Asks to check a password of `user` from `client`: a ticket, or why not now. */
  begin(user: string, client: string): { ok: true; ticket: ThrottleTicket } | { ok: false; refusal: ThrottleRefusal } {
    const now = this.now();
    const pair = [['user', this.state(`u:${user}`, now)], ['client', this.state(`c:${client}`, now)]] as const;
    for (const [by, state] of pair) {
      const refusal = this.refusal(by, state, now);
      if (refusal) return { ok: false, refusal };
    }
    for (const [, state] of pair) state.checking = true;
    let settled = false;
    const settle = (): void => {
      if (settled) throw new Error('login throttle ticket settled twice');
      settled = true;
      for (const [, state] of pair) state.checking = false;
    };
    return {
      ok: true,
      ticket: {
        failed: () => {
          settle();
          return pair.flatMap(([by, state]) => this.fail(by, state));
        },
        succeeded: () => {
          settle();
          this.keys.delete(`u:${user}`);
          this.keys.delete(`c:${client}`);
        },
      },
    };
  }

  private refusal(by: 'user' | 'client', state: KeyState, now: number): ThrottleRefusal | null {
    if (state.checking) return { by, retryInMs: 0, failures: state.failures, firstOfLockout: false };
    if (state.lockedUntil <= now) return null;
    const firstOfLockout = !state.reported;
    state.reported = true;
    return { by, retryInMs: state.lockedUntil - now, failures: state.failures, firstOfLockout };
  }

  private fail(by: 'user' | 'client', state: KeyState): Lockout[] {
    const now = this.now();
    state.failures++;
    state.lastFailure = now;
    if (state.failures <= FREE_FAILURES) return [];
    const ms = Math.min(MAX_LOCKOUT_MS, FIRST_LOCKOUT_MS * 2 ** (state.failures - FREE_FAILURES - 1));
    state.lockedUntil = now + ms;
    state.reported = false;
    return [{ by, ms, failures: state.failures }];
  }

  /** The state of `key`, made fresh when unknown or forgotten; now the most recently used. */
  private state(key: string, now: number): KeyState {
    let state = this.keys.get(key);
    if (state && !state.checking && now - state.lastFailure > FORGET_AFTER_MS && state.lockedUntil <= now) state = undefined;
    state ??= { failures: 0, lastFailure: now, lockedUntil: 0, checking: false, reported: false };
    this.keys.delete(key);
    this.keys.set(key, state);
    if (this.keys.size > MAX_KEYS) {
      const [oldest, old] = this.keys.entries().next().value as [string, KeyState];
      if (!old.checking) this.keys.delete(oldest);
    }
    return state;
  }
}
