import { describe, expect, it } from 'vitest';
import { decodeLinkFrame, encodeLinkFrame } from '../../../../src-main/protocols/dnp3/link/frame';
import { LinkFramer } from '../../../../src-main/protocols/dnp3/link/framer';
import { crcDnp } from '../../../../src-main/protocols/dnp3/link/crc';
import { Reassembler } from '../../../../src-main/protocols/dnp3/transport/reassembler';
import { segmentFragment } from '../../../../src-main/protocols/dnp3/transport/segments';
import { decodeObjectHeader } from '../../../../src-main/protocols/dnp3/app/header';
import { parseFragment } from '../../../../src-main/protocols/dnp3/app/fragment';
import { iinWords } from '../../../../src-main/protocols/dnp3/app/iin';
import { commandStatusName } from '../../../../src-main/protocols/dnp3/app/command-status';
import { qualityTable } from '../../../../src-main/protocols/dnp3/app/quality';
import { unhex } from './harness';

const frame = (payload: number[]) => encodeLinkFrame({ dir: true, prm: true, func: 4, destination: 10, source: 1, payload: new Uint8Array(payload) });

describe('DNP3 codec error codes', () => {
  it('CRC-16/DNP check value', () => {
    expect(crcDnp(new TextEncoder().encode('123456789'))).toBe(0xea82);
  });

  it('link decode errors: TRUNCATED, BAD_START, BAD_LENGTH, BAD_HEADER_CRC, BAD_BLOCK_CRC', () => {
    const good = frame([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]);
    const code = (b: Uint8Array) => {
      const r = decodeLinkFrame(b);
      return r.ok ? 'OK' : r.error.code;
    };
    expect(code(good)).toBe('OK');
    expect(code(good.subarray(0, 5))).toBe('TRUNCATED');
    expect(code(good.subarray(0, good.length - 1))).toBe('TRUNCATED');
    const s = good.slice();
    s[0] = 0x06;
    expect(code(s)).toBe('BAD_START');
    const l = unhex('056404c40a000100');
    const lc = crcDnp(l, 0, 8);
    expect(code(new Uint8Array([...l, lc & 0xff, lc >> 8]))).toBe('BAD_LENGTH');
    const h = good.slice();
    h[5] = h[5]! ^ 1;
    expect(code(h)).toBe('BAD_HEADER_CRC');
    const b = good.slice();
    b[good.length - 3] = b[good.length - 3]! ^ 1; // the second block
    const r = decodeLinkFrame(b);
    expect(r.ok ? null : r.error).toMatchObject({ code: 'BAD_BLOCK_CRC', block: 1 });
  });

  it('framer reports and resynchronises: DISCARDED_OCTETS, BAD_HEADER_CRC, BAD_BLOCK_CRC, BAD_LENGTH', () => {
    const good = frame([0xc0, 0xc1, 1, 60, 1, 6]);
    const badHeader = good.slice();
    badHeader[6] = badHeader[6]! ^ 0xff;
    const badBlock = good.slice();
    badBlock[12] = badBlock[12]! ^ 0xff;
    const f = new LinkFramer();
    const stream = new Uint8Array([0x00, 0x05, 0x11, ...badHeader, ...good, ...badBlock, ...good]);
    const items = f.push(stream);
    const codes = items.map((i) => (i.ok ? 'FRAME' : i.error.code));
    expect(codes).toEqual(['DISCARDED_OCTETS', 'BAD_HEADER_CRC', 'DISCARDED_OCTETS', 'FRAME', 'BAD_BLOCK_CRC', 'DISCARDED_OCTETS', 'FRAME']);
    expect(f.stats).toMatchObject({ frames: 2, headerCrcErrors: 1, blockCrcErrors: 1 });
    const l = unhex('056404c40a000100');
    const lc = crcDnp(l, 0, 8);
    const f2 = new LinkFramer();
    expect(f2.push(new Uint8Array([...l, lc & 0xff, lc >> 8, ...good])).map((i) => (i.ok ? 'FRAME' : i.error.code))).toEqual(['BAD_LENGTH', 'DISCARDED_OCTETS', 'FRAME']);
  });

  it('frames, payloads and fragments handed out stay intact while many more are decoded', () => {
    const framer = new LinkFramer();
    const re = new Reassembler(2048);
    const payloadOf = (i: number): Uint8Array => Uint8Array.from({ length: 250 }, (_, k) => (i * 31 + k) & 0xff);
    const frames: Array<{ raw: Uint8Array; payload: Uint8Array }> = [];
    const fragments: Uint8Array[] = [];
    for (let i = 0; i < 600; i++) {
      const segment = Uint8Array.of(0xc0 | (i & 0x3f), ...payloadOf(i).subarray(1));
      const wire = encodeLinkFrame({ dir: false, prm: true, func: 4, destination: 1, source: 10, payload: segment });
      for (const item of framer.push(wire)) {
        if (!item.ok) throw new Error(item.error.code);
        frames.push({ raw: item.raw, payload: item.frame.payload });
        const r = re.push(item.frame.payload);
        if (r.kind === 'fragment') fragments.push(r.fragment);
      }
    }
    expect(frames).toHaveLength(600);
    expect(fragments).toHaveLength(600);
    frames.forEach((f, i) => {
      const segment = Uint8Array.of(0xc0 | (i & 0x3f), ...payloadOf(i).subarray(1));
      expect(f.payload).toEqual(segment);
      expect(f.raw).toEqual(encodeLinkFrame({ dir: false, prm: true, func: 4, destination: 1, source: 10, payload: segment }));
      expect(fragments[i]).toEqual(segment.subarray(1));
    });
  });

  it('transport errors: TRANSPORT_SEQUENCE, TRANSPORT_NO_FIR, TRANSPORT_OVERFLOW, TRANSPORT_EMPTY', () => {
    const re = new Reassembler(300);
    const frag = new Uint8Array(400).map((_, i) => i & 0xff);
    const { segments } = segmentFragment(frag, 62);
    expect(re.push(new Uint8Array(0))).toMatchObject({ kind: 'error', code: 'TRANSPORT_EMPTY' });
    expect(re.push(segments[1]!)).toMatchObject({ kind: 'error', code: 'TRANSPORT_NO_FIR' });
    expect(re.push(segments[0]!)).toEqual({ kind: 'pending' });
    expect(re.push(segments[1]!)).toMatchObject({ kind: 'error', code: 'TRANSPORT_OVERFLOW' });
    const big = new Reassembler(65536);
    expect(big.push(segments[0]!)).toEqual({ kind: 'pending' });
    expect(big.push(segments[0]!)).toMatchObject({ kind: 'error', code: 'TRANSPORT_SEQUENCE' }); // a new FIR discards the partial
    expect(big.push(new Uint8Array([0x80 | 5, 1]))).toMatchObject({ kind: 'error', code: 'TRANSPORT_SEQUENCE' });
    expect(big.push(segments[0]!)).toEqual({ kind: 'pending' });
    const r = big.push(segments[1]!);
    expect(r.kind).toBe('fragment');
    if (r.kind === 'fragment') expect(r.fragment).toEqual(frag);
    expect(segments[1]![0]! & 0x3f).toBe(63);
  });

  it('header errors: TRUNCATED_HEADER, BAD_QUALIFIER, BAD_RANGE', () => {
    const code = (h: number[]) => {
      const r = decodeObjectHeader(new Uint8Array(h), 0);
      return r.ok ? 'OK' : r.error.code;
    };
    expect(code([1, 2])).toBe('TRUNCATED_HEADER');
    expect(code([1, 2, 0x01, 0, 0])).toBe('TRUNCATED_HEADER');
    expect(code([1, 2, 0x03, 0])).toBe('BAD_QUALIFIER');
    expect(code([1, 2, 0x80])).toBe('BAD_QUALIFIER');
    expect(code([1, 2, 0x16])).toBe('BAD_QUALIFIER');
    expect(code([1, 2, 0x0b, 1])).toBe('BAD_QUALIFIER');
    expect(code([1, 2, 0x00, 5, 4])).toBe('BAD_RANGE');
    for (const q of [[0x00, 1, 2], [0x01, 1, 0, 2, 0], [0x02, 1, 0, 0, 0, 2, 0, 0, 0], [0x06], [0x07, 1], [0x08, 1, 0], [0x09, 1, 0, 0, 0], [0x17, 1], [0x28, 1, 0], [0x39, 1, 0, 0, 0], [0x5b, 1]]) {
      expect(code([1, 2, ...q])).toBe('OK');
    }
  });

  it('fragment errors: TRUNCATED_FRAGMENT, OBJECT_UNKNOWN, TRUNCATED_OBJECTS, BAD_PACKED_QUALIFIER', () => {
    const err = (b: number[]) => {
      const r = parseFragment(new Uint8Array(b));
      return r.ok ? (r.fragment.error?.code ?? 'OK') : r.error.code;
    };
    expect(err([0xc0])).toBe('TRUNCATED_FRAGMENT');
    expect(err([0xc0, 0x81, 0])).toBe('TRUNCATED_FRAGMENT');
    expect(err([0xc0, 0x81, 0, 0, 99, 1, 0x00, 0, 0])).toBe('OBJECT_UNKNOWN');
    expect(err([0xc0, 0x81, 0, 0, 30, 1, 0x00, 0, 1, 1, 0, 0, 0, 0])).toBe('TRUNCATED_OBJECTS');
    expect(err([0xc0, 0x81, 0, 0, 1, 1, 0x17, 1, 0, 1])).toBe('BAD_PACKED_QUALIFIER');
    expect(err([0xc0, 0x81, 0, 0, 1, 1, 0x00, 0, 20, 0xff])).toBe('TRUNCATED_OBJECTS');
    expect(err([0xc0, 0x81, 0, 0, 0, 252, 0x00, 0, 0, 1, 9, 65])).toBe('TRUNCATED_OBJECTS');
    expect(err([0xc0, 0x81, 0, 0, 30, 1, 0x5b, 1, 2, 0, 1, 2])).toBe('TRUNCATED_OBJECTS');
  });

  it('IIN, command status and quality names', () => {
    expect(iinWords(0x0090)).toEqual(['NEED_TIME', 'DEVICE_RESTART']);
    expect(iinWords(0x0700)).toEqual(['NO_FUNC_CODE_SUPPORT', 'OBJECT_UNKNOWN', 'PARAMETER_ERROR']);
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 126, 127, 200].map(commandStatusName)).toEqual([
      'SUCCESS', 'TIMEOUT', 'NO_SELECT', 'FORMAT_ERROR', 'NOT_SUPPORTED', 'ALREADY_ACTIVE', 'HARDWARE_ERROR', 'LOCAL', 'TOO_MANY_OBJS', 'NOT_AUTHORIZED', 'AUTOMATION_INHIBIT',
      'PROCESSING_LIMITED', 'OUT_OF_RANGE', 'DOWNSTREAM_LOCAL', 'ALREADY_COMPLETE', 'BLOCKED', 'CANCELLED', 'BLOCKED_OTHER_MASTER', 'DOWNSTREAM_FAIL', 'NON_PARTICIPATING', 'UNDEFINED', 'UNDEFINED(200)',
    ]);
    expect(qualityTable('ai')[0x7f]).toEqual(['ONLINE', 'RESTART', 'COMM_LOST', 'REMOTE_FORCED', 'LOCAL_FORCED', 'OVER_RANGE', 'REFERENCE_ERR']);
    expect(qualityTable('ctr')[0x61]).toEqual(['ONLINE', 'ROLLOVER', 'DISCONTINUITY']);
    expect(qualityTable('bi')[0xa1]).toEqual(['ONLINE', 'CHATTER_FILTER']);
    expect(qualityTable('bi')[0x01]).toBe(qualityTable('bi')[0x81]);
    expect(Object.isFrozen(qualityTable('ai')[1])).toBe(true);
  });
});

describe('DNP3 decoder regressions found by fast-check', () => {
  it('a size prefix smaller than the object is TRUNCATED_OBJECTS, not a throw', () => {
    const r = parseFragment(new Uint8Array([192, 129, 0, 0, 0, 1, 0x47, 1, 0]));
    expect(r.ok && r.fragment.error?.code).toBe('TRUNCATED_OBJECTS');
    const r2 = parseFragment(new Uint8Array([192, 129, 0, 0, 30, 1, 0x47, 1, 2, 1, 0]));
    expect(r2.ok && r2.fragment.error?.code).toBe('TRUNCATED_OBJECTS');
  });
});
