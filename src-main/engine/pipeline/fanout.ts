/**
 * Fan-out of live point changes: changed points are marked per station (a point marked
 * twice is sent once, with its latest value) and flushed at a bounded rate as one
 * column-wise batch for all stations with changes: a client following all of them gets
 * that batch, a client following some gets a copy of their part, so each client receives
 * at most one message per interval however many stations changed (the renderer pays per
 * message, not only per point). Marking allocates nothing: a flag per point slot and a
 * growing list of slots per station.
 */
import type { AudienceClient, Publish } from '../../../src-shared/ipc/contract';
import type { PointDatabase } from '../points/point-database';
import type { PointBatchPayload } from '../../../src-shared/ipc/point-batch';
import { PointBatchBuilder, selectStations, type BatchPart } from './point-batch-builder';

/** Which stations a client follows: a set of ids, or every station. */
export type Subscription = Set<string> | 'all';

/** The marked slots of one station, in order of first mark. */
interface DirtyList {
  slots: Uint32Array;
  count: number;
}

/** Coalesces point changes and pushes them in batches. */
export class PointFanout {
  /** Stations with marked points; a station's list is kept (emptied) between batches. */
  private readonly dirty = new Map<string, DirtyList>();
  /** 1 for a slot marked since the last batch. */
  private marked = new Uint8Array(1024);
  private readonly builder: PointBatchBuilder;
  private readonly subscriptions = new WeakMap<AudienceClient, Subscription>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly observers: Array<(station: string, slots: ArrayLike<number>) => void> = [];
  /** Batches and points sent (statistics). */
  batches = 0;
  pointsSent = 0;

  constructor(
    points: PointDatabase,
    private readonly publish: Publish,
    private intervalMs: number,
  ) {
    this.builder = new PointBatchBuilder(points);
  }

  /** Starts the periodic flush. */
  start(): void {
    this.timer ??= setInterval(() => this.flush(), this.intervalMs);
    this.timer.unref?.();
  }

  /** Changes the flush period. */
  setInterval(ms: number): void {
    if (ms === this.intervalMs) return;
    this.intervalMs = ms;
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = null;
      this.start();
    }
  }

  /** Stops flushing. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Marks a point as changed. */
  mark(station: string, index: number): void {
    if (this.marked[index] === 1) return;
    this.add(this.dirtyOf(station), index);
  }

  /** Marks many points of a station as changed (one look-up of the station's list). */
  markMany(station: string, indices: readonly number[]): void {
    if (indices.length === 0) return;
    const list = this.dirtyOf(station);
    for (const index of indices) if (this.marked[index] !== 1) this.add(list, index);
  }

  /**
   * Forgets the pending changes of a station that was removed, so that no batch of it goes
   * out after the removal (its points are dropped; a late batch would list them again).
   */
  forget(station: string): void {
    const list = this.dirty.get(station);
    if (!list) return;
    for (let i = 0; i < list.count; i++) this.marked[list.slots[i]!] = 0;
    this.dirty.delete(station);
  }

  /**
   * Hands every flushed batch's points (station, point slots) to `observer` too, e.g. the
   * Sparkplug publisher. The slots are a view valid only during the call.
   */
  observe(observer: (station: string, slots: ArrayLike<number>) => void): void {
    this.observers.push(observer);
  }

  /** Sets which stations a client receives. */
  subscribe(client: AudienceClient, subscription: Subscription): void {
    this.subscriptions.set(client, subscription);
  }

  /** Whether a client follows a station. */
  follows(client: AudienceClient, station: string): boolean {
    if (!client.user) return false;
    const subscription = this.subscriptions.get(client);
    return subscription === 'all' || (subscription !== undefined && subscription.has(station));
  }

  /** Sends the changes of every station as one batch (see the file comment). */
  flush(): void {
    const parts: BatchPart[] = [];
    for (const [station, list] of this.dirty) if (list.count > 0) parts.push({ station, slots: list.slots, count: list.count });
    if (parts.length === 0) return;
    for (const part of parts) {
      const slots = part.slots.subarray(0, part.count);
      for (const observer of this.observers) observer(part.station, slots);
    }
    const batch = this.builder.build(parts);
    for (const part of parts) {
      for (let i = 0; i < part.count; i++) this.marked[part.slots[i]!] = 0;
      this.dirty.get(part.station)!.count = 0;
    }
    this.batches++;
    this.pointsSent += batch.slots.length;
    this.publishBatch(batch);
  }

  /**
   * Sends `batch` whole to the clients that follow all its stations, then its part to each
   * client that follows only some (found while the first send asks who takes the batch).
   */
  private publishBatch(batch: PointBatchPayload): void {
    const partial: Array<{ client: AudienceClient; subscription: Set<string> }> = [];
    this.publish('points.batch', batch, (client) => {
      const subscription = this.subscriptions.get(client);
      if (!client.user || subscription === undefined) return false;
      if (subscription === 'all' || batch.stations.every((station) => subscription.has(station))) return true;
      if (batch.stations.some((station) => subscription.has(station))) partial.push({ client, subscription });
      return false;
    });
    for (const { client, subscription } of partial) {
      const part = selectStations(batch, (station) => subscription.has(station));
      this.publish('points.batch', part, (other) => other === client);
    }
  }

  private dirtyOf(station: string): DirtyList {
    let list = this.dirty.get(station);
    if (!list) this.dirty.set(station, (list = { slots: new Uint32Array(256), count: 0 }));
    return list;
  }

  private add(list: DirtyList, index: number): void {
    if (index >= this.marked.length) this.marked = grown(this.marked, index + 1);
    if (list.count === list.slots.length) list.slots = grown(list.slots, list.count + 1);
    this.marked[index] = 1;
    list.slots[list.count++] = index;
  }
}

/** A copy of `array` at least `size` long (doubling). */
function grown<T extends Uint8Array | Uint32Array>(array: T, size: number): T {
  let length = array.length;
  while (length < size) length *= 2;
  const next = new (array.constructor as new (n: number) => T)(length);
  next.set(array);
  return next;
}
