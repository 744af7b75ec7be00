/**
 * Building blocks of the type table: a time-tagged variant of an element codec, and the
 * shared readers and writers of quality and value octets.
 */
import { CP24_SIZE, CP56_SIZE, readCp24, readCp56, writeCp24, writeCp56 } from './time-tags';
import type { InfoObject, TypeDirection, TypeSpec } from './types';

/** An element codec without identity: what a family defines once and reuses. */
export interface ElementCodec {
  size: number;
  decode(b: Uint8Array, dv: DataView, o: number, ioa: number): InfoObject;
  encode(obj: InfoObject, b: Uint8Array, dv: DataView, o: number): void;
}

/** Names an element codec as a table row. */
export function spec(id: number, name: string, direction: TypeDirection, codec: ElementCodec): TypeSpec {
  return { id, name, direction, size: codec.size, decode: codec.decode, encode: codec.encode };
}

/** The same element followed by a CP24Time2a or CP56Time2a time tag. */
export function timed(codec: ElementCodec, tag: 'cp24' | 'cp56'): ElementCodec {
  const base = codec.size;
  if (tag === 'cp24') {
    return {
      size: base + CP24_SIZE,
      decode(b, dv, o, ioa) {
        const obj = codec.decode(b, dv, o, ioa);
        obj.time = readCp24(b, o + base);
        return obj;
      },
      encode(obj, b, dv, o) {
        codec.encode(obj, b, dv, o);
        const t = obj.time;
        writeCp24(b, o + base, t?.kind === 'cp24' ? t : { kind: 'cp24', msOfHour: 0, iv: true });
      },
    };
  }
  return {
    size: base + CP56_SIZE,
    decode(b, dv, o, ioa) {
      const obj = codec.decode(b, dv, o, ioa);
      obj.time = readCp56(b, o + base);
      return obj;
    },
    encode(obj, b, dv, o) {
      codec.encode(obj, b, dv, o);
      const t = obj.time;
      writeCp56(b, o + base, t?.kind === 'cp56' ? t : { kind: 'cp56', epochMs: Date.UTC(2000, 0, 1), iv: true, su: false, dayOfWeek: 0 });
    },
  };
}

/** The numeric value of an object (booleans as 0/1). */
export function num(obj: InfoObject): number {
  return typeof obj.value === 'boolean' ? (obj.value ? 1 : 0) : obj.value;
}

/** Normalized value (NVA) fraction to its signed 16-bit raw value, clamped to -1 .. 1-2^-15. */
export function nvaRaw(obj: InfoObject): number {
  if (obj.raw !== undefined) return obj.raw;
  const raw = Math.round(num(obj) * 32768);
  return raw > 32767 ? 32767 : raw < -32768 ? -32768 : raw;
}
