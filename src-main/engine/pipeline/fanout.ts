/**
 * Fan-out of live point changes: changed points are marked per station (a point marked
 * twice is sent once, with its latest value) and flushed as one column-wise batch per
 * station at a bounded rate, only to the clients subscribed to that station. Marking
 * allocates nothing: a flag per point slot and a growing list of slots per station.
 */
import type { AudienceClient, Publish } from '../../../src-shared/ipc/contract';
import type { PointDatabase } from '../points/point-database';
import { PointBatchBuilder } from './point-batch-builder';

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

  /** Sends one batch per station with changes. */
  flush(): void {
    for (const [station, list] of this.dirty) {
      if (list.count === 0) continue;
      const slots = list.slots.subarray(0, list.count);
      for (const observer of this.observers) observer(station, slots);
      const batch = this.builder.build(station, list.slots, list.count);
      for (let i = 0; i < list.count; i++) this.marked[list.slots[i]!] = 0;
      list.count = 0;
      this.batches++;
      this.pointsSent += batch.slots.length;
      this.publish('points.batch', batch, (client) => this.follows(client, station));
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
