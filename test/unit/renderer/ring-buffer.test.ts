import { describe, expect, it } from 'vitest';
import { RingBuffer } from '../../../src-renderer/util/ring-buffer';

describe('RingBuffer', () => {
  it('keeps entries in order until full', () => {
    const ring = new RingBuffer<number>(3);
    ring.push(1);
    ring.push(2);
    expect(ring.toArray()).toEqual([1, 2]);
    expect(ring.size).toBe(2);
    expect(ring.last()).toBe(2);
  });

  it('drops the oldest entry past its capacity and counts what it dropped', () => {
    const ring = new RingBuffer<number>(3);
    for (let i = 1; i <= 7; i++) ring.push(i);
    expect(ring.toArray()).toEqual([5, 6, 7]);
    expect(ring.at(0)).toBe(5);
    expect(ring.at(3)).toBeUndefined();
    expect(ring.pushed).toBe(7);
    expect(ring.dropped).toBe(4);
  });

  it('clears without forgetting the push count', () => {
    const ring = new RingBuffer<string>(2);
    ring.push('a');
    ring.clear();
    expect(ring.size).toBe(0);
    expect(ring.last()).toBeUndefined();
    ring.push('b');
    expect(ring.toArray()).toEqual(['b']);
    expect(ring.pushed).toBe(2);
  });

  it('rejects a capacity that is not a positive integer', () => {
    expect(() => new RingBuffer(0)).toThrow(RangeError);
    expect(() => new RingBuffer(1.5)).toThrow(RangeError);
  });
});
