import { describe, expect, it } from 'vitest';
import { DirectionReassembler, type StreamChunk } from '../../../src-main/protocols/pcap';

const seg = (n: number, fill: number): Uint8Array => new Uint8Array(n).fill(fill);
const view = (chunks: StreamChunk[]): Array<[number, number[], number?]> =>
  chunks.map((c) => (c.gapBefore ? [c.frame, [...c.bytes], c.gapBefore] : [c.frame, [...c.bytes]]));

describe('DirectionReassembler', () => {
  it('delivers in-order data after the SYN and drops exact retransmissions', () => {
    const r = new DirectionReassembler();
    r.syn(99);
    expect(view(r.push(100, Uint8Array.of(1, 2), 2, 0))).toEqual([[2, [1, 2]]]);
    expect(view(r.push(100, Uint8Array.of(1, 2), 3, 0))).toEqual([]);
    expect(view(r.push(102, Uint8Array.of(3), 4, 0))).toEqual([[4, [3]]]);
    expect(r.stats).toEqual({ retransmissions: 1, outOfOrder: 0, gaps: 0 });
  });

  it('trims a retransmission that overlaps new data', () => {
    const r = new DirectionReassembler();
    r.push(0, Uint8Array.of(1, 2, 3), 1, 0);
    expect(view(r.push(1, Uint8Array.of(2, 3, 4, 5), 2, 0))).toEqual([[2, [4, 5]]]);
    expect(r.stats.retransmissions).toBe(1);
  });

  it('holds out-of-order segments until the gap is filled', () => {
    const r = new DirectionReassembler();
    r.push(10, Uint8Array.of(1), 1, 0);
    expect(r.push(13, Uint8Array.of(4), 2, 0)).toEqual([]);
    expect(r.push(12, Uint8Array.of(3), 3, 0)).toEqual([]);
    expect(view(r.push(11, Uint8Array.of(2), 4, 0))).toEqual([[4, [2]], [3, [3]], [2, [4]]]);
    expect(r.stats.outOfOrder).toBe(2);
  });

  it('flush delivers held data after a gap that never fills, marking the gap', () => {
    const r = new DirectionReassembler();
    r.push(0, seg(2, 1), 1, 0);
    r.push(5, seg(1, 2), 2, 0);
    expect(view(r.flush())).toEqual([[2, [2], 3]]);
    expect(r.stats.gaps).toBe(1);
  });

  it('handles sequence numbers wrapping past 2^32', () => {
    const r = new DirectionReassembler();
    r.push(0xffff_fffe, Uint8Array.of(1, 2, 3), 1, 0);
    expect(view(r.push(1, Uint8Array.of(4), 2, 0))).toEqual([[2, [4]]]);
    expect(view(r.push(0xffff_ffff, Uint8Array.of(2, 3), 3, 0))).toEqual([]);
  });

  it('gives up on a gap when too many segments are held', () => {
    const r = new DirectionReassembler();
    r.push(0, seg(1, 0), 1, 0);
    let delivered: StreamChunk[] = [];
    for (let i = 0; i < 257; i++) delivered = delivered.concat(r.push(10 + i, seg(1, 1), 2 + i, 0));
    expect(delivered[0]).toMatchObject({ frame: 2, gapBefore: 9 });
    expect(delivered).toHaveLength(257);
  });
});
