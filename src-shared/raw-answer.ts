/**
 * What a raw request returns (the `value` of its device task state and the CLI's `--json`):
 * the request and each response as the analyzer shows frames (summary, octets, field tree
 * with byte offsets), and the decoded content.
 */
import type { FrameField } from './session';

/** One frame of a raw request: a DNP3 application fragment or an IEC 104 APDU. */
export interface RawFrame {
  direction: 'tx' | 'rx';
  /** One line, e.g. `RESPONSE seq 3 g0v252x1` or `I(0,1) C_SC_NA_1 actcon IOA 5001`. */
  summary: string;
  /** The octets as lowercase hex. */
  hex: string;
  /** The analyzer's field tree, offsets into these octets. */
  fields: FrameField[];
  /** Set when the frame could not be decoded; names the problem by code. */
  error?: string;
}

/** One decoded object: DNP3 `g0v252` with its index, or an IEC 104 IOA; the value as text. */
export interface RawObject {
  /** DNP3 `g<group>v<variation>`, IEC 104 the type name. */
  object: string;
  /** DNP3 point index, when the object has one. */
  index?: number;
  /** IEC 104 information object address. */
  ioa?: number;
  value: string;
}

/** One IEC 104 ASDU received while the raw request collected answers. */
interface RawAsduAnswer {
  typeId: number;
  type: string;
  /** Cause of transmission by its short name, e.g. `actcon`. */
  cause: string;
  negative: boolean;
  test: boolean;
  commonAddress: number;
  objects: RawObject[];
}

/** The outcome of a raw request beyond its result by name. */
export interface RawAnswer {
  protocol: 'dnp3' | 'iec104';
  /** The request as sent; null when it never went out. */
  request: RawFrame | null;
  /** The response fragments (DNP3) or every ASDU of the common address (IEC 104), in order. */
  responses: RawFrame[];
  /** DNP3: the response function, e.g. `RESPONSE`; null for IEC 104 or without response. */
  function: string | null;
  /** DNP3: the response's IIN and its bits by name. */
  iin: number | null;
  iinWords: string[];
  /** Decoded objects (DNP3: of every response fragment). */
  objects: RawObject[];
  /** IEC 104: the ASDUs received, decoded. */
  asdus: RawAsduAnswer[];
  /** Why it ended as it did, when the session said more than the result. */
  detail: string | null;
}
