/**
 * Sans-IO pcap/pcapng codec: read captures into TCP streams and UDP datagrams, and write
 * classic pcap files with synthetic IP/TCP/UDP headers.
 */
export type { Capture, CapturedPacket } from './capture';
export { readCapture } from './capture-reader';
export { CaptureStreamReader } from './capture-stream-reader';
export {
  extractStreams,
  type CaptureStreams,
  type ConnectionChunk,
  type TcpConnection,
  type UdpDatagram,
} from './capture-streams';
export { CaptureSynth, type FlowEnd, type FlowSpec } from './capture-synth';
export { transportChecksum } from './checksum';
export { formatIp, parseIp, type IpBytes } from './ip-address';
export { buildTcpPacket, buildUdpPacket,  TCP_FLAGS } from './packet-build';
export { decodePacket, type DecodedPacket, type TcpSegment } from './packet-decode';
export type { PcapError, PcapErrorCode, PcapResult } from './pcap-error';
export { LINKTYPE, PcapWriter, type PcapWriterOptions, type WriterLinkType } from './pcap-writer';
export { DirectionReassembler, type DirectionStats, type StreamChunk } from './tcp-reassembly';
