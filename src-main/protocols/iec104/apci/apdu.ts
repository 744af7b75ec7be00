/**
 * APCI: start octet 0x68, length (4..253) and four control octets in I, S or U format.
 * Sequence numbers N(S)/N(R) are 15 bits, modulo 32768.
 */
import type { Result } from '../../../../src-shared/ipc/result';
import type { ApciErrorCode } from '../../../../src-shared/session-errors';

/** The start octet of every APDU. */
export const START = 0x68;
/** Largest value of the length octet (control octets plus ASDU). */
export const MAX_LENGTH = 253;
/** Octets before the ASDU in an I-format APDU. */
export const APCI_SIZE = 6;
/** Sequence numbers count modulo 32768. */
export const SEQ_MODULO = 32768;

/** U-format functions (one bit set in control octet 1 besides bits 1-2). */
export type UFunction = 'STARTDT_ACT' | 'STARTDT_CON' | 'STOPDT_ACT' | 'STOPDT_CON' | 'TESTFR_ACT' | 'TESTFR_CON';

// Control octet 1 of U-format: bits 1-2 = 11, bit 3 STARTDT act, 4 STARTDT con,
// 5 STOPDT act, 6 STOPDT con, 7 TESTFR act, 8 TESTFR con.
const U_OCTET: Readonly<Record<UFunction, number>> = {
  STARTDT_ACT: 0x07,
  STARTDT_CON: 0x0b,
  STOPDT_ACT: 0x13,
  STOPDT_CON: 0x23,
  TESTFR_ACT: 0x43,
  TESTFR_CON: 0x83,
};

const U_BY_OCTET: ReadonlyMap<number, UFunction> = new Map(
  (Object.entries(U_OCTET) as Array<[UFunction, number]>).map(([f, o]) => [o, f]),
);

/** A decoded APCI; for I-format `asdu` is a view of the frame after the six APCI octets. */
export type Apci =
  | { format: 'I'; ns: number; nr: number; asdu: Uint8Array }
  | { format: 'S'; nr: number }
  | { format: 'U'; fn: UFunction };

/** Encodes a U-format APDU. */
export function encodeU(fn: UFunction): Uint8Array {
  return Uint8Array.of(START, 4, U_OCTET[fn], 0, 0, 0);
}

/** Encodes an S-format APDU acknowledging up to `nr`. */
export function encodeS(nr: number): Uint8Array {
  // Control octet 1 = 0x01 (bits 1-2 = 10: S-format), octet 2 = 0, octets 3-4 = N(R) << 1.
  return Uint8Array.of(START, 4, 0x01, 0, (nr << 1) & 0xfe, (nr >> 7) & 0xff);
}

/**
 * Writes the APCI of an I-format APDU into the first six octets of `frame`, whose ASDU
 * starts at offset 6 (see encodeAsdu's headroom).
 */
export function writeIApci(frame: Uint8Array, ns: number, nr: number): void {
  frame[0] = START;
  frame[1] = frame.length - 2;
  // Octets 1-2: N(S) << 1 with bit 1 = 0 (I-format); octets 3-4: N(R) << 1.
  frame[2] = (ns << 1) & 0xfe;
  frame[3] = (ns >> 7) & 0xff;
  frame[4] = (nr << 1) & 0xfe;
  frame[5] = (nr >> 7) & 0xff;
}

/** Encodes an I-format APDU around an ASDU (copies it). */
export function encodeI(ns: number, nr: number, asdu: Uint8Array): Uint8Array {
  const frame = new Uint8Array(APCI_SIZE + asdu.length);
  frame.set(asdu, APCI_SIZE);
  writeIApci(frame, ns, nr);
  return frame;
}

function fail(code: ApciErrorCode, message: string): Result<Apci, ApciErrorCode> {
  return { ok: false, error: { code, message } };
}

/**
 * Decodes one whole APDU (as the framer yields it). Errors: APDU_BAD_START,
 * APDU_BAD_LENGTH, APDU_EMPTY_I (I-format without ASDU), APDU_BAD_S, APDU_BAD_U.
 */
export function decodeApci(frame: Uint8Array): Result<Apci, ApciErrorCode> {
  if (frame[0] !== START) return fail('APDU_BAD_START', `start octet 0x${(frame[0] ?? 0).toString(16)} is not 0x68`);
  const len = frame[1] ?? 0;
  if (len < 4 || len > MAX_LENGTH || frame.length !== len + 2) {
    return fail('APDU_BAD_LENGTH', `length octet ${len} does not fit a frame of ${frame.length} octets`);
  }
  const c1 = frame[2] as number;
  const c2 = frame[3] as number;
  const c3 = frame[4] as number;
  const c4 = frame[5] as number;
  if ((c1 & 1) === 0) {
    if (len === 4) return fail('APDU_EMPTY_I', 'I-format APDU without ASDU');
    return { ok: true, value: { format: 'I', ns: (c1 >> 1) | (c2 << 7), nr: (c3 >> 1) | (c4 << 7), asdu: frame.subarray(APCI_SIZE) } };
  }
  if (len !== 4) return fail(c1 & 2 ? 'APDU_BAD_U' : 'APDU_BAD_S', `S/U-format APDU with length ${len}`);
  if ((c1 & 3) === 1) {
    if (c1 !== 1 || c2 !== 0 || (c3 & 1) !== 0) return fail('APDU_BAD_S', 'S-format control octets are malformed');
    return { ok: true, value: { format: 'S', nr: (c3 >> 1) | (c4 << 7) } };
  }
  const fn = U_BY_OCTET.get(c1);
  if (fn === undefined || c2 !== 0 || c3 !== 0 || c4 !== 0) {
    return fail('APDU_BAD_U', `U-format control octet 0x${c1.toString(16)} is not one function`);
  }
  return { ok: true, value: { format: 'U', fn } };
}

/** (a - b) modulo 32768: how far sequence number `a` is ahead of `b`. */
export function seqDistance(a: number, b: number): number {
  return (a - b + SEQ_MODULO) % SEQ_MODULO;
}
