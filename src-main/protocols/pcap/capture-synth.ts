/**
 * Turns a live session's byte stream into pcap records with synthetic TCP (handshake,
 * sequence and acknowledgement numbers that follow the bytes, FIN at the end) or UDP
 * headers carrying the real addresses and ports. Sans-IO: returns record bytes.
 */
import { parseIp, type IpBytes } from './ip-address';
import { pcapFail, type PcapResult } from './pcap-error';
import { buildTcpPacket, buildUdpPacket, MAX_SEGMENT_PAYLOAD, TCP_FLAGS } from './packet-build';
import type { PcapWriter } from './pcap-writer';

/** One end of a flow. */
export interface FlowEnd {
  address: string;
  port: number;
}

/** A flow as the tap sees it: the client is the side that opened the connection. */
export interface FlowSpec {
  transport: 'tcp' | 'udp';
  client: FlowEnd;
  server: FlowEnd;
}

interface Flow {
  transport: 'tcp' | 'udp';
  client: { ip: IpBytes; port: number };
  server: { ip: IpBytes; port: number };
  /** Next sequence number each side sends. */
  clientSeq: number;
  serverSeq: number;
}

/** Initial sequence numbers of synthetic connections (arbitrary, fixed for reproducible files). */
const CLIENT_ISN = 0x1000_0000;
const SERVER_ISN = 0x2000_0000;

/** Synthesises packets for any number of flows into one pcap. */
export class CaptureSynth {
  private readonly flows = new Map<string, Flow>();
  private ipId = 1;

  constructor(private readonly writer: PcapWriter) {}

  /**
   * Records for `bytes` sent by the client (`fromClient`) or the server of flow `key`.
   * The first use of a TCP flow also yields its three-way handshake.
   */
  data(key: string, spec: FlowSpec, fromClient: boolean, bytes: Uint8Array, timestampMs: number): PcapResult<Uint8Array[]> {
    const records: Uint8Array[] = [];
    let flow = this.flows.get(key);
    if (!flow) {
      const created = this.createFlow(spec);
      if (!created.ok) return created;
      flow = created.value;
      this.flows.set(key, flow);
      if (flow.transport === 'tcp') records.push(...this.handshake(flow, timestampMs));
    }
    if (flow.transport === 'udp') {
      const [from, to] = fromClient ? [flow.client, flow.server] : [flow.server, flow.client];
      const packet = buildUdpPacket({ src: from.ip, dst: to.ip, srcPort: from.port, dstPort: to.port, payload: bytes }, this.ipId++);
      records.push(this.writer.record(timestampMs, packet, fromClient));
      return { ok: true, value: records };
    }
    for (let offset = 0; offset < bytes.length; offset += MAX_SEGMENT_PAYLOAD) {
      const payload = bytes.subarray(offset, offset + MAX_SEGMENT_PAYLOAD);
      records.push(this.segment(flow, fromClient, TCP_FLAGS.PSH | TCP_FLAGS.ACK, timestampMs, payload));
    }
    return { ok: true, value: records };
  }

  /** Records closing TCP flow `key` (FIN, FIN-ACK, ACK) and forgets it; nothing for UDP. */
  close(key: string, timestampMs: number): Uint8Array[] {
    const flow = this.flows.get(key);
    if (!flow) return [];
    this.flows.delete(key);
    if (flow.transport === 'udp') return [];
    const fin = TCP_FLAGS.FIN | TCP_FLAGS.ACK;
    return [
      this.segment(flow, true, fin, timestampMs),
      this.segment(flow, false, fin, timestampMs),
      this.segment(flow, true, TCP_FLAGS.ACK, timestampMs),
    ];
  }

  /** Keys of the flows still open. */
  openFlows(): string[] {
    return [...this.flows.keys()];
  }

  private createFlow(spec: FlowSpec): PcapResult<Flow> {
    const client = parseIp(spec.client.address);
    const server = parseIp(spec.server.address);
    if (!client.ok) return client;
    if (!server.ok) return server;
    if (client.value.length !== server.value.length) {
      return pcapFail('BAD_ADDRESS', `mixed address families: ${spec.client.address} and ${spec.server.address}`);
    }
    return {
      ok: true,
      value: {
        transport: spec.transport,
        client: { ip: client.value, port: spec.client.port },
        server: { ip: server.value, port: spec.server.port },
        clientSeq: CLIENT_ISN,
        serverSeq: SERVER_ISN,
      },
    };
  }

  private handshake(flow: Flow, timestampMs: number): Uint8Array[] {
    return [
      this.segment(flow, true, TCP_FLAGS.SYN, timestampMs),
      this.segment(flow, false, TCP_FLAGS.SYN | TCP_FLAGS.ACK, timestampMs),
      this.segment(flow, true, TCP_FLAGS.ACK, timestampMs),
    ];
  }

  /** One segment; SYN and FIN count as one sequence number, as on the wire. */
  private segment(flow: Flow, fromClient: boolean, flags: number, timestampMs: number, payload?: Uint8Array): Uint8Array {
    const [from, to] = fromClient ? [flow.client, flow.server] : [flow.server, flow.client];
    const seq = fromClient ? flow.clientSeq : flow.serverSeq;
    const peerSeq = fromClient ? flow.serverSeq : flow.clientSeq;
    const ackNumber = flags & TCP_FLAGS.ACK ? peerSeq : 0;
    const advance = (payload?.length ?? 0) + (flags & (TCP_FLAGS.SYN | TCP_FLAGS.FIN) ? 1 : 0);
    if (fromClient) flow.clientSeq = (seq + advance) >>> 0;
    else flow.serverSeq = (seq + advance) >>> 0;
    const packet = buildTcpPacket(
      { src: from.ip, dst: to.ip, srcPort: from.port, dstPort: to.port, seq, ack: ackNumber, flags, ...(payload ? { payload } : {}) },
      this.ipId++,
    );
    return this.writer.record(timestampMs, packet, fromClient);
  }
}
