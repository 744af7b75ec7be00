/**
 * The analyzer's live feed: decoded frames of each station are queued (capped) and pushed
 * in batches to the clients analysing that station. While anyone analyses a station, its
 * wire traffic is also recorded (bounded) for "Save as pcap".
 */
import type { AudienceClient, Publish } from '../../../src-shared/ipc/contract';
import type { AnalyzerFrame } from '../../../src-shared/session';
import type { ByteTap } from '../../transport/byte-tap';
import { TrafficRing, type TrafficRingLimits } from './traffic-ring';

/** Frames kept per station between two flushes; older ones are dropped. */
const MAX_PENDING = 500;

/** An analyzer frame as the contract carries it (`analyzer.frames`, opened captures). */
export type WireFrame = { time: number; direction: 'tx' | 'rx'; protocol: 'dnp3' | 'iec104'; summary: string; hex: string; fields?: AnalyzerFrame['fields']; error?: string };

/** The contract's form of an analyzer frame seen at `time` (ms since the epoch). */
export function wireFrame(frame: AnalyzerFrame, time: number): WireFrame {
  return {
    time,
    direction: frame.direction,
    protocol: frame.protocol,
    summary: frame.summary,
    hex: Buffer.from(frame.bytes.buffer, frame.bytes.byteOffset, frame.bytes.byteLength).toString('hex'),
    ...(frame.fields ? { fields: frame.fields } : {}),
    ...(frame.error ? { error: frame.error } : {}),
  };
}

/** Queues and pushes analyzer frames. */
export class AnalyzerFeed {
  private readonly pending = new Map<string, WireFrame[]>();
  private readonly watching = new WeakMap<AudienceClient, string>();
  private readonly watched = new Map<string, number>();
  private readonly recordings = new Map<string, TrafficRing>();

  /** `limits` bound each analysed station's recorded traffic (default TrafficRing limits). */
  constructor(
    private readonly publish: Publish,
    private readonly limits?: TrafficRingLimits,
  ) {}

  /**
   * Sets the station a client analyses (null = none). The first client to analyse a
   * station starts its recording; when the last one leaves, the recording is dropped.
   */
  subscribe(client: AudienceClient, station: string | null): void {
    const before = this.watching.get(client);
    if (before !== undefined) {
      const left = (this.watched.get(before) ?? 1) - 1;
      if (left > 0) this.watched.set(before, left);
      else {
        this.watched.delete(before);
        this.recordings.delete(before);
      }
    }
    if (station === null) this.watching.delete(client);
    else {
      this.watching.set(client, station);
      this.watched.set(station, (this.watched.get(station) ?? 0) + 1);
      if (!this.recordings.has(station)) this.recordings.set(station, new TrafficRing(this.limits));
    }
  }

  /** Records a chunk of a station's wire traffic (only while someone analyses it). */
  tap(station: string, ...[direction, link, bytes, nowMs, connection]: Parameters<ByteTap>): void {
    this.recordings.get(station)?.add({ direction, link, bytes, timeMs: performance.timeOrigin + nowMs, connection });
  }

  /** The recorded traffic of a station, or null when nobody analyses it. */
  recording(station: string): TrafficRing | null {
    return this.recordings.get(station) ?? null;
  }

  /** Queues a frame of a station (only while someone analyses it). */
  add(station: string, frame: AnalyzerFrame, time = Date.now()): void {
    if (!this.watched.get(station)) return;
    let list = this.pending.get(station);
    if (!list) {
      list = [];
      this.pending.set(station, list);
    }
    if (list.length >= MAX_PENDING) list.shift();
    list.push(wireFrame(frame, time));
  }

  /** Pushes the queued frames. */
  flush(): void {
    for (const [station, frames] of this.pending) {
      this.publish('analyzer.frames', { station, frames }, (client) => client.user !== null && this.watching.get(client) === station);
    }
    this.pending.clear();
  }
}
