/**
 * Capped exponential reconnect backoff.
 */

/** Reconnect delay policy. */
export interface BackoffOptions {
  /** Delay before the first retry; default 1000 ms. */
  initialMs: number;
  /** Upper bound of the delay; default 30 000 ms. */
  maxMs: number;
  /** Growth per failed attempt; default 2. */
  factor: number;
  /** Fraction (0-1) of the delay that may be taken off at random; default 0 (none). */
  jitter: number;
  /** Source of randomness for jitter in [0, 1); inject a fixed one in tests. */
  random: () => number;
}

/** The defaults for a reconnecting master. */
export const DEFAULT_BACKOFF: BackoffOptions = {
  initialMs: 1000,
  maxMs: 30_000,
  factor: 2,
  jitter: 0,
  random: Math.random,
};

/** Fills in defaults. */
export function backoffOptions(partial: Partial<BackoffOptions> = {}): BackoffOptions {
  return { ...DEFAULT_BACKOFF, ...partial };
}

/** Delay before retry number `attempt` (0 for the first retry). */
export function backoffDelay(attempt: number, options: BackoffOptions): number {
  const raw = Math.min(options.maxMs, options.initialMs * options.factor ** attempt);
  const jitter = Math.min(1, Math.max(0, options.jitter));
  return Math.round(raw * (1 - jitter * options.random()));
}
