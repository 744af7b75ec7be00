/**
 * Structured decoding of a whole fragment (for the analyzer, vectors, the outstation's
 * request handling and raw requests). The hot point path is in point-decoder.ts.
 */
import { functionCarriesData } from './control';
import type { ObjectHeader } from './header';
import type { DataValue, ObjectCodec, PointCodec, DataCodec, PointScratch } from './objects/types';
import { decodeFragmentHead, walkObjects, type FragmentHead, type ObjectVisitor, type ParseError } from './parser';

/** One decoded object. */
export type ParsedObject =
  | { index: number; flags: number; value: number | boolean | string; time: number | null; offset: number; length: number }
  | { index: number; data: DataValue; offset: number; length: number };

/** One decoded header with its objects. */
export interface ParsedHeader {
  group: number;
  variation: number;
  qualifier: number;
  range: ObjectHeader['range'];
  start: number;
  stop: number;
  count: number;
  /** Indices of an index-prefixed header without object data (READ of given points). */
  indices?: number[];
  objects: ParsedObject[];
  /** Offset of the header in the fragment and its length. */
  offset: number;
  length: number;
}

/** A decoded fragment; `error` is set when the walk stopped early (headers before it are kept). */
export interface ParsedFragment extends FragmentHead {
  headers: ParsedHeader[];
  error: ParseError | null;
}

class Collector implements ObjectVisitor {
  readonly headers: ParsedHeader[] = [];
  header(h: ObjectHeader, _codec: ObjectCodec | undefined, offset: number, indices: number[] | null): void {
    const ph: ParsedHeader = {
      group: h.group,
      variation: h.variation,
      qualifier: h.qualifier,
      range: h.range,
      start: h.start,
      stop: h.stop,
      count: h.count,
      objects: [],
      offset,
      length: h.length,
    };
    if (indices) ph.indices = indices;
    this.headers.push(ph);
  }
  point(_codec: PointCodec, index: number, s: PointScratch, offset: number, length: number): void {
    this.headers[this.headers.length - 1]!.objects.push({ index, flags: s.flags, value: s.value, time: s.time, offset, length });
  }
  data(_codec: DataCodec, index: number, v: DataValue, offset: number, length: number): void {
    this.headers[this.headers.length - 1]!.objects.push({ index, data: v, offset, length });
  }
}

/** Decodes a whole fragment into headers and objects. Never throws. */
export function parseFragment(b: Uint8Array): { ok: true; fragment: ParsedFragment } | { ok: false; error: ParseError } {
  const hr = decodeFragmentHead(b);
  if (!hr.ok) return hr;
  const c = new Collector();
  const scratch: PointScratch = { flags: 0, value: 0, time: null, cto: null };
  const error = walkObjects(b, hr.head.objectsOffset, functionCarriesData(hr.head.function), c, scratch);
  return { ok: true, fragment: { ...hr.head, headers: c.headers, error } };
}
