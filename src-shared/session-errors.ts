/**
 * Codes of the protocol errors a session counts and reports (`{ type: 'error' }` events):
 * malformed frames it dropped, answers it did not expect, timeouts and withheld
 * confirmations. One closed vocabulary across DNP3 and IEC 104.
 */
import type { SaResult } from './command-results';

/** DNP3 link-layer frame errors (IEEE 1815-2012 clause 9). */
export type Dnp3LinkErrorCode = 'BAD_START' | 'BAD_LENGTH' | 'BAD_HEADER_CRC' | 'BAD_BLOCK_CRC' | 'DISCARDED_OCTETS' | 'WRONG_DESTINATION' | 'WRONG_SOURCE';

/** DNP3 transport-layer reassembly errors (clause 8). */
export type Dnp3TransportErrorCode = 'TRANSPORT_SEQUENCE' | 'TRANSPORT_NO_FIR' | 'TRANSPORT_OVERFLOW' | 'TRANSPORT_EMPTY';

/** DNP3 application-layer decoding errors (clause 4): headers, qualifiers and object data. */
export type Dnp3AppErrorCode =
  | 'TRUNCATED'
  | 'TRUNCATED_FRAGMENT'
  | 'TRUNCATED_HEADER'
  | 'TRUNCATED_OBJECTS'
  | 'BAD_QUALIFIER'
  | 'BAD_PACKED_QUALIFIER'
  | 'BAD_RANGE'
  | 'OBJECT_UNKNOWN';

/** IEC 104 APCI framing errors (IEC 60870-5-104 clause 5). */
export type ApciErrorCode = 'FRAME_BAD_START' | 'FRAME_BAD_LENGTH' | 'APDU_BAD_START' | 'APDU_BAD_LENGTH' | 'APDU_BAD_S' | 'APDU_BAD_U' | 'APDU_EMPTY_I';

/** Why an IEC 104 connection closed itself: a framing error, or a breach of the procedures (clause 5). */
export type ApciCloseCode = ApciErrorCode | 'I_FRAME_NOT_STARTED' | 'SEQUENCE_ERROR' | 'T1_EXPIRED';

/** IEC 104 ASDU decoding errors (IEC 60870-5-101 clause 7). */
export type AsduErrorCode = 'ASDU_EMPTY' | 'ASDU_LENGTH' | 'ASDU_TRUNCATED' | 'ASDU_UNKNOWN_TYPE';

/** Errors of a session's own conduct: unexpected answers, timeouts, withheld confirmations. */
export type SessionConductErrorCode =
  | 'UNEXPECTED_FUNCTION'
  | 'UNEXPECTED_RESPONSE'
  | 'RESPONSE_TIMEOUT'
  | 'LINK_STATUS_TIMEOUT'
  | 'LINK_CONFIRM_TIMEOUT'
  | 'CONFIRM_WITHHELD'
  | 'ACK_WITHHELD'
  | 'UNSUPPORTED_CALL'
  /** A call the session cannot turn into a request: a bad object header or function code. */
  | 'BAD_HEADER'
  | 'BAD_FUNCTION'
  /** The session threw on an input; the runner caught it and the session goes on. */
  | 'SESSION_EXCEPTION';

/** An outstation's Secure Authentication refusal of a request, or a challenge the master left unanswered (DNP3). */
export type SaSessionErrorCode = SaResult | 'SA_NO_REPLY';

/** Any error code a session reports. */
export type SessionErrorCode = SaSessionErrorCode | Dnp3LinkErrorCode | Dnp3TransportErrorCode | Dnp3AppErrorCode | ApciCloseCode | AsduErrorCode | SessionConductErrorCode;
