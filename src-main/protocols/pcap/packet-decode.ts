/**
 * Decodes one captured frame down to its TCP segment or UDP datagram: link layer
 * (Ethernet with VLAN tags, Linux SLL and SLL2, raw IP, BSD loopback), IPv4 and IPv6
 * (extension headers skipped; fragments are not reassembled), then TCP or UDP.
 */
import { formatIp } from './ip-address';
import { pcapFail, type PcapResult } from './pcap-error';
import { IP_PROTOCOL } from './packet-build';
import { LINKTYPE } from './pcap-writer';

/** A decoded TCP segment. */
export interface TcpSegment {
  seq: number;
  ack: number;
  /** Flag bits as in the header (FIN 0x01, SYN 0x02, RST 0x04, PSH 0x08, ACK 0x10). */
  flags: number;
  payload: Uint8Array;
}

/** A frame decoded to the transport layer. */
export interface DecodedPacket {
  ipVersion: 4 | 6;
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
  transport: 'tcp' | 'udp';
  /** Present for TCP. */
  tcp?: TcpSegment;
  /** The TCP or UDP payload. */
  payload: Uint8Array;
}

const ETHERTYPE_IPV4 = 0x0800;
const ETHERTYPE_IPV6 = 0x86dd;
const ETHERTYPE_VLAN = [0x8100, 0x88a8, 0x9100];
const IPV6_EXTENSIONS = new Set([0, 43, 60]); // hop-by-hop, routing, destination options
const IPV6_FRAGMENT = 44;

/** The IP packet inside a link-layer frame, or why there is none. */
function ipOf(linkType: number, data: Uint8Array): PcapResult<Uint8Array> {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const byEtherType = (type: number, at: number): PcapResult<Uint8Array> =>
    type === ETHERTYPE_IPV4 || type === ETHERTYPE_IPV6
      ? { ok: true, value: data.subarray(at) }
      : pcapFail('NOT_IP', `EtherType 0x${type.toString(16).padStart(4, '0')} is not IP`);
  const need = (n: number): boolean => data.length >= n;
  switch (linkType) {
    case LINKTYPE.ETHERNET: {
      let at = 12;
      if (!need(14)) return pcapFail('TRUNCATED', 'Ethernet header cut short');
      let type = view.getUint16(at);
      while (ETHERTYPE_VLAN.includes(type) && need(at + 6)) {
        at += 4; // 802.1Q / 802.1ad tag
        type = view.getUint16(at);
      }
      return byEtherType(type, at + 2);
    }
    case LINKTYPE.LINUX_SLL:
      return need(16) ? byEtherType(view.getUint16(14), 16) : pcapFail('TRUNCATED', 'Linux SLL header cut short');
    case LINKTYPE.LINUX_SLL2:
      return need(20) ? byEtherType(view.getUint16(0), 20) : pcapFail('TRUNCATED', 'Linux SLL2 header cut short');
    case LINKTYPE.RAW:
    case LINKTYPE.IPV4:
    case LINKTYPE.IPV6:
      return { ok: true, value: data };
    case LINKTYPE.NULL:
    case LINKTYPE.LOOP:
      // 4-byte address family (host order for NULL, network order for LOOP): 2 = IPv4, 24/28/30 = IPv6.
      return need(4) ? { ok: true, value: data.subarray(4) } : pcapFail('TRUNCATED', 'loopback header cut short');
    default:
      return pcapFail('UNSUPPORTED_LINKTYPE', `link type ${linkType} is not supported`);
  }
}

interface IpLayer {
  version: 4 | 6;
  src: string;
  dst: string;
  protocol: number;
  payload: Uint8Array;
}

function decodeIp(packet: Uint8Array): PcapResult<IpLayer> {
  if (packet.length < 1) return pcapFail('TRUNCATED', 'empty IP packet');
  const view = new DataView(packet.buffer, packet.byteOffset, packet.byteLength);
  const version = packet[0]! >> 4;
  if (version === 4) {
    const headerLength = (packet[0]! & 0x0f) * 4;
    if (headerLength < 20 || packet.length < headerLength) return pcapFail('BAD_IP_HEADER', 'IPv4 header too short');
    const total = view.getUint16(2);
    if (total < headerLength) return pcapFail('BAD_IP_HEADER', `IPv4 total length ${total} is below the header length`);
    const fragment = view.getUint16(6);
    if (fragment & 0x3fff) return pcapFail('IP_FRAGMENT', 'IPv4 fragment (not reassembled)');
    return {
      ok: true,
      value: {
        version: 4,
        src: formatIp(packet.subarray(12, 16)),
        dst: formatIp(packet.subarray(16, 20)),
        protocol: packet[9]!,
        // Trim link-layer padding after the IP packet; keep what was captured.
        payload: packet.subarray(headerLength, Math.min(total, packet.length)),
      },
    };
  }
  if (version === 6) {
    if (packet.length < 40) return pcapFail('BAD_IP_HEADER', 'IPv6 header too short');
    const end = Math.min(40 + view.getUint16(4), packet.length);
    let next = packet[6]!;
    let at = 40;
    while (IPV6_EXTENSIONS.has(next)) {
      if (at + 8 > end) return pcapFail('BAD_IP_HEADER', 'IPv6 extension header cut short');
      next = packet[at]!;
      at += (packet[at + 1]! + 1) * 8;
    }
    if (next === IPV6_FRAGMENT) return pcapFail('IP_FRAGMENT', 'IPv6 fragment (not reassembled)');
    return {
      ok: true,
      value: {
        version: 6,
        src: formatIp(packet.subarray(8, 24)),
        dst: formatIp(packet.subarray(24, 40)),
        protocol: next,
        payload: packet.subarray(Math.min(at, end), end),
      },
    };
  }
  return pcapFail('NOT_IP', `IP version ${version}`);
}

/**
 * Decodes a frame to TCP or UDP. Other IP protocols and non-IP frames are `NOT_IP` (they
 * are skipped, not errors of the capture).
 */
export function decodePacket(linkType: number, data: Uint8Array): PcapResult<DecodedPacket> {
  const ipPacket = ipOf(linkType, data);
  if (!ipPacket.ok) return ipPacket;
  const ip = decodeIp(ipPacket.value);
  if (!ip.ok) return ip;
  const { payload: segment, protocol } = ip.value;
  const layer = protocol === IP_PROTOCOL.TCP ? tcpOf(segment) : protocol === IP_PROTOCOL.UDP ? udpOf(segment) : pcapFail('NOT_IP', `IP protocol ${protocol} is neither TCP nor UDP`);
  if (!layer.ok) return layer;
  // TCP and UDP both start with the source and destination ports
  const view = new DataView(segment.buffer, segment.byteOffset, segment.byteLength);
  return {
    ok: true,
    value: { ipVersion: ip.value.version, src: ip.value.src, dst: ip.value.dst, srcPort: view.getUint16(0), dstPort: view.getUint16(2), ...layer.value },
  };
}

/** What TCP or UDP adds to the addresses and ports. */
type TransportLayer = Pick<DecodedPacket, 'transport' | 'tcp' | 'payload'>;

function tcpOf(segment: Uint8Array): PcapResult<TransportLayer> {
  if (segment.length < 20) return pcapFail('BAD_TCP_HEADER', 'TCP header cut short');
  const dataOffset = (segment[12]! >> 4) * 4;
  if (dataOffset < 20 || dataOffset > segment.length) return pcapFail('BAD_TCP_HEADER', `TCP data offset ${dataOffset} is invalid`);
  const view = new DataView(segment.buffer, segment.byteOffset, segment.byteLength);
  const payload = segment.subarray(dataOffset);
  return { ok: true, value: { transport: 'tcp', tcp: { seq: view.getUint32(4), ack: view.getUint32(8), flags: segment[13]!, payload }, payload } };
}

function udpOf(segment: Uint8Array): PcapResult<TransportLayer> {
  if (segment.length < 8) return pcapFail('BAD_UDP_HEADER', 'UDP header cut short');
  const length = (segment[4]! << 8) | segment[5]!;
  if (length < 8) return pcapFail('BAD_UDP_HEADER', `UDP length ${length} is below 8`);
  return { ok: true, value: { transport: 'udp', payload: segment.subarray(8, Math.min(length, segment.length)) } };
}
