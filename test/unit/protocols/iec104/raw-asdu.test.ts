/**
 * Raw ASDUs: the JSON description checked field by field, encoded octet by octet (golden
 * octets), decoded back by our codec and by tshark, and the rule for which ones need a
 * confirmation.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeAsdu, encodeI, encodeRawAsdu, IEC104_PARAMS, parseRawAsdu, rawAsduChangesDevice } from '../../../../src-main/protocols/iec104';
import { hasTshark, tsharkFields, writePcap } from './pcap';
import { toHex } from './vectors';

const tmp = mkdtempSync(join(tmpdir(), 'iec104-raw-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Parses and encodes a description; fails the test on an error. */
function octets(json: unknown, params = IEC104_PARAMS): Uint8Array {
  const parsed = parseRawAsdu(json);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const encoded = encodeRawAsdu(parsed.value, params);
  if (!encoded.ok) throw new Error(encoded.error.message);
  return encoded.value;
}

const problem = (json: unknown): string => {
  const r = parseRawAsdu(json);
  return r.ok ? 'valid' : `${r.error.code}: ${r.error.message}`;
};

const SINGLE_ON = { typeId: 'C_SC_NA_1', cause: 'act', commonAddress: 1, objects: [{ ioa: 5001, data: '01' }] };
const GI = { typeId: 100, cause: 6, commonAddress: 1, objects: [{ ioa: 0, data: '14' }] };
const READ = { typeId: 'C_RD_NA_1', cause: 'req', commonAddress: 7, objects: [{ ioa: 1001, data: '' }] };
const FLAGS = { typeId: 'C_SC_NA_1', cause: 'actcon', negative: true, test: true, originator: 3, commonAddress: 0x0102, objects: [{ ioa: 0x030201, data: '80' }] };
const SEQUENCE = { typeId: 'M_SP_NA_1', cause: 'spont', sequence: true, commonAddress: 1, objects: [{ ioa: 100, data: '01' }, { data: '00' }, { ioa: 102, data: '01' }] };

describe('raw ASDU encoding', () => {
  it('writes the data unit identifier, IOAs and element octets as given (golden octets)', () => {
    // type 45, VSQ 1 object, COT 6 act, originator 0, CA 1, IOA 5001 = 0x001389, SCO 01
    expect(toHex(octets(SINGLE_ON))).toBe('2d010600010089130001');
    expect(toHex(octets(GI))).toBe('64010600010000000014');
    expect(toHex(octets(READ))).toBe('660105000700e90300');
    // COT 7 | P/N 0x40 | T 0x80 = 0xc7, originator 3, CA 0x0102 little-endian
    expect(toHex(octets(FLAGS))).toBe('2d01c703020101020380');
    // SQ = 1: VSQ 0x83, one IOA, then the three elements
    expect(toHex(octets(SEQUENCE))).toBe('018303000100640000010001');
  });

  it('uses the profile field sizes', () => {
    // COT 1 octet, CA 1 octet, IOA 2 octets
    expect(toHex(octets(SINGLE_ON, { cotSize: 1, caSize: 1, ioaSize: 2 }))).toBe('2d010601891301');
  });

  it('decodes back with our codec to what the description says', () => {
    const d = decodeAsdu(octets(FLAGS), IEC104_PARAMS);
    expect(d.ok && d.value).toMatchObject({ typeName: 'C_SC_NA_1', cause: 7, negative: true, test: true, originator: 3, commonAddress: 0x0102, objects: [{ ioa: 0x030201, value: false, select: true }] });
    const s = decodeAsdu(octets(SEQUENCE), IEC104_PARAMS);
    expect(s.ok && s.value.objects.map((o) => [o.ioa, o.value])).toEqual([[100, true], [101, false], [102, true]]);
  });

  it('takes octets of any length for a type id outside the table', () => {
    expect(toHex(octets({ typeId: 200, cause: 6, commonAddress: 1, objects: [{ ioa: 1, data: 'dead beef' }] }))).toBe('c80106000100010000deadbeef');
  });

  it('names the field of a bad description', () => {
    expect(problem([])).toMatch(/^BAD_ASDU: the ASDU must be a JSON object/);
    expect(problem({ ...SINGLE_ON, typeId: 'C_XX_NA_1' })).toMatch(/"typeId": unknown type "C_XX_NA_1"/);
    expect(problem({ ...SINGLE_ON, typeId: 0 })).toMatch(/"typeId" must be/);
    expect(problem({ ...SINGLE_ON, cause: 'activate' })).toMatch(/"cause": unknown cause "activate"/);
    expect(problem({ ...SINGLE_ON, cause: 64 })).toMatch(/"cause" must be/);
    expect(problem({ ...SINGLE_ON, commonAddress: 70000 })).toMatch(/"commonAddress" must be/);
    expect(problem({ ...SINGLE_ON, originator: -1 })).toMatch(/"originator" must be/);
    expect(problem({ ...SINGLE_ON, negative: 'yes' })).toMatch(/"negative" must be true or false/);
    expect(problem({ ...SINGLE_ON, objects: [] })).toMatch(/"objects" must be an array of 1 to 127/);
    expect(problem({ ...SINGLE_ON, objects: [{ ioa: 1, data: '0g' }] })).toMatch(/objects\[0\]\.data must be the element octets in hex/);
    expect(problem({ ...SINGLE_ON, objects: [{ ioa: 1, data: '0100' }] })).toMatch(/objects\[0\]\.data: C_SC_NA_1 elements are 1 octet\(s\), got 2/);
    expect(problem({ ...SINGLE_ON, objects: [{ data: '01' }] })).toMatch(/objects\[0\]\.ioa must be/);
    expect(problem({ ...SEQUENCE, objects: [{ ioa: 100, data: '01' }, { ioa: 105, data: '00' }] })).toMatch(/objects\[1\]\.ioa must be 101/);
  });

  it('refuses what does not fit the profile or an APDU', () => {
    const parsed = parseRawAsdu({ ...SINGLE_ON, commonAddress: 300, objects: [{ ioa: 70000, data: '01' }] });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const small = encodeRawAsdu(parsed.value, { cotSize: 2, caSize: 1, ioaSize: 3 });
    expect(!small.ok && small.error.message).toMatch(/"commonAddress" 300 does not fit the 1-octet common address/);
    const ioa = encodeRawAsdu({ ...parsed.value, commonAddress: 1 }, { cotSize: 2, caSize: 2, ioaSize: 2 });
    expect(!ioa.ok && ioa.error.message).toMatch(/objects\[0\]\.ioa 70000 does not fit the 2-octet IOA/);
    const big = parseRawAsdu({ typeId: 200, cause: 6, commonAddress: 1, objects: [{ ioa: 1, data: '00'.repeat(250) }] });
    const tooLong = big.ok ? encodeRawAsdu(big.value, IEC104_PARAMS) : big;
    expect(!tooLong.ok && tooLong.error.message).toMatch(/at most 249 fit an APDU/);
  });

  it('asks for a confirmation for commands, parameters and system types that act, not for reads', () => {
    const changes = (json: unknown): boolean => {
      const r = parseRawAsdu(json);
      if (!r.ok) throw new Error(r.error.message);
      return rawAsduChangesDevice(r.value);
    };
    expect(changes(SINGLE_ON)).toBe(true);
    expect(changes({ typeId: 'C_CS_NA_1', cause: 'act', commonAddress: 1, objects: [{ ioa: 0, data: '00'.repeat(7) }] })).toBe(true);
    expect(changes({ typeId: 'C_RP_NA_1', cause: 'act', commonAddress: 1, objects: [{ ioa: 0, data: '01' }] })).toBe(true);
    expect(changes({ typeId: 'P_ME_NA_1', cause: 'act', commonAddress: 1, objects: [{ ioa: 1, data: '000001' }] })).toBe(true);
    expect(changes(GI)).toBe(false);
    expect(changes(READ)).toBe(false);
    expect(changes({ typeId: 'C_TS_TA_1', cause: 'act', commonAddress: 1, objects: [{ ioa: 0, data: '00'.repeat(9) }] })).toBe(false);
    // counter interrogation: QCC FRZ = 0 only requests; FRZ = 1 freezes
    expect(changes({ typeId: 'C_CI_NA_1', cause: 'act', commonAddress: 1, objects: [{ ioa: 0, data: '05' }] })).toBe(false);
    expect(changes({ typeId: 'C_CI_NA_1', cause: 'act', commonAddress: 1, objects: [{ ioa: 0, data: '45' }] })).toBe(true);
    expect(changes(SEQUENCE)).toBe(false);
  });

  it.skipIf(!hasTshark())('decodes in tshark as the JSON describes', () => {
    const file = join(tmp, 'raw.pcap');
    const asdus = [SINGLE_ON, GI, READ, FLAGS, SEQUENCE].map((j) => octets(j));
    writeFileSync(file, writePcap(asdus.map((a, i) => ({ fromStation: false, bytes: encodeI(i, 0, a) }))));
    const rows = tsharkFields(file, ['iec60870_asdu.typeid', 'iec60870_asdu.causetx', 'iec60870_asdu.nega', 'iec60870_asdu.test', 'iec60870_asdu.oa', 'iec60870_asdu.addr', 'iec60870_asdu.ioa', '_ws.malformed']);
    expect(rows).toEqual([
      ['45', '6', '0', '0', '0', '1', '5001', ''],
      ['100', '6', '0', '0', '0', '1', '0', ''],
      ['102', '5', '0', '0', '0', '7', '1001', ''],
      ['45', '7', '1', '1', '3', '258', '197121', ''],
      ['1', '3', '0', '0', '0', '1', '100,101,102', ''],
    ]);
  });
});
