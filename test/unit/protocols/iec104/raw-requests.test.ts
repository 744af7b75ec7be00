/**
 * Raw requests of the master against the simulator in memory on a fake clock: the I-frame
 * sent as described, the answers of its common address collected, and the outcome named
 * (ACTTERM, read data, unknown IOA, no answer within the window, busy, link lost).
 */
import { describe, expect, it } from 'vitest';
import type { Iec104RawAsdu } from '../../../../src-shared/iec104-calls';
import { createIec104Master, createIec104Station, parseRawAsdu } from '../../../../src-main/protocols/iec104';
import type { RawRequestValue } from '../../../../src-main/protocols/iec104/master/raw-requests';
import { decodeApci } from '../../../../src-main/protocols/iec104/apci/apdu';
import { eventsOf, Net } from './net';
import { toHex } from './vectors';

function setup() {
  const net = new Net();
  const master = net.add(createIec104Master({ giOnStart: false, clockSyncOnStart: false }));
  const station = net.add(createIec104Station());
  const wire = net.connect(master, 0, station, 0);
  net.advance(10);
  return { net, master, station, wire };
}

function asdu(json: unknown): Iec104RawAsdu {
  const r = parseRawAsdu(json);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const singleOn = asdu({ typeId: 'C_SC_NA_1', cause: 'act', commonAddress: 1, objects: [{ ioa: 5001, data: '01' }] });

/** The answers of a response event as [type, cause, negative]. */
const answers = (v: unknown): Array<[string, number, boolean]> => (v as RawRequestValue).answers.map((a) => [a.asdu.typeName, a.asdu.cause, a.asdu.negative]);

describe('raw requests', () => {
  it('sends the ASDU as an I-frame and collects ACTCON, return information and ACTTERM', () => {
    const { net, master } = setup();
    net.call(master, { op: 'iec104.raw', id: 'r', asdu: singleOn });
    net.advance(10);
    const [response] = eventsOf(master, 'response');
    expect(response).toMatchObject({ id: 'r', ok: true, result: 'SUCCESS' });
    const value = response!.value as RawRequestValue;
    // APCI: start 0x68, length 14, then the ASDU as described
    expect(toHex(value.request).slice(0, 4)).toBe('680e');
    expect(toHex(value.request.subarray(6))).toBe('2d010600010089130001');
    expect(answers(value)).toEqual([
      ['C_SC_NA_1', 7, false],
      ['M_SP_NA_1', 11, false],
      ['C_SC_NA_1', 10, false],
    ]);
    const apdu = decodeApci(value.answers[0]!.apdu);
    expect(apdu.ok && apdu.value.format).toBe('I');
  });

  it('ends a read at its data and a general interrogation at its ACTTERM', () => {
    const { net, master } = setup();
    net.call(master, { op: 'iec104.raw', id: 'read', asdu: asdu({ typeId: 'C_RD_NA_1', cause: 'req', commonAddress: 1, objects: [{ ioa: 1001, data: '' }] }) });
    net.advance(10);
    net.call(master, { op: 'iec104.raw', id: 'gi', asdu: asdu({ typeId: 'C_IC_NA_1', cause: 'act', commonAddress: 1, objects: [{ ioa: 0, data: '14' }] }) });
    net.advance(10);
    const [read, gi] = eventsOf(master, 'response');
    expect(read).toMatchObject({ id: 'read', ok: true, result: 'SUCCESS' });
    expect(answers(read!.value)).toEqual([['M_SP_NA_1', 5, false]]);
    expect(gi).toMatchObject({ id: 'gi', ok: true, result: 'SUCCESS' });
    const gia = answers(gi!.value);
    expect(gia[0]).toEqual(['C_IC_NA_1', 7, false]);
    expect(gia.at(-1)).toEqual(['C_IC_NA_1', 10, false]);
    expect(gia.filter(([, cause]) => cause === 20).length).toBeGreaterThan(0);
  });

  it('names an unknown IOA and a station that does not answer within the window', () => {
    const { net, master, station, wire } = setup();
    net.call(master, { op: 'iec104.raw', id: 'u', asdu: { ...singleOn, objects: [{ ioa: 9999, data: Uint8Array.of(1) }] } });
    net.advance(10);
    net.setFilter(wire, (from) => from !== station);
    net.call(master, { op: 'iec104.raw', id: 'silent', asdu: singleOn, windowMs: 500 });
    net.advance(499);
    expect(eventsOf(master, 'response').map((r) => r.id)).toEqual(['u']);
    net.advance(2);
    const [unknown, silent] = eventsOf(master, 'response');
    expect(unknown).toMatchObject({ ok: false, result: 'UNKNOWN_IOA' });
    expect(silent).toMatchObject({ ok: false, result: 'NO_ANSWER', value: { answers: [], detail: 'no answer of type 45 within 500 ms' } });
  });

  it('ends a command confirmed without ACTTERM with SUCCESS when the window closes, saying so', () => {
    const { net, master, station, wire } = setup();
    net.setFilter(wire, (from, bytes) => {
      const a = decodeApci(bytes);
      return !(from === station && a.ok && a.value.format === 'I' && (a.value.asdu[2]! & 0x3f) === 10);
    });
    net.call(master, { op: 'iec104.raw', id: 'c', asdu: singleOn });
    net.advance(1000);
    expect(eventsOf(master, 'response')).toEqual([]);
    net.advance(1100);
    expect(eventsOf(master, 'response')).toMatchObject([{ id: 'c', ok: true, result: 'SUCCESS', value: { detail: 'no ACTTERM within the window' } }]);
  });

  it('refuses a second raw request while one collects, and fails it when the link is lost', () => {
    const { net, master, station, wire } = setup();
    net.setFilter(wire, (from) => from !== station);
    net.call(master, { op: 'iec104.raw', id: 'a', asdu: singleOn });
    net.call(master, { op: 'iec104.raw', id: 'b', asdu: singleOn });
    net.cut(wire);
    expect(eventsOf(master, 'response').map((r) => [r.id, r.result])).toEqual([
      ['b', 'BUSY'],
      ['a', 'CONNECTION_LOST'],
    ]);
    net.call(master, { op: 'iec104.raw', id: 'c', asdu: singleOn });
    expect(eventsOf(master, 'response').at(-1)).toMatchObject({ id: 'c', ok: false, result: 'NOT_CONNECTED' });
  });

  it('reports an ASDU that does not fit the profile without sending it', () => {
    const { net, master } = setup();
    const sent = master.sent.length;
    net.call(master, { op: 'iec104.raw', id: 'big', asdu: { ...singleOn, commonAddress: 1, objects: [{ ioa: 1 << 24, data: Uint8Array.of(1) }] } });
    expect(eventsOf(master, 'response')).toMatchObject([{ id: 'big', ok: false, result: 'BAD_ASDU', value: 'objects[0].ioa 16777216 does not fit the 3-octet IOA' }]);
    expect(master.sent.length).toBe(sent);
  });
});
