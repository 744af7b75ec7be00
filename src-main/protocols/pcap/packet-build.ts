/**
 * Builds synthetic IPv4/IPv6 packets carrying TCP segments or UDP datagrams, with correct
 * lengths and checksums, so Wireshark/tshark see well-formed traffic.
 */
import { sumWords, finishChecksum, transportChecksum } from './checksum';
import type { IpBytes } from './ip-address';

/** IP protocol numbers. */
export const IP_PROTOCOL = { TCP: 6, UDP: 17 } as const;

/** TCP flag bits (byte 13 of the header). */
export const TCP_FLAGS = { FIN: 0x01, SYN: 0x02, RST: 0x04, PSH: 0x08, ACK: 0x10 } as const;

/** Largest TCP payload per synthetic segment (keeps IPv4 total length within 16 bits). */
export const MAX_SEGMENT_PAYLOAD = 65_000;

/** One TCP segment to build. */
export interface TcpSegmentSpec {
  src: IpBytes;
  dst: IpBytes;
  srcPort: number;
  dstPort: number;
  seq: number;
  ack: number;
  flags: number;
  window?: number;
  payload?: Uint8Array;
}

/** One UDP datagram to build. */
export interface UdpDatagramSpec {
  src: IpBytes;
  dst: IpBytes;
  srcPort: number;
  dstPort: number;
  payload: Uint8Array;
}

/** Wraps a transport segment in an IPv4 (4-byte addresses) or IPv6 (16-byte) header. */
function buildIpPacket(src: IpBytes, dst: IpBytes, protocol: number, segment: Uint8Array, ipId = 0): Uint8Array {
  if (src.length === 4) {
    const packet = new Uint8Array(20 + segment.length);
    const view = new DataView(packet.buffer);
    packet[0] = 0x45; // version 4, IHL 5 words
    view.setUint16(2, packet.length); // total length
    view.setUint16(4, ipId & 0xffff);
    view.setUint16(6, 0x4000); // flags: don't fragment
    packet[8] = 64; // TTL
    packet[9] = protocol;
    packet.set(src, 12);
    packet.set(dst, 16);
    view.setUint16(10, finishChecksum(sumWords(packet.subarray(0, 20))));
    packet.set(segment, 20);
    return packet;
  }
  const packet = new Uint8Array(40 + segment.length);
  const view = new DataView(packet.buffer);
  view.setUint32(0, 0x6000_0000); // version 6, traffic class 0, flow label 0
  view.setUint16(4, segment.length); // payload length
  packet[6] = protocol; // next header
  packet[7] = 64; // hop limit
  packet.set(src, 8);
  packet.set(dst, 24);
  packet.set(segment, 40);
  return packet;
}

/** A complete IP packet with one TCP segment (20-byte header, no options). */
export function buildTcpPacket(spec: TcpSegmentSpec, ipId = 0): Uint8Array {
  const payload = spec.payload ?? new Uint8Array(0);
  const segment = new Uint8Array(20 + payload.length);
  const view = new DataView(segment.buffer);
  view.setUint16(0, spec.srcPort);
  view.setUint16(2, spec.dstPort);
  view.setUint32(4, spec.seq >>> 0);
  view.setUint32(8, spec.ack >>> 0);
  segment[12] = 5 << 4; // data offset: 5 words
  segment[13] = spec.flags;
  view.setUint16(14, spec.window ?? 65535);
  segment.set(payload, 20);
  view.setUint16(16, transportChecksum(spec.src, spec.dst, IP_PROTOCOL.TCP, segment));
  return buildIpPacket(spec.src, spec.dst, IP_PROTOCOL.TCP, segment, ipId);
}

/** A complete IP packet with one UDP datagram. */
export function buildUdpPacket(spec: UdpDatagramSpec, ipId = 0): Uint8Array {
  const segment = new Uint8Array(8 + spec.payload.length);
  const view = new DataView(segment.buffer);
  view.setUint16(0, spec.srcPort);
  view.setUint16(2, spec.dstPort);
  view.setUint16(4, segment.length);
  segment.set(spec.payload, 8);
  // A computed checksum of 0 is sent as all ones (0 means "none" in IPv4 UDP).
  view.setUint16(6, transportChecksum(spec.src, spec.dst, IP_PROTOCOL.UDP, segment) || 0xffff);
  return buildIpPacket(spec.src, spec.dst, IP_PROTOCOL.UDP, segment, ipId);
}
