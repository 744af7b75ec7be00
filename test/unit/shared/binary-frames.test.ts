import { describe, expect, it } from 'vitest';
import { decodeBinaryFrame, encodeBinaryFrame } from '../../../src-shared/ipc/binary-frames';
import { batchOf, samplesOf } from './point-batch-fixture';

/** The frame's octets in an ArrayBuffer of their own, as a WebSocket delivers them. */
const received = (frame: Uint8Array): ArrayBuffer => frame.slice().buffer;

const header = (text: string): Uint8Array => {
  const json = new TextEncoder().encode(text);
  const frame = new Uint8Array(((4 + json.length + 7) & ~7) + 16);
  new DataView(frame.buffer).setUint32(0, json.length, true);
  frame.set(json, 4);
  return frame;
};

describe('binary frames of typed arrays', () => {
  it('round-trips a points batch: the columns come back as views on the frame, of the same type and contents', () => {
    const batch = batchOf('st 1', [
      { slot: 7, type: 'g30v5', raw: 1.5, value: 15, label: null, quality: ['ONLINE'], deviceTime: 1_700_000_000_123, receivedTime: 1_700_000_000_456, changes: 3 },
      { slot: 70_000, type: 'g1v2', raw: true, value: 1, label: 'Closed', quality: ['ONLINE', 'COMM_LOST'], deviceTime: null, receivedTime: null, changes: 4_000_000_000 },
      { slot: 2, type: 'g110v4', raw: 'text', value: null, label: null, quality: [], deviceTime: null, receivedTime: 5, changes: 0 },
    ]);
    const message = { t: 'event', name: 'points.batch', payload: batch };
    const frame = received(encodeBinaryFrame(message));
    const decoded = decodeBinaryFrame(frame);
    expect(decoded.ok).toBe(true);
    const back = (decoded as { value: typeof message }).value;
    expect(back.t).toBe('event');
    expect(back.payload.slots).toBeInstanceOf(Uint32Array);
    expect(back.payload.values).toBeInstanceOf(Float64Array);
    expect(back.payload.kinds).toBeInstanceOf(Uint8Array);
    expect(back.payload.slots.buffer, 'a view, not a copy').toBe(frame);
    expect(samplesOf(back.payload)).toEqual(samplesOf(batch));
    expect(back.payload).toEqual(batch);
  });

  it('encodes only the viewed part of an array that is a window on a larger buffer', () => {
    const big = new Float64Array([1, 2, 3, 4, 5]);
    const decoded = decodeBinaryFrame(received(encodeBinaryFrame({ a: big.subarray(1, 3), b: new Uint8Array([9]), c: new Uint16Array(0) })));
    expect(decoded).toEqual({ ok: true, value: { a: new Float64Array([2, 3]), b: new Uint8Array([9]), c: new Uint16Array(0) } });
  });

  it('refuses frames cut short, headers that are not JSON, and references outside the frame, unaligned or of unknown types', () => {
    const code = (frame: ArrayBuffer) => {
      const decoded = decodeBinaryFrame(frame);
      return decoded.ok ? 'ok' : decoded.error.code;
    };
    expect(code(new ArrayBuffer(3))).toBe('BAD_FRAME');
    expect(code(received(encodeBinaryFrame({ a: new Float64Array(4) })).slice(0, 20))).toBe('BAD_FRAME');
    expect(code(received(header('{"a":')))).toBe('BAD_FRAME');
    expect(code(received(header('{"a":{"$typed":"Float64Array","at":8,"n":2}}'))), 'the data section holds 16 octets').toBe('BAD_FRAME');
    expect(code(received(header('{"a":{"$typed":"Float64Array","at":4,"n":1}}')))).toBe('BAD_FRAME');
    expect(code(received(header('{"a":{"$typed":"BigInt64Array","at":0,"n":1}}')))).toBe('BAD_FRAME');
    expect(code(received(header('{"a":{"$typed":"Float64Array","at":8,"n":1}}')))).toBe('ok');
  });
});
