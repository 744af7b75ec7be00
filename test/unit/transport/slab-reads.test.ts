import { describe, expect, it } from 'vitest';
import { SlabReads } from '../../../src-main/transport/slab-reads';

/** Does what net does with an `onread` option: fills the offered buffer, calls back, asks for the next. */
function read(reads: SlabReads, offered: Uint8Array, bytes: Uint8Array): Uint8Array {
  offered.set(bytes);
  expect(reads.onread.callback(bytes.length, offered)).toBe(true);
  return reads.onread.buffer();
}

describe('SlabReads', () => {
  it('hands on each read as a plain view that later reads never overwrite, across slabs', () => {
    const reads = new SlabReads();
    const got: Uint8Array[] = [];
    reads.deliverTo((chunk) => got.push(chunk));
    let offered = reads.onread.buffer();
    const sent: Uint8Array[] = [];
    for (let i = 0; i < 40; i++) {
      const chunk = new Uint8Array(Math.min(offered.length, 1000 + i * 997)).fill(i + 1);
      sent.push(chunk);
      offered = read(reads, offered, chunk);
      // every read is offered at least a quarter of the first slab
      expect(offered.length).toBeGreaterThanOrEqual(4 * 1024);
    }
    expect(got.map((c) => c.constructor)).toEqual(sent.map(() => Uint8Array));
    expect(got).toEqual(sent);
    expect(new Set(got.map((c) => c.buffer)).size).toBeGreaterThan(1);
  });

  it('holds a small slab while reads are small, and grows to 64 KiB reads when reads fill what they were offered', () => {
    const quiet = new SlabReads();
    quiet.deliverTo(() => undefined);
    let offered = quiet.onread.buffer();
    for (let i = 0; i < 100; i++) offered = read(quiet, offered, new Uint8Array(300));
    // a quiet connection (an RTU reporting a few changes) never holds more than 16 KiB
    expect(offered.buffer.byteLength).toBe(16 * 1024);

    const flood = new SlabReads();
    flood.deliverTo(() => undefined);
    offered = flood.onread.buffer();
    const sizes: number[] = [];
    for (let i = 0; i < 12; i++) {
      offered = read(flood, offered, new Uint8Array(offered.length));
      sizes.push(offered.length);
    }
    // each read that filled its room doubles the slab, up to 256 KiB (64 KiB reads at least)
    expect(sizes.slice(0, 5)).toEqual([32, 64, 128, 256, 256].map((k) => k * 1024));
    expect(Math.min(...sizes.slice(3))).toBeGreaterThanOrEqual(64 * 1024);
  });

  it('keeps what was read before the connection started and delivers it first', () => {
    const reads = new SlabReads();
    let offered = reads.onread.buffer();
    offered = read(reads, offered, Uint8Array.of(1, 2));
    offered = read(reads, offered, Uint8Array.of(3));
    const got: number[][] = [];
    reads.deliverTo((chunk) => got.push([...chunk]));
    read(reads, offered, Uint8Array.of(4, 5));
    expect(got).toEqual([[1, 2], [3], [4, 5]]);
  });
});
