/**
 * The recent wire traffic of one station, as the byte tap saw it: every chunk sent and
 * received with its time, link and connection. Bounded by a byte budget and a chunk
 * count; the oldest chunks go first.
 */
import type { ConnectionInfo } from '../../transport/connection';

/** One tapped chunk. */
export interface TrafficChunk {
  direction: 'tx' | 'rx';
  /** The driver's link index (IEC 104 redundancy links are 1, 2...). */
  link: number;
  /** Wall-clock ms since the Unix epoch (fractions kept). */
  timeMs: number;
  /** A copy of the bytes. */
  bytes: Uint8Array;
  connection: ConnectionInfo;
}

/** Limits of a ring. */
export interface TrafficRingLimits {
  /** Payload bytes kept; default 4 MiB. */
  maxBytes: number;
  /** Chunks kept; default 20,000 (bounds the per-chunk overhead of tiny frames). */
  maxChunks: number;
}

/** Default limits: a few hours of a polled RTU, a few minutes of a busy one. */
const DEFAULT_TRAFFIC_LIMITS: TrafficRingLimits = { maxBytes: 4 * 1024 * 1024, maxChunks: 20_000 };

/** A circular buffer of chunks with a byte budget. */
export class TrafficRing {
  private readonly slots: Array<TrafficChunk | undefined>;
  private head = 0;
  private count = 0;
  private total = 0;
  private dropped = 0;

  constructor(private readonly limits: TrafficRingLimits = DEFAULT_TRAFFIC_LIMITS) {
    if (limits.maxChunks < 1 || limits.maxBytes < 1) throw new Error('TrafficRing limits must be positive');
    this.slots = new Array<TrafficChunk | undefined>(limits.maxChunks);
  }

  /** Keeps a copy of a chunk, dropping the oldest chunks beyond the limits. */
  add(chunk: TrafficChunk): void {
    const kept = { ...chunk, bytes: chunk.bytes.slice(0, this.limits.maxBytes) };
    while (this.count > 0 && (this.count === this.limits.maxChunks || this.total + kept.bytes.length > this.limits.maxBytes)) this.dropOldest();
    this.slots[(this.head + this.count) % this.limits.maxChunks] = kept;
    this.count++;
    this.total += kept.bytes.length;
  }

  /** The kept chunks, oldest first. */
  chunks(): TrafficChunk[] {
    const out: TrafficChunk[] = [];
    for (let i = 0; i < this.count; i++) out.push(this.slots[(this.head + i) % this.limits.maxChunks]!);
    return out;
  }

  /** Chunks kept. */
  get size(): number {
    return this.count;
  }

  /** Payload bytes kept. */
  get bytes(): number {
    return this.total;
  }

  /** Chunks dropped so far to stay within the limits. */
  get droppedChunks(): number {
    return this.dropped;
  }

  private dropOldest(): void {
    const oldest = this.slots[this.head]!;
    this.slots[this.head] = undefined;
    this.head = (this.head + 1) % this.limits.maxChunks;
    this.count--;
    this.total -= oldest.bytes.length;
    this.dropped++;
  }
}
