/**
 * The analyzer's live feed: decoded frames of each station are queued (capped) and pushed
 * in batches to the clients analysing that station. While anyone analyses a station, its
 * session describes every frame (decode level `full`) and its wire traffic is recorded
 * (bounded) for "Save as pcap"; while nobody does, its session describes nothing.
 */
import type { AudienceClient, Publish } from '../../../src-shared/ipc/contract';
import type { AnalyzerFrame, DecodeLevel } from '../../../src-shared/session';
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

/** Sets the decode level of one station's session. */
export type DecodeLevelSetter = (level: DecodeLevel) => void;

/** Queues and pushes analyzer frames. */
export class AnalyzerFeed {
  private readonly pending = new Map<string, WireFrame[]>();
  private readonly watching = new WeakMap<AudienceClient, string>();
  private readonly watched = new Map<string, number>();
  private readonly recordings = new Map<string, TrafficRing>();
  private readonly decoders = new Map<string, DecodeLevelSetter>();

  /** `limits` bound each analysed station's recorded traffic (default TrafficRing limits). */
  constructor(
    private readonly publish: Publish,
    private readonly limits?: TrafficRingLimits,
  ) {}

  /**
   * Registers the session of a station (called for every new session): it is set to
   * `full` at once when somebody already watches the station. Returns the unregistration,
   * which leaves a later session's registration alone.
   */
  attach(station: string, setLevel: DecodeLevelSetter): () => void {
    this.decoders.set(station, setLevel);
    if (this.watched.get(station)) setLevel('full');
    return () => {
      if (this.decoders.get(station) === setLevel) this.decoders.delete(station);
    };
  }

  /**
   * Sets the station a client analyses (null = none). The first client to analyse a
   * station switches its session to decode level `full` and starts its recording; when
   * the last one leaves, the session goes back to `off` and the recording is dropped.
   */
  subscribe(client: AudienceClient, station: string | null): void {
    const before = this.watching.get(client);
    if (before !== undefined) {
      const left = (this.watched.get(before) ?? 1) - 1;
      if (left > 0) this.watched.set(before, left);
      else {
        this.watched.delete(before);
        this.recordings.delete(before);
        this.pending.delete(before);
        this.decoders.get(before)?.('off');
      }
    }
    if (station === null) this.watching.delete(client);
    else {
      this.watching.set(client, station);
      const count = (this.watched.get(station) ?? 0) + 1;
      this.watched.set(station, count);
      if (count === 1) {
        this.recordings.set(station, new TrafficRing(this.limits));
        this.decoders.get(station)?.('full');
      }
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
