/**
 * From a capture to what the protocol decoders need: each TCP connection as one ordered
 * byte stream per direction (chunks interleaved in capture order, with frame numbers), and
 * each UDP datagram.
 */
import type { Capture } from './capture';
import type { FlowEnd } from './capture-synth';
import type { PcapError } from './pcap-error';
import { decodePacket, type DecodedPacket } from './packet-decode';
import { TCP_FLAGS } from './packet-build';
import { DirectionReassembler, type DirectionStats, type StreamChunk } from './tcp-reassembly';

/** A chunk of a connection's stream with its direction. */
export interface ConnectionChunk extends StreamChunk {
  /** True for bytes the client (the side that opened the connection) sent. */
  fromClient: boolean;
}

/** One TCP connection of the capture. */
export interface TcpConnection {
  /** 1-based, in order of first appearance. */
  id: number;
  ipVersion: 4 | 6;
  client: FlowEnd;
  server: FlowEnd;
  firstFrame: number;
  /** Both directions' bytes, in the order they became deliverable. */
  chunks: ConnectionChunk[];
  /** Counters per direction. */
  stats: { client: DirectionStats; server: DirectionStats };
  /** A FIN or RST was seen. */
  ended: boolean;
}

/** One UDP datagram. */
export interface UdpDatagram {
  frame: number;
  timestampMs: number | null;
  src: FlowEnd;
  dst: FlowEnd;
  payload: Uint8Array;
}

/** Everything extracted from a capture. */
export interface CaptureStreams {
  tcp: TcpConnection[];
  udp: UdpDatagram[];
  /** Frames that were not TCP or UDP over IP (ARP, ICMP...). */
  skipped: number;
  /** Frames that could not be decoded, each with its frame number. */
  errors: PcapError[];
}

interface ConnectionState {
  connection: TcpConnection;
  client: DirectionReassembler;
  server: DirectionReassembler;
}

const endKey = (address: string, port: number): string => `${address}|${port}`;

/** Which side of a new connection is the client: the SYN sender, else the higher port. */
function clientIsSource(packet: DecodedPacket): boolean {
  const flags = packet.tcp?.flags ?? 0;
  if (flags & TCP_FLAGS.SYN) return !(flags & TCP_FLAGS.ACK);
  return packet.srcPort > packet.dstPort;
}

/** Delivers what a connection still holds after its gaps. */
function flushConnection({ connection, client, server }: ConnectionState): void {
  for (const chunk of client.flush()) connection.chunks.push({ ...chunk, fromClient: true });
  for (const chunk of server.flush()) connection.chunks.push({ ...chunk, fromClient: false });
}

/** Splits a capture into TCP streams and UDP datagrams. */
export function extractStreams(capture: Capture): CaptureStreams {
  const result: CaptureStreams = { tcp: [], udp: [], skipped: 0, errors: [] };
  const open = new Map<string, ConnectionState>();
  for (const frame of capture.packets) {
    const decoded = decodePacket(frame.linkType, frame.data);
    if (!decoded.ok) {
      if (decoded.error.code === 'NOT_IP') result.skipped++;
      else result.errors.push({ ...decoded.error, frame: frame.frame });
      continue;
    }
    const packet = decoded.value;
    const src = { address: packet.src, port: packet.srcPort };
    const dst = { address: packet.dst, port: packet.dstPort };
    if (packet.transport === 'udp') {
      result.udp.push({ frame: frame.frame, timestampMs: frame.timestampMs, src, dst, payload: packet.payload });
      continue;
    }
    const tcp = packet.tcp!;
    const [a, b] = [endKey(src.address, src.port), endKey(dst.address, dst.port)];
    const key = a < b ? `${a}-${b}` : `${b}-${a}`;
    let state = open.get(key);
    const freshSyn = (tcp.flags & (TCP_FLAGS.SYN | TCP_FLAGS.ACK)) === TCP_FLAGS.SYN;
    if (!state || (freshSyn && state.connection.ended)) {
      if (state) flushConnection(state);
      const fromClient = clientIsSource(packet);
      const client = new DirectionReassembler();
      const server = new DirectionReassembler();
      const connection: TcpConnection = {
        id: result.tcp.length + 1,
        ipVersion: packet.ipVersion,
        client: fromClient ? src : dst,
        server: fromClient ? dst : src,
        firstFrame: frame.frame,
        chunks: [],
        stats: { client: client.stats, server: server.stats },
        ended: false,
      };
      state = { connection, client, server };
      open.set(key, state);
      result.tcp.push(state.connection);
    }
    const { connection } = state;
    const fromClient = endKey(connection.client.address, connection.client.port) === a;
    const direction = fromClient ? state.client : state.server;
    if (tcp.flags & TCP_FLAGS.SYN) direction.syn(tcp.seq);
    const chunks = direction.push(tcp.seq, tcp.payload, frame.frame, frame.timestampMs);
    for (const chunk of chunks) connection.chunks.push({ ...chunk, fromClient });
    if (tcp.flags & (TCP_FLAGS.FIN | TCP_FLAGS.RST)) connection.ended = true;
  }
  for (const state of open.values()) flushConnection(state);
  return result;
}
