/**
 * DNP3-specific session calls (beyond the common ones in session.ts). Owned by the DNP3
 * stack; the engine and CLI pass them through.
 */

/** An object header given as data for a raw request, e.g. `{ group: 0, variation: 252, qualifier: 6 }`. */
export interface Dnp3RawHeader {
  group: number;
  variation: number;
  qualifier: number;
  start?: number;
  stop?: number;
  count?: number;
  indices?: number[];
  /**
   * The objects' octets after the header (index prefixes included, as on the wire); when
   * given, `indices` is not written.
   */
  data?: Uint8Array;
}

/** Calls only a DNP3 master session understands. */
export type Dnp3Call =
  | { op: 'dnp3.classPoll'; classes: Array<0 | 1 | 2 | 3> }
  /**
   * Counter freeze: IMMEDIATE_FREEZE, FREEZE_CLEAR or FREEZE_AT_TIME (with `noAck` their
   * _NR codes, answered by nothing) of the counters `start`..`stop`, or all when left out.
   */
  | { op: 'dnp3.freeze'; id: string; mode: 'immediate' | 'clear' | 'atTime'; atTime?: number; intervalMs?: number; noAck?: boolean; start?: number; stop?: number }
  /** ENABLE_UNSOLICITED / DISABLE_UNSOLICITED for the given event classes. */
  | { op: 'dnp3.unsolicited'; id: string; enable: boolean; classes: Array<1 | 2 | 3> }
  | { op: 'dnp3.restart'; id: string; kind: 'cold' | 'warm' }
  | { op: 'dnp3.assignClass'; id: string; group: number; cls: 0 | 1 | 2 | 3; start?: number; stop?: number }
  | { op: 'dnp3.readAttributes'; id: string; variation?: number }
  | { op: 'dnp3.raw'; id: string; functionCode: number; headers: Dnp3RawHeader[] };
