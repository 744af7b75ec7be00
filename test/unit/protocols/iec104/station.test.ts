/**
 * The controlled-station simulator driven with scripted ASDUs on a fake clock: refusals by
 * cause 44-47, group interrogation, select timeout, flood mode, and redundancy inside one
 * session (several links, one started).
 */
import { describe, expect, it } from 'vitest';
import type { SessionOutput } from '../../../../src-shared/session';
import { createIec104Station, decodeApci, decodeAsdu, decodeAsduHeader, encodeAsdu, encodeI, encodeS, IEC104_PARAMS, type Asdu, type AsduInput } from '../../../../src-main/protocols/iec104';
import { fromHex } from './vectors';

/** A scripted master talking to one station link. */
function scripted(config = {}, link = 0) {
  const s = createIec104Station({ endOfInit: false, ...config });
  let ns = 0;
  let nr = 0;
  const asdus = (out: SessionOutput[]): Asdu[] =>
    out.flatMap((o) => {
      if (o.kind !== 'tx' || (o.link ?? 0) !== link) return [];
      const a = decodeApci(o.bytes);
      if (!a.ok || a.value.format !== 'I') return [];
      nr = (a.value.ns + 1) % 32768;
      const d = decodeAsdu(a.value.asdu, IEC104_PARAMS);
      if (d.ok) return [d.value];
      const h = decodeAsduHeader(a.value.asdu, IEC104_PARAMS);
      return h.ok ? [{ ...h.value, typeName: `type${h.value.typeId}`, objects: [] }] : [];
    });
  return {
    s,
    up(now = 0) {
      s.step({ kind: 'up', link }, now);
      return s.step({ kind: 'rx', bytes: fromHex('680407000000'), link }, now);
    },
    send(a: AsduInput, now = 1): Asdu[] {
      return asdus(s.step({ kind: 'rx', bytes: encodeI(ns++, nr, encodeAsdu(a, IEC104_PARAMS)), link }, now));
    },
    raw(asdu: Uint8Array, now = 1): Asdu[] {
      return asdus(s.step({ kind: 'rx', bytes: encodeI(ns++, nr, asdu), link }, now));
    },
    timer(id: string, now: number): Asdu[] {
      const out = s.step({ kind: 'timer', id }, now);
      s.step({ kind: 'rx', bytes: encodeS(nr), link }, now);
      return asdus(out);
    },
    ack(now = 1) {
      s.step({ kind: 'rx', bytes: encodeS(nr), link }, now);
    },
  };
}

const brief = (a: Asdu) => [a.typeName, a.cause, a.negative];

describe('controlled-station simulator', () => {
  it('refuses an unknown type (44), cause (45), common address (46) and IOA (47) with P/N', () => {
    const m = scripted();
    m.up();
    expect(m.raw(fromHex('6301060001000100000000')).map((a) => [a.typeId, a.cause, a.negative])).toEqual([[99, 44, true]]);
    expect(m.send({ typeId: 100, cause: 5, commonAddress: 1, objects: [{ ioa: 0, value: 20, quality: [] }] }).map(brief)).toEqual([['C_IC_NA_1', 45, true]]);
    expect(m.send({ typeId: 100, cause: 6, commonAddress: 9, objects: [{ ioa: 0, value: 20, quality: [] }] }).map(brief)).toEqual([['C_IC_NA_1', 46, true]]);
    expect(m.send({ typeId: 45, cause: 6, commonAddress: 1, objects: [{ ioa: 4242, value: true, quality: [], select: false }] }).map(brief)).toEqual([['C_SC_NA_1', 47, true]]);
  });

  it('answers group interrogation with only that group, and broadcast CA for each common address', () => {
    const points = [
      { ioa: 1, type: 'M_SP_TB_1', group: 3 },
      { ioa: 2, type: 'M_ME_NB_1', group: 4 },
      { ioa: 3, type: 'M_DP_NA_1', commonAddress: 2, group: 3 },
    ];
    const m = scripted({ points, commonAddresses: [1, 2] });
    m.up();
    const g3 = m.send({ typeId: 100, cause: 6, commonAddress: 1, objects: [{ ioa: 0, value: 23, quality: [] }] });
    // Time-tagged points answer interrogations with their untagged type.
    expect(g3.map((a) => [a.typeName, a.cause, a.objects.map((o) => o.ioa)])).toEqual([
      ['C_IC_NA_1', 7, [0]],
      ['M_SP_NA_1', 23, [1]],
      ['C_IC_NA_1', 10, [0]],
    ]);
    m.ack();
    const all = m.send({ typeId: 100, cause: 6, commonAddress: 0xffff, objects: [{ ioa: 0, value: 20, quality: [] }] });
    expect(all.map((a) => [a.typeName, a.commonAddress, a.cause])).toEqual([
      ['C_IC_NA_1', 1, 7],
      ['M_SP_NA_1', 1, 20],
      ['M_ME_NB_1', 1, 20],
      ['C_IC_NA_1', 1, 10],
      ['C_IC_NA_1', 2, 7],
      ['M_DP_NA_1', 2, 20],
      ['C_IC_NA_1', 2, 10],
    ]);
  });

  it('lets a select lapse after the select timeout', () => {
    const m = scripted({ selectTimeoutMs: 1_000 });
    m.up();
    const sel = { typeId: 46, cause: 6, commonAddress: 1, objects: [{ ioa: 5002, value: 2, quality: [], select: true, qualifier: 0 }] };
    expect(m.send(sel).map(brief)).toEqual([['C_DC_NA_1', 7, false]]);
    m.timer('sel:1:5002', 1_001);
    const exe = { ...sel, objects: [{ ioa: 5002, value: 2, quality: [], select: false, qualifier: 0 }] };
    expect(m.send(exe, 1_002).map(brief)).toEqual([['C_DC_NA_1', 7, true]]);
    expect(m.send(sel, 1_003).map(brief)).toEqual([['C_DC_NA_1', 7, false]]);
    expect(m.send(exe, 1_004).map(brief)).toEqual([['C_DC_NA_1', 7, false], ['M_DP_NA_1', 11, false], ['C_DC_NA_1', 10, false]]);
  });

  it('floods N ASDUs per second of 1 or many objects, within the k window', () => {
    for (const objects of [1, 30, 48]) {
      const m = scripted({ k: 1000, flood: { asduPerSecond: 10_000, objectsPerAsdu: objects, tickMs: 10 } });
      m.up();
      let n = 0;
      const seen: number[] = [];
      for (let t = 10; t <= 1_000; t += 10) {
        for (const a of m.timer('flood', t)) {
          n++;
          expect(a.objects.length).toBe(objects);
          seen.push(a.objects[0]?.value as number);
        }
      }
      expect(n).toBe(10_000);
      expect(seen).toEqual(Array.from({ length: n }, (_, i) => i));
    }
  });

  it('floods with cause periodic by default, spontaneous when asked', () => {
    for (const [cause, cot] of [[undefined, 1], ['spontaneous', 3]] as const) {
      const m = scripted({ flood: { asduPerSecond: 1000, objectsPerAsdu: 1, tickMs: 10, ...(cause ? { cause } : {}) } });
      m.up();
      const sent = m.timer('flood', 10);
      expect(sent.length).toBeGreaterThan(0);
      expect(sent.every((a) => a.cause === cot)).toBe(true);
    }
  });

  it('in redundancy mode starts only the link that got STARTDT and moves events to the next started link', () => {
    const s = createIec104Station({ links: 2, endOfInit: false, changes: { everyMs: 100, count: 1 }, points: [{ ioa: 1, type: 'M_IT_NA_1' }] });
    s.step({ kind: 'up', link: 0 }, 0);
    s.step({ kind: 'up', link: 1 }, 0);
    s.step({ kind: 'rx', bytes: fromHex('680407000000'), link: 0 }, 0);
    const first = s.step({ kind: 'timer', id: 'spont' }, 100);
    expect(first.filter((o) => o.kind === 'tx').map((o) => o.kind === 'tx' && (o.link ?? 0))).toEqual([0]);
    // Link 0 is lost before the master acknowledged: the event goes out again on link 1.
    s.step({ kind: 'down', link: 0, reason: 'lost' }, 150);
    const started = s.step({ kind: 'rx', bytes: fromHex('680407000000'), link: 1 }, 200);
    const onLink1 = started.filter((o) => o.kind === 'tx' && o.link === 1);
    expect(onLink1.length).toBe(2);
    const resent = decodeApci((onLink1[1] as { bytes: Uint8Array }).bytes);
    expect(resent.ok && resent.value.format === 'I' && resent.value.ns).toBe(0);
  });
});
