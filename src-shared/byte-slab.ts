/**
 * Small byte arrays carved from shared slabs. A decoder that hands out many short-lived
 * arrays of a few dozen to a few hundred octets (joined frames, link payloads, raw frames)
 * would otherwise allocate one ArrayBuffer each: V8 keeps the smallest on its heap and
 * moves them off it at the first look at their `buffer`, and gives the larger ones memory
 * of their own outside the heap; both cost many times the copy and drive garbage
 * collection. Memory is never reused, so an array stays valid for as long as it is held
 * (it keeps its slab alive).
 */

/** Hands out zero-filled arrays from slabs of `slabSize` octets, the first taken on first use. */
export class ByteSlab {
  private slab = new Uint8Array(0);
  private used = 0;

  constructor(private readonly slabSize = 64 * 1024) {}

  /** A fresh array of `length` octets (its own ArrayBuffer when larger than a slab). */
  alloc(length: number): Uint8Array {
    if (length > this.slabSize) return new Uint8Array(length);
    if (this.slab.length - this.used < length) {
      this.slab = new Uint8Array(this.slabSize);
      this.used = 0;
    }
    const at = this.used;
    this.used += length;
    return this.slab.subarray(at, at + length);
  }

  /** A copy of `source[start, end)`. */
  copy(source: Uint8Array, start: number, end: number): Uint8Array {
    const out = this.alloc(end - start);
    out.set(source.subarray(start, end));
    return out;
  }
}
