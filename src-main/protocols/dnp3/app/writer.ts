/**
 * Fragment writer: builds requests and responses into one buffer (application control,
 * function code, IIN for responses, then object headers with their objects).
 */
import { encodeAppControl, type AppControl } from './control';
import { encodeObjectHeader, headerLength, prefixOctets, type HeaderSpec } from './header';
import type { DataCodec, DataValue, PointCodec, PointData } from './objects/types';

/** One indexed point to write. */
export interface IndexedPoint {
  index: number;
  point: PointData;
}

/** Growable fragment builder; `capacity` bounds responses (`fits` says what still fits). */
export class FragmentWriter {
  private buf: Uint8Array;
  private dv: DataView;
  private len = 0;

  constructor(readonly capacity = 2048) {
    this.buf = new Uint8Array(Math.max(16, capacity));
    this.dv = new DataView(this.buf.buffer);
  }

  /** Starts a request: control then function code. */
  request(control: AppControl, fc: number): this {
    this.len = 0;
    this.u8(encodeAppControl(control));
    this.u8(fc);
    return this;
  }

  /** Starts a response: control, function code, IIN (IIN1 first). */
  response(control: AppControl, fc: number, iin: number): this {
    this.len = 0;
    this.u8(encodeAppControl(control));
    this.u8(fc);
    this.u8(iin & 0xff);
    this.u8((iin >> 8) & 0xff);
    return this;
  }

  /** Octets written so far. */
  get length(): number {
    return this.len;
  }

  /** True when `n` more octets stay within the capacity. */
  fits(n: number): boolean {
    return this.len + n <= this.capacity;
  }

  /** Overwrites the control octet (e.g. FIN/CON decided after the objects). */
  setControl(control: AppControl): void {
    this.buf[0] = encodeAppControl(control);
  }

  /** Overwrites the IIN of a response. */
  setIin(iin: number): void {
    this.buf[2] = iin & 0xff;
    this.buf[3] = (iin >> 8) & 0xff;
  }

  /** Writes one header (no objects). */
  header(spec: HeaderSpec): this {
    this.ensure(headerLength(spec.qualifier));
    this.len = encodeObjectHeader(this.buf, this.len, spec);
    return this;
  }

  /** Writes a header with start-stop range (0x00 or 0x01 as the indices need) and packed or sized points. */
  range(codec: PointCodec, start: number, points: PointData[]): this {
    const stop = start + points.length - 1;
    this.header({ group: codec.group, variation: codec.variation, qualifier: stop > 0xff ? 0x01 : 0x00, start, stop });
    if (codec.bits > 0) {
      const octets = Math.ceil((points.length * codec.bits) / 8);
      this.ensure(octets);
      this.buf.fill(0, this.len, this.len + octets);
      points.forEach((p, i) => {
        const bit = i * codec.bits;
        const v = codec.bits === 1 ? (p.value === true || p.value === 1 ? 1 : 0) : Number(p.value) & 3;
        this.buf[this.len + (bit >> 3)]! |= v << (bit & 7);
      });
      this.len += octets;
      return this;
    }
    this.ensure(codec.size * points.length);
    for (const p of points) {
      codec.write(this.dv, this.len, p);
      this.len += codec.size;
    }
    return this;
  }

  /** Writes a header with count and index prefix (0x17 or 0x28; by default as the indices need) and the points. */
  indexed(codec: PointCodec, items: IndexedPoint[], qualifier?: 0x17 | 0x28): this {
    const q = qualifier ?? (items.some((x) => x.index > 0xff) ? 0x28 : 0x17);
    this.header({ group: codec.group, variation: codec.variation, qualifier: q, count: items.length });
    const pre = prefixOctets(q);
    this.ensure((pre + codec.size) * items.length);
    for (const x of items) {
      this.prefix(x.index, pre);
      codec.write(this.dv, this.len, x.point);
      this.len += codec.size;
    }
    return this;
  }

  /** Writes data objects under one header with the given qualifier (0x07/0x08 count, 0x17/0x28 index, 0x00/0x01 range). */
  data(codec: DataCodec, qualifier: number, items: Array<{ index: number; value: DataValue }>): this {
    const first = items[0]?.index ?? 0;
    this.header({ group: codec.group, variation: codec.variation, qualifier, count: items.length, start: first, stop: first + items.length - 1 });
    const pre = prefixOctets(qualifier);
    for (const x of items) {
      this.ensure(pre + codec.lengthOf(x.value));
      this.prefix(x.index, pre);
      this.len += codec.write(this.dv, this.len, x.value);
    }
    return this;
  }

  /** Appends raw octets. */
  bytes(b: Uint8Array): this {
    this.ensure(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
    return this;
  }

  /** A copy of what was written. */
  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }

  private prefix(index: number, n: number): void {
    if (n === 1) this.dv.setUint8(this.len, index);
    else if (n === 2) this.dv.setUint16(this.len, index, true);
    else if (n === 4) this.dv.setUint32(this.len, index, true);
    this.len += n;
  }

  private u8(v: number): void {
    this.ensure(1);
    this.buf[this.len++] = v;
  }

  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.len + n));
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
    this.dv = new DataView(next.buffer);
  }
}
