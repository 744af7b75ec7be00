/**
 * Raw ASDUs for engineers testing devices: an ASDU described in JSON as
 *   {"typeId": "C_SC_NA_1", "cause": "act", "commonAddress": 1,
 *    "objects": [{"ioa": 5001, "data": "01"}]}
 * (type id and cause by number or name; optional `negative`, `test`, `originator`,
 * `sequence`), checked field by field and encoded octet by octet. Pure: no I/O.
 */
import type { Iec104RawAsdu } from '../../../../src-shared/iec104-calls';
import type { Result } from '../../../../src-shared/ipc/result';
import { isUint as uint, octetsOfHex } from '../../../../src-shared/raw-fields';
import { causeByName } from './cause';
import { headerSize, MAX_ASDU_LENGTH } from './codec';
import { typeByName, typeSpec } from './type-table';
import type { AsduParams } from './types';

type Fields = Record<string, unknown>;

const bad = (message: string): Result<never> => ({ ok: false, error: { code: 'BAD_ASDU', message } });

function typeIdOf(given: unknown): number | string {
  if (uint(given, 255) && given > 0) return given;
  if (typeof given === 'string') {
    const t = typeByName(given.trim().toUpperCase());
    if (t) return t.id;
    return `"typeId": unknown type ${JSON.stringify(given)} (a number 1-255 or a name like "C_SC_NA_1")`;
  }
  return '"typeId" must be a type identification from 1 to 255 or a name like "C_SC_NA_1"';
}

function causeOf(given: unknown): number | string {
  if (uint(given, 63) && given > 0) return given;
  if (typeof given === 'string') return causeByName(given) ?? `"cause": unknown cause ${JSON.stringify(given)} (a number 1-63 or a name like "act")`;
  return '"cause" must be a cause of transmission from 1 to 63 or a name like "act"';
}

function flagOf(o: Fields, key: string): boolean | string {
  const v = o[key] ?? false;
  return typeof v === 'boolean' ? v : `"${key}" must be true or false`;
}

function objectOf(r: unknown, i: number, typeId: number, first: number | undefined, sequence: boolean): Iec104RawAsdu['objects'][number] | string {
  const at = `objects[${i}]`;
  if (typeof r !== 'object' || r === null || Array.isArray(r)) return `${at} must be an object {"ioa": N, "data": "<hex>"}`;
  const o = r as Fields;
  const ioa = sequence && i > 0 && o.ioa === undefined ? (first as number) + i : o.ioa;
  if (!uint(ioa, 0xffffff)) return `${at}.ioa must be an information object address from 0 to 16777215`;
  if (sequence && i > 0 && ioa !== (first as number) + i) return `${at}.ioa must be ${(first as number) + i}: with "sequence" the objects follow the first IOA`;
  const data = typeof o.data === 'string' ? octetsOfHex(o.data) : null;
  if (!data) return `${at}.data must be the element octets in hex, e.g. "01"`;
  const spec = typeSpec(typeId);
  if (spec && data.length !== spec.size) return `${at}.data: ${spec.name} elements are ${spec.size} octet(s), got ${data.length}`;
  return { ioa, data };
}

/**
 * Checks a raw ASDU description; an error (code BAD_ASDU) names the field. Elements of a
 * type in the type table must have its element size; other type ids take any octets.
 */
export function parseRawAsdu(json: unknown): Result<Iec104RawAsdu> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return bad('the ASDU must be a JSON object with "typeId", "cause", "commonAddress" and "objects"');
  const o = json as Fields;
  const typeId = typeIdOf(o.typeId);
  if (typeof typeId === 'string') return bad(typeId);
  const cause = causeOf(o.cause);
  if (typeof cause === 'string') return bad(cause);
  if (!uint(o.commonAddress, 65535)) return bad('"commonAddress" must be a common address from 0 to 65535');
  if (o.originator !== undefined && !uint(o.originator, 255)) return bad('"originator" must be an originator address from 0 to 255');
  const flags = ['negative', 'test', 'sequence'].map((k) => flagOf(o, k));
  const wrong = flags.find((f) => typeof f === 'string');
  if (wrong !== undefined) return bad(wrong as string);
  const [negative, test, sequence] = flags as boolean[];
  if (!Array.isArray(o.objects) || o.objects.length === 0 || o.objects.length > 127) return bad('"objects" must be an array of 1 to 127 information objects');
  const objects: Iec104RawAsdu['objects'] = [];
  for (const [i, r] of o.objects.entries()) {
    const obj = objectOf(r, i, typeId, objects[0]?.ioa, sequence as boolean);
    if (typeof obj === 'string') return bad(obj);
    objects.push(obj);
  }
  const asdu = { typeId, cause, negative: negative as boolean, test: test as boolean, originator: (o.originator as number | undefined) ?? 0, commonAddress: o.commonAddress, sequence: sequence as boolean, objects };
  return { ok: true, value: asdu };
}

/** Encoded length of a raw ASDU with a profile's field sizes. */
function rawLength(a: Iec104RawAsdu, p: AsduParams): number {
  const elements = a.objects.reduce((n, o) => n + o.data.length, 0);
  return headerSize(p) + elements + (a.sequence ? p.ioaSize : a.objects.length * p.ioaSize);
}

/**
 * Encodes a raw ASDU with a profile's field sizes, leaving `headroom` zero octets in front
 * (6 for the APCI). Errors (code BAD_ASDU): an address too large for its field, more
 * than 249 octets.
 */
export function encodeRawAsdu(a: Iec104RawAsdu, p: AsduParams, headroom = 0): Result<Uint8Array> {
  if (p.caSize === 1 && a.commonAddress > 0xff) return bad(`"commonAddress" ${a.commonAddress} does not fit the 1-octet common address`);
  if (p.cotSize === 1 && a.originator !== 0) return bad('"originator": this profile has a 1-octet cause of transmission, without originator address');
  const ioaMax = 2 ** (8 * p.ioaSize) - 1;
  const far = a.objects.findIndex((o) => o.ioa > ioaMax);
  if (far >= 0) return bad(`objects[${far}].ioa ${(a.objects[far] as { ioa: number }).ioa} does not fit the ${p.ioaSize}-octet IOA`);
  const len = rawLength(a, p);
  if (len > MAX_ASDU_LENGTH) return bad(`the ASDU would be ${len} octets; at most ${MAX_ASDU_LENGTH} fit an APDU`);
  const out = new Uint8Array(headroom + len);
  const b = out.subarray(headroom);
  b[0] = a.typeId;
  // variable structure qualifier: bit 8 SQ, bits 1-7 the number of objects
  b[1] = a.objects.length | (a.sequence ? 0x80 : 0);
  // cause of transmission: bits 1-6 cause, bit 7 P/N, bit 8 T; then the originator
  b[2] = a.cause | (a.negative ? 0x40 : 0) | (a.test ? 0x80 : 0);
  if (p.cotSize === 2) b[3] = a.originator;
  let o = 2 + p.cotSize;
  o = writeLe(b, o, a.commonAddress, p.caSize);
  for (const [i, obj] of a.objects.entries()) {
    if (!a.sequence || i === 0) o = writeLe(b, o, obj.ioa, p.ioaSize);
    b.set(obj.data, o);
    o += obj.data.length;
  }
  return { ok: true, value: out };
}

function writeLe(b: Uint8Array, o: number, value: number, size: number): number {
  for (let i = 0; i < size; i++) b[o + i] = (value >>> (8 * i)) & 0xff;
  return o + size;
}

/** Types in the control direction that only ask for data or test the link. */
const READ_LIKE = new Set([100, 102, 104, 106, 107]);

/**
 * Whether sending the ASDU can change the device, so that it runs only after an explicit
 * confirmation: every type id from 45 (commands, system and parameter types, file
 * transfer, private types) except interrogation C_IC_NA_1, read C_RD_NA_1, the test
 * commands C_TS_NA_1 / C_TS_TA_1, delay acquisition C_CD_NA_1, and a counter
 * interrogation C_CI_NA_1 whose QCC only requests (FRZ = 0). Monitor-direction types
 * (1-44) change nothing.
 */
export function rawAsduChangesDevice(a: Iec104RawAsdu): boolean {
  if (a.typeId < 45 || READ_LIKE.has(a.typeId)) return false;
  if (a.typeId === 101) return a.objects.some((o) => ((o.data[0] ?? 0) & 0xc0) !== 0);
  return true;
}
