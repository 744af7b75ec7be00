/**
 * Decodes captured packets one at a time into DNP3 and IEC 104 records: each packet is
 * told apart by port, each TCP direction put back in order (retransmissions dropped,
 * out-of-order segments held, gaps named), then framed and decoded. Used for a whole
 * capture file and for a live pcap stream alike.
 */
import { TCP_FLAGS, decodePacket, type CapturedPacket, type DecodedPacket, DirectionReassembler, type DirectionStats } from '../pcap';
import type { AnalyzerFrame, PointUpdate } from '../../../src-shared/session';
import { decodeChunks, FlowTable, type FlowState } from './capture-flows';
import type { CapturedFrameSink, DecodedRecord } from './decoded-record';
import { Dnp3StreamDecoder } from './dnp3-stream';
import { Iec104StreamDecoder } from './iec104-stream';
import { monitorPoints } from './monitor-points';
import { OtherPorts, type OtherPort } from './other-ports';

/** Which ports carry which protocol. */
export interface DecodePorts {
  dnp3: readonly number[];
  iec104: readonly number[];
}

/** The standard ports: DNP3 20000, IEC 104 2404 and 19998 (TLS). */
export const DEFAULT_DECODE_PORTS: DecodePorts = { dnp3: [20000], iec104: [2404, 19998] };

/** Receives each framed unit (DNP3 link frame, IEC 104 APDU) with its frame number and time. */
export type UnitSink = (frame: number, timeMs: number | null, describe: () => AnalyzerFrame) => void;

/** Receives the point values a response or monitor-direction ASDU carried. */
export type ValueSink = (frame: number, updates: PointUpdate[]) => void;

/** What a packet decoder reports beside its records. */
export interface PacketDecoderOptions {
  ports?: DecodePorts;
  onUnit?: UnitSink;
  onValues?: ValueSink;
  /** The time of capture frame `frame`; by default the decoder remembers the last 65 536. */
  timeOf?: (frame: number) => number | null;
}

/** Frame times the decoder remembers itself (units completed late refer to earlier frames). */
const REMEMBERED_TIMES = 65_536;

function protocolOf(packet: DecodedPacket, ports: DecodePorts): 'dnp3' | 'iec104' | null {
  const has = (list: readonly number[]): boolean => list.includes(packet.srcPort) || list.includes(packet.dstPort);
  if (has(ports.dnp3)) return 'dnp3';
  if (packet.transport === 'tcp' && has(ports.iec104)) return 'iec104';
  return null;
}

/** Decodes packets in capture order; call `finish` at the end of the capture. */
export class PacketDecoder {
  private readonly records: DecodedRecord[] = [];
  private readonly flows = new FlowTable(this.records);
  private readonly others = new OtherPorts();
  private readonly ports: DecodePorts;
  private readonly timeOf: (frame: number) => number | null;
  private readonly frames = new Int32Array(REMEMBERED_TIMES);
  private readonly times = new Float64Array(REMEMBERED_TIMES);

  constructor(private readonly options: PacketDecoderOptions = {}) {
    this.ports = options.ports ?? DEFAULT_DECODE_PORTS;
    this.timeOf = options.timeOf ?? ((frame) => this.remembered(frame));
  }

  /** Decodes one captured packet; returns the records it (and what it released) completed. */
  packet(packet: CapturedPacket): DecodedRecord[] {
    this.remember(packet);
    const decoded = decodePacket(packet.linkType, packet.data);
    if (!decoded.ok) return []; // not TCP/UDP over IP: not ours to decode
    const p = decoded.value;
    const protocol = protocolOf(p, this.ports);
    if (protocol === null) {
      this.others.note(p);
      return [];
    }
    const key = `${p.transport} ${p.src}:${p.srcPort}>${p.dst}:${p.dstPort}`;
    const flow = this.flows.use(key, () => this.newFlow(p, protocol));
    if (flow.stream && p.tcp) {
      if (p.tcp.flags & TCP_FLAGS.SYN) flow.stream.syn(p.tcp.seq);
      decodeChunks(flow, flow.stream.push(p.tcp.seq, p.payload, packet.frame, packet.timestampMs), this.records);
    } else if (p.payload.length > 0) this.records.push(...flow.decoder.push(packet.frame, p.payload));
    return this.take();
  }

  /** End of capture: decodes what the TCP reassembly still holds; returns those records. */
  finish(): DecodedRecord[] {
    this.flows.finish();
    return this.take();
  }

  /** Bounds reached while decoding (`CODE: message`). */
  warnings(): string[] {
    return this.flows.warnings();
  }

  /** TCP reassembly so far: retransmitted and out-of-order segments, and gaps (octets never captured). */
  tcpStats(): DirectionStats {
    return this.flows.stats();
  }

  /** TCP/UDP ports with traffic that no decoder was set for, busiest first. */
  otherPorts(): OtherPort[] {
    return this.others.list();
  }

  private take(): DecodedRecord[] {
    return this.records.splice(0, this.records.length);
  }

  private remember(packet: CapturedPacket): void {
    const slot = packet.frame % REMEMBERED_TIMES;
    this.frames[slot] = packet.frame;
    this.times[slot] = packet.timestampMs ?? Number.NaN;
  }

  private remembered(frame: number): number | null {
    const slot = frame % REMEMBERED_TIMES;
    const time = this.times[slot]!;
    return this.frames[slot] === frame && !Number.isNaN(time) ? time : null;
  }

  private newFlow(p: DecodedPacket, protocol: 'dnp3' | 'iec104'): FlowState {
    const { onUnit, onValues } = this.options;
    const sink: CapturedFrameSink | undefined =
      onUnit || onValues
        ? {
            direction: this.ports[protocol].includes(p.dstPort) ? 'tx' : 'rx',
            frame: (frame, describe) => onUnit?.(frame, this.timeOf(frame), describe),
            unit: (frame, bytes) => {
              const updates = onValues ? monitorPoints(protocol, bytes, this.timeOf(frame) ?? 0) : [];
              if (updates.length > 0) onValues?.(frame, updates);
            },
          }
        : undefined;
    return {
      stream: p.transport === 'tcp' ? new DirectionReassembler() : null,
      decoder: protocol === 'dnp3' ? new Dnp3StreamDecoder(sink) : new Iec104StreamDecoder(undefined, sink),
    };
  }
}
