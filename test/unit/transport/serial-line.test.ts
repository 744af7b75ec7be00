/**
 * The serial line's arbitration on a fake clock (one transaction at a time, the
 * inter-frame gap, the hold timeout, the CONFIRM that ends a transaction), its timing
 * figures, and the naming of port errors.
 */
import { describe, expect, it } from 'vitest';
import { decodeLinkFrame, encodeLinkFrame, type LinkFrame } from '../../../src-main/protocols/dnp3';
import { SerialLineArbiter } from '../../../src-main/transport/serial-line-arbiter';
import { classifySerialError } from '../../../src-main/transport/serial-port';
import { bitsPerCharacter, describeLineFormat, lineDifference, serialResponseTimeoutMs, wireTimeMs, DEFAULT_SERIAL_LINE } from '../../../src-main/transport/serial-settings';

const MASTER = 1;

/** A master frame to `outstation`: UNCONFIRMED_USER_DATA with transport FIR|FIN and the application function. */
function request(outstation: number, fn: number): { frame: LinkFrame; bytes: Uint8Array } {
  const bytes = encodeLinkFrame({ dir: true, prm: true, func: 4, destination: outstation, source: MASTER, payload: Uint8Array.of(0xc0, 0xc0, fn) });
  return { frame: (decodeLinkFrame(bytes) as { ok: true; frame: LinkFrame }).frame, bytes };
}

/** An outstation response fragment; `con` asks for a CONFIRM, `fin` marks the final fragment. */
function response(outstation: number, { fin = true, con = false } = {}): LinkFrame {
  const ac = 0x80 | (fin ? 0x40 : 0) | (con ? 0x20 : 0);
  const bytes = encodeLinkFrame({ dir: false, prm: true, func: 4, destination: MASTER, source: outstation, payload: Uint8Array.of(0xc0, ac, 0x81, 0, 0) });
  return (decodeLinkFrame(bytes) as { ok: true; frame: LinkFrame }).frame;
}

const arbiter = (gapMs = 0, holdTimeoutMs = 1000) => new SerialLineArbiter({ gapMs, holdTimeoutMs, wireMs: (n) => n }); // 1 ms per octet
const sent = (a: SerialLineArbiter, now: number) => a.pump(now).send.map((s) => s.station);

describe('serial line arbitration', () => {
  it('lets one station transact at a time: the second request waits for the first final response', () => {
    const a = arbiter();
    const r10 = request(10, 0x01);
    const r11 = request(11, 0x01);
    a.submit(10, r10.frame, r10.bytes, 0);
    a.submit(11, r11.frame, r11.bytes, 0);
    expect(sent(a, 0)).toEqual([10]);
    expect(a.holder).toBe(10);
    expect(sent(a, 100)).toEqual([]);
    a.received(10, response(10, { fin: false, con: true }), 100);
    expect(sent(a, 120)).toEqual([]); // not final yet
    a.received(10, response(10), 150);
    expect(a.holder).toBeNull();
    expect(sent(a, 150)).toEqual([11]);
    expect(a.stats).toMatchObject({ transactions: 2, holdTimeouts: 0, maxWaitMs: 150 });
  });

  it('holds the line until the CONFIRM the outstation asked for, which the owner sends at once', () => {
    const a = arbiter();
    const r10 = request(10, 0x01);
    const r11 = request(11, 0x01);
    a.submit(10, r10.frame, r10.bytes, 0);
    sent(a, 0);
    a.submit(11, r11.frame, r11.bytes, 10);
    a.received(10, response(10, { con: true }), 50);
    expect(a.holder).toBe(10);
    const confirm = request(10, 0x00);
    a.submit(10, confirm.frame, confirm.bytes, 60);
    // The owner's CONFIRM goes first; station 11's request once the CONFIRM is off the wire.
    const first = a.pump(60);
    expect(first.send.map((s) => s.station)).toEqual([10]);
    expect(first.wakeAtMs).toBe(60 + confirm.bytes.length);
    expect(sent(a, first.wakeAtMs!)).toEqual([11]);
  });

  it('waits the inter-frame gap after the last octet on the line before transmitting', () => {
    const a = arbiter(5);
    const r10 = request(10, 0x01);
    a.heard(100);
    a.submit(10, r10.frame, r10.bytes, 100);
    expect(a.pump(102)).toEqual({ send: [], wakeAtMs: 105 });
    expect(sent(a, 105)).toEqual([10]);
  });

  it('frees the line after the hold timeout when the owner gets no answer', () => {
    const a = arbiter(0, 500);
    const r10 = request(10, 0x01);
    const r11 = request(11, 0x01);
    a.submit(10, r10.frame, r10.bytes, 0);
    expect(a.pump(0).wakeAtMs).toBe(500);
    a.submit(11, r11.frame, r11.bytes, 1);
    expect(sent(a, 499)).toEqual([]);
    expect(sent(a, 500)).toEqual([11]);
    expect(a.stats.holdTimeouts).toBe(1);
  });

  it('does not hold the line for requests without a response (DIRECT_OPERATE_NR)', () => {
    const a = arbiter();
    const nr = request(10, 0x06);
    a.submit(10, nr.frame, nr.bytes, 0);
    expect(sent(a, 0)).toEqual([10]);
    expect(a.holder).toBeNull();
  });

  it('a station that leaves gives up the line and its queued frames', () => {
    const a = arbiter();
    const r10 = request(10, 0x01);
    const r11 = request(11, 0x01);
    a.submit(10, r10.frame, r10.bytes, 0);
    sent(a, 0);
    a.submit(11, r11.frame, r11.bytes, 1);
    a.remove(11);
    a.remove(10);
    expect(a.holder).toBeNull();
    expect(sent(a, 2)).toEqual([]);
  });
});

describe('serial line timing', () => {
  it('counts start, data, parity and stop bits', () => {
    expect(bitsPerCharacter({ dataBits: 8, parity: 'none', stopBits: 1 })).toBe(10);
    expect(bitsPerCharacter({ dataBits: 8, parity: 'even', stopBits: 2 })).toBe(12);
  });

  it('adds the wire time of the longest link frame (292 octets) to the response timeout', () => {
    const line = { ...DEFAULT_SERIAL_LINE, baudRate: 9600 };
    expect(wireTimeMs(292, line)).toBeCloseTo(304.17, 2);
    expect(serialResponseTimeoutMs(2000, line)).toBe(2305);
    expect(serialResponseTimeoutMs(2000, { ...line, baudRate: 115200 })).toBe(2026);
    expect(describeLineFormat({ ...line, parity: 'even' })).toBe('9600 8E1');
  });

  it('names the first setting two stations of one port disagree on', () => {
    const a = { ...DEFAULT_SERIAL_LINE, path: '/dev/ttyS0' };
    expect(lineDifference(a, { ...a })).toBeNull();
    expect(lineDifference(a, { ...a, parity: 'odd' })).toBe('parity none vs odd');
  });
});

describe('serial port errors', () => {
  it.each([
    ['Error: No such file or directory, cannot open /dev/ttyUSB9', 'PORT_MISSING'],
    ['Error Resource temporarily unavailable Cannot lock port', 'PORT_BUSY'],
    ['Error: Permission denied, cannot open /dev/ttyS0', 'PERMISSION_DENIED'],
    ['Error: Inappropriate ioctl for device setting custom baud rate of 9600', 'OTHER'],
  ])('%s -> %s', (message, code) => {
    const error = classifySerialError(new Error(message), '/dev/ttyS0');
    expect(error.code).toBe(code);
    expect(error.message).toContain('/dev/ttyS0');
  });
});
