/**
 * Application control octet and function codes (IEEE 1815-2012 clause 4.2.2).
 * Control: bit7 FIR, bit6 FIN, bit5 CON, bit4 UNS, bits0-3 SEQ.
 */

/** Decoded application control octet. */
export interface AppControl {
  fir: boolean;
  fin: boolean;
  con: boolean;
  uns: boolean;
  seq: number;
}

/** Decodes an application control octet. */
export function decodeAppControl(octet: number): AppControl {
  return {
    fir: (octet & 0x80) !== 0,
    fin: (octet & 0x40) !== 0,
    con: (octet & 0x20) !== 0,
    uns: (octet & 0x10) !== 0,
    seq: octet & 0x0f,
  };
}

/** Encodes an application control octet. */
export function encodeAppControl(c: AppControl): number {
  return (c.fir ? 0x80 : 0) | (c.fin ? 0x40 : 0) | (c.con ? 0x20 : 0) | (c.uns ? 0x10 : 0) | (c.seq & 0x0f);
}

/** Application function codes by name. */
export const FunctionCode = {
  CONFIRM: 0,
  READ: 1,
  WRITE: 2,
  SELECT: 3,
  OPERATE: 4,
  DIRECT_OPERATE: 5,
  DIRECT_OPERATE_NR: 6,
  IMMEDIATE_FREEZE: 7,
  IMMEDIATE_FREEZE_NR: 8,
  FREEZE_CLEAR: 9,
  FREEZE_CLEAR_NR: 10,
  FREEZE_AT_TIME: 11,
  FREEZE_AT_TIME_NR: 12,
  COLD_RESTART: 13,
  WARM_RESTART: 14,
  INITIALIZE_DATA: 15,
  INITIALIZE_APPLICATION: 16,
  START_APPLICATION: 17,
  STOP_APPLICATION: 18,
  SAVE_CONFIGURATION: 19,
  ENABLE_UNSOLICITED: 20,
  DISABLE_UNSOLICITED: 21,
  ASSIGN_CLASS: 22,
  DELAY_MEASURE: 23,
  RECORD_CURRENT_TIME: 24,
  OPEN_FILE: 25,
  CLOSE_FILE: 26,
  DELETE_FILE: 27,
  GET_FILE_INFO: 28,
  AUTHENTICATE_FILE: 29,
  ABORT_FILE: 30,
  ACTIVATE_CONFIG: 31,
  AUTHENTICATE_REQ: 32,
  AUTH_REQ_NO_ACK: 33,
  RESPONSE: 129,
  UNSOLICITED_RESPONSE: 130,
  AUTHENTICATE_RESP: 131,
} as const;

const NAMES: Record<number, string> = Object.fromEntries(Object.entries(FunctionCode).map(([k, v]) => [v, k]));

/** Name of a function code, `UNKNOWN(n)` when undefined. */
export function functionName(fc: number): string {
  return NAMES[fc] ?? `UNKNOWN(${fc})`;
}

/** True for the two response function codes (they carry IIN). */
export function isResponseFunction(fc: number): boolean {
  return fc === FunctionCode.RESPONSE || fc === FunctionCode.UNSOLICITED_RESPONSE || fc === FunctionCode.AUTHENTICATE_RESP;
}

/** Request function codes an outstation answers with nothing (the _NR codes, CONFIRM, AUTH_REQ_NO_ACK). */
export function answeredByNothing(fc: number): boolean {
  return [FunctionCode.CONFIRM, FunctionCode.DIRECT_OPERATE_NR, FunctionCode.IMMEDIATE_FREEZE_NR, FunctionCode.FREEZE_CLEAR_NR, FunctionCode.FREEZE_AT_TIME_NR, FunctionCode.AUTH_REQ_NO_ACK].includes(fc as 0);
}

/**
 * True when object headers of requests with this function code are followed by object
 * data (WRITE, SELECT, OPERATE, DIRECT_OPERATE[_NR], FREEZE_AT_TIME[_NR], the Secure
 * Authentication requests AUTHENTICATE_REQ[_NO_ACK], responses).
 */
export function functionCarriesData(fc: number): boolean {
  return fc === 2 || fc === 3 || fc === 4 || fc === 5 || fc === 6 || fc === 11 || fc === 12 || fc === 25 || fc === 26 || fc === 27 || fc === 28 || fc === 29 || fc === 30 || fc === 31 || fc === 32 || fc === 33 || fc >= 128;
}
