/**
 * ASDU codec: data unit identifier (type, variable structure qualifier, cause of
 * transmission, common address) and the information objects, in SQ=0 and SQ=1 layouts,
 * with the field sizes as explicit parameters. Decoding never throws.
 */
import type { Result } from '../../../../src-shared/ipc/result';
import { typeSpec } from './type-table';
import type { Asdu, AsduInput, AsduParams, InfoObject, TypeSpec } from './types';
import type { AsduErrorCode } from '../../../../src-shared/session-errors';

/** Size of the data unit identifier for a profile. */
export function headerSize(p: AsduParams): number {
  return 2 + p.cotSize + p.caSize;
}

/** The data unit identifier alone (what the analyzer and routing need). */
export interface AsduHeader {
  typeId: number;
  sq: boolean;
  count: number;
  cause: number;
  negative: boolean;
  test: boolean;
  originator: number;
  commonAddress: number;
}

/** Reads the data unit identifier; fails with ASDU_TRUNCATED when the bytes are too short. */
export function decodeAsduHeader(b: Uint8Array, p: AsduParams): Result<AsduHeader, AsduErrorCode> {
  if (b.length < headerSize(p)) {
    return { ok: false, error: { code: 'ASDU_TRUNCATED', message: `ASDU of ${b.length} octets is shorter than its header` } };
  }
  const vsq = b[1] as number; // bit 8 SQ, bits 1-7 number of objects/elements
  const cot = b[2] as number; // bits 1-6 cause, bit 7 P/N, bit 8 T
  const caAt = 2 + p.cotSize;
  return {
    ok: true,
    value: {
      typeId: b[0] as number,
      sq: (vsq & 0x80) !== 0,
      count: vsq & 0x7f,
      cause: cot & 0x3f,
      negative: (cot & 0x40) !== 0,
      test: (cot & 0x80) !== 0,
      originator: p.cotSize === 2 ? (b[3] as number) : 0,
      commonAddress: p.caSize === 2 ? (b[caAt] as number) | ((b[caAt + 1] as number) << 8) : (b[caAt] as number),
    },
  };
}

function readIoa(b: Uint8Array, o: number, size: number): number {
  let ioa = b[o] as number;
  if (size > 1) ioa |= (b[o + 1] as number) << 8;
  if (size > 2) ioa |= (b[o + 2] as number) << 16;
  return ioa;
}

function writeIoa(b: Uint8Array, o: number, size: number, ioa: number): void {
  b[o] = ioa & 0xff;
  if (size > 1) b[o + 1] = (ioa >> 8) & 0xff;
  if (size > 2) b[o + 2] = (ioa >> 16) & 0xff;
}

interface WholeBuffer {
  buffer: ArrayBufferLike;
  bytes: Uint8Array;
  dv: DataView;
}

/** Views of the whole buffers that the last decoded ASDUs lay in, newest first. */
let whole: WholeBuffer | null = null;
let wholeBefore: WholeBuffer | null = null;

/**
 * A byte view and a DataView of all of `b`'s underlying buffer (offsets in them are
 * `b.byteOffset` + offset in `b`), kept for the last two buffers: the ASDUs of a received
 * chunk are views of it, those split across chunks views of the framer's joined slab.
 * Creating a DataView costs more than decoding a short float.
 */
function wholeBuffer(b: Uint8Array): WholeBuffer {
  const buffer = b.buffer;
  if (whole?.buffer === buffer) return whole;
  const found = wholeBefore?.buffer === buffer ? wholeBefore : { buffer, bytes: new Uint8Array(buffer), dv: new DataView(buffer) };
  wholeBefore = whole;
  whole = found;
  return found;
}

function fail(code: AsduErrorCode, message: string): Result<Asdu, AsduErrorCode> {
  return { ok: false, error: { code, message } };
}

/**
 * Decodes one ASDU. Errors: ASDU_TRUNCATED (shorter than the header), ASDU_UNKNOWN_TYPE,
 * ASDU_EMPTY (number of objects 0), ASDU_LENGTH (length does not match the type, number
 * and layout).
 */
export function decodeAsdu(b: Uint8Array, p: AsduParams): Result<Asdu, AsduErrorCode> {
  const head = decodeAsduHeader(b, p);
  if (!head.ok) return head;
  const h = head.value;
  const t = typeSpec(h.typeId);
  if (t === undefined) return fail('ASDU_UNKNOWN_TYPE', `type identification ${h.typeId} is not supported`);
  if (h.count === 0) return fail('ASDU_EMPTY', 'variable structure qualifier says zero objects');
  const hs = headerSize(p);
  const is = p.ioaSize;
  if (t.lengthAt !== undefined) return decodeVariable(b, p, h, t, t.lengthAt);
  const expected = h.sq ? hs + is + h.count * t.size : hs + h.count * (is + t.size);
  if (b.length !== expected) {
    return fail('ASDU_LENGTH', `${t.name} with ${h.count} object(s) needs ${expected} octets, got ${b.length}`);
  }
  // The element codecs read the whole underlying buffer at absolute offsets: one view pair
  // per received chunk (or read slab) instead of a DataView per ASDU.
  const { bytes, dv } = wholeBuffer(b);
  const objects = new Array<InfoObject>(h.count);
  if (h.sq) {
    const base = readIoa(b, hs, is);
    let o = b.byteOffset + hs + is;
    for (let i = 0; i < h.count; i++, o += t.size) objects[i] = t.decode(bytes, dv, o, base + i);
  } else {
    let o = hs;
    for (let i = 0; i < h.count; i++) {
      const ioa = readIoa(b, o, is);
      objects[i] = t.decode(bytes, dv, b.byteOffset + o + is, ioa);
      o += is + t.size;
    }
  }
  return { ok: true, value: asduOf(h, t, objects) };
}

function asduOf(h: AsduHeader, t: TypeSpec, objects: InfoObject[]): Asdu {
  return {
    typeId: h.typeId,
    typeName: t.name,
    sq: h.sq,
    cause: h.cause,
    negative: h.negative,
    test: h.test,
    originator: h.originator,
    commonAddress: h.commonAddress,
    objects,
  };
}

/**
 * Objects of a variable-length type (F_SG_NA_1) in the SQ=0 layout, each element's length
 * read from its own length octet. ASDU_LENGTH when SQ=1, when an element runs past the end
 * or when octets are left over.
 */
function decodeVariable(b: Uint8Array, p: AsduParams, h: AsduHeader, t: TypeSpec, lengthAt: number): Result<Asdu, AsduErrorCode> {
  if (h.sq) return fail('ASDU_LENGTH', `${t.name} has elements of their own length and cannot be a sequence (SQ=1)`);
  const { bytes, dv } = wholeBuffer(b);
  const objects = new Array<InfoObject>(h.count);
  let o = headerSize(p);
  for (let i = 0; i < h.count; i++) {
    const fixedEnd = o + p.ioaSize + t.size;
    if (fixedEnd > b.length) return fail('ASDU_LENGTH', `${t.name} object ${i + 1} is cut off after ${b.length} octets`);
    const size = t.size + (b[o + p.ioaSize + lengthAt] as number);
    if (o + p.ioaSize + size > b.length) return fail('ASDU_LENGTH', `${t.name} object ${i + 1} announces ${size - t.size} octets, only ${b.length - fixedEnd} follow`);
    objects[i] = t.decode(bytes, dv, b.byteOffset + o + p.ioaSize, readIoa(b, o, p.ioaSize));
    o += p.ioaSize + size;
  }
  if (o !== b.length) return fail('ASDU_LENGTH', `${t.name} with ${h.count} object(s) needs ${o} octets, got ${b.length}`);
  return { ok: true, value: asduOf(h, t, objects) };
}

/** Octets of one element as encoded: the type's size, plus a segment's octets for a variable-length type. */
function elementSize(t: TypeSpec, obj: InfoObject): number {
  return t.lengthAt === undefined ? t.size : t.size + (obj.segment?.length ?? 0);
}

/** Encoded length of an ASDU of `count` objects of a type (for packing within 249 octets). */
export function asduLength(elementSize: number, count: number, sq: boolean, p: AsduParams): number {
  return sq ? headerSize(p) + p.ioaSize + count * elementSize : headerSize(p) + count * (p.ioaSize + elementSize);
}

/** Largest ASDU an APDU can carry (253 - 4 control octets). */
export const MAX_ASDU_LENGTH = 249;

/** The largest F_SG_NA_1 segment one APDU carries with these field sizes (236 with IEC 104's 2/2/3). */
export function maxSegmentSize(p: AsduParams): number {
  return MAX_ASDU_LENGTH - headerSize(p) - p.ioaSize - (typeSpec(125) as TypeSpec).size;
}

/**
 * Encodes an ASDU, leaving `headroom` zero octets in front (6 leaves room for the APCI, so
 * the connection can send it without copying). Throws only on programmer error: an
 * unsupported type, no objects, more than 127 objects or more than 249 octets.
 */
export function encodeAsdu(a: AsduInput, p: AsduParams, headroom = 0): Uint8Array {
  const t = typeSpec(a.typeId);
  if (t === undefined) throw new Error(`encodeAsdu: unsupported type ${a.typeId}`);
  const n = a.objects.length;
  if (n === 0 || n > 127) throw new Error(`encodeAsdu: ${n} objects`);
  const sq = a.sq === true;
  if (sq && t.lengthAt !== undefined) throw new Error(`encodeAsdu: ${t.name} cannot be a sequence`);
  const len = t.lengthAt === undefined ? asduLength(t.size, n, sq, p) : headerSize(p) + a.objects.reduce((sum, obj) => sum + p.ioaSize + elementSize(t, obj), 0);
  if (len > MAX_ASDU_LENGTH) throw new Error(`encodeAsdu: ${len} octets exceed ${MAX_ASDU_LENGTH}`);
  const out = new Uint8Array(headroom + len);
  const b = headroom === 0 ? out : out.subarray(headroom);
  const dv = new DataView(out.buffer, headroom, len);
  b[0] = a.typeId;
  b[1] = n | (sq ? 0x80 : 0);
  b[2] = (a.cause & 0x3f) | (a.negative ? 0x40 : 0) | (a.test ? 0x80 : 0);
  if (p.cotSize === 2) b[3] = (a.originator ?? 0) & 0xff;
  const caAt = 2 + p.cotSize;
  b[caAt] = a.commonAddress & 0xff;
  if (p.caSize === 2) b[caAt + 1] = (a.commonAddress >> 8) & 0xff;
  let o = headerSize(p);
  if (sq) {
    writeIoa(b, o, p.ioaSize, (a.objects[0] as InfoObject).ioa);
    o += p.ioaSize;
    for (const obj of a.objects) {
      t.encode(obj, b, dv, o);
      o += t.size;
    }
  } else {
    for (const obj of a.objects) {
      writeIoa(b, o, p.ioaSize, obj.ioa);
      t.encode(obj, b, dv, o + p.ioaSize);
      o += p.ioaSize + elementSize(t, obj);
    }
  }
  return out;
}
