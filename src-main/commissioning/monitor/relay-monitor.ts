/**
 * The passive monitor's relay mode: a transparent TCP relay between a master and its
 * outstation (src-main/transport/tcp-relay.ts) whose two directions are decoded as they
 * pass (protocols/capture LinkMonitor) and, when asked, written as a pcap file (Ethernet,
 * IPv4/IPv6, TCP with sequence numbers that follow the octets, so tshark reassembles it).
 * The monitor never sends anything of its own: what it forwards is what it received.
 *
 * Frame numbers are those of the pcap the relay writes (or would write without a file):
 * the synthetic handshake of each connection, then one or more TCP segments per chunk; a
 * record carries the number of the segment that completed it, as `decode` of the file does.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import type { AnalyzerFrame, PointUpdate } from '../../../src-shared/session';
import { LinkMonitor, type DecodedRecord } from '../../protocols/capture';
import { CaptureSynth, PcapWriter, type FlowSpec } from '../../protocols/pcap';
import { startRelay, type Relay, type RelayConnection, type RelayTap, type TransportError } from '../../transport';
import { protocolByOctets, protocolByPort, type MonitorProtocol } from './monitor-protocol';

/** What the monitor reports as it observes. */
export interface MonitorSink {
  opened(connection: RelayConnection): void;
  closed(connection: RelayConnection, reason: TransportError): void;
  /** A DNP3 application fragment or IEC 104 APDU (as `decode` prints it); `tx` from the master. */
  record(connection: RelayConnection, record: DecodedRecord, direction: 'tx' | 'rx'): void;
  /** A link frame / APDU with its field tree on demand. */
  frame?(connection: RelayConnection, frame: number, describe: () => AnalyzerFrame): void;
  /** Values a response or monitor-direction ASDU carried (read-only: nothing is written anywhere). */
  points?(connection: RelayConnection, frame: number, updates: PointUpdate[]): void;
  /** A connection whose protocol could not be told (no --protocol, no standard port, unknown first octets). */
  undecoded?(connection: RelayConnection, why: string): void;
}

/** Relay monitor settings. */
export interface RelayMonitorOptions {
  listen: { host: string; port: number };
  forward: { host: string; port: number };
  /** Without it: by the standard port, else by the first octets. */
  protocol?: MonitorProtocol;
  /** The pcap file to write. */
  out?: string;
  connectTimeoutMs?: number;
  sink: MonitorSink;
}

/** A running relay monitor. */
export interface RelayMonitor {
  readonly relay: Relay;
  /** Packets in the pcap (written or counted). */
  readonly packets: number;
  /** Octets handed to the pcap file (0 without one; fewer than the link's once writing stopped). */
  readonly fileBytes: number;
  /** Why writing the pcap failed, if it did. */
  readonly fileError: string | null;
  /** Stops the relay, closes its connections (FINs in the pcap) and the file. */
  stop(): Promise<void>;
}

interface Observed {
  spec: FlowSpec;
  monitor: LinkMonitor | null;
  undecided: boolean;
}

/**
 * Octets the pcap file may fall behind the link before writing stops (the relay itself is
 * never slowed for the file: the link being watched must not notice the monitor).
 */
const MAX_FILE_BACKLOG = 64 * 1024 * 1024;

/** Writes a relay's traffic as pcap records (to a file, or only counting them). */
class RelayPcap {
  private readonly synth: CaptureSynth;
  packets = 0;
  /** Octets handed to the file. */
  octets = 0;
  error: string | null = null;
  /** Whether records still go to the file (false once it fell too far behind). */
  private writing: boolean;

  constructor(
    private readonly out: WriteStream | null,
    writer: PcapWriter,
  ) {
    this.writing = out !== null;
    this.synth = new CaptureSynth(writer);
    out?.on('error', (e) => (this.error ??= e.message));
    if (out) this.put(writer.fileHeader());
  }

  /** Writes `bytes` of `key`'s flow; returns the frame number of its last packet. */
  data(key: string, spec: FlowSpec, fromClient: boolean, bytes: Uint8Array): number {
    const records = this.synth.data(key, spec, fromClient, bytes, Date.now());
    if (!records.ok) {
      this.error ??= records.error.message;
      return this.packets;
    }
    this.write(records.value);
    return this.packets;
  }

  close(key: string): void {
    this.write(this.synth.close(key, Date.now()));
  }

  end(): Promise<void> {
    for (const key of this.synth.openFlows()) this.close(key);
    return new Promise((resolve) => (this.out ? this.out.end(() => resolve()) : resolve()));
  }

  private write(records: Uint8Array[]): void {
    if (this.writing && this.out && this.out.writableLength > MAX_FILE_BACKLOG) {
      this.writing = false;
      this.error ??= `the disk fell ${MAX_FILE_BACKLOG >> 20} MiB behind the link: the pcap ends at packet ${this.packets} (the relay went on)`;
    }
    if (this.writing) for (const r of records) this.put(r);
    this.packets += records.length;
  }

  private put(octets: Uint8Array): void {
    this.out!.write(octets);
    this.octets += octets.length;
  }
}

/** Why a relay monitor did not start: its pcap file cannot be written, or its address listened on. */
export interface MonitorStartError {
  code: 'CANNOT_WRITE' | 'CANNOT_LISTEN';
  message: string;
}

type StartResult<T> = { ok: true; value: T } | { ok: false; error: MonitorStartError };

function openPcap(path: string | undefined): Promise<StartResult<WriteStream | null>> {
  if (path === undefined) return Promise.resolve({ ok: true, value: null });
  const out = createWriteStream(path);
  return new Promise((resolve) => {
    out.once('error', (e) => resolve({ ok: false, error: { code: 'CANNOT_WRITE', message: `cannot write ${path}: ${e.message}` } }));
    out.once('open', () => resolve({ ok: true, value: out }));
  });
}

/** The relay's tap: each connection's pcap flow and decoder, and what it reports. */
class RelayObserver implements RelayTap {
  private readonly observed = new Map<number, Observed>();

  constructor(
    private readonly pcap: RelayPcap,
    private readonly sink: MonitorSink,
    private readonly fixed: MonitorProtocol | null,
  ) {}

  opened(c: RelayConnection): void {
    const spec: FlowSpec = { transport: 'tcp', client: c.master, server: c.outstation };
    this.observed.set(c.id, { spec, monitor: this.fixed ? this.monitorOf(c, this.fixed) : null, undecided: this.fixed === null });
    this.pcap.data(`${c.id}`, spec, true, new Uint8Array(0)); // the handshake
    this.sink.opened(c);
  }

  data(c: RelayConnection, direction: 'tx' | 'rx', bytes: Uint8Array): void {
    const seen = this.observed.get(c.id)!;
    const frame = this.pcap.data(`${c.id}`, seen.spec, direction === 'tx', bytes);
    if (seen.undecided) {
      seen.undecided = false;
      const guessed = protocolByOctets(bytes);
      if (guessed === 'tls') this.sink.undecoded?.(c, 'it carries TLS: forwarded unchanged, not decoded (a relay sees only ciphertext)');
      else if (guessed) seen.monitor = this.monitorOf(c, guessed);
      else this.sink.undecoded?.(c, 'its first octets are neither DNP3 (05 64) nor IEC 104 (68): forwarded, not decoded (give --protocol)');
    }
    if (!seen.monitor) return;
    const decoded = seen.monitor.push(direction, frame, bytes, Date.now());
    for (const r of decoded.records) this.sink.record(c, r, direction);
    for (const v of decoded.values) this.sink.points?.(c, v.frame, v.updates);
  }

  closed(c: RelayConnection, reason: TransportError): void {
    if (this.observed.delete(c.id)) this.pcap.close(`${c.id}`);
    this.sink.closed(c, reason);
  }

  private monitorOf(c: RelayConnection, protocol: MonitorProtocol): LinkMonitor {
    return new LinkMonitor(protocol, { frame: (frame, _direction, describe) => this.sink.frame?.(c, frame, describe) });
  }
}

/** Starts a relay monitor; fails when the pcap cannot be written or the address cannot be listened on. */
export async function startRelayMonitor(o: RelayMonitorOptions): Promise<StartResult<RelayMonitor>> {
  const file = await openPcap(o.out);
  if (!file.ok) return file;
  const pcap = new RelayPcap(file.value, new PcapWriter({ linkType: 'ethernet' }));
  const started = await startRelay({
    listen: o.listen,
    forward: o.forward,
    ...(o.connectTimeoutMs !== undefined ? { connectTimeoutMs: o.connectTimeoutMs } : {}),
    tap: new RelayObserver(pcap, o.sink, o.protocol ?? protocolByPort(o.forward.port, o.listen.port)),
  });
  if (!started.ok) {
    await pcap.end();
    const where = `${o.listen.host}:${o.listen.port}`;
    return { ok: false, error: { code: 'CANNOT_LISTEN', message: `cannot listen on ${where}: ${started.error.code}: ${started.error.message}` } };
  }
  const relay = started.value;
  return {
    ok: true,
    value: {
      relay,
      get packets() {
        return pcap.packets;
      },
      get fileBytes() {
        return pcap.octets;
      },
      get fileError() {
        return pcap.error;
      },
      async stop() {
        await relay.close();
        await pcap.end();
      },
    },
  };
}
