/**
 * Builds a `points.batch` column-wise from the point database: the marked points of every
 * station with changes, grouped by station, in columns that are views on one ArrayBuffer,
 * and small tables for the strings (quality lists, types, state labels), reading each
 * point through one reused cursor. A batch of n points allocates one buffer and its
 * tables, not n objects (and not one buffer per column or per station).
 */
import { stationRange, type PointBatchPayload } from '../../../src-shared/ipc/point-batch';
import type { LiveCursor, PointDatabase } from '../points/point-database';
import { stateLabelOf } from './point-view';

/** Numbers a batch's distinct entries in order of first use. */
class BatchTable<K> {
  readonly entries = new Map<K, number>();

  /** The index of `key`, adding it when new. */
  index(key: K): number {
    let at = this.entries.get(key);
    if (at === undefined) this.entries.set(key, (at = this.entries.size));
    return at;
  }
}

/** One station's part of a batch: its points `slots[0..count)`. */
export interface BatchPart {
  station: string;
  slots: Uint32Array;
  count: number;
}

/**
 * An empty batch of `n` entries in `stations` stations: every column a view on one
 * ArrayBuffer, the widest first so that each starts aligned to its element size.
 */
export function emptyBatch(stations: string[], n: number): PointBatchPayload {
  const buffer = new ArrayBuffer(47 * n + 4 * stations.length);
  let at = 0;
  const take = <T>(make: new (buffer: ArrayBuffer, offset: number, length: number) => T, bytes: number, length = n): T => {
    const view = new make(buffer, at, length);
    at += bytes * length;
    return view;
  };
  return {
    stations,
    raws: take(Float64Array, 8),
    values: take(Float64Array, 8),
    deviceTimes: take(Float64Array, 8),
    receivedTimes: take(Float64Array, 8),
    stationEnds: take(Uint32Array, 4, stations.length),
    slots: take(Uint32Array, 4),
    changes: take(Uint32Array, 4),
    qualities: take(Uint16Array, 2),
    types: take(Uint16Array, 2),
    labels: take(Uint16Array, 2),
    kinds: take(Uint8Array, 1),
    qualityLists: [],
    strings: [],
    texts: [],
  };
}

/** The columns of a batch (one entry per point). */
const COLUMNS = ['slots', 'kinds', 'raws', 'values', 'deviceTimes', 'receivedTimes', 'changes', 'qualities', 'types', 'labels'] as const;

/** A typed array as far as copying goes. */
type Column = { set(from: ArrayLike<number>, at: number): void; subarray(start: number, end: number): ArrayLike<number> };

/**
 * The part of `batch` of the stations `keep` accepts, for a client that follows only some
 * of them: their entries copied into a batch of their own (the string tables are shared,
 * so their indices stay valid).
 */
export function selectStations(batch: PointBatchPayload, keep: (station: string) => boolean): PointBatchPayload {
  const kept = batch.stations.flatMap((station, k) => (keep(station) ? [k] : []));
  const ranges = kept.map((k) => stationRange(batch, k));
  const out = emptyBatch(
    kept.map((k) => batch.stations[k]!),
    ranges.reduce((n, range) => n + range.end - range.start, 0),
  );
  out.qualityLists.push(...batch.qualityLists);
  out.strings.push(...batch.strings);
  let at = 0;
  ranges.forEach(({ start, end }, j) => {
    for (const name of COLUMNS) (out[name] as Column).set((batch[name] as Column).subarray(start, end), at);
    for (const [position, text] of batch.texts) if (position >= start && position < end) out.texts.push([position - start + at, text]);
    at += end - start;
    out.stationEnds[j] = at;
  });
  return out;
}

/** Builds batches of one point database (not reentrant: one batch at a time). */
export class PointBatchBuilder {
  private readonly cursor: LiveCursor = { kind: 0, raw: NaN, value: NaN, deviceTime: NaN, receivedTime: NaN, changes: 0, quality: 0, type: 0 };

  constructor(private readonly points: PointDatabase) {}

  /** The batch of the parts' points, station by station in the parts' order. */
  build(parts: readonly BatchPart[]): PointBatchPayload {
    let n = 0;
    for (const part of parts) n += part.count;
    const batch = emptyBatch(
      parts.map((part) => part.station),
      n,
    );
    const qualities = new BatchTable<number>();
    const strings = new BatchTable<string>();
    let i = 0;
    parts.forEach((part, k) => {
      batch.slots.set(part.slots.subarray(0, part.count), i);
      for (const end = i + part.count; i < end; i++) this.write(batch, i, qualities, strings);
      batch.stationEnds[k] = i;
    });
    for (const id of qualities.entries.keys()) batch.qualityLists.push([...this.points.qualityWords(id)]);
    batch.strings.push(...strings.entries.keys());
    return batch;
  }

  private write(batch: PointBatchPayload, i: number, qualities: BatchTable<number>, strings: BatchTable<string>): void {
    const cursor = this.cursor;
    const slot = batch.slots[i]!;
    this.points.readLive(slot, cursor);
    batch.kinds[i] = cursor.kind;
    batch.raws[i] = cursor.raw;
    batch.values[i] = cursor.value;
    batch.deviceTimes[i] = cursor.deviceTime;
    batch.receivedTimes[i] = cursor.receivedTime;
    batch.changes[i] = cursor.changes;
    batch.qualities[i] = qualities.index(cursor.quality);
    const type = this.points.typeName(cursor.type);
    batch.types[i] = strings.index(type);
    const label = stateLabelOf(cursor.kind, cursor.raw, this.points.addressOf(slot), type, this.points.configAt(slot)?.stateLabels);
    batch.labels[i] = label === null ? 0 : strings.index(label) + 1;
    const text = this.points.text(slot);
    if (text !== undefined) batch.texts.push([i, text]);
  }
}
