import { describe, expect, it } from 'vitest';
import { ByteSlab } from '../../../src-shared/byte-slab';

describe('ByteSlab', () => {
  it('hands out copies from shared slabs that later ones never overwrite, larger ones standalone', () => {
    const slab = new ByteSlab(1024);
    const source = Uint8Array.from({ length: 300 }, (_, i) => i & 0xff);
    const kept = Array.from({ length: 50 }, (_, i) => slab.copy(source, i, i + 40 + i));
    kept.forEach((copy, i) => expect([...copy]).toEqual([...source.subarray(i, i + 40 + i)]));
    expect(new Set(kept.map((copy) => copy.buffer)).size).toBeLessThan(10);
    const big = slab.alloc(2000);
    expect(big.length).toBe(2000);
    expect(big.buffer.byteLength).toBe(2000);
    expect(slab.alloc(16).every((b) => b === 0)).toBe(true);
  });
});
