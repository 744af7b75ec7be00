/**
 * The analyzer's live feed: decoded frames of each station are queued (capped) and pushed
 * in batches to the clients analysing that station.
 */
import type { AudienceClient, Publish } from '../../src-shared/ipc/contract';
import type { AnalyzerFrame } from '../../src-shared/session';

/** Frames kept per station between two flushes; older ones are dropped. */
const MAX_PENDING = 500;

type WireFrame = { time: number; direction: 'tx' | 'rx'; protocol: 'dnp3' | 'iec104'; summary: string; hex: string; fields?: AnalyzerFrame['fields']; error?: string };

/** Queues and pushes analyzer frames. */
export class AnalyzerFeed {
  private readonly pending = new Map<string, WireFrame[]>();
  private readonly watching = new WeakMap<AudienceClient, string>();
  private readonly watched = new Map<string, number>();

  constructor(private readonly publish: Publish) {}

  /** Sets the station a client analyses (null = none). */
  subscribe(client: AudienceClient, station: string | null): void {
    const before = this.watching.get(client);
    if (before !== undefined) this.watched.set(before, Math.max(0, (this.watched.get(before) ?? 1) - 1));
    if (station === null) this.watching.delete(client);
    else {
      this.watching.set(client, station);
      this.watched.set(station, (this.watched.get(station) ?? 0) + 1);
    }
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
    list.push({
      time,
      direction: frame.direction,
      protocol: frame.protocol,
      summary: frame.summary,
      hex: Buffer.from(frame.bytes.buffer, frame.bytes.byteOffset, frame.bytes.byteLength).toString('hex'),
      ...(frame.fields ? { fields: frame.fields } : {}),
      ...(frame.error ? { error: frame.error } : {}),
    });
  }

  /** Pushes the queued frames. */
  flush(): void {
    for (const [station, frames] of this.pending) {
      this.publish('analyzer.frames', { station, frames }, (client) => client.user !== null && this.watching.get(client) === station);
    }
    this.pending.clear();
  }
}
