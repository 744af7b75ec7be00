/**
 * Application fragment walker: decodes the fragment header (control, function, IIN for
 * responses) and walks the object headers and objects, calling a visitor. It never throws
 * on bad input: it stops at the first problem and returns it as a value, after visiting
 * everything before it.
 */
import { decodeAppControl, isResponseFunction, type AppControl } from './control';
import { decodeObjectHeader, type HeaderError, type ObjectHeader } from './header';
import { codecFor } from './objects/table';
import type { DataCodec, DataValue, ObjectCodec, PointCodec, PointScratch } from './objects/types';

/** The first octets of a fragment. */
export interface FragmentHead {
  control: AppControl;
  function: number;
  /** IIN (IIN1 low octet) for responses, null for requests. */
  iin: number | null;
  /** Offset of the first object header. */
  objectsOffset: number;
}

/** A problem found while walking a fragment. */
export type ParseError =
  | HeaderError
  | { code: 'TRUNCATED_FRAGMENT'; message: string }
  | { code: 'OBJECT_UNKNOWN'; group: number; variation: number; message: string }
  | { code: 'TRUNCATED_OBJECTS'; group: number; variation: number; message: string }
  | { code: 'BAD_PACKED_QUALIFIER'; group: number; variation: number; message: string };

/** Receives what the walker finds, in order. */
export interface ObjectVisitor {
  /** Each header; `indices` is set for index-prefixed headers without object data. */
  header(h: ObjectHeader, codec: ObjectCodec | undefined, offset: number, indices: number[] | null): void;
  /** Each point object, read into the shared scratch (copy what you keep). */
  point(codec: PointCodec, index: number, s: PointScratch, offset: number, length: number): void;
  /** Each data object. */
  data(codec: DataCodec, index: number, v: DataValue, offset: number, length: number): void;
}

/** Decodes the fragment head. */
export function decodeFragmentHead(b: Uint8Array): { ok: true; head: FragmentHead } | { ok: false; error: ParseError } {
  if (b.length < 2) return { ok: false, error: { code: 'TRUNCATED_FRAGMENT', message: 'fragment under 2 octets' } };
  const fc = b[1]!;
  if (isResponseFunction(fc)) {
    if (b.length < 4) return { ok: false, error: { code: 'TRUNCATED_FRAGMENT', message: 'response without IIN' } };
    return { ok: true, head: { control: decodeAppControl(b[0]!), function: fc, iin: b[2]! | (b[3]! << 8), objectsOffset: 4 } };
  }
  return { ok: true, head: { control: decodeAppControl(b[0]!), function: fc, iin: null, objectsOffset: 2 } };
}

function readUint(dv: DataView, off: number, n: number): number {
  return n === 1 ? dv.getUint8(off) : n === 2 ? dv.getUint16(off, true) : dv.getUint32(off, true);
}

/**
 * Walks the objects of a fragment from `off`. `withData` says whether headers are followed
 * by objects (see functionCarriesData). Returns the first error or null.
 */
export function walkObjects(b: Uint8Array, off: number, withData: boolean, v: ObjectVisitor, scratch: PointScratch): ParseError | null {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const end = b.length;
  let p = off;
  scratch.cto = null;
  while (p < end) {
    const hr = decodeObjectHeader(b, p);
    if (!hr.ok) return hr.error;
    const h = hr.header;
    const hOff = p;
    p += h.length;
    const codec = codecFor(h.group, h.variation);
    // free-format objects (size prefix, qualifier 0x5B) carry data in any request: a READ of g70v5 names its file handle and block
    const noData = (!withData && h.prefixKind !== 'size') || h.group === 60 || h.variation === 0 || h.range === 'all';
    if (noData) {
      let indices: number[] | null = null;
      if (h.prefixKind === 'index' && h.count > 0) {
        if (p + h.count * h.prefixSize > end) return truncated(h);
        indices = [];
        for (let i = 0; i < h.count; i++, p += h.prefixSize) indices.push(readUint(dv, p, h.prefixSize));
      }
      v.header(h, codec, hOff, indices);
      continue;
    }
    if (!codec) {
      return { code: 'OBJECT_UNKNOWN', group: h.group, variation: h.variation, message: `unknown object g${h.group}v${h.variation}: rest of fragment not parsed` };
    }
    v.header(h, codec, hOff, null);
    if (codec.kind === 'point' && codec.bits > 0) {
      if (h.prefixKind !== 'none') return { code: 'BAD_PACKED_QUALIFIER', group: h.group, variation: h.variation, message: `packed g${h.group}v${h.variation} with a prefix` };
      const octets = Math.ceil((h.count * codec.bits) / 8);
      if (p + octets > end) return truncated(h);
      const mask = codec.bits === 1 ? 1 : 3;
      for (let i = 0; i < h.count; i++) {
        const bit = i * codec.bits;
        codec.read(dv, (b[p + (bit >> 3)]! >> (bit & 7)) & mask, scratch);
        v.point(codec, h.start + i, scratch, p + (bit >> 3), 1);
      }
      p += octets;
      continue;
    }
    const isPoint = codec.kind === 'point';
    for (let i = 0; i < h.count; i++) {
      let index = h.range === 'startStop' ? h.start + i : i;
      let size = codec.size;
      if (h.prefixKind !== 'none') {
        if (p + h.prefixSize > end) return truncated(h);
        const pre = readUint(dv, p, h.prefixSize);
        p += h.prefixSize;
        if (h.prefixKind === 'index') index = pre;
        else size = pre;
      }
      if (!isPoint && codec.sizePrefixed && h.prefixKind !== 'size') {
        return { code: 'BAD_QUALIFIER', qualifier: h.qualifier, message: `g${h.group}v${h.variation} needs a size prefix (qualifier 0x5B)` };
      }
      if (size < 0) size = (codec as DataCodec).sizeAt(dv, p);
      if (size < 0 || p + size > end) return truncated(h);
      if (h.prefixKind === 'size') {
        // the object's own layout must fit inside the size the prefix gives
        const own = codec.size >= 0 ? codec.size : (codec as DataCodec).sizeAt(dv, p);
        if (own < 0 || own > size) return truncated(h);
      }
      if (isPoint) {
        codec.read(dv, p, scratch);
        v.point(codec, index, scratch, p, size);
      } else {
        const value = codec.read(dv, p, size);
        // g51 common time of occurrence applies to the relative-time events that follow
        if (codec.group === 51) scratch.cto = value.time as number;
        v.data(codec, index, value, p, size);
      }
      p += size;
    }
  }
  return null;
}

function truncated(h: ObjectHeader): ParseError {
  return { code: 'TRUNCATED_OBJECTS', group: h.group, variation: h.variation, message: `objects of g${h.group}v${h.variation} truncated` };
}

