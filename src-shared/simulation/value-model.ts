/**
 * How a simulated point's value moves over time, shared by the DNP3 outstation and the
 * IEC 104 controlled-station simulators. Pure and seeded: a driver is advanced by the
 * time that passed (`dtMs`), so a simulated shift can run on a fake clock and repeat.
 *
 * - `analog`: a mean-reverting random walk (a discretised Ornstein-Uhlenbeck process):
 *   the value is pulled back to `mean` with time constant `tauMs` and spreads with the
 *   long-run standard deviation `sigma`; it never leaves [min, max].
 * - `steps`: a discrete position (a tap changer) that moves by one step at a time, on
 *   average every `meanDwellMs`, more likely towards the middle of [min, max].
 * - `twoState`: a breaker or alarm contact that stays in each of its two states for a
 *   random time of mean `dwellMs[i]` (exponential), so changes are rare.
 * - `counter`: an energy counter that counts up at `perHour` on average.
 */

/** A pseudo-random source: uniform numbers in [0, 1). */
export type RandomSource = () => number;

/** A mean-reverting analog value. */
export interface AnalogModel {
  kind: 'analog';
  /** The value it returns to. */
  mean: number;
  /** Long-run standard deviation around the mean. */
  sigma: number;
  /** Time constant of the pull back to the mean, ms. */
  tauMs: number;
  min: number;
  max: number;
  /** Values are multiples of this (e.g. 1 for integer raw values; default: not rounded). */
  resolution?: number;
}

/** A position that moves one step at a time (tap changer). */
export interface StepsModel {
  kind: 'steps';
  min: number;
  max: number;
  /** Mean time between steps, ms. */
  meanDwellMs: number;
}

/** A two-state point with a mean dwell time in each state. */
export interface TwoStateModel {
  kind: 'twoState';
  /** The two values, e.g. [false, true] or, for a double point, [1, 2]. */
  states: readonly [number | boolean, number | boolean];
  /** Mean time spent in states[0] and in states[1], ms. */
  dwellMs: readonly [number, number];
}

/** A counter that counts up. */
export interface CounterModel {
  kind: 'counter';
  /** Mean increase per hour. */
  perHour: number;
  /** The reading it starts at (default 0). */
  start?: number;
}

/** How one simulated point's value moves. */
export type SimValueModel = AnalogModel | StepsModel | TwoStateModel | CounterModel;

/** Advances one point's value by the time that passed. */
export interface ValueDriver {
  /** The value `dtMs` after `value`. */
  next(value: number | boolean, dtMs: number): number | boolean;
}

/** Spreads a small seed over all 32 bits (MurmurHash3's finaliser), so the first draws are not tiny. */
function mixSeed(seed: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A seeded xorshift32 source, so runs are reproducible. */
export function seededRandom(seed: number): RandomSource {
  let state = mixSeed(seed) || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 4_294_967_296;
  };
}

/** A standard normal sample (Box-Muller). */
function gaussian(random: RandomSource): number {
  const u = 1 - random(); // (0, 1]: log(u) is finite
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** The chance that an event of mean interval `meanMs` happens within `dtMs`. */
function chanceWithin(dtMs: number, meanMs: number): number {
  return 1 - Math.exp(-dtMs / meanMs);
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/**
 * An analog driver. It keeps the unrounded level between calls (rounding the level itself
 * would hold a slow value still at a multiple of the resolution) and takes the value as
 * the new level when something else set it (a command).
 */
function analogDriver(m: AnalogModel, random: RandomSource): ValueDriver {
  let level: number | null = null;
  let reported: number | null = null;
  return {
    next(value, dtMs) {
      if (level === null || Number(value) !== reported) level = Number(value);
      const keep = Math.exp(-dtMs / m.tauMs);
      level = clamp(m.mean + (level - m.mean) * keep + m.sigma * Math.sqrt(1 - keep * keep) * gaussian(random), m.min, m.max);
      reported = m.resolution ? clamp(Math.round(level / m.resolution) * m.resolution, m.min, m.max) : level;
      return reported;
    },
  };
}

function stepsNext(m: StepsModel, value: number, dtMs: number, random: RandomSource): number {
  if (random() >= chanceWithin(dtMs, m.meanDwellMs)) return clamp(value, m.min, m.max);
  // more likely up the further below the top it is: pulls back to the middle
  const up = random() < (m.max - value) / (m.max - m.min);
  return clamp(value + (up ? 1 : -1), m.min, m.max);
}

function twoStateNext(m: TwoStateModel, value: number | boolean, dtMs: number, random: RandomSource): number | boolean {
  const i = m.states.indexOf(value);
  if (i < 0) return value; // set by a command to neither state: left as it is
  return random() < chanceWithin(dtMs, m.dwellMs[i === 0 ? 0 : 1]) ? m.states[i === 0 ? 1 : 0] : value;
}

/** A driver of `model` drawing from `random`; counters keep their fraction between calls. */
export function createValueDriver(model: SimValueModel, random: RandomSource): ValueDriver {
  switch (model.kind) {
    case 'analog':
      return analogDriver(model, random);
    case 'steps':
      return { next: (value, dtMs) => stepsNext(model, Number(value), dtMs, random) };
    case 'twoState':
      return { next: (value, dtMs) => twoStateNext(model, value, dtMs, random) };
    case 'counter': {
      let carry = 0;
      return {
        next(value, dtMs) {
          carry += (model.perHour * dtMs * (0.5 + random())) / 3_600_000;
          const whole = Math.floor(carry);
          carry -= whole;
          return Number(value) + whole;
        },
      };
    }
  }
}

/** The value a modelled point starts with (the mean, the middle step, the first state, the counter's start). */
export function initialValue(model: SimValueModel): number | boolean {
  switch (model.kind) {
    case 'analog':
      return model.mean;
    case 'steps':
      return Math.round((model.min + model.max) / 2);
    case 'twoState':
      return model.states[0];
    case 'counter':
      return model.start ?? 0;
  }
}

const positive = (v: number): boolean => Number.isFinite(v) && v > 0;

/** What is wrong with a model (a sentence naming the field), or null. */
export function valueModelProblem(m: SimValueModel): string | null {
  switch (m.kind) {
    case 'analog':
      if (!(Number.isFinite(m.min) && Number.isFinite(m.max) && m.min < m.max)) return `analog min ${m.min} must be below max ${m.max}`;
      if (!(m.mean >= m.min && m.mean <= m.max)) return `analog mean ${m.mean} must be within min and max`;
      if (!(Number.isFinite(m.sigma) && m.sigma >= 0)) return `analog sigma ${m.sigma} must be 0 or more`;
      if (!positive(m.tauMs)) return `analog tauMs ${m.tauMs} must be over 0`;
      return m.resolution === undefined || positive(m.resolution) ? null : `analog resolution ${m.resolution} must be over 0`;
    case 'steps':
      if (!(Number.isInteger(m.min) && Number.isInteger(m.max) && m.min < m.max)) return `steps min ${m.min} and max ${m.max} must be integers, min below max`;
      return positive(m.meanDwellMs) ? null : `steps meanDwellMs ${m.meanDwellMs} must be over 0`;
    case 'twoState':
      if (m.states[0] === m.states[1]) return 'twoState states must differ';
      return positive(m.dwellMs[0]) && positive(m.dwellMs[1]) ? null : 'twoState dwellMs must both be over 0';
    case 'counter':
      if (!(Number.isFinite(m.perHour) && m.perHour >= 0)) return `counter perHour ${m.perHour} must be 0 or more`;
      return m.start === undefined || (Number.isInteger(m.start) && m.start >= 0) ? null : `counter start ${m.start} must be an integer, 0 or more`;
  }
}
