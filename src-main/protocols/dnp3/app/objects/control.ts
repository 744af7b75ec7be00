/**
 * Control objects: g12v1 control relay output block (CROB) and g41v1-v4 analog output
 * blocks. CROB: control code, count, on-time ms (u32), off-time ms (u32), status.
 * Control code: bits 6-7 TCC (0 NUL, 1 CLOSE, 2 TRIP), bit5 CR (clear), bit4 QU (queue),
 * bits 0-3 op type (0 NUL, 1 PULSE_ON, 2 PULSE_OFF, 3 LATCH_ON, 4 LATCH_OFF).
 */
import { dataCodec } from './data-codec';
import type { DataCodec } from './types';

/** Codecs of the control objects. */
export const CONTROL_CODECS: DataCodec[] = [
  dataCodec(12, 1, [
    ['code', 'u8'],
    ['count', 'u8'],
    ['onTime', 'u32'],
    ['offTime', 'u32'],
    ['status', 'u8'],
  ]),
  dataCodec(41, 1, [
    ['value', 'i32'],
    ['status', 'u8'],
  ]),
  dataCodec(41, 2, [
    ['value', 'i16'],
    ['status', 'u8'],
  ]),
  dataCodec(41, 3, [
    ['value', 'f32'],
    ['status', 'u8'],
  ]),
  dataCodec(41, 4, [
    ['value', 'f64'],
    ['status', 'u8'],
  ]),
];

/** CROB operation types (bits 0-3 of the control code). */
export const CrobOp = { NUL: 0, PULSE_ON: 1, PULSE_OFF: 2, LATCH_ON: 3, LATCH_OFF: 4 } as const;
/** CROB trip-close codes (bits 6-7 of the control code, shifted). */
export const CrobTcc = { NUL: 0x00, CLOSE: 0x40, TRIP: 0x80 } as const;
