import { describe, expect, it } from 'vitest';
import { backoffDelay, backoffOptions, DEFAULT_BACKOFF } from '../../../src-main/transport';

describe('backoffDelay', () => {
  it('grows by the factor and is capped', () => {
    const options = backoffOptions({ initialMs: 100, maxMs: 1000 });
    expect([0, 1, 2, 3, 4, 5, 20].map((n) => backoffDelay(n, options))).toEqual([100, 200, 400, 800, 1000, 1000, 1000]);
  });

  it('takes up to the jitter fraction off, from the injected random source', () => {
    expect(backoffDelay(0, backoffOptions({ initialMs: 1000, jitter: 0.2, random: () => 0 }))).toBe(1000);
    expect(backoffDelay(0, backoffOptions({ initialMs: 1000, jitter: 0.2, random: () => 0.5 }))).toBe(900);
    expect(backoffDelay(0, backoffOptions({ initialMs: 1000, jitter: 5, random: () => 0.999 }))).toBe(1);
  });

  it('defaults to 1 s doubling up to 30 s without jitter', () => {
    expect(DEFAULT_BACKOFF).toMatchObject({ initialMs: 1000, maxMs: 30_000, factor: 2, jitter: 0 });
  });
});
