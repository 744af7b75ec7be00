/**
 * A DNP3 serial channel: one port shared by the stations (outstations) on its multidrop
 * line. The channel owns the port; each station attached to it gets its own Connection,
 * so a station's master session runs over a SessionDriver exactly as over TCP.
 *
 * Received frames are routed by link source address (and our master address as
 * destination) to their station; a frame no station expects goes to every station, whose
 * link layer names it (WRONG_SOURCE) and whose address watch sees it. Transmissions go
 * through a {@link SerialLineArbiter}: one outstanding transaction on the line at a time,
 * with the inter-frame gap. Stations of one port must agree on the line settings.
 * The port opens with the first station and closes with the last; when it is lost every
 * station's connection ends with PORT_LOST and their drivers reconnect.
 */
import { LinkFramer } from '../protocols/dnp3';
import { BufferedConnection } from './connection';
import { SerialLineArbiter } from './serial-line-arbiter';
import { openSerialLine, type SerialLine } from './serial-port';
import { describeLineFormat, lineDifference, serialResponseTimeoutMs, wireTimeMs, type SerialLineSettings } from './serial-settings';
import { transportError, type TransportError, type TransportResult } from './transport-error';

/** One station's place on a serial line. */
export interface SerialStationSpec {
  line: SerialLineSettings;
  masterAddress: number;
  outstationAddress: number;
  /** The station's configured response timeout (the line's hold timeout adds the wire time of the longest frame). */
  responseTimeoutMs: number;
}

/** Counters of one serial line, for station details and the check. */
export interface SerialLineStats {
  path: string;
  /** `9600 8N1`. */
  format: string;
  stations: number[];
  bytesTx: number;
  bytesRx: number;
  framesTx: number;
  framesRx: number;
  /** Frames that failed their header or block CRC, and octets outside any frame (noise, a wrong baud rate). */
  crcErrors: number;
  discardedOctets: number;
  /** Frames from addresses no station on the line has. */
  unroutedFrames: number;
  transactions: number;
  holdTimeouts: number;
  /** Longest wait of a frame for the line, ms. */
  maxWaitMs: number;
  /** The station (outstation address) holding the line, if any. */
  holder: number | null;
}

interface Attached {
  spec: SerialStationSpec;
  conn: BufferedConnection;
  /** Splits what the master session writes into link frames. */
  txFramer: LinkFramer;
}

const channels = new Map<string, SerialChannel>();
/** The final counters of the last channel of each port that closed. */
const closedStats = new Map<string, SerialLineStats>();

/** One open (or opening) serial port and its stations. */
class SerialChannel {
  private line: SerialLine | null = null;
  private readonly stations = new Map<number, Attached>();
  private readonly rxFramer = new LinkFramer();
  private readonly arbiter: SerialLineArbiter;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private counts = { bytesTx: 0, bytesRx: 0, framesTx: 0, framesRx: 0, unroutedFrames: 0 };
  private closed = false;

  constructor(
    readonly settings: SerialLineSettings,
    private holdTimeoutMs: number,
  ) {
    this.arbiter = new SerialLineArbiter({
      holdTimeoutMs: 0,
      gapMs: settings.interFrameGapMs,
      wireMs: (octets) => wireTimeMs(octets, settings),
    });
    this.setHold(holdTimeoutMs);
  }

  /** Opens the port; on failure the channel is forgotten. */
  async open(): Promise<TransportResult<void>> {
    const opened = await openSerialLine(this.settings);
    if (!opened.ok) return opened;
    this.line = opened.value;
    this.line.start({ onData: (bytes) => this.onRx(bytes), onClose: (error) => this.onLost(error) });
    return { ok: true, value: undefined };
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Adds a station; its Connection ends when the port does. */
  attach(spec: SerialStationSpec): TransportResult<BufferedConnection> {
    const difference = lineDifference(this.settings, spec.line);
    if (difference !== null) {
      return { ok: false, error: transportError('OTHER', `${spec.line.path} is open with other line settings (${difference}); stations of one port must agree`) };
    }
    if (this.stations.has(spec.outstationAddress)) {
      return { ok: false, error: transportError('OTHER', `${spec.line.path}: outstation ${spec.outstationAddress} is already on this line`) };
    }
    const outstation = spec.outstationAddress;
    const conn = new BufferedConnection(
      { transport: 'serial', initiator: 'local', path: spec.line.path, format: describeLineFormat(spec.line), outstation },
      { write: (bytes) => this.onTx(outstation, bytes), end: () => this.detach(outstation), destroy: () => this.detach(outstation) },
    );
    this.stations.set(outstation, { spec, conn, txFramer: new LinkFramer() });
    this.setHold(Math.max(this.holdTimeoutMs, serialResponseTimeoutMs(spec.responseTimeoutMs, spec.line)));
    return { ok: true, value: conn };
  }

  /** The line's counters. */
  stats(): SerialLineStats {
    const framer = this.rxFramer.stats;
    return {
      path: this.settings.path,
      format: describeLineFormat(this.settings),
      stations: [...this.stations.keys()].sort((a, b) => a - b),
      ...this.counts,
      crcErrors: framer.headerCrcErrors + framer.blockCrcErrors,
      discardedOctets: framer.discardedOctets,
      ...this.arbiter.stats,
      holder: this.arbiter.holder,
    };
  }

  private setHold(ms: number): void {
    this.holdTimeoutMs = ms;
    this.arbiter.setHoldTimeout(ms);
  }

  private onRx(bytes: Uint8Array): void {
    const now = performance.now();
    this.counts.bytesRx += bytes.length;
    this.arbiter.heard(now);
    for (const item of this.rxFramer.push(bytes)) {
      if (!item.ok) continue;
      this.counts.framesRx++;
      const frame = item.frame;
      const station = this.stations.get(frame.source);
      if (station && station.spec.masterAddress === frame.destination) {
        this.arbiter.received(frame.source, frame, now);
        station.conn.push(item.raw);
      } else {
        this.counts.unroutedFrames++;
        for (const other of this.stations.values()) other.conn.push(item.raw);
      }
    }
    this.pump();
  }

  private onTx(outstation: number, bytes: Uint8Array): void {
    const station = this.stations.get(outstation);
    if (!station) return;
    const now = performance.now();
    for (const item of station.txFramer.push(bytes)) if (item.ok) this.arbiter.submit(outstation, item.frame, item.raw, now);
    this.pump();
  }

  private pump(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.line) return;
    const now = performance.now();
    const { send, wakeAtMs } = this.arbiter.pump(now);
    for (const out of send) {
      this.counts.framesTx++;
      this.counts.bytesTx += out.bytes.length;
      this.line.write(out.bytes);
    }
    if (wakeAtMs !== null) this.timer = setTimeout(() => this.pump(), Math.max(0, Math.ceil(wakeAtMs - now)));
  }

  private detach(outstation: number): void {
    const station = this.stations.get(outstation);
    if (!station) return;
    this.stations.delete(outstation);
    this.arbiter.remove(outstation);
    station.conn.closed(transportError('CLOSED', 'closed here'));
    if (this.stations.size === 0) this.shutdown();
    else this.pump();
  }

  private onLost(error: TransportError): void {
    const stations = [...this.stations.values()];
    this.stations.clear();
    this.shutdown();
    for (const station of stations) station.conn.closed(error);
  }

  private shutdown(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (channels.get(this.settings.path) === this) channels.delete(this.settings.path);
    closedStats.set(this.settings.path, this.stats());
    this.line?.close();
  }
}

/** Ports being opened, so that stations dialling at once share one open. */
const opening = new Map<string, Promise<TransportResult<SerialChannel>>>();

async function channelFor(spec: SerialStationSpec): Promise<TransportResult<SerialChannel>> {
  const path = spec.line.path;
  const open = channels.get(path);
  if (open && !open.isClosed) return { ok: true, value: open };
  let pending = opening.get(path);
  if (!pending) {
    const channel = new SerialChannel(spec.line, serialResponseTimeoutMs(spec.responseTimeoutMs, spec.line));
    pending = channel.open().then((result) => {
      opening.delete(path);
      if (!result.ok) return result;
      channels.set(path, channel);
      return { ok: true as const, value: channel };
    });
    opening.set(path, pending);
  }
  return pending;
}

/**
 * Attaches a station to the channel of its port, opening the port if no station has it
 * open yet. Fails with the port's error (PORT_MISSING, PORT_BUSY, PERMISSION_DENIED,
 * RS485_UNSUPPORTED) or when the station's line settings disagree with the open port's.
 */
export async function attachSerialStation(spec: SerialStationSpec): Promise<TransportResult<BufferedConnection>> {
  const channel = await channelFor(spec);
  return channel.ok ? channel.value.attach(spec) : channel;
}

/** The counters of the port at `path` while it is open, else null. */
export function serialLineStats(path: string): SerialLineStats | null {
  return channels.get(path)?.stats() ?? null;
}

/** The final counters of the port at `path` when it last closed (what a finished check saw), else null. */
export function lastSerialLineStats(path: string): SerialLineStats | null {
  return closedStats.get(path) ?? null;
}
