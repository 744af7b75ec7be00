/**
 * IEC 104 master with `confirmAfterCommit`: N(R) (S-frames and the N(R) of our I-frames)
 * only acknowledges frames whose events the engine stored; the possible-repeat mark after
 * a reconnect. Scripted step() runs with explicit times (a fake clock).
 */
import { describe, expect, it } from 'vitest';
import type { PointUpdate, SessionOutput } from '../../../../src-shared/session';
import { createIec104Master, decodeApci, encodeAsdu, encodeI, IEC104_PARAMS } from '../../../../src-main/protocols/iec104';
import type { Iec104MasterConfig } from '../../../../src-main/protocols/iec104';
import { fromHex } from './vectors';

const STARTDT_CON = fromHex('68040b000000');

/** N(R) of every S-frame sent, and of every I-frame sent. */
function acks(out: SessionOutput[]): Array<{ format: string; nr: number }> {
  return out.flatMap((o) => {
    if (o.kind !== 'tx') return [];
    const d = decodeApci(o.bytes);
    return d.ok && (d.value.format === 'S' || d.value.format === 'I') ? [{ format: d.value.format, nr: d.value.nr }] : [];
  });
}
function points(out: SessionOutput[]): Array<{ updates: PointUpdate[]; confirm?: number }> {
  return out.flatMap((o) => (o.kind === 'event' && o.event.type === 'points' ? [o.event] : []));
}
function errors(out: SessionOutput[]): string[] {
  return out.flatMap((o) => (o.kind === 'event' && o.event.type === 'error' ? [o.event.code] : []));
}
/** An I-frame with N(S) `ns` carrying one single point (M_SP_NA_1) of the given cause. */
function single(ns: number, ioa: number, value: boolean, cause = 3): Uint8Array {
  return encodeI(ns, 0, encodeAsdu({ typeId: 1, cause, commonAddress: 1, objects: [{ ioa, value, quality: [] }] }, IEC104_PARAMS));
}
/** An I-frame with a time-tagged single point (M_SP_TB_1). */
function timed(ns: number, ioa: number, value: boolean, epochMs: number): Uint8Array {
  return encodeI(ns, 0, encodeAsdu({ typeId: 30, cause: 3, commonAddress: 1, objects: [{ ioa, value, quality: [], time: { kind: 'cp56', epochMs, iv: false, su: false, dayOfWeek: 0 } }] }, IEC104_PARAMS));
}

function started(config: Iec104MasterConfig = {}) {
  const m = createIec104Master({ giOnStart: false, confirmAfterCommit: true, w: 2, ...config });
  m.step({ kind: 'up' }, 0);
  m.step({ kind: 'rx', bytes: STARTDT_CON }, 1);
  return m;
}

describe('IEC 104 master: acknowledgement after commit', () => {
  it('sends no S-frame for w frames with events until the engine confirms them', () => {
    const m = started();
    const out = m.step({ kind: 'rx', bytes: Buffer.concat([single(0, 10, true), single(1, 11, false)]) }, 10);
    expect(acks(out)).toEqual([]);
    const [batch] = points(out);
    expect(batch!.updates.map((u) => u.ref)).toEqual(['ioa:10', 'ioa:11']);
    expect(acks(m.step({ kind: 'call', call: { op: 'confirm', token: batch!.confirm! } }, 12))).toEqual([{ format: 'S', nr: 2 }]);
  });

  it('acknowledges only the stored prefix: a later batch stored first waits for the earlier one', () => {
    const m = started();
    const first = points(m.step({ kind: 'rx', bytes: single(0, 10, true) }, 10))[0]!;
    const second = points(m.step({ kind: 'rx', bytes: single(1, 11, true) }, 11))[0]!;
    expect(acks(m.step({ kind: 'call', call: { op: 'confirm', token: second.confirm! } }, 12))).toEqual([]);
    expect(acks(m.step({ kind: 'call', call: { op: 'confirm', token: first.confirm! } }, 13))).toEqual([{ format: 'S', nr: 2 }]);
  });

  it('releases frames without events at once (interrogated data is not logged)', () => {
    const m = started();
    const out = m.step({ kind: 'rx', bytes: Buffer.concat([single(0, 10, true, 20), single(1, 11, true, 20)]) }, 10);
    expect(points(out)[0]!.confirm).toBeUndefined();
    expect(acks(out)).toEqual([{ format: 'S', nr: 2 }]);
  });

  it('puts only the stored N(R) into an I-frame it sends', () => {
    const m = started();
    const batch = points(m.step({ kind: 'rx', bytes: single(0, 10, true) }, 10))[0]!;
    expect(acks(m.step({ kind: 'call', call: { op: 'interrogate' } }, 11))).toEqual([{ format: 'I', nr: 0 }]);
    m.step({ kind: 'call', call: { op: 'confirm', token: batch.confirm! } }, 12);
    expect(acks(m.step({ kind: 'call', call: { op: 'timeSync' } }, 13))).toEqual([{ format: 'I', nr: 1 }]);
  });

  it('at t2 acknowledges what is stored and reports ACK_WITHHELD for what is not', () => {
    const m = started({ w: 8, t2Ms: 10_000 });
    const a = points(m.step({ kind: 'rx', bytes: single(0, 10, true) }, 0))[0]!;
    points(m.step({ kind: 'rx', bytes: single(1, 11, true) }, 5));
    expect(acks(m.step({ kind: 'call', call: { op: 'confirm', token: a.confirm! } }, 6))).toEqual([]); // fewer than w: wait for t2
    const fired = m.step({ kind: 'timer', id: 't2:0' }, 10_000);
    expect(acks(fired)).toEqual([{ format: 'S', nr: 1 }]);
    expect(errors(fired)).toEqual(['ACK_WITHHELD']);
    expect(fired).toContainEqual({ kind: 'arm', id: 't2:0', ms: 10_000 });
  });

  it('acknowledges at once a frame stored after its t2 passed', () => {
    const m = started({ w: 8, t2Ms: 10_000 });
    const a = points(m.step({ kind: 'rx', bytes: single(0, 10, true) }, 0))[0]!;
    expect(errors(m.step({ kind: 'timer', id: 't2:0' }, 10_000))).toEqual(['ACK_WITHHELD']);
    expect(acks(m.step({ kind: 'call', call: { op: 'confirm', token: a.confirm! } }, 10_500))).toEqual([{ format: 'S', nr: 1 }]);
  });

  it('ignores a token of a lost connection', () => {
    const m = started();
    const a = points(m.step({ kind: 'rx', bytes: single(0, 10, true) }, 10))[0]!;
    m.step({ kind: 'down', reason: 'cut' }, 11);
    m.step({ kind: 'up' }, 12);
    m.step({ kind: 'rx', bytes: STARTDT_CON }, 13);
    m.step({ kind: 'rx', bytes: single(0, 12, true) }, 14);
    expect(acks(m.step({ kind: 'call', call: { op: 'confirm', token: a.confirm! } }, 15))).toEqual([]);
  });

  it('without confirmAfterCommit acknowledges on receipt as before', () => {
    const m = started({ confirmAfterCommit: false });
    const out = m.step({ kind: 'rx', bytes: Buffer.concat([single(0, 10, true), single(1, 11, false)]) }, 10);
    expect(acks(out)).toEqual([{ format: 'S', nr: 2 }]);
    expect(points(out)[0]!.confirm).toBeUndefined();
  });
});

describe('IEC 104 master: possible repeat after reconnect', () => {
  it('marks events without time tag that equal unacknowledged ones of the lost connection', () => {
    const m = started({ w: 8 });
    m.step({ kind: 'rx', bytes: Buffer.concat([single(0, 10, true), single(1, 11, false)]) }, 10);
    m.step({ kind: 'down', reason: 'cut' }, 11);
    m.step({ kind: 'up' }, 12);
    m.step({ kind: 'rx', bytes: STARTDT_CON }, 13);
    const again = points(m.step({ kind: 'rx', bytes: Buffer.concat([single(0, 10, true), single(1, 11, true), single(2, 10, true)]) }, 14));
    const updates = again.flatMap((p) => p.updates);
    expect(updates.map((u) => `${u.ref}=${String(u.value)}:${u.possibleRepeat === true}`)).toEqual(['ioa:10=true:true', 'ioa:11=true:false', 'ioa:10=true:false']);
  });

  it('marks nothing of frames the lost connection had acknowledged, nor time-tagged events', () => {
    const m = started({ w: 1, confirmAfterCommit: false });
    m.step({ kind: 'rx', bytes: single(0, 10, true) }, 10); // acknowledged at once (w = 1)
    m.step({ kind: 'down', reason: 'cut' }, 11);
    m.step({ kind: 'up' }, 12);
    m.step({ kind: 'rx', bytes: STARTDT_CON }, 13);
    const updates = points(m.step({ kind: 'rx', bytes: Buffer.concat([single(0, 10, true), timed(1, 20, true, 1_700_000_000_000)]) }, 14)).flatMap((p) => p.updates);
    expect(updates.map((u) => u.possibleRepeat ?? false)).toEqual([false, false]);
  });
});
