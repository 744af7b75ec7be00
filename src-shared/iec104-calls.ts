/**
 * IEC 60870-5-104-specific session calls (beyond the common ones in session.ts). Owned by
 * the IEC 104 stack; the engine and CLI pass them through.
 */

/** Calls only an IEC 104 controlling-station session understands. */
export type Iec104Call =
  /** Counter interrogation C_CI_NA_1: request (0) / freeze (1) / freeze and reset (2) / reset (3), group 0 = general. */
  | { op: 'iec104.counterInterrogation'; group?: number; freeze?: 0 | 1 | 2 | 3; commonAddress?: number }
  | { op: 'iec104.read'; id: string; ioa: number; commonAddress?: number }
  | { op: 'iec104.testCommand'; id: string; commonAddress?: number }
  | { op: 'iec104.resetProcess'; id: string; qrp: number; commonAddress?: number };
