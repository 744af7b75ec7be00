/**
 * Offline decoding of captures: pcap/pcapng bytes -> TCP/UDP flows -> DNP3 and IEC 104
 * records as the analyzer and `decode` show them, and how a capture labels its ports.
 * Pure: the file is read by the caller.
 */
export {
  decodeCaptureBytes,
  decodeCaptureFrames,
  DEFAULT_DECODE_PORTS,
  PROGRESS_EVERY,
  type CapturedFrame,
  type CaptureDecodeError,
  type CaptureDecodeResult,
  type DecodedCapture,
  type DecodedCaptureFrames,
  type DecodePorts,
  type DecodeProgress,
} from './capture-decode';
export { MAX_OPEN_FLOWS } from './capture-flows';
export { LinkMonitor, type LinkMonitorOutput, type LinkMonitorSink } from './link-monitor';
export { PacketDecoder, type PacketDecoderOptions, type UnitSink, type ValueSink } from './packet-decoder';
export { capturePorts, capturePortsNote, type CaptureEndpoint, type CapturePorts } from './capture-ports';
export type { CapturedFrameSink, DecodedRecord, Dnp3Record, Iec104Record } from './decoded-record';
export {  MAX_PENDING_PAIRS } from './dnp3-stream';
;
export type { OtherPort } from './other-ports';
export { identifyProtocol, signatureName, SIGNATURE_OCTETS, type ProtocolSignature } from './protocol-signature';
