/**
 * Decodes every DNP3 and IEC 104 frame of a pcap or pcapng capture made by anyone
 * (Wireshark, tcpdump, our own capture), as the analyzer does. Traffic is told apart by
 * port; TCP streams are put back in order per direction before decoding.
 */
import { readCapture, type PcapErrorCode } from '../pcap';
import type { AnalyzerFrame } from '../../../src-shared/session';
import type { DecodedRecord } from './decoded-record';
import type { OtherPort } from './other-ports';
import { DEFAULT_DECODE_PORTS, PacketDecoder, type DecodePorts, type UnitSink } from './packet-decoder';

export { DEFAULT_DECODE_PORTS, type DecodePorts } from './packet-decoder';

/** A decoded capture. */
export interface DecodedCapture {
  format: 'pcap' | 'pcapng';
  /** Frames in the file. */
  frames: number;
  records: DecodedRecord[];
  /** Problems of the file itself (e.g. truncated at the end). */
  warnings: string[];
  /** TCP/UDP ports with traffic that no decoder was set for, busiest first. */
  otherPorts: OtherPort[];
}

/** A framed unit of a capture (DNP3 link frame, IEC 104 APDU) as the analyzer shows it. */
export interface CapturedFrame {
  /** Capture frame number (1-based) of the packet that completed it. */
  frame: number;
  /** That packet's time (ms since the epoch), null when the file gives none. */
  timeMs: number | null;
  described: AnalyzerFrame;
}

/** A decoded capture with its framed units for the Analyzer view. */
export interface DecodedCaptureFrames extends DecodedCapture {
  /** The first units, up to the limit asked for. */
  units: CapturedFrame[];
  /** Units in the whole capture. */
  unitCount: number;
}

/** Why a capture could not be decoded at all. */
export interface CaptureDecodeError {
  code: 'READ_FAILED' | PcapErrorCode;
  message: string;
}

/** Result of decoding a capture. */
export type CaptureDecodeResult = { ok: true; value: DecodedCapture } | { ok: false; error: CaptureDecodeError };

/**
 * Told how far decoding has come: `done` of `total` packets. Called every
 * {@link PROGRESS_EVERY} packets and once at the end.
 */
export type DecodeProgress = (done: number, total: number) => void;

/** Packets between two progress reports. */
export const PROGRESS_EVERY = 1024;

/** Decodes a capture held in memory. */
export function decodeCaptureBytes(bytes: Uint8Array, ports: DecodePorts = DEFAULT_DECODE_PORTS, onProgress?: DecodeProgress): CaptureDecodeResult {
  return decode(bytes, ports, null, onProgress);
}

/**
 * Decodes a capture held in memory into the records and, for the Analyzer view, its
 * framed units with their fields: the first `limit` are described, the rest only counted.
 * Units towards the protocol's port are `tx` (the master's).
 */
export function decodeCaptureFrames(
  bytes: Uint8Array,
  ports: DecodePorts = DEFAULT_DECODE_PORTS,
  limit = Number.POSITIVE_INFINITY,
  onProgress?: DecodeProgress,
): { ok: true; value: DecodedCaptureFrames } | { ok: false; error: CaptureDecodeError } {
  const units: CapturedFrame[] = [];
  let unitCount = 0;
  const onUnit: UnitSink = (frame, timeMs, describe) => {
    if (unitCount++ < limit) units.push({ frame, timeMs, described: describe() });
  };
  const decoded = decode(bytes, ports, onUnit, onProgress);
  return decoded.ok ? { ok: true, value: { ...decoded.value, units, unitCount } } : decoded;
}

function decode(bytes: Uint8Array, ports: DecodePorts, onUnit: UnitSink | null, onProgress?: DecodeProgress): CaptureDecodeResult {
  const capture = readCapture(bytes);
  if (!capture.ok) return { ok: false, error: { code: capture.error.code, message: capture.error.message } };
  const { packets } = capture.value;
  // Frame numbers are 1-based positions in the file; a unit takes the time of the packet that completed it.
  const timeOf = (frame: number): number | null => packets[frame - 1]?.timestampMs ?? null;
  const decoder = new PacketDecoder({ ports, timeOf, ...(onUnit ? { onUnit } : {}) });
  const records: DecodedRecord[] = [];
  packets.forEach((packet, index) => {
    if (onProgress && index % PROGRESS_EVERY === 0 && index > 0) onProgress(index, packets.length);
    records.push(...decoder.packet(packet));
  });
  records.push(...decoder.finish());
  onProgress?.(packets.length, packets.length);
  return {
    ok: true,
    value: {
      format: capture.value.format,
      frames: capture.value.packets.length,
      records,
      warnings: [...capture.value.warnings.map((w) => `${w.code}: ${w.message}`), ...decoder.warnings()],
      otherPorts: decoder.otherPorts(),
    },
  };
}
