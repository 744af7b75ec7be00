/**
 * The simulator's point database: current values and flags per type, class assignment,
 * and one event buffer per class with overflow.
 */
import { codecFor } from '../app/objects/table';
import type { PointCodec, PointData } from '../app/objects/types';
import { SIM_TYPES, type ResolvedOutstationConfig, type SimClass, type SimPointType } from './config';

/** One buffered event. */
export interface SimEvent {
  type: SimPointType;
  index: number;
  point: PointData;
}

/** Static (class 0) and event variations the simulator reports by default. */
export const STATIC_CODEC: Record<SimPointType, PointCodec> = {
  bi: codecFor(1, 2) as PointCodec,
  dbi: codecFor(3, 2) as PointCodec,
  bo: codecFor(10, 2) as PointCodec,
  ai: codecFor(30, 1) as PointCodec,
  ao: codecFor(40, 1) as PointCodec,
  ctr: codecFor(20, 1) as PointCodec,
  fc: codecFor(21, 1) as PointCodec,
};

/** Event variations (with absolute time). */
export const EVENT_CODEC: Record<SimPointType, PointCodec> = {
  bi: codecFor(2, 2) as PointCodec,
  dbi: codecFor(4, 2) as PointCodec,
  bo: codecFor(11, 2) as PointCodec,
  ai: codecFor(32, 3) as PointCodec,
  ao: codecFor(42, 3) as PointCodec,
  ctr: codecFor(22, 5) as PointCodec,
  fc: codecFor(23, 5) as PointCodec,
};

/** Static groups and event groups of each type, for reads by group. */
export const STATIC_GROUP: Record<number, SimPointType> = { 1: 'bi', 3: 'dbi', 10: 'bo', 20: 'ctr', 21: 'fc', 30: 'ai', 40: 'ao' };
/** Event groups of each type. */
export const EVENT_GROUP: Record<number, SimPointType> = { 2: 'bi', 4: 'dbi', 11: 'bo', 22: 'ctr', 23: 'fc', 32: 'ai', 42: 'ao' };

/** FIFO of events with O(1) removal from the front. */
export class EventQueue {
  private items: SimEvent[] = [];
  private head = 0;

  /** Events held. */
  get length(): number {
    return this.items.length - this.head;
  }

  /** The i-th event from the front. */
  at(i: number): SimEvent | undefined {
    return this.items[this.head + i];
  }

  /** Appends an event. */
  push(e: SimEvent): void {
    this.items.push(e);
  }

  /** Drops the first `n` events. */
  drop(n: number): void {
    this.head = Math.min(this.items.length, this.head + n);
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
}

/** Values, classes and event buffers. */
export class SimDatabase {
  readonly values: Record<SimPointType, PointData[]>;
  readonly classes: Record<SimPointType, SimClass>;
  /** Event buffers of classes 1, 2, 3 (index 0 unused). */
  readonly events: EventQueue[] = [new EventQueue(), new EventQueue(), new EventQueue(), new EventQueue()];
  overflow = false;

  constructor(private readonly cfg: ResolvedOutstationConfig) {
    this.classes = { ...cfg.classes };
    const values = {} as Record<SimPointType, PointData[]>;
    for (const t of SIM_TYPES) {
      values[t] = Array.from({ length: cfg.counts[t] }, () => ({ flags: 0x01, value: t === 'bi' || t === 'bo' ? false : t === 'dbi' ? 1 : 0, time: null }));
    }
    this.values = values;
  }

  /** Sets a value and records an event in the type's class (when not 0). */
  update(type: SimPointType, index: number, value: number | boolean, timeMs: number): void {
    const p = this.values[type][index];
    if (!p) return;
    p.value = value;
    p.time = timeMs;
    const cls = this.classes[type];
    if (cls === 0) return;
    const buf = this.events[cls]!;
    if (buf.length >= this.cfg.eventBufferSize) {
      // buffer full: the oldest event is lost and EVENT_BUFFER_OVERFLOW is reported
      buf.drop(1);
      this.overflow = true;
    }
    buf.push({ type, index, point: { flags: p.flags, value, time: timeMs } });
  }

  /** Events pending in a class. */
  pending(cls: 1 | 2 | 3): number {
    return this.events[cls]!.length;
  }

  /** Removes the first `n` events of a class (confirmed). */
  confirm(cls: 1 | 2 | 3, n: number): void {
    this.events[cls]!.drop(n);
    if (this.events.every((b) => b.length < this.cfg.eventBufferSize)) this.overflow = false;
  }
}
