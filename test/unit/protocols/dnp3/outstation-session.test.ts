import { describe, expect, it } from 'vitest';
import { createDnp3Outstation, type Dnp3OutstationSession } from '../../../../src-main/protocols/dnp3';
import { FunctionCode, encodeAppControl } from '../../../../src-main/protocols/dnp3/app/control';
import { codecFor } from '../../../../src-main/protocols/dnp3/app/objects/table';
import type { DataCodec } from '../../../../src-main/protocols/dnp3/app/objects/types';
import { FragmentWriter } from '../../../../src-main/protocols/dnp3/app/writer';
import { encodeLinkFrame } from '../../../../src-main/protocols/dnp3/link/frame';
import { segmentFragment } from '../../../../src-main/protocols/dnp3/transport/segments';
import type { ParsedFragment } from '../../../../src-main/protocols/dnp3/app/fragment';
import { FakeClock, type Driven } from './harness';
import { requestsIn } from './scripted';

/** A scripted master talking to a real outstation. */
class Master {
  private seq = 0;
  private tseq = 0;
  private seen = 0;
  constructor(readonly os: Driven) {}
  request(fc: number, body: (w: FragmentWriter) => void = () => undefined, seq = this.seq): ParsedFragment[] {
    this.seq = (seq + 1) & 15;
    const w = new FragmentWriter(4096);
    w.request({ fir: true, fin: true, con: false, uns: false, seq }, fc);
    body(w);
    this.send(w.finish());
    return this.replies();
  }
  confirm(seq: number, uns = false): ParsedFragment[] {
    this.send(new Uint8Array([encodeAppControl({ fir: true, fin: true, con: false, uns, seq }), 0]));
    return this.replies();
  }
  send(fragment: Uint8Array): void {
    const { segments, nextSeq } = segmentFragment(fragment, this.tseq);
    this.tseq = nextSeq;
    for (const payload of segments) this.os.step({ kind: 'rx', bytes: encodeLinkFrame({ dir: true, prm: true, func: 4, destination: 10, source: 1, payload }) });
  }
  replies(): ParsedFragment[] {
    const all = requestsIn(this.os.sent);
    const fresh = all.slice(this.seen);
    this.seen = all.length;
    return fresh;
  }
}

function setup(cfg: ConstructorParameters<typeof Dnp3OutstationSession>[0] = {}) {
  const clock = new FakeClock();
  const os = clock.add('outstation', createDnp3Outstation(cfg));
  os.step({ kind: 'up' });
  return { clock, os, m: new Master(os) };
}

const crob = codecFor(12, 1) as DataCodec;
const latchOn = (w: FragmentWriter) => w.data(crob, 0x17, [{ index: 1, value: { code: 3, count: 1, onTime: 0, offTime: 0, status: 0 } }]);
const statusOf = (r: ParsedFragment) => (r.headers[0]!.objects[0] as unknown as { data: { status: number } }).data.status;

describe('DNP3 outstation simulator', () => {
  it('starts with DEVICE_RESTART and NEED_TIME, sends a null unsolicited and retries it until confirmed', () => {
    const { clock, os, m } = setup({ confirmTimeoutMs: 1000 });
    const [nul] = m.replies();
    expect(nul).toMatchObject({ function: FunctionCode.UNSOLICITED_RESPONSE, iin: 0x0090, headers: [] });
    expect(nul!.control).toMatchObject({ uns: true, con: true, seq: 0 });
    clock.run(1000);
    expect(m.replies()).toHaveLength(1);
    m.confirm(0, true);
    clock.run(5000);
    expect(m.replies()).toHaveLength(0);
    void os;
  });

  it('answers an integrity poll of many points in several fragments, each confirmed', () => {
    const { m } = setup({ counts: { ai: 1000 }, unsolicited: false });
    const first = m.request(FunctionCode.READ, (w) => w.header({ group: 60, variation: 1, qualifier: 0x06 }));
    expect(first).toHaveLength(1);
    expect(first[0]!.control).toMatchObject({ fir: true, fin: false, con: true });
    let all = [...first];
    for (let last = first[0]!; !last.control.fin; ) {
      const next = m.confirm(last.control.seq);
      expect(next).toHaveLength(1);
      last = next[0]!;
      all.push(last);
    }
    expect(all.length).toBeGreaterThan(2);
    all = all.filter((f) => f.headers.some((h) => h.group === 30));
    const ai = all.flatMap((f) => f.headers.filter((h) => h.group === 30).flatMap((h) => h.objects.map((o) => o.index)));
    expect(ai).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it('answers a class read with the events buffered when it arrived, so a read under a flood of events ends', () => {
    const { clock, m, os } = setup({ counts: { ai: 100 }, unsolicited: false, eventBufferSize: 100_000, flood: { eventsPerSecond: 2000, tickMs: 10 } });
    clock.run(1000);
    const buffered = (os.session as Dnp3OutstationSession).db.pending(2);
    expect(buffered).toBeGreaterThan(1000);
    let [last] = m.request(FunctionCode.READ, (w) => w.header({ group: 60, variation: 3, qualifier: 0x06 }));
    let reported = 0;
    let fragments = 1;
    for (; ; fragments++) {
      reported += last!.headers.reduce((n, h) => n + h.objects.length, 0);
      if (last!.control.fin || fragments > 100) break;
      // more events arrive between fragments than one fragment carries
      clock.run(clock.now + 100);
      [last] = m.confirm(last!.control.seq);
    }
    expect(last!.control.fin).toBe(true);
    expect(reported).toBe(buffered);
  });

  it('keeps events per class until confirmed and reports EVENT_BUFFER_OVERFLOW', () => {
    const { clock, m } = setup({ eventBufferSize: 5, unsolicited: false, changes: { intervalMs: 100, mode: 'randomWalk', pointsPerTick: 1 }, counts: { ctr: 0 } });
    clock.run(1000);
    const [r] = m.request(FunctionCode.READ, (w) => w.header({ group: 60, variation: 3, qualifier: 0x06 }));
    expect(r!.iin! & 0x0800).toBe(0x0800);
    expect(r!.control.con).toBe(true);
    expect(r!.headers[0]!.objects).toHaveLength(5);
    const [again] = m.request(FunctionCode.READ, (w) => w.header({ group: 60, variation: 3, qualifier: 0x06 }));
    expect(again!.headers[0]!.objects).toHaveLength(5); // not confirmed: the same events again
    m.confirm(again!.control.seq);
    const [after] = m.request(FunctionCode.READ, (w) => w.header({ group: 60, variation: 3, qualifier: 0x06 }));
    expect(after!.headers).toHaveLength(0);
    expect(after!.iin! & 0x0804).toBe(0);
  });

  it('select before operate: SUCCESS, NO_SELECT without a select, TIMEOUT after the select timeout', () => {
    const { clock, m } = setup({ selectTimeoutMs: 1000, unsolicited: false });
    const [sel] = m.request(FunctionCode.SELECT, latchOn);
    expect(statusOf(sel!)).toBe(0);
    const [op] = m.request(FunctionCode.OPERATE, latchOn);
    expect(statusOf(op!)).toBe(0);
    const [op2] = m.request(FunctionCode.OPERATE, latchOn);
    expect(statusOf(op2!)).toBe(2); // NO_SELECT: the select was used
    m.request(FunctionCode.SELECT, latchOn);
    clock.run(clock.now + 1001);
    const [late] = m.request(FunctionCode.OPERATE, latchOn);
    expect(statusOf(late!)).toBe(1); // TIMEOUT
  });

  it('repeats the response to a repeated request without executing it twice', () => {
    const { m, os } = setup({ unsolicited: false, classes: { bo: 1 } });
    m.request(FunctionCode.DIRECT_OPERATE, latchOn, 5);
    const again = m.request(FunctionCode.DIRECT_OPERATE, latchOn, 5);
    expect(again).toHaveLength(1);
    const s = os.session as Dnp3OutstationSession;
    expect(s.db.pending(1)).toBe(1);
  });

  it('rejects unknown functions and objects with IIN2 bits', () => {
    const { m } = setup({ unsolicited: false });
    expect(m.request(31)[0]!.iin! & 0x0100).toBe(0x0100);
    expect(m.request(FunctionCode.READ, (w) => w.header({ group: 70, variation: 1, qualifier: 0x06 }))[0]!.iin! & 0x0200).toBe(0x0200);
    expect(m.request(FunctionCode.READ, (w) => w.header({ group: 30, variation: 0, qualifier: 0x00, start: 200, stop: 201 }))[0]!.iin! & 0x0400).toBe(0x0400);
  });

  it('flood mode fills 2048-octet fragments', () => {
    const { clock, m } = setup({ flood: { eventsPerSecond: 100_000, tickMs: 10 }, eventBufferSize: 100_000, unsolicited: false, counts: { ai: 500 } });
    clock.run(100);
    const [r] = m.request(FunctionCode.READ, (w) => w.header({ group: 60, variation: 3, qualifier: 0x06 }));
    const events = r!.headers.reduce((n, h) => n + h.objects.length, 0);
    expect(events).toBe(Math.floor((2048 - 4 - 5) / 13));
    expect(r!.control.fin).toBe(false);
  });
});

describe('DNP3 outstation: unsolicited and solicited event reports together', () => {
  it('a read of events abandons a pending unsolicited response; no event is dropped unsent', () => {
    const { clock, os, m } = setup({ changes: { intervalMs: 100, mode: 'toggle', pointsPerTick: 1 }, classes: { bi: 1, dbi: 1, bo: 1 } });
    m.confirm(0, true); // the null unsolicited
    m.request(FunctionCode.ENABLE_UNSOLICITED, (w) => w.header({ group: 60, variation: 2, qualifier: 0x06 }));
    clock.run(100);
    const [uns] = m.replies();
    expect(uns).toMatchObject({ function: FunctionCode.UNSOLICITED_RESPONSE });
    const [read] = m.request(FunctionCode.READ, (w) => w.header({ group: 60, variation: 2, qualifier: 0x06 }));
    expect(read!.headers.flatMap((h) => h.objects)).toHaveLength(1);
    m.confirm(uns!.control.seq, true); // late confirm of the abandoned response: ignored
    expect((os.session as Dnp3OutstationSession).db.pending(1)).toBe(1);
    m.confirm(read!.control.seq);
    expect((os.session as Dnp3OutstationSession).db.pending(1)).toBe(0);
  });
});

describe('DNP3 outstation: broadcast', () => {
  it('executes a broadcast request without answering and reports IIN BROADCAST next', () => {
    const { m, os } = setup({ unsolicited: false });
    const w = new FragmentWriter(64);
    w.request({ fir: true, fin: true, con: false, uns: false, seq: 3 }, FunctionCode.WRITE);
    w.header({ group: 80, variation: 1, qualifier: 0x00, start: 7, stop: 7 }).bytes(new Uint8Array([0]));
    const { segments } = segmentFragment(w.finish(), 0);
    os.step({ kind: 'rx', bytes: encodeLinkFrame({ dir: true, prm: true, func: 4, destination: 0xffff, source: 1, payload: segments[0]! }) });
    expect(m.replies()).toHaveLength(0);
    const [r] = m.request(FunctionCode.READ, (x) => x.header({ group: 60, variation: 2, qualifier: 0x06 }));
    expect(r!.iin! & 0x0081).toBe(0x0001); // BROADCAST set, DEVICE_RESTART cleared by the broadcast write
    const [r2] = m.request(FunctionCode.READ, (x) => x.header({ group: 60, variation: 2, qualifier: 0x06 }));
    expect(r2!.iin! & 0x0001).toBe(0);
  });
});

describe('DNP3 outstation: source address validation', () => {
  /** A class 0 read from master address `source`; the destinations of the link frames sent back. */
  function readFrom(os: Driven, source: number): number[] {
    const w = new FragmentWriter(64);
    w.request({ fir: true, fin: true, con: false, uns: false, seq: 0 }, FunctionCode.READ);
    w.header({ group: 60, variation: 1, qualifier: 0x06 });
    const before = os.sent.length;
    os.step({ kind: 'rx', bytes: encodeLinkFrame({ dir: true, prm: true, func: 4, destination: 10, source, payload: segmentFragment(w.finish(), 0).segments[0]! }) });
    // link header: 05 64 LEN CTRL DEST(2, little-endian) SRC(2) CRC(2)
    return os.sent.slice(before).map((bytes) => bytes[4]! | (bytes[5]! << 8));
  }

  it('drops requests from another master address by default', () => {
    const { os } = setup({ unsolicited: false });
    expect(readFrom(os, 2)).toEqual([]);
    expect(readFrom(os, 1)).toEqual([1]);
  });

  it('with anyMaster answers every master address, each to its own source', () => {
    const { os } = setup({ unsolicited: false, anyMaster: true });
    expect(readFrom(os, 2)).toEqual([2]);
    expect(readFrom(os, 1)).toEqual([1]);
  });
});

describe('DNP3 outstation: static reads by group', () => {
  it('reads by index, start-stop, count limit and all, with variation 0 as the default variation', () => {
    const { m } = setup({ unsolicited: false });
    const read = (q: (w: FragmentWriter) => void) => m.request(FunctionCode.READ, q)[0]!.headers.map((h) => `g${h.group}v${h.variation}:${h.objects.map((o) => o.index).join(',')}`);
    expect(read((w) => w.header({ group: 30, variation: 0, qualifier: 0x07, count: 3 }))).toEqual(['g30v1:0,1,2']);
    expect(read((w) => w.header({ group: 30, variation: 5, qualifier: 0x00, start: 8, stop: 9 }))).toEqual(['g30v5:8,9']);
    expect(read((w) => w.header({ group: 1, variation: 1, qualifier: 0x06 }))).toEqual(['g1v1:0,1,2,3,4,5,6,7,8,9']);
    expect(read((w) => w.header({ group: 20, variation: 0, qualifier: 0x17, count: 2 }).bytes(new Uint8Array([4, 6])))).toEqual(['g20v1:4', 'g20v1:6']);
  });
});

describe('DNP3 outstation: scripted answers', () => {
  // g0v252, qualifier 0x00, 0..0: VSTR (1) of 3 octets 'ACM'
  const manufacturer = Uint8Array.from([0x00, 0xfc, 0x00, 0x00, 0x00, 0x01, 0x03, 0x41, 0x43, 0x4d]);
  // g30v2 (16-bit with flag), qualifier 0x00, 5..5: ONLINE, 1234
  const analog = Uint8Array.from([0x1e, 0x02, 0x00, 0x05, 0x05, 0x01, 0xd2, 0x04]);
  const scripted = [
    { functionCode: FunctionCode.READ, headers: [{ group: 0, variation: 252, qualifier: 0x06 }], objects: manufacturer },
    { functionCode: FunctionCode.READ, headers: [{ group: 30, variation: 2, qualifier: 0x00, start: 5, stop: 5 }], objects: analog },
    { functionCode: FunctionCode.READ, headers: [{ group: 30, variation: 2, qualifier: 0x01 }], objects: analog },
  ];
  const read = (m: Master, h: Parameters<FragmentWriter['header']>[0]): ParsedFragment => m.request(FunctionCode.READ, (w) => w.header(h))[0]!;

  it('answers a request that matches an entry with its objects and the normal IIN', () => {
    const { m } = setup({ scripted, unsolicited: false });
    const r = read(m, { group: 0, variation: 252, qualifier: 0x06 });
    expect(r).toMatchObject({ function: FunctionCode.RESPONSE, iin: 0x0090 });
    expect(r.headers).toHaveLength(1);
    expect(r.headers[0]!.objects[0]).toMatchObject({ data: { value: 'ACM' } });
    expect(read(m, { group: 30, variation: 2, qualifier: 0x00, start: 5, stop: 5 }).headers[0]!.objects[0]).toMatchObject({ index: 5, value: 1234 });
  });

  it('answers every other request from the database: another qualifier, range or header count', () => {
    const { m } = setup({ scripted, unsolicited: false, counts: { ai: 10 } });
    expect(read(m, { group: 0, variation: 252, qualifier: 0x00, start: 0, stop: 0 }).headers[0]!.objects[0]).toMatchObject({ data: { value: 'Switchyard' } });
    expect(read(m, { group: 30, variation: 2, qualifier: 0x00, start: 4, stop: 5 }).headers[0]!.objects.map((o) => (o as { value: number }).value)).toEqual([0, 0]);
    const two = m.request(FunctionCode.READ, (w) => w.header({ group: 0, variation: 252, qualifier: 0x06 }).header({ group: 0, variation: 250, qualifier: 0x06 }))[0]!;
    expect(two.headers.map((h) => h.variation)).toEqual([252, 250]);
  });

  it('matches any range when the entry gives none', () => {
    const { m } = setup({ scripted, unsolicited: false });
    const r = read(m, { group: 30, variation: 2, qualifier: 0x01, start: 300, stop: 400 });
    expect(r.headers[0]!.objects[0]).toMatchObject({ index: 5, value: 1234 });
  });

  it('refuses a script whose objects do not fit one fragment', () => {
    const big = [{ functionCode: FunctionCode.READ, headers: [], objects: new Uint8Array(2045) }];
    expect(() => createDnp3Outstation({ scripted: big })).toThrow(/scripted\[0\]: 2045 object octets do not fit one 2048-octet fragment/);
  });
});
