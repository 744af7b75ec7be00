/**
 * IEC 60870-5-104-specific session calls (beyond the common ones in session.ts). Owned by
 * the IEC 104 stack; the engine and CLI pass them through.
 */

/**
 * An ASDU given octet by octet for a raw request: the data unit identifier and, per
 * information object, its address and its element octets as they go on the wire. With
 * `sequence` (SQ = 1) only the first object's IOA is written and the others follow it.
 */
export interface Iec104RawAsdu {
  typeId: number;
  cause: number;
  negative: boolean;
  test: boolean;
  originator: number;
  commonAddress: number;
  sequence: boolean;
  objects: Array<{ ioa: number; data: Uint8Array }>;
}

/** Calls only an IEC 104 controlling-station session understands. */
export type Iec104Call =
  /** Counter interrogation C_CI_NA_1: request (0) / freeze (1) / freeze and reset (2) / reset (3), group 0 = general. */
  | { op: 'iec104.counterInterrogation'; group?: number; freeze?: 0 | 1 | 2 | 3; commonAddress?: number }
  /** Read command C_RD_NA_1 for one IOA; answered by a `response` event with the value (or UNKNOWN_IOA, TIMEOUT). */
  | { op: 'iec104.read'; id: string; ioa: number; commonAddress?: number }
  /** Test command with time tag C_TS_TA_1; answered by a `response` event. */
  | { op: 'iec104.testCommand'; id: string; commonAddress?: number }
  /** Reset process command C_RP_NA_1 (QRP 1 general reset, 2 reset of time-tagged events); answered by a `response` event. */
  | { op: 'iec104.resetProcess'; id: string; qrp: number; commonAddress?: number }
  /**
   * A raw ASDU sent as one I-frame; every ASDU of its common address that arrives within
   * `windowMs` (default 2000; restarted by each answer to the request) is collected and
   * reported by one `response` event (see the master's raw requests).
   */
  | { op: 'iec104.raw'; id: string; asdu: Iec104RawAsdu; windowMs?: number };
