/**
 * Object header codec (IEEE 1815-2012 clause 4.2.2.7): group, variation, qualifier, range.
 * Qualifier: bit7 reserved, bits4-6 object prefix code, bits0-3 range specifier code.
 * Prefix 0 none, 1/2/3 index of 1/2/4 octets, 4/5/6 object size of 1/2/4 octets.
 * Range 0/1/2 start-stop of 1/2/4 octets, 6 all (no range), 7/8/9 count of 1/2/4 octets,
 * 0xB free-format count of 1 octet (0x5B). Virtual-address ranges 3/4/5 are rejected.
 */
import type { Dnp3RawHeader } from '../../../../src-shared/dnp3-calls';

/** How the objects of a header are addressed. */
export type RangeKind = 'startStop' | 'all' | 'count';

/** One decoded object header. */
export interface ObjectHeader {
  group: number;
  variation: number;
  qualifier: number;
  range: RangeKind;
  /** Start index (startStop) or 0. */
  start: number;
  /** Stop index (startStop) or count - 1. */
  stop: number;
  /** Number of objects (0 for `all`). */
  count: number;
  /** Octets of the prefix before each object: index (1) or size (2) kinds. */
  prefixSize: number;
  prefixKind: 'none' | 'index' | 'size';
  /** Octets the header itself takes. */
  length: number;
}

/** Header decode error. */
export type HeaderError =
  | { code: 'TRUNCATED_HEADER'; message: string }
  | { code: 'BAD_QUALIFIER'; qualifier: number; message: string }
  | { code: 'BAD_RANGE'; message: string };

const RANGE_OCTETS = [1, 2, 4];
const PREFIX_OCTETS = [0, 1, 2, 4, 1, 2, 4];

/** Decodes an object header at `off`. Never throws. */
export function decodeObjectHeader(b: Uint8Array, off: number): { ok: true; header: ObjectHeader } | { ok: false; error: HeaderError } {
  if (off + 3 > b.length) return { ok: false, error: { code: 'TRUNCATED_HEADER', message: `header at ${off} truncated` } };
  const group = b[off]!;
  const variation = b[off + 1]!;
  const qualifier = b[off + 2]!;
  const prefixCode = (qualifier >> 4) & 0x07;
  const rangeCode = qualifier & 0x0f;
  const bad = (): { ok: false; error: HeaderError } => ({
    ok: false,
    error: { code: 'BAD_QUALIFIER', qualifier, message: `qualifier 0x${qualifier.toString(16).padStart(2, '0')} not supported` },
  });
  if (qualifier & 0x80 || prefixCode > 6) return bad();
  const prefixSize = PREFIX_OCTETS[prefixCode]!;
  const prefixKind = prefixCode === 0 ? 'none' : prefixCode <= 3 ? 'index' : 'size';
  let p = off + 3;
  const need = (n: number): boolean => p + n <= b.length;
  const read = (n: number): number => {
    const v = n === 1 ? b[p]! : n === 2 ? b[p]! | (b[p + 1]! << 8) : (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16)) + b[p + 3]! * 0x1000000;
    p += n;
    return v;
  };
  const truncated = (): { ok: false; error: HeaderError } => ({ ok: false, error: { code: 'TRUNCATED_HEADER', message: `range of g${group}v${variation} truncated` } });
  if (rangeCode <= 2) {
    if (prefixKind === 'size') return bad();
    const n = RANGE_OCTETS[rangeCode]!;
    if (!need(2 * n)) return truncated();
    const start = read(n);
    const stop = read(n);
    if (stop < start) return { ok: false, error: { code: 'BAD_RANGE', message: `g${group}v${variation} stop ${stop} < start ${start}` } };
    return ok({ group, variation, qualifier, range: 'startStop', start, stop, count: stop - start + 1, prefixSize, prefixKind, length: p - off });
  }
  if (rangeCode === 6) {
    if (prefixCode !== 0) return bad();
    return ok({ group, variation, qualifier, range: 'all', start: 0, stop: 0, count: 0, prefixSize: 0, prefixKind: 'none', length: 3 });
  }
  if (rangeCode >= 7 && rangeCode <= 9) {
    const n = RANGE_OCTETS[rangeCode - 7]!;
    if (!need(n)) return truncated();
    const count = read(n);
    return ok({ group, variation, qualifier, range: 'count', start: 0, stop: count - 1, count, prefixSize, prefixKind, length: p - off });
  }
  if (rangeCode === 0x0b) {
    if (prefixKind !== 'size') return bad();
    if (!need(1)) return truncated();
    const count = read(1);
    return ok({ group, variation, qualifier, range: 'count', start: 0, stop: count - 1, count, prefixSize, prefixKind, length: p - off });
  }
  return bad();
}

function ok(header: ObjectHeader): { ok: true; header: ObjectHeader } {
  return { ok: true, header };
}

/** What an encoder needs for a header: a raw request's header without its index list. */
export type HeaderSpec = Omit<Dnp3RawHeader, 'indices'>;

/** Octets the header for `spec` takes. */
export function headerLength(qualifier: number): number {
  const r = qualifier & 0x0f;
  if (r <= 2) return 3 + 2 * RANGE_OCTETS[r]!;
  if (r === 6) return 3;
  if (r >= 7 && r <= 9) return 3 + RANGE_OCTETS[r - 7]!;
  if (r === 0x0b) return 4;
  throw new RangeError(`qualifier 0x${qualifier.toString(16)} cannot be encoded`);
}

/** Writes a header at `off`; returns the offset after it. Throws only for an unsupported qualifier. */
export function encodeObjectHeader(out: Uint8Array, off: number, h: HeaderSpec): number {
  out[off] = h.group;
  out[off + 1] = h.variation;
  out[off + 2] = h.qualifier;
  let p = off + 3;
  const write = (v: number, n: number): void => {
    for (let i = 0; i < n; i++) out[p++] = Math.floor(v / 2 ** (8 * i)) & 0xff;
  };
  const r = h.qualifier & 0x0f;
  if (r <= 2) {
    write(h.start ?? 0, RANGE_OCTETS[r]!);
    write(h.stop ?? 0, RANGE_OCTETS[r]!);
  } else if (r >= 7 && r <= 9) {
    write(h.count ?? 0, RANGE_OCTETS[r - 7]!);
  } else if (r === 0x0b) {
    write(h.count ?? 0, 1);
  } else if (r !== 6) {
    throw new RangeError(`qualifier 0x${h.qualifier.toString(16)} cannot be encoded`);
  }
  return p;
}

/** Octets of the index prefix for a qualifier (0, 1, 2 or 4). */
export function prefixOctets(qualifier: number): number {
  return PREFIX_OCTETS[(qualifier >> 4) & 0x07] ?? 0;
}
