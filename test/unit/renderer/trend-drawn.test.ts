import { describe, expect, it } from 'vitest';
import { decimate, drawnSamples, SAMPLES_PER_PIXEL } from '../../../src-renderer/components/trend-drawn';
import type { TrendSample } from '../../../src-renderer/stores/trend-data';

/** `n` samples, one per ms from 0, y = a sawtooth; the indexes in `gaps` are invalid (null). */
function samples(n: number, gaps: readonly number[] = []): TrendSample[] {
  const invalid = new Set(gaps);
  return Array.from({ length: n }, (_, x) => ({ x, y: invalid.has(x) ? null : x % 7 }));
}

describe('decimate', () => {
  it('leaves short series alone', () => {
    const input = samples(40, [10]);
    expect(decimate(input, 0, 40, 10)).toBe(input);
  });

  it('keeps first, lowest, highest and last of each pixel, in order, with the original times', () => {
    const input = samples(10_000);
    const out = decimate(input, 0, 10_000, 100);
    expect(out.length).toBeLessThanOrEqual(4 * 100);
    expect(out.length).toBeGreaterThan(100);
    for (let i = 1; i < out.length; i++) expect(out[i]!.x).toBeGreaterThan(out[i - 1]!.x);
    for (const s of out) expect(s).toBe(input[s.x]);
    expect(Math.min(...out.map((s) => s.y!))).toBe(0);
    expect(Math.max(...out.map((s) => s.y!))).toBe(6);
  });

  it('keeps every gap however dense the data, and one null per run of invalid values', () => {
    const gaps = [1234, 5000, 5001, 5002, 9876];
    const out = decimate(samples(10_000, gaps), 0, 10_000, 10);
    expect(out.length).toBeLessThan(10_000 / SAMPLES_PER_PIXEL);
    expect(out.filter((s) => s.y === null).map((s) => s.x)).toEqual([1234, 5000, 9876]);
    const at = out.findIndex((s) => s.x === 1234);
    expect(out[at - 1]!.x).toBe(1233);
    expect(out[at + 1]!.x).toBe(1235);
  });
});

describe('drawnSamples', () => {
  const series: TrendSample[] = [
    { x: 100, y: 0 },
    { x: 200, y: 1 },
    { x: 300, y: 0 },
    { x: 400, y: 1 },
  ];

  it('draws the shown range with one neighbour either side', () => {
    expect(drawnSamples(series, 250, 350, { width: 800, step: false, holdTo: 1000 }).map((s) => s.x)).toEqual([200, 300, 400]);
  });

  it('holds a step series at its last value up to now, but not after a gap', () => {
    expect(drawnSamples(series, 350, 1000, { width: 800, step: true, holdTo: 1000 }).at(-1)).toEqual({ x: 1000, y: 1, held: true });
    expect(drawnSamples(series, 350, 1000, { width: 800, step: false, holdTo: 1000 }).at(-1)).toEqual({ x: 400, y: 1 });
    const invalid = [...series, { x: 500, y: null }];
    expect(drawnSamples(invalid, 350, 1000, { width: 800, step: true, holdTo: 1000 }).at(-1)).toEqual({ x: 500, y: null });
  });

  it('draws everything when the range is open', () => {
    const drawn = drawnSamples(series, -Infinity, Infinity, { width: 1, step: true, holdTo: 1000 });
    expect(drawn.slice(0, 4)).toEqual(series);
    expect(series).toHaveLength(4);
  });
});
