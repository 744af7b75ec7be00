/**
 * APCI behaviour of the master on a fake clock, driven with scripted bytes: STARTDT/STOPDT,
 * k/w flow control, t1/t2/t3, sequence errors, framing errors, and config validation (t0).
 */
import { describe, expect, it } from 'vitest';
import type { SessionOutput } from '../../../../src-shared/session';
import { createIec104Master, encodeAsdu, encodeI, encodeS, IEC104_PARAMS, resolveMasterConfig } from '../../../../src-main/protocols/iec104';
import { ApciConnection, type ApciHandler } from '../../../../src-main/protocols/iec104/apci/connection';
import { APCI_SIZE } from '../../../../src-main/protocols/iec104/apci/apdu';
import { fromHex, toHex } from './vectors';

const STARTDT_ACT = '680407000000';
const STARTDT_CON = fromHex('68040b000000');

function tx(out: SessionOutput[]): string[] {
  return out.flatMap((o) => (o.kind === 'tx' ? [toHex(o.bytes)] : []));
}
function closes(out: SessionOutput[]): string[] {
  return out.flatMap((o) => (o.kind === 'close' ? [o.reason] : []));
}
function arms(out: SessionOutput[]): Record<string, number> {
  return Object.fromEntries(out.flatMap((o) => (o.kind === 'arm' ? [[o.id, o.ms]] : [])));
}
function floatAsdu(v: number): Uint8Array {
  return encodeAsdu({ typeId: 13, cause: 3, commonAddress: 1, objects: [{ ioa: 100, value: v, quality: [] }] }, IEC104_PARAMS);
}

/** A master that is up and started (GI off so that only what the test sends is on the wire). */
function startedMaster(config = {}) {
  const m = createIec104Master({ giOnStart: false, ...config });
  const up = m.step({ kind: 'up' }, 0);
  expect(tx(up)).toEqual([STARTDT_ACT]);
  const con = m.step({ kind: 'rx', bytes: STARTDT_CON }, 1);
  expect(con.some((o) => o.kind === 'event' && o.event.type === 'state' && o.event.state === 'ready')).toBe(true);
  return m;
}

describe('STARTDT / STOPDT', () => {
  it('sends STARTDT act on connect, reports ready on con, STOPDT on stop and closes after con', () => {
    const m = startedMaster();
    const stop = m.step({ kind: 'call', call: { op: 'stop' } }, 10);
    expect(tx(stop)).toEqual(['680413000000']);
    const con = m.step({ kind: 'rx', bytes: fromHex('680423000000') }, 11);
    expect(closes(con)).toEqual(['STOPPED']);
    expect(con.some((o) => o.kind === 'event' && o.event.type === 'state' && o.event.state === 'stopped')).toBe(true);
  });

  it('acknowledges received I-frames before STOPDT act', () => {
    const m = startedMaster();
    m.step({ kind: 'rx', bytes: encodeI(0, 0, floatAsdu(1)) }, 2);
    expect(tx(m.step({ kind: 'call', call: { op: 'stop' } }, 3))).toEqual([toHex(encodeS(1)), '680413000000']);
  });

  it('closes with T1_EXPIRED when STARTDT con does not come within t1', () => {
    const m = createIec104Master({ t1Ms: 15_000 });
    const up = m.step({ kind: 'up' }, 0);
    expect(arms(up)['t1:0']).toBe(15_000);
    const fired = m.step({ kind: 'timer', id: 't1:0' }, 15_000);
    expect(closes(fired)[0]).toMatch(/^T1_EXPIRED: no STARTDT_ACT/);
    expect(fired.some((o) => o.kind === 'event' && o.event.type === 'state' && o.event.state === 'stopped')).toBe(true);
  });

  it('answers TESTFR act with con', () => {
    const m = startedMaster();
    expect(tx(m.step({ kind: 'rx', bytes: fromHex('680443000000') }, 5))).toEqual(['680483000000']);
  });
});

describe('receive side: w and t2', () => {
  it('acknowledges after w I-frames at once', () => {
    const m = startedMaster({ w: 3 });
    expect(tx(m.step({ kind: 'rx', bytes: encodeI(0, 0, floatAsdu(1)) }, 2))).toEqual([]);
    expect(tx(m.step({ kind: 'rx', bytes: encodeI(1, 0, floatAsdu(2)) }, 3))).toEqual([]);
    expect(tx(m.step({ kind: 'rx', bytes: encodeI(2, 0, floatAsdu(3)) }, 4))).toEqual([toHex(encodeS(3))]);
  });

  it('acknowledges fewer than w I-frames when t2 expires', () => {
    const m = startedMaster({ w: 8, t2Ms: 10_000 });
    const first = m.step({ kind: 'rx', bytes: encodeI(0, 0, floatAsdu(1)) }, 100);
    expect(arms(first)['t2:0']).toBe(10_000);
    m.step({ kind: 'rx', bytes: encodeI(1, 0, floatAsdu(2)) }, 5_000);
    expect(tx(m.step({ kind: 'timer', id: 't2:0' }, 10_100))).toEqual([toHex(encodeS(2))]);
  });

  it('piggybacks the acknowledgement on an I-frame it sends', () => {
    const m = startedMaster();
    m.step({ kind: 'rx', bytes: encodeI(0, 0, floatAsdu(1)) }, 2);
    const out = m.step({ kind: 'call', call: { op: 'interrogate' } }, 3);
    expect(tx(out)).toEqual(['680e0000020064010600010000000014']);
    expect(tx(m.step({ kind: 'timer', id: 't2:0' }, 10_002))).toEqual([]);
  });
});

describe('sequence numbers', () => {
  it('closes with SEQUENCE_ERROR on an unexpected N(S)', () => {
    const m = startedMaster();
    m.step({ kind: 'rx', bytes: encodeI(0, 0, floatAsdu(1)) }, 2);
    const out = m.step({ kind: 'rx', bytes: encodeI(2, 0, floatAsdu(2)) }, 3);
    expect(closes(out)).toEqual(['SEQUENCE_ERROR: received N(S)=2, expected 1']);
    expect(out.some((o) => o.kind === 'event' && o.event.type === 'error' && o.event.code === 'SEQUENCE_ERROR')).toBe(true);
  });

  it('closes with SEQUENCE_ERROR when N(R) acknowledges frames never sent', () => {
    const m = startedMaster();
    expect(closes(m.step({ kind: 'rx', bytes: encodeS(5) }, 2))[0]).toMatch(/^SEQUENCE_ERROR: received N\(R\)=5/);
  });

  it('counts modulo 32768', () => {
    const m = startedMaster({ w: 32767, k: 32767 });
    let ok = true;
    for (let i = 0; i < 32770; i++) {
      const out = m.step({ kind: 'rx', bytes: encodeI(i % 32768, 0, floatAsdu(i)) }, 2);
      if (closes(out).length > 0) ok = false;
    }
    expect(ok).toBe(true);
  });

  it('closes on a framing error with the reason', () => {
    const m = startedMaster();
    expect(closes(m.step({ kind: 'rx', bytes: fromHex('68') }, 2))).toEqual([]);
    expect(closes(m.step({ kind: 'rx', bytes: fromHex('fe') }, 2))[0]).toMatch(/^FRAME_BAD_LENGTH/);
    const m2 = startedMaster();
    expect(closes(m2.step({ kind: 'rx', bytes: fromHex('00') }, 2))[0]).toMatch(/^FRAME_BAD_START/);
  });

  it('refuses I-frames before STARTDT con', () => {
    const m = createIec104Master();
    m.step({ kind: 'up' }, 0);
    expect(closes(m.step({ kind: 'rx', bytes: encodeI(0, 0, floatAsdu(1)) }, 1))[0]).toMatch(/^I_FRAME_NOT_STARTED/);
  });
});

describe('send side: k, t1, t3', () => {
  function stationConn(k: number) {
    const asdus: Uint8Array[] = [];
    const h: ApciHandler = {
      onAsdu: (_l, a) => void asdus.push(a),
      onStarted: () => undefined,
      onStopped: () => undefined,
      onClosed: () => undefined,
      onWindow: () => undefined,
      onFrame: () => undefined,
    };
    const c = new ApciConnection(0, { k, w: 1, t1Ms: 15_000, t2Ms: 10_000, t3Ms: 20_000 }, 'station', h);
    const out: SessionOutput[] = [];
    c.up(0, out);
    c.rx(fromHex(STARTDT_ACT), 0, out);
    expect(tx(out)).toEqual(['68040b000000']);
    return c;
  }
  const frame = (v: number): Uint8Array => encodeAsdu({ typeId: 13, cause: 3, commonAddress: 1, objects: [{ ioa: 1, value: v, quality: [] }] }, IEC104_PARAMS, APCI_SIZE);

  it('stops sending at k unacknowledged I-frames and resumes on acknowledgement', () => {
    const c = stationConn(3);
    const out: SessionOutput[] = [];
    for (let i = 0; i < 5; i++) c.sendAsdu(frame(i), 1, out);
    expect(tx(out).length).toBe(3);
    expect(c.unacked).toBe(3);
    expect(c.canSend()).toBe(false);
    const more: SessionOutput[] = [];
    c.rx(encodeS(2), 2, more);
    expect(tx(more).length).toBe(2);
    expect(c.unacked).toBe(3);
    const rest: SessionOutput[] = [];
    c.rx(encodeS(5), 3, rest);
    expect(c.unacked).toBe(0);
    expect(c.canSend()).toBe(true);
  });

  it('closes with T1_EXPIRED when an I-frame is not acknowledged within t1, re-arming for later frames', () => {
    const c = stationConn(12);
    const out: SessionOutput[] = [];
    c.sendAsdu(frame(1), 1_000, out);
    expect(arms(out)['t1:0']).toBe(15_000);
    c.sendAsdu(frame(2), 5_000, out);
    const ack: SessionOutput[] = [];
    c.rx(encodeS(1), 6_000, ack);
    const early: SessionOutput[] = [];
    c.timer('t1:0', 16_000, early);
    expect(closes(early)).toEqual([]);
    expect(arms(early)['t1:0']).toBe(4_000);
    const late: SessionOutput[] = [];
    c.timer('t1:0', 20_000, late);
    expect(closes(late)[0]).toMatch(/^T1_EXPIRED: no I-frame acknowledgement/);
    expect(c.connected).toBe(false);
  });

  it('sends TESTFR act after t3 idle and closes when its con does not come within t1', () => {
    const m = startedMaster({ t3Ms: 20_000, t1Ms: 15_000 });
    m.step({ kind: 'rx', bytes: encodeS(0) }, 5_000);
    const early = m.step({ kind: 'timer', id: 't3:0' }, 20_000);
    expect(tx(early)).toEqual([]);
    expect(arms(early)['t3:0']).toBe(5_000);
    const test = m.step({ kind: 'timer', id: 't3:0' }, 25_000);
    expect(tx(test)).toEqual(['680443000000']);
    expect(closes(m.step({ kind: 'timer', id: 't1:0' }, 40_000))[0]).toMatch(/^T1_EXPIRED: no TESTFR con/);
  });

  it('keeps the connection when TESTFR con arrives', () => {
    const m = startedMaster({ t3Ms: 20_000, t1Ms: 15_000 });
    m.step({ kind: 'timer', id: 't3:0' }, 20_001);
    m.step({ kind: 'rx', bytes: fromHex('680483000000') }, 20_010);
    expect(closes(m.step({ kind: 'timer', id: 't1:0' }, 35_001))).toEqual([]);
  });
});

describe('configuration', () => {
  it('has the standard defaults, t0 for the driver', () => {
    const r = resolveMasterConfig({});
    expect(r.ok && r.value).toMatchObject({ k: 12, w: 8, t0Ms: 30_000, t1Ms: 15_000, t2Ms: 10_000, t3Ms: 20_000, commonAddresses: [1], asdu: IEC104_PARAMS });
  });

  it('rejects t2 >= t1, w > k, k out of range, bad sizes', () => {
    expect(resolveMasterConfig({ t1Ms: 10_000, t2Ms: 10_000 })).toMatchObject({ ok: false, error: { code: 'INVALID_CONFIG' } });
    expect(resolveMasterConfig({ k: 4, w: 5 }).ok).toBe(false);
    expect(resolveMasterConfig({ k: 40_000 }).ok).toBe(false);
    expect(resolveMasterConfig({ t0Ms: 0 }).ok).toBe(false);
    expect(resolveMasterConfig({ ioaSize: 4 as 3 }).ok).toBe(false);
    expect(() => createIec104Master({ t2Ms: 20_000 })).toThrow(/t2/);
  });
});
