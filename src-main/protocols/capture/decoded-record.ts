/**
 * What `decode` reports for each DNP3 application fragment and IEC 104 APDU found in a
 * capture: the JSON shapes of CLI.md, shared by the CLI and the Analyzer view.
 */
import type { AnalyzerFrame } from '../../../src-shared/session';

/** One DNP3 application fragment (or a frame that could not be decoded into one). */
export interface Dnp3Record {
  /** Capture frame number (1-based) of the packet that completed the fragment. */
  frame: number;
  protocol: 'dnp3';
  /** Link source and destination addresses; null when the link header itself was bad. */
  source: number | null;
  destination: number | null;
  /** Application function code; null when no fragment could be decoded. */
  function: number | null;
  /** Object headers in order, e.g. `g30v1`. */
  objects: string[];
  /** IIN of a response in wire order (IIN1 the high octet, as Wireshark shows it), null for requests. */
  iin: number | null;
  summary: string;
  /** Error code when the frame or fragment could not be (wholly) decoded. */
  error?: string;
}

/** One IEC 104 APDU (or a stretch of bytes that could not be framed into one). */
export interface Iec104Record {
  frame: number;
  protocol: 'iec104';
  format: 'I' | 'S' | 'U' | null;
  typeId: number | null;
  cause: number | null;
  negative: boolean;
  commonAddress: number | null;
  ioas: number[];
  summary: string;
  error?: string;
}

/** Any record of a decoded capture. */
export type DecodedRecord = Dnp3Record | Iec104Record;

/**
 * Receives, beside the records, each framed unit of one direction of a flow (a DNP3 link
 * frame, an IEC 104 APDU) as the live analyzer shows it, with its capture frame number.
 */
export interface CapturedFrameSink {
  /** `tx` from the master (towards the protocol's port), `rx` towards the master. */
  direction: 'tx' | 'rx';
  /** A unit completed in capture frame `frame`; `describe` gives its fields (called only when wanted). */
  frame(frame: number, describe: () => AnalyzerFrame): void;
  /**
   * A whole application unit completed in capture frame `frame` (a reassembled DNP3
   * application fragment, an IEC 104 APDU), for the values it carries. Optional.
   */
  unit?(frame: number, bytes: Uint8Array): void;
}
