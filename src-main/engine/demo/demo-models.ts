/**
 * How the demo's simulated values move, so that the demo stays plausible for a whole
 * shift: analogs return to a typical value and stay in a realistic range, breakers and
 * disconnectors change a few times a day, the tap changer steps every few minutes and the
 * energy counters count at the demo load. Values are raw (before the point list's
 * scale and offset, see demo-workspace.ts); the comments give engineering units.
 */
import type { Dnp3SimModels } from '../../protocols/dnp3';
import { defaultStationPoints, type Iec104StationPoint } from '../../protocols/iec104';
import type { SimValueModel } from '../../../src-shared/simulation/value-model';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Models of the demo DNP3 outstation's points (DNP3 analog inputs are integers: resolution 1). */
export const DEMO_DNP3_MODELS: Dnp3SimModels = {
  tickMs: 1000,
  points: [
    // Feeder 1 current = 2 x raw + 200 A: about 190 A, 100 to 300 A
    { type: 'ai', index: 0, model: { kind: 'analog', mean: -5, sigma: 5, tauMs: 20 * MINUTE, min: -50, max: 50, resolution: 1 } },
    // Busbar voltage = 0.05 x raw + 11 kV: about 11 kV, 10.5 to 11.5 kV
    { type: 'ai', index: 1, model: { kind: 'analog', mean: 0, sigma: 1.6, tauMs: 5 * MINUTE, min: -10, max: 10, resolution: 1 } },
    // Transformer temperature = 0.5 x raw + 65 degC: about 62 degC, 50 to 80 degC, slow
    { type: 'ai', index: 2, model: { kind: 'analog', mean: -6, sigma: 6, tauMs: 30 * MINUTE, min: -30, max: 30, resolution: 1 } },
    // Active power = 0.1 x raw + 12 MW: about 12 MW, 8 to 16 MW
    { type: 'ai', index: 3, model: { kind: 'analog', mean: 0, sigma: 10, tauMs: 20 * MINUTE, min: -40, max: 40, resolution: 1 } },
    // Energy import and export, kWh
    { type: 'ctr', index: 0, model: { kind: 'counter', perHour: 12_000, start: 1_482_310 } },
    { type: 'ctr', index: 1, model: { kind: 'counter', perHour: 400, start: 52_877 } },
    // Breaker Q1: closed for hours, open for minutes
    { type: 'bi', index: 0, model: { kind: 'twoState', states: [true, false], dwellMs: [4 * HOUR, 10 * MINUTE] } },
    // Protection trip: a rare, short pick-up
    { type: 'bi', index: 1, model: { kind: 'twoState', states: [false, true], dwellMs: [8 * HOUR, 20_000] } },
    // Disconnector Q2 (double point 2 = Closed, 1 = Open)
    { type: 'dbi', index: 0, model: { kind: 'twoState', states: [2, 1], dwellMs: [6 * HOUR, 15 * MINUTE] } },
  ],
};

/** Models of the demo IEC 104 station's points by IOA. */
const IEC104_MODELS: Readonly<Record<number, SimValueModel>> = {
  // Circuit breaker CB1: closed for hours, open for minutes
  1001: { kind: 'twoState', states: [true, false], dwellMs: [4 * HOUR, 10 * MINUTE] },
  // Tap position: steps 1 to 17, about one step every 10 minutes
  1003: { kind: 'steps', min: 1, max: 17, meanDwellMs: 10 * MINUTE },
  // Line loading (normalised, x 100 = %): about 55 %, 20 to 90 %
  1005: { kind: 'analog', mean: 0.55, sigma: 0.06, tauMs: 30 * MINUTE, min: 0.2, max: 0.9, resolution: 0.001 },
  // Feeder current, A: about 28 A, 10 to 50 A
  1007: { kind: 'analog', mean: 28, sigma: 4, tauMs: 30 * MINUTE, min: 10, max: 50, resolution: 0.1 },
  // Energy counters, kWh
  2001: { kind: 'counter', perHour: 3_000, start: 310_554 },
  2002: { kind: 'counter', perHour: 1_000, start: 98_120 },
  // Oil temperature = raw + 40 degC: about 55 degC, 40 to 75 degC, slow
  3001: { kind: 'analog', mean: 15, sigma: 3, tauMs: 30 * MINUTE, min: 0, max: 35, resolution: 0.1 },
  // Ambient temperature = raw + 15 degC: about 18 degC, 5 to 30 degC, slower
  3002: { kind: 'analog', mean: 3, sigma: 1.5, tauMs: HOUR, min: -10, max: 15, resolution: 0.1 },
};

/** Fixed values of the demo IEC 104 points that do not move. */
const IEC104_FIXED: Readonly<Record<number, number | boolean>> = {
  // Earth switch ES1 (double point 1 = Off) stays off while the feeder is in service
  1002: 1,
};

/** The demo IEC 104 station's points: one of each monitor type and four floats, with the models above. */
export function demoIec104Points(): Iec104StationPoint[] {
  return defaultStationPoints(4).map(({ value: defaultValue, ...p }) => {
    const model = IEC104_MODELS[p.ioa];
    if (model) return { ...p, model };
    const value = IEC104_FIXED[p.ioa] ?? defaultValue;
    return value === undefined ? p : { ...p, value };
  });
}

/** Tick of the demo IEC 104 station's models, ms. */
export const DEMO_IEC104_MODEL_TICK_MS = 1000;
