/** Builds fixed-size data codecs from a field list (controls, time, delay objects). */
import { readTime48, writeTime48 } from '../time48';
import type { DataCodec, DataValue } from './types';

/** Wire type of one data field. */
export type FieldKind = 'u8' | 'u16' | 'u32' | 'i16' | 'i32' | 'f32' | 'f64' | 't48';

/** Octets of each field kind. */
export const FIELD_SIZE: Record<FieldKind, number> = { u8: 1, u16: 2, u32: 4, i16: 2, i32: 4, f32: 4, f64: 8, t48: 6 };

/** Reads one field of kind `k` at `off`. */
export function readField(dv: DataView, off: number, k: FieldKind): number {
  switch (k) {
    case 'u8':
      return dv.getUint8(off);
    case 'u16':
      return dv.getUint16(off, true);
    case 'u32':
      return dv.getUint32(off, true);
    case 'i16':
      return dv.getInt16(off, true);
    case 'i32':
      return dv.getInt32(off, true);
    case 'f32':
      return dv.getFloat32(off, true);
    case 'f64':
      return dv.getFloat64(off, true);
    case 't48':
      return readTime48(dv, off);
  }
}

/** Writes one field of kind `k` at `off`. */
export function writeField(dv: DataView, off: number, k: FieldKind, v: number): void {
  switch (k) {
    case 'u8':
      return dv.setUint8(off, v);
    case 'u16':
      return dv.setUint16(off, v, true);
    case 'u32':
      return dv.setUint32(off, v, true);
    case 'i16':
      return dv.setInt16(off, v, true);
    case 'i32':
      return dv.setInt32(off, v, true);
    case 'f32':
      return dv.setFloat32(off, v, true);
    case 'f64':
      return dv.setFloat64(off, v, true);
    case 't48':
      return writeTime48(dv, off, v);
  }
}

/** A fixed-size data codec whose object is the named fields in order. */
export function dataCodec(group: number, variation: number, fields: Array<[string, FieldKind]>): DataCodec {
  const size = fields.reduce((n, [, k]) => n + FIELD_SIZE[k], 0);
  return {
    kind: 'data',
    group,
    variation,
    type: `g${group}v${variation}`,
    size,
    sizeAt: () => size,
    read(dv: DataView, off: number): DataValue {
      const out: DataValue = {};
      let p = off;
      for (const [name, k] of fields) {
        out[name] = readField(dv, p, k);
        p += FIELD_SIZE[k];
      }
      return out;
    },
    write(dv: DataView, off: number, v: DataValue): number {
      let p = off;
      for (const [name, k] of fields) {
        const x = v[name];
        writeField(dv, p, k, typeof x === 'number' ? x : 0);
        p += FIELD_SIZE[k];
      }
      return size;
    },
    lengthOf: () => size,
  };
}
