import { describe, expect, it } from 'vitest';
import { createValueDriver, initialValue, seededRandom, valueModelProblem, type AnalogModel, type SimValueModel } from '../../../src-shared/simulation/value-model';

const SECOND = 1000;
const HOUR = 3_600_000;

/** Runs a model on a fake clock: `ticks` steps of `dtMs`, returning every value. */
function simulate(model: SimValueModel, ticks: number, dtMs = SECOND, seed = 7, start = initialValue(model)): Array<number | boolean> {
  const driver = createValueDriver(model, seededRandom(seed));
  const values: Array<number | boolean> = [];
  let value = start;
  for (let i = 0; i < ticks; i++) values.push((value = driver.next(value, dtMs)));
  return values;
}

const lowest = (values: readonly number[]): number => values.reduce((a, b) => Math.min(a, b), Infinity);
const highest = (values: readonly number[]): number => values.reduce((a, b) => Math.max(a, b), -Infinity);

const changesIn = (values: ReadonlyArray<number | boolean>, start: number | boolean): number =>
  values.reduce<{ n: number; last: number | boolean }>((acc, v) => ({ n: acc.n + (v !== acc.last ? 1 : 0), last: v }), { n: 0, last: start }).n;

describe('simulated value models', () => {
  const current: AnalogModel = { kind: 'analog', mean: 190, sigma: 10, tauMs: 20 * 60_000, min: 100, max: 300, resolution: 0.1 };

  it('an analog stays inside its range and around its mean over a simulated week at 1 s ticks', () => {
    const values = simulate(current, 7 * 24 * 3600) as number[];
    expect(lowest(values)).toBeGreaterThanOrEqual(100);
    expect(highest(values)).toBeLessThanOrEqual(300);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
    expect(Math.abs(mean - 190)).toBeLessThan(2); // a free random walk would have drifted by hundreds
    expect(sd).toBeGreaterThan(7);
    expect(sd).toBeLessThan(13);
    expect(values.every((v) => Math.abs(v * 10 - Math.round(v * 10)) < 1e-6)).toBe(true); // resolution 0.1
  });

  it('an analog started at its limit returns to its mean within a few time constants', () => {
    const values = simulate(current, 3 * 20 * 60, SECOND, 3, 300) as number[];
    expect(values[0]!).toBeGreaterThan(280);
    const lastMinutes = values.slice(-300);
    expect(Math.abs(lastMinutes.reduce((a, b) => a + b, 0) / lastMinutes.length - 190)).toBeLessThan(3 * 10);
  });

  it('a slow analog with a coarse resolution still moves (the level is kept unrounded) and follows a value set by a command', () => {
    const slow: AnalogModel = { kind: 'analog', mean: 0, sigma: 5, tauMs: 20 * 60_000, min: -50, max: 50, resolution: 1 };
    const values = simulate(slow, 3600) as number[];
    expect(changesIn(values, 0)).toBeGreaterThan(300);
    const driver = createValueDriver(slow, seededRandom(1));
    driver.next(0, SECOND);
    expect(Math.abs(Number(driver.next(40, SECOND)) - 40)).toBeLessThanOrEqual(2);
  });

  it('an analog with a wide spread is clamped to its range, never beyond', () => {
    const wild: AnalogModel = { ...current, sigma: 200 };
    const values = simulate(wild, 100_000) as number[];
    expect(lowest(values)).toBe(100);
    expect(highest(values)).toBe(300);
  });

  it('a breaker changes rarely: with dwell times of 4 h and 10 min about twice per 4 h 10 min, never every few seconds', () => {
    const breaker: SimValueModel = { kind: 'twoState', states: [true, false], dwellMs: [4 * HOUR, 10 * 60_000] };
    const hours = 1000;
    const values = simulate(breaker, hours * 360, 10 * SECOND);
    const changes = changesIn(values, true);
    const expected = (2 * hours) / (4 + 1 / 6); // 480
    expect(changes).toBeGreaterThan(expected * 0.8);
    expect(changes).toBeLessThan(expected * 1.2);
    const closedShare = values.filter((v) => v === true).length / values.length;
    expect(closedShare).toBeGreaterThan(0.93); // 4 h / 4 h 10 min = 0.96
    const shift = simulate(breaker, 8 * 3600, SECOND, 11);
    expect(changesIn(shift, true)).toBeLessThan(10);
  });

  it('a two-state point set by a command to neither state is left as it is', () => {
    const driver = createValueDriver({ kind: 'twoState', states: [2, 1], dwellMs: [1, 1] }, seededRandom(1));
    expect(driver.next(3, HOUR)).toBe(3);
  });

  it('a tap position moves one step at a time, stays in its range and steps about as often as its dwell says', () => {
    const tap: SimValueModel = { kind: 'steps', min: 1, max: 17, meanDwellMs: 10 * 60_000 };
    const values = simulate(tap, 100 * 3600) as number[];
    expect(lowest(values)).toBeGreaterThanOrEqual(1);
    expect(highest(values)).toBeLessThanOrEqual(17);
    const biggestStep = values.reduce((acc, v) => ({ max: Math.max(acc.max, Math.abs(v - acc.last)), last: v }), { max: 0, last: 9 }).max;
    expect(biggestStep).toBe(1);
    const steps = changesIn(values, 9);
    expect(steps).toBeGreaterThan(600 * 0.85); // 100 h / 10 min = 600
    expect(steps).toBeLessThan(600 * 1.15);
  });

  it('a counter counts up at its rate from its start', () => {
    const values = simulate({ kind: 'counter', perHour: 12_000, start: 1_000_000 }, 3600) as number[];
    for (let i = 1; i < values.length; i++) expect(values[i]!).toBeGreaterThanOrEqual(values[i - 1]!);
    expect(values.at(-1)! - 1_000_000).toBeGreaterThan(11_000);
    expect(values.at(-1)! - 1_000_000).toBeLessThan(13_000);
  });

  it('is reproducible from its seed and differs between seeds', () => {
    expect(simulate(current, 100, SECOND, 5)).toEqual(simulate(current, 100, SECOND, 5));
    expect(simulate(current, 100, SECOND, 5)).not.toEqual(simulate(current, 100, SECOND, 6));
    const first = [1, 2, 3].map((seed) => seededRandom(seed)());
    for (const u of first) expect(u).toBeGreaterThan(1e-3); // small seeds still give spread-out first draws
  });

  it('starts at the mean, the middle step, the first state and the counter start', () => {
    expect(initialValue(current)).toBe(190);
    expect(initialValue({ kind: 'steps', min: 1, max: 17, meanDwellMs: 1 })).toBe(9);
    expect(initialValue({ kind: 'twoState', states: [2, 1], dwellMs: [1, 1] })).toBe(2);
    expect(initialValue({ kind: 'counter', perHour: 1, start: 42 })).toBe(42);
  });

  it('names what is wrong with a model', () => {
    expect(valueModelProblem(current)).toBeNull();
    expect(valueModelProblem({ ...current, min: 400 })).toMatch(/min 400 must be below max/);
    expect(valueModelProblem({ ...current, mean: 50 })).toMatch(/mean 50/);
    expect(valueModelProblem({ ...current, tauMs: 0 })).toMatch(/tauMs/);
    expect(valueModelProblem({ kind: 'steps', min: 1.5, max: 3, meanDwellMs: 1 })).toMatch(/integers/);
    expect(valueModelProblem({ kind: 'twoState', states: [1, 1], dwellMs: [1, 1] })).toMatch(/differ/);
    expect(valueModelProblem({ kind: 'twoState', states: [0, 1], dwellMs: [1, 0] })).toMatch(/dwellMs/);
    expect(valueModelProblem({ kind: 'counter', perHour: -1 })).toMatch(/perHour/);
  });
});
