/**
 * Contract schemas of the analyzer's file calls: saving a station's recorded traffic as a
 * pcap file, and opening a capture file (pcap or pcapng, anyone's) into the same frame
 * list the live analyzer shows.
 */
import * as v from 'valibot';
import { AnalyzerFrame, FrameField } from './stations';

/** Largest capture file `analyzer.openCapture` accepts. */
export const MAX_CAPTURE_FILE_BYTES = 32 * 1024 * 1024;
/** Frames of an opened file sent to the view (the rest are counted in a warning). */
export const MAX_OPENED_FRAMES = 5000;

/** Base64 text of `bytes` octets. */
const base64Length = (bytes: number): number => 4 * Math.ceil(bytes / 3);

/** Request of analyzer.savePcap: the analysed station whose recorded traffic to save. */
export const SavePcapRequest = v.strictObject({ station: v.string() });

/** A pcap file of a station's recent traffic. */
export const SavedPcap = v.object({
  /** Suggested name, e.g. `feeder-1-20260101-120000.pcap`. */
  fileName: v.string(),
  /** The file, base64. */
  data: v.string(),
  /** Records in the file (Wireshark's frames, synthetic handshakes included). */
  packets: v.number(),
  /** Chunks of traffic held, and how many older ones were dropped to stay within the limit. */
  chunks: v.number(),
  dropped: v.number(),
  warnings: v.array(v.string()),
  /** How the file decodes in Wireshark/tshark: the TLS cleartext's port rewritten, or the `-d` option a non-standard port needs. */
  note: v.optional(v.string()),
});

/** A port to decode as a protocol besides the standard ones, as tshark's `-d tcp.port==N,dnp3`. */
const DecodeAs = v.strictObject({ port: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(65535)), protocol: v.picklist(['dnp3', 'iec104']) });

/** Request of analyzer.openCapture: a capture file's name and its bytes, base64. */
export const OpenCaptureRequest = v.strictObject({
  /** Ports decoded besides the standard ones and the workspace stations' (e.g. a monitored outstation's). */
  decodeAs: v.optional(v.pipe(v.array(DecodeAs), v.maxLength(16))),
  fileName: v.pipe(v.string(), v.minLength(1), v.maxLength(255)),
  data: v.pipe(
    v.string(),
    v.maxLength(base64Length(MAX_CAPTURE_FILE_BYTES), `the capture file is larger than ${MAX_CAPTURE_FILE_BYTES / 1024 / 1024} MiB`),
    v.regex(/^[A-Za-z0-9+/]*={0,2}$/, 'the capture file must be sent as base64'),
  ),
});

/**
 * A frame of an opened capture: the analyzer's frame without its field tree (fetched with
 * analyzer.captureFields when the frame is selected), with its packet number in the file.
 */
const CapturedFrame = v.object({ ...v.omit(AnalyzerFrame, ['fields']).entries, packet: v.number() });

/** An opened capture file. */
export const OpenedCapture = v.object({
  /** Names this open capture in analyzer.captureFields and analyzer.closeCapture. */
  capture: v.string(),
  fileName: v.string(),
  format: v.picklist(['pcap', 'pcapng']),
  /** Packets in the file. */
  packets: v.number(),
  /** Decoded frames (DNP3 link frames, IEC 104 APDUs); at most MAX_OPENED_FRAMES. */
  frames: v.array(CapturedFrame),
  /** Frames decoded in all (more than `frames` when the file holds more). */
  total: v.number(),
  /** Problems of the file and frames left out, in words. */
  warnings: v.array(v.string()),
});

/**
 * How far the engine has come decoding a capture file opened with analyzer.openCapture
 * (pushed to the client that opened it, while a large file is decoded).
 */
export const CaptureProgress = v.object({
  fileName: v.string(),
  /** Packets of the file decoded so far. */
  done: v.number(),
  /** Packets in the file. */
  total: v.number(),
});

/** Request of analyzer.captureFields: a frame of the capture this client has open, by its place in `frames`. */
export const CaptureFieldsRequest = v.strictObject({ capture: v.string(), index: v.pipe(v.number(), v.integer(), v.minValue(0)) });

/** The field tree of one frame of an opened capture. */
export const CaptureFields = v.object({ fields: v.array(FrameField) });

/** Request of analyzer.closeCapture. */
export const CloseCaptureRequest = v.strictObject({ capture: v.string() });
