import { describe, expect, it } from 'vitest';
import { createDnp3Outstation, type Dnp3OutstationConfig, type Dnp3OutstationSession } from '../../../../src-main/protocols/dnp3';
import { FakeClock } from './harness';

const HOUR = 3_600_000;

const MODELS: Dnp3OutstationConfig['models'] = {
  tickMs: 1000,
  points: [
    { type: 'ai', index: 0, model: { kind: 'analog', mean: 0, sigma: 5, tauMs: 600_000, min: -50, max: 50, resolution: 1 } },
    { type: 'bi', index: 0, model: { kind: 'twoState', states: [true, false], dwellMs: [4 * HOUR, 600_000] } },
  ],
};

function setup() {
  const clock = new FakeClock();
  const os = clock.add('outstation', createDnp3Outstation({ unsolicited: false, counts: { ai: 2, bi: 1 }, eventBufferSize: 100_000, models: MODELS }));
  os.step({ kind: 'up' });
  return { clock, os, session: os.session as Dnp3OutstationSession };
}

describe('DNP3 outstation simulator: value models', () => {
  it('starts modelled points at their initial value and moves them on the model timer for a whole shift, inside their range', () => {
    const { clock, os, session } = setup();
    expect(os.timers.has('dnp3.os.model')).toBe(true);
    expect(session.db.values.bi[0]!.value).toBe(true);
    const seen: number[] = [];
    for (let minute = 1; minute <= 8 * 60; minute++) {
      clock.run(minute * 60_000);
      seen.push(Number(session.db.values.ai[0]!.value));
    }
    expect(Math.min(...seen)).toBeGreaterThanOrEqual(-50);
    expect(Math.max(...seen)).toBeLessThanOrEqual(50);
    expect(new Set(seen).size).toBeGreaterThan(5); // it moves
    expect(session.db.values.ai[1]!.value).toBe(0); // no model: never changes
    const events = session.db.pending(2);
    expect(events).toBeGreaterThan(0); // analog changes are analog input events (class 2)
    expect(events).toBeLessThanOrEqual(8 * 3600); // at most one per tick
    const breakerEvents = session.db.pending(1);
    expect(breakerEvents).toBeLessThan(10); // a breaker changes a few times per shift, not every few seconds
  });

  it('stops the model timer when the link goes down', () => {
    const { os } = setup();
    os.step({ kind: 'down', reason: 'test' });
    expect(os.timers.has('dnp3.os.model')).toBe(false);
  });

  it('refuses a model of a point it does not simulate, or an invalid model', () => {
    expect(() => createDnp3Outstation({ counts: { ai: 1 }, models: { tickMs: 1000, points: [{ type: 'ai', index: 1, model: { kind: 'counter', perHour: 1 } }] } })).toThrow(/models: ai:1 is not a simulated point/);
    expect(() => createDnp3Outstation({ models: { tickMs: 1000, points: [{ type: 'ai', index: 0, model: { kind: 'steps', min: 3, max: 1, meanDwellMs: 1 } }] } })).toThrow(/models ai:0: steps min/);
    expect(() => createDnp3Outstation({ models: { tickMs: 0, points: [] } })).toThrow(/models.tickMs/);
  });
});
