/**
 * The hot path: turns a response fragment into PointUpdate values (plus the data objects a
 * master acts on: attributes, time, delay, control echoes) with one DataView over the
 * fragment, one reused scratch, shared quality arrays and interned references.
 */
import { PointRefs } from '../../../../src-shared/point-refs';
import type { PointUpdate } from '../../../../src-shared/session';
import type { ObjectHeader } from './header';
import type { DataCodec, DataValue, ObjectCodec, PointCodec, PointScratch } from './objects/types';
import { walkObjects, type ObjectVisitor, type ParseError } from './parser';
import { qualityTable } from './quality';

/** A data object met in a response, with its header's group/variation. */
export interface DataObject {
  group: number;
  variation: number;
  index: number;
  value: DataValue;
}

/** What a response carried. */
export interface ResponseContent {
  points: PointUpdate[];
  data: DataObject[];
  error: ParseError | null;
}

const REFS: Record<string, PointRefs> = {};
for (const f of ['bi', 'dbi', 'bo', 'ai', 'ao', 'ctr', 'fc', 'os', 'aid', 'boc', 'aoc', 'iin']) REFS[f] = new PointRefs(`${f}:`);
const NO_REFS = new PointRefs('');

class PointSink implements ObjectVisitor {
  points: PointUpdate[] = [];
  objects: DataObject[] = [];
  private refs = NO_REFS;
  private quality: ReadonlyArray<readonly string[]> = [];
  header(_h: ObjectHeader, codec: ObjectCodec | undefined): void {
    if (codec?.kind === 'point') {
      this.refs = REFS[codec.family]!;
      this.quality = qualityTable(codec.family);
    }
  }
  point(codec: PointCodec, index: number, s: PointScratch): void {
    if (codec.family === 'iin') return;
    this.points.push({
      ref: this.refs.ref(index),
      type: codec.type,
      value: s.value,
      quality: this.quality[s.flags]!,
      deviceTime: s.time,
      isEvent: codec.event,
    });
  }
  data(codec: DataCodec, index: number, value: DataValue): void {
    this.objects.push({ group: codec.group, variation: codec.variation, index, value });
  }
}

const SINK = new PointSink();
const SCRATCH: PointScratch = { flags: 0, value: 0, time: null, cto: null };

/** Decodes the objects of a response fragment (objects start at offset 4). Never throws. */
export function decodeResponseContent(fragment: Uint8Array): ResponseContent {
  SINK.points = [];
  SINK.objects = [];
  const error = fragment.length > 4 ? walkObjects(fragment, 4, true, SINK, SCRATCH) : null;
  const out = { points: SINK.points, data: SINK.objects, error };
  SINK.points = [];
  SINK.objects = [];
  return out;
}
