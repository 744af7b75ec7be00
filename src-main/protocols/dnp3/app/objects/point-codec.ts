/**
 * Builds point codecs from a layout: optional flag octet, a value of a given wire type,
 * and an optional absolute (48-bit) or relative (16-bit, from g51 CTO) time.
 */
import type { PointFamily } from '../quality';
import type { PointCodec, PointData, PointScratch } from './types';
import { readTime48, writeTime48 } from '../time48';

/** Wire type of a point's value. */
export type ValueKind = 'none' | 'i16' | 'i32' | 'u16' | 'u32' | 'f32' | 'f64' | 'state' | 'dbstate';

const VALUE_SIZE: Record<ValueKind, number> = { none: 0, i16: 2, i32: 4, u16: 2, u32: 4, f32: 4, f64: 8, state: 0, dbstate: 0 };

/** Layout of one point variation. */
export interface PointLayout {
  family: PointFamily;
  event: boolean;
  /** True when the object starts with a flag (or status) octet. */
  flags: boolean;
  value: ValueKind;
  time?: 'abs' | 'rel';
}

function readValue(dv: DataView, off: number, kind: ValueKind, flags: number): number | boolean {
  switch (kind) {
    case 'i16':
      return dv.getInt16(off, true);
    case 'i32':
      return dv.getInt32(off, true);
    case 'u16':
      return dv.getUint16(off, true);
    case 'u32':
      return dv.getUint32(off, true);
    case 'f32':
      return dv.getFloat32(off, true);
    case 'f64':
      return dv.getFloat64(off, true);
    case 'state':
      return (flags & 0x80) !== 0;
    case 'dbstate':
      return flags >> 6;
    case 'none':
      return 0;
  }
}

function writeValue(dv: DataView, off: number, kind: ValueKind, v: number | boolean | string): void {
  const n = typeof v === 'number' ? v : v === true ? 1 : 0;
  switch (kind) {
    case 'i16':
      dv.setInt16(off, n, true);
      return;
    case 'i32':
      dv.setInt32(off, n, true);
      return;
    case 'u16':
      dv.setUint16(off, n, true);
      return;
    case 'u32':
      dv.setUint32(off, n, true);
      return;
    case 'f32':
      dv.setFloat32(off, n, true);
      return;
    case 'f64':
      dv.setFloat64(off, n, true);
      return;
    default:
      return;
  }
}

/** Flag octet to write for a point: state bits folded in for binaries and double-bits. */
function flagsFor(kind: ValueKind, p: PointData): number {
  if (kind === 'state') return (p.flags & 0x7f) | (p.value === true ? 0x80 : 0);
  if (kind === 'dbstate') return (p.flags & 0x3f) | ((Number(p.value) & 3) << 6);
  return p.flags & 0xff;
}

/** Builds the codec of group/variation with the given layout. */
export function pointCodec(group: number, variation: number, layout: PointLayout): PointCodec {
  const { value: kind, flags: hasFlags, time } = layout;
  const vOff = hasFlags ? 1 : 0;
  const tOff = vOff + VALUE_SIZE[kind];
  const size = tOff + (time === 'abs' ? 6 : time === 'rel' ? 2 : 0);
  return {
    kind: 'point',
    group,
    variation,
    type: `g${group}v${variation}`,
    family: layout.family,
    event: layout.event,
    size,
    bits: 0,
    read(dv: DataView, off: number, s: PointScratch): void {
      const flags = hasFlags ? dv.getUint8(off) : 0x01;
      s.flags = flags;
      s.value = readValue(dv, off + vOff, kind, flags);
      if (time === 'abs') s.time = readTime48(dv, off + tOff);
      else if (time === 'rel') s.time = s.cto === null ? null : s.cto + dv.getUint16(off + tOff, true);
      else s.time = null;
    },
    write(dv: DataView, off: number, p: PointData): void {
      if (hasFlags) dv.setUint8(off, flagsFor(kind, p));
      writeValue(dv, off + vOff, kind, p.value);
      if (time === 'abs') writeTime48(dv, off + tOff, p.time ?? 0);
      else if (time === 'rel') dv.setUint16(off + tOff, p.time ?? 0, true);
    },
  };
}

/** Builds a packed-bit codec (g1v1, g3v1, g10v1, g80v1): `bits` per object, no flags. */
export function packedCodec(group: number, variation: number, family: PointFamily, bits: 1 | 2): PointCodec {
  return {
    kind: 'point',
    group,
    variation,
    type: `g${group}v${variation}`,
    family,
    event: false,
    size: 0,
    bits,
    read(_dv: DataView, packed: number, s: PointScratch): void {
      // implicit ONLINE with the state in the flag bits, as a flagged object would carry it
      if (bits === 1) {
        s.flags = 0x01 | (packed ? 0x80 : 0);
        s.value = packed !== 0;
      } else {
        s.flags = 0x01 | (packed << 6);
        s.value = packed;
      }
      s.time = null;
    },
    write(): void {
      // packed bits are written by the fragment writer, which owns the bit position
    },
  };
}
