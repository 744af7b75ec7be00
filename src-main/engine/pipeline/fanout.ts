/**
 * Fan-out of live point changes: changed points are marked per station (a point marked
 * twice is sent once, with its latest value) and flushed as one batch per station at a
 * bounded rate, only to the clients subscribed to that station.
 */
import type { AudienceClient, Publish } from '../../../src-shared/ipc/contract';
import type { PointDatabase } from '../points/point-database';
import { toSample } from './point-view';

/** Which stations a client follows: a set of ids, or every station. */
export type Subscription = Set<string> | 'all';

/** Coalesces point changes and pushes them in batches. */
export class PointFanout {
  private dirty = new Map<string, Set<number>>();
  private readonly subscriptions = new WeakMap<AudienceClient, Subscription>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly observers: Array<(station: string, indices: ReadonlySet<number>) => void> = [];
  /** Batches and points sent (statistics). */
  batches = 0;
  pointsSent = 0;

  constructor(
    private readonly points: PointDatabase,
    private readonly publish: Publish,
    private intervalMs: number,
  ) {}

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
    this.dirtyOf(station).add(index);
  }

  /** Marks many points of a station as changed (one look-up of the station's set). */
  markMany(station: string, indices: readonly number[]): void {
    if (indices.length === 0) return;
    const set = this.dirtyOf(station);
    for (const index of indices) set.add(index);
  }

  /**
   * Forgets the pending changes of a station that was removed, so that no batch of it goes
   * out after the removal (its points are dropped; a late batch would list them again).
   */
  forget(station: string): void {
    this.dirty.delete(station);
  }

  /** Hands every flushed batch's points (station, indices) to `observer` too, e.g. the Sparkplug publisher. */
  observe(observer: (station: string, indices: ReadonlySet<number>) => void): void {
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
    if (this.dirty.size === 0) return;
    const dirty = this.dirty;
    this.dirty = new Map();
    for (const [station, indices] of dirty) {
      for (const observer of this.observers) observer(station, indices);
      const points = [];
      for (const index of indices) points.push(toSample(this.points.get(index)));
      this.batches++;
      this.pointsSent += points.length;
      this.publish('points.batch', { station, points }, (client) => this.follows(client, station));
    }
  }

  private dirtyOf(station: string): Set<number> {
    let set = this.dirty.get(station);
    if (!set) {
      set = new Set();
      this.dirty.set(station, set);
    }
    return set;
  }
}
