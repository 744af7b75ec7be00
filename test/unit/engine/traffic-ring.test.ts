/**
 * The analyzer's traffic ring: bounded by chunks and bytes, oldest dropped first, bytes
 * copied (the tap's buffers may be reused by the caller).
 */
import { describe, expect, it } from 'vitest';
import { TrafficRing, type TrafficChunk } from '../../../src-main/engine/analyzer/traffic-ring';
import type { ConnectionInfo } from '../../../src-main/transport/connection';

const connection: ConnectionInfo = {
  transport: 'tcp',
  initiator: 'local',
  local: { address: '127.0.0.1', port: 50000, family: 'IPv4' },
  remote: { address: '127.0.0.1', port: 20000, family: 'IPv4' },
};
const chunk = (n: number, size = 10): TrafficChunk => ({ direction: n % 2 ? 'rx' : 'tx', link: 0, timeMs: n, bytes: new Uint8Array(size).fill(n), connection });

describe('TrafficRing', () => {
  it('keeps chunks in order until the chunk limit, then drops the oldest', () => {
    const ring = new TrafficRing({ maxChunks: 3, maxBytes: 1000 });
    for (let n = 1; n <= 5; n++) ring.add(chunk(n));
    expect(ring.chunks().map((c) => c.timeMs)).toEqual([3, 4, 5]);
    expect(ring.size).toBe(3);
    expect(ring.bytes).toBe(30);
    expect(ring.droppedChunks).toBe(2);
  });

  it('drops the oldest chunks to stay within the byte budget', () => {
    const ring = new TrafficRing({ maxChunks: 100, maxBytes: 25 });
    ring.add(chunk(1, 10));
    ring.add(chunk(2, 10));
    ring.add(chunk(3, 10));
    expect(ring.chunks().map((c) => c.timeMs)).toEqual([2, 3]);
    expect(ring.bytes).toBe(20);
    ring.add(chunk(4, 40));
    expect(ring.chunks().map((c) => [c.timeMs, c.bytes.length])).toEqual([[4, 25]]);
    expect(ring.droppedChunks).toBe(3);
  });

  it('copies the bytes it keeps', () => {
    const ring = new TrafficRing();
    const bytes = new Uint8Array([1, 2, 3]);
    ring.add({ ...chunk(1), bytes });
    bytes.fill(9);
    expect([...ring.chunks()[0]!.bytes]).toEqual([1, 2, 3]);
  });

  it('refuses limits that could hold nothing', () => {
    expect(() => new TrafficRing({ maxChunks: 0, maxBytes: 10 })).toThrow(/positive/);
  });
});
