/**
 * Builds a `points.batch` column-wise from the point database: one typed array per column
 * and small tables for the strings (quality lists, types, state labels), reading each
 * point through one reused cursor. A batch of n points allocates its dozen arrays and
 * tables, not n objects.
 */
import type { PointBatchPayload } from '../../../src-shared/ipc/point-batch';
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

/** Builds batches of one point database (not reentrant: one batch at a time). */
export class PointBatchBuilder {
  private readonly cursor: LiveCursor = { kind: 0, raw: NaN, value: NaN, deviceTime: NaN, receivedTime: NaN, changes: 0, quality: 0, type: 0 };

  constructor(private readonly points: PointDatabase) {}

  /** The batch of a station's points `slots[0..count)`. */
  build(station: string, slots: Uint32Array, count: number): PointBatchPayload {
    const batch: PointBatchPayload = {
      station,
      slots: slots.slice(0, count),
      kinds: new Uint8Array(count),
      raws: new Float64Array(count),
      values: new Float64Array(count),
      deviceTimes: new Float64Array(count),
      receivedTimes: new Float64Array(count),
      changes: new Uint32Array(count),
      qualities: new Uint16Array(count),
      qualityLists: [],
      types: new Uint16Array(count),
      labels: new Uint16Array(count),
      strings: [],
      texts: [],
    };
    const qualities = new BatchTable<number>();
    const strings = new BatchTable<string>();
    for (let i = 0; i < count; i++) this.write(batch, i, qualities, strings);
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
