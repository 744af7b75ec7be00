/**
 * The Sparkplug B edge node as a sans-IO state machine: it turns the node's MQTT session
 * and its devices' state and changes into the messages to publish, in order and with the
 * specification's sequence numbers. No sockets, no timers, no clock: time comes in as
 * `nowMs`, messages go out as values for the MQTT glue to encode and publish.
 *
 * - bdSeq (0..255) counts MQTT sessions (a node replacing another of the same process
 *   continues from its `lastBdSeq`): {@link EdgeNode.prepareConnect} takes the next one
 *   and returns the NDEATH to register as the will; NBIRTH carries the same bdSeq.
 * - seq (0..255, wrapping) numbers every message of a session: NBIRTH is 0, then each
 *   DBIRTH, DDATA and DDEATH takes the next.
 * - A device is born (DBIRTH with every point) while its station is up; DDEATH when it
 *   goes down; a point the birth did not announce, or whose datatype changed, makes the
 *   device be born again instead of a DDATA.
 * - Offline, changes are kept as DDATA (bounded; the oldest dropped and counted) and sent
 *   after the births of the next session with their metrics marked historical.
 */
import type { UMetric, UPayload } from 'sparkplug-payload/lib/sparkplugbpayload';
import { birthMetric, dataMetric, metricTypeOf, passesDeadband, publishedOf, type MetricPoint, type MetricType, type Published } from './metrics';
import { topicOf, type MessageType, type NodeIds } from './topics';

/** One message to publish. */
export interface SparkplugMessage {
  type: MessageType;
  topic: string;
  payload: UPayload;
}

/** Where the node reads its devices: the ones up now and every point of one. */
export interface DeviceSource {
  /** Devices whose station is up (they are born with the node). */
  devicesUp(): string[];
  /** Every point of a device (command-only points included). */
  points(device: string): MetricPoint[];
}

/** Counters shown in the status. */
export interface EdgeNodeCounters {
  /** Messages handed out for publishing (this process). */
  sent: number;
  /** Metrics in them. */
  metrics: number;
  /** DDATA waiting for the broker. */
  buffered: number;
  /** DDATA dropped: the buffer was full, or its device was down when the broker returned. */
  dropped: number;
}

/** The name of the node's rebirth metric (NBIRTH; NCMD). */
export const REBIRTH_METRIC = 'Node Control/Rebirth';
/** The name of the birth/death sequence metric. */
const BDSEQ_METRIC = 'bdSeq';

interface Born {
  aliases: Map<string, number>;
  types: Map<number, MetricType>;
}

interface Buffered {
  device: string;
  metrics: UMetric[];
  at: number;
}

/** The edge node's state: session, sequences, born devices, deadbands, offline buffer. */
export class EdgeNode {
  private bdSeq: number;
  private seq = 0;
  private online = false;
  private readonly born = new Map<string, Born>();
  private readonly aliases = new Map<string, number>();
  /** What was last published of each point, by device and address. */
  private readonly published = new Map<string, Map<string, Published>>();
  private buffer: Buffered[] = [];
  private readonly counters: EdgeNodeCounters = { sent: 0, metrics: 0, buffered: 0, dropped: 0 };

  constructor(
    readonly ids: NodeIds,
    private readonly source: DeviceSource,
    private readonly bufferLimit = 10_000,
    lastBdSeq = -1,
  ) {
    this.bdSeq = lastBdSeq;
  }

  /** Whether an MQTT session is up (births sent). */
  get connected(): boolean {
    return this.online;
  }

  /** The bdSeq of the current (or coming) MQTT session; -1 before the first. */
  get birthDeathSeq(): number {
    return this.bdSeq;
  }

  /** A copy of the counters. */
  get stats(): EdgeNodeCounters {
    return { ...this.counters, buffered: this.buffer.length };
  }

  /** The point a device's birth gave `alias`, for DCMD metrics sent by alias. */
  addressOfAlias(device: string, alias: number): string | undefined {
    const born = this.born.get(device);
    if (!born) return undefined;
    for (const [address, a] of born.aliases) if (a === alias) return address;
    return undefined;
  }

  /** Takes the next bdSeq for a new MQTT connection and returns its will (NDEATH). */
  prepareConnect(nowMs: number): SparkplugMessage {
    this.bdSeq = (this.bdSeq + 1) % 256;
    return this.death(nowMs);
  }

  /** The NDEATH of the current session (the will, or published before an orderly disconnect). */
  death(nowMs: number): SparkplugMessage {
    return { type: 'NDEATH', topic: topicOf(this.ids, 'NDEATH'), payload: { timestamp: nowMs, metrics: [{ name: BDSEQ_METRIC, type: 'Int64', value: this.bdSeq }] } };
  }

  /** The MQTT session is up: NBIRTH, a DBIRTH per device up, then the buffered DDATA. */
  connect(nowMs: number): SparkplugMessage[] {
    this.online = true;
    const out = this.births(nowMs);
    const pending = this.buffer;
    this.buffer = [];
    for (const item of pending) {
      if (this.born.has(item.device)) out.push(this.numbered('DDATA', item.device, item.metrics, item.at));
      else this.counters.dropped++;
    }
    return out;
  }

  /** The MQTT session is gone: devices are no longer born; changes are buffered. */
  disconnect(): void {
    this.online = false;
    this.born.clear();
  }

  /** NCMD Node Control/Rebirth: NBIRTH (seq 0, same bdSeq) and every device's DBIRTH again. */
  rebirth(nowMs: number): SparkplugMessage[] {
    if (!this.online) return [];
    this.born.clear();
    return this.births(nowMs);
  }

  /** A station came up: its DBIRTH. */
  deviceUp(device: string, nowMs: number): SparkplugMessage[] {
    return this.online ? [this.deviceBirth(device, nowMs)] : [];
  }

  /** A station went down: its DDEATH (when it was born). */
  deviceDown(device: string, nowMs: number): SparkplugMessage[] {
    if (!this.online || !this.born.delete(device)) return [];
    return [this.numbered('DDEATH', device, [], nowMs)];
  }

  /** Forgets a removed device entirely (aliases stay reserved so that none is reused). */
  forgetDevice(device: string, nowMs: number): SparkplugMessage[] {
    const out = this.deviceDown(device, nowMs);
    this.published.delete(device);
    return out;
  }

  /**
   * One batch of changed points of a device: a DDATA of those that pass their deadband (or
   * a DBIRTH when one was not in the birth), buffered while offline. Devices that are not
   * born while online publish nothing.
   */
  changed(device: string, points: readonly MetricPoint[], nowMs: number): SparkplugMessage[] {
    const state = this.born.get(device);
    if (this.online && !state) return [];
    const metrics: UMetric[] = [];
    const published = this.publishedOf(device);
    for (const point of points) {
      if (!passesDeadband(point, published.get(point.address))) continue;
      const alias = state?.aliases.get(point.address) ?? this.aliases.get(`${device}\u0000${point.address}`);
      const type = metricTypeOf(point);
      if (state && (alias === undefined || state.types.get(alias) !== type)) return [this.deviceBirth(device, nowMs)];
      if (alias === undefined) continue;
      metrics.push(dataMetric(point, alias, type, nowMs, !this.online));
      published.set(point.address, publishedOf(point));
    }
    if (metrics.length === 0) return [];
    if (this.online) return [this.numbered('DDATA', device, metrics, nowMs)];
    this.keep({ device, metrics, at: nowMs });
    return [];
  }

  private keep(item: Buffered): void {
    if (this.bufferLimit === 0) {
      this.counters.dropped++;
      return;
    }
    if (this.buffer.length >= this.bufferLimit) {
      this.buffer.shift();
      this.counters.dropped++;
    }
    this.buffer.push(item);
  }

  private births(nowMs: number): SparkplugMessage[] {
    this.seq = 0;
    const nbirth: UMetric[] = [
      { name: BDSEQ_METRIC, type: 'Int64', value: this.bdSeq },
      { name: REBIRTH_METRIC, type: 'Boolean', value: false },
    ];
    const out = [this.message('NBIRTH', undefined, nbirth, nowMs)];
    for (const device of this.source.devicesUp()) out.push(this.deviceBirth(device, nowMs));
    return out;
  }

  private deviceBirth(device: string, nowMs: number): SparkplugMessage {
    const born: Born = { aliases: new Map(), types: new Map() };
    const published = this.publishedOf(device);
    const metrics = this.source.points(device).map((point) => {
      const alias = this.aliasOf(`${device}\u0000${point.address}`);
      born.aliases.set(point.address, alias);
      born.types.set(alias, metricTypeOf(point));
      published.set(point.address, publishedOf(point));
      return birthMetric(point, alias, nowMs);
    });
    this.born.set(device, born);
    return this.numbered('DBIRTH', device, metrics, nowMs);
  }

  private publishedOf(device: string): Map<string, Published> {
    let published = this.published.get(device);
    if (!published) this.published.set(device, (published = new Map()));
    return published;
  }

  /** Aliases are unique within the node and never reused for another point. */
  private aliasOf(key: string): number {
    let alias = this.aliases.get(key);
    if (alias === undefined) {
      alias = this.aliases.size + 1;
      this.aliases.set(key, alias);
    }
    return alias;
  }

  private numbered(type: MessageType, device: string, metrics: UMetric[], nowMs: number): SparkplugMessage {
    this.seq = (this.seq + 1) % 256;
    return this.message(type, device, metrics, nowMs);
  }

  private message(type: MessageType, device: string | undefined, metrics: UMetric[], nowMs: number): SparkplugMessage {
    this.counters.sent++;
    this.counters.metrics += metrics.length;
    return { type, topic: topicOf(this.ids, type, device), payload: { timestamp: nowMs, seq: this.seq, metrics } };
  }
}
