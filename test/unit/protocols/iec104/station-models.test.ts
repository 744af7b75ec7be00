import { describe, expect, it } from 'vitest';
import type { SessionOutput } from '../../../../src-shared/session';
import { createIec104Station, decodeApci, decodeAsdu, encodeS, IEC104_PARAMS, type Asdu, type Iec104StationConfig } from '../../../../src-main/protocols/iec104';
import { fromHex } from './vectors';

const CONFIG: Iec104StationConfig = {
  endOfInit: false,
  models: { tickMs: 1000, seed: 3 },
  points: [
    { ioa: 1001, type: 'M_SP_NA_1', model: { kind: 'twoState', states: [true, false], dwellMs: [4 * 3_600_000, 600_000] } },
    { ioa: 3001, type: 'M_ME_NC_1', model: { kind: 'analog', mean: 15, sigma: 3, tauMs: 1_800_000, min: 0, max: 35, resolution: 0.1 } },
    { ioa: 3002, type: 'M_ME_NC_1', value: 7 },
  ],
};

/** The ASDUs in a step's output (and acknowledges them, so the send window never closes). */
function asdus(out: SessionOutput[]): Asdu[] {
  return out.flatMap((o) => {
    if (o.kind !== 'tx') return [];
    const a = decodeApci(o.bytes);
    if (!a.ok || a.value.format !== 'I') return [];
    const d = decodeAsdu(a.value.asdu, IEC104_PARAMS);
    return d.ok ? [d.value] : [];
  });
}

describe('IEC 104 controlled-station simulator: value models', () => {
  it('sends only modelled points that changed, spontaneously, inside their range, for a whole shift', () => {
    const s = createIec104Station(CONFIG);
    s.step({ kind: 'up' }, 0);
    const started = s.step({ kind: 'rx', bytes: fromHex('680407000000') }, 0); // STARTDT act
    expect(started.some((o) => o.kind === 'arm' && o.id === 'model')).toBe(true);
    expect(s.db.get(1, 1001)!.value).toBe(true);
    expect(s.db.get(1, 3001)!.value).toBe(15);
    const sent: Asdu[] = [];
    let received = 0;
    for (let t = 1000; t <= 8 * 3_600_000; t += 1000) {
      const got = asdus(s.step({ kind: 'timer', id: 'model' }, t));
      sent.push(...got);
      received += got.length;
      s.step({ kind: 'rx', bytes: encodeS(received % 32768) }, t);
    }
    const objects = sent.flatMap((a) => a.objects.map((o) => ({ ioa: o.ioa, value: o.value, cause: a.cause })));
    expect(new Set(objects.map((o) => o.cause))).toEqual(new Set([3])); // COT 3: spontaneous
    expect(objects.some((o) => o.ioa === 3002)).toBe(false); // no model: never sent spontaneously
    const oil = objects.filter((o) => o.ioa === 3001).map((o) => Number(o.value));
    expect(oil.length).toBeGreaterThan(100);
    expect(Math.min(...oil)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...oil)).toBeLessThanOrEqual(35);
    expect(objects.filter((o) => o.ioa === 1001).length).toBeLessThan(10); // the breaker: a few changes per shift at most
  });

  it('refuses an invalid model or schedule', () => {
    expect(() => createIec104Station({ points: [{ ioa: 1, type: 'M_ME_NC_1', model: { kind: 'analog', mean: 5, sigma: 1, tauMs: 1, min: 0, max: 1 } }] })).toThrow(/point IOA 1: analog mean 5/);
    expect(() => createIec104Station({ models: { tickMs: -1 } })).toThrow(/models.tickMs/);
  });
});
