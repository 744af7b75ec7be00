/**
 * CROB (g12v1) requests of every control action with the octets IEEE 1815-2012 clause
 * A.8.1 gives them: control code (bits 0-3 op type NUL 0, PULSE_ON 1, PULSE_OFF 2,
 * LATCH_ON 3, LATCH_OFF 4; bits 6-7 trip-close code NUL 0, CLOSE 1, TRIP 2), count,
 * on-time and off-time (u32 ms, little-endian), status. Shared by the sans-IO and tshark tests.
 */
import type { ControlAction } from '../../../../src-shared/session';

/** One CROB case: the action on `bo:<index>` and the object it must encode to (master pulse time 1000 ms). */
export interface CrobCase {
  name: string;
  index: number;
  action: ControlAction;
  /** Control code split as IEEE 1815 names it: op type and trip-close code (0 NUL, 1 CLOSE, 2 TRIP). */
  op: number;
  tcc: number;
  count: number;
  onTime: number;
  offTime: number;
  /** The object octets after the index: code, count, on, off, status. */
  hex: string;
}

/** Every CROB the master sends. */
export const CROB_CASES: CrobCase[] = [
  { name: 'LATCH_ON', index: 1, action: { action: 'on' }, op: 3, tcc: 0, count: 1, onTime: 0, offTime: 0, hex: '03 01 00000000 00000000 00' },
  { name: 'LATCH_OFF', index: 2, action: { action: 'off' }, op: 4, tcc: 0, count: 1, onTime: 0, offTime: 0, hex: '04 01 00000000 00000000 00' },
  { name: 'NUL', index: 3, action: { action: 'nul' }, op: 0, tcc: 0, count: 1, onTime: 0, offTime: 0, hex: '00 01 00000000 00000000 00' },
  { name: 'PULSE_ON x3 250/750 ms', index: 4, action: { action: 'pulseOn', onMs: 250, offMs: 750, count: 3 }, op: 1, tcc: 0, count: 3, onTime: 250, offTime: 750, hex: '01 03 fa000000 ee020000 00' },
  { name: 'PULSE_OFF default times', index: 5, action: { action: 'pulseOff' }, op: 2, tcc: 0, count: 1, onTime: 1000, offTime: 1000, hex: '02 01 e8030000 e8030000 00' },
  { name: 'TRIP PULSE_ON 500 ms', index: 6, action: { action: 'trip', onMs: 500 }, op: 1, tcc: 2, count: 1, onTime: 500, offTime: 1000, hex: '81 01 f4010000 e8030000 00' },
  { name: 'CLOSE PULSE_ON x2 200/100 ms', index: 7, action: { action: 'close', onMs: 200, offMs: 100, count: 2 }, op: 1, tcc: 1, count: 2, onTime: 200, offTime: 100, hex: '41 02 c8000000 64000000 00' },
  { name: 'CLOSE PULSE_ON 70000 ms', index: 0, action: { action: 'close', onMs: 70_000, offMs: 1, count: 255 }, op: 1, tcc: 1, count: 255, onTime: 70_000, offTime: 1, hex: '41 ff 70110100 01000000 00' },
];
