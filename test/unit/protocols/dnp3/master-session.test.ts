import { describe, expect, it } from 'vitest';
import { createDnp3Master, createDnp3Outstation } from '../../../../src-main/protocols/dnp3';
import type { Dnp3MasterConfig } from '../../../../src-main/protocols/dnp3';
import { FunctionCode } from '../../../../src-main/protocols/dnp3/app/control';
import { codecFor } from '../../../../src-main/protocols/dnp3/app/objects/table';
import type { DataCodec, PointCodec } from '../../../../src-main/protocols/dnp3/app/objects/types';
import type { CommandRequest } from '../../../../src-shared/session';
import { crcDnp } from '../../../../src-main/protocols/dnp3/link/crc';
import { encodeLinkFrame } from '../../../../src-main/protocols/dnp3/link/frame';
import { FragmentWriter } from '../../../../src-main/protocols/dnp3/app/writer';
import { FakeClock, connect, type Driven } from './harness';
import { ScriptedOutstation, framesFromOutstation, requestsIn, response } from './scripted';

const quiet: Dnp3MasterConfig = { disableUnsolicitedAtStartup: false, unsolicitedClasses: [], timeSync: { onNeedTime: false } };

function scripted(cfg: Dnp3MasterConfig = quiet) {
  const clock = new FakeClock();
  const m = clock.add('master', createDnp3Master(cfg));
  const o = new ScriptedOutstation(m);
  m.step({ kind: 'up' });
  return { clock, m, o };
}

function pair(mcfg: Dnp3MasterConfig = {}, ocfg: Parameters<typeof createDnp3Outstation>[0] = {}) {
  const clock = new FakeClock();
  const m = clock.add('master', createDnp3Master(mcfg));
  const os = clock.add('outstation', createDnp3Outstation(ocfg));
  connect(clock, m, os);
  clock.run(100);
  return { clock, m, os };
}

const cmd = (c: Partial<CommandRequest> & Pick<CommandRequest, 'action' | 'target'>): CommandRequest => ({ id: 'c1', mode: 'sbo', ...c });

describe('DNP3 master: startup and IIN-driven tasks', () => {
  it('sends DISABLE_UNSOLICITED, integrity poll (class 1,2,3,0) and ENABLE_UNSOLICITED in order', () => {
    const { m, o } = scripted({});
    const r1 = o.ack();
    expect(r1.function).toBe(FunctionCode.DISABLE_UNSOLICITED);
    expect(r1.headers.map((h) => `g${h.group}v${h.variation}`)).toEqual(['g60v2', 'g60v3', 'g60v4']);
    const r2 = o.ack();
    expect(r2.function).toBe(FunctionCode.READ);
    expect(r2.headers.map((h) => `g${h.group}v${h.variation}`)).toEqual(['g60v2', 'g60v3', 'g60v4', 'g60v1']);
    const r3 = o.ack();
    expect(r3.function).toBe(FunctionCode.ENABLE_UNSOLICITED);
    expect(r1.control.seq + 1).toBe(r2.control.seq);
    expect(m.of('state').map((s) => s.state)).toEqual(['starting', 'ready']);
  });

  it('DEVICE_RESTART -> WRITE g80v1 index 7 = 0, then integrity poll', () => {
    const { o } = scripted();
    o.ack(0x0080); // integrity response with DEVICE_RESTART
    const w = o.ack();
    expect(w.function).toBe(FunctionCode.WRITE);
    expect(w.headers[0]).toMatchObject({ group: 80, variation: 1, qualifier: 0, start: 7, stop: 7 });
    expect(w.headers[0]!.objects[0]).toMatchObject({ index: 7, value: false });
    expect(o.ack().headers.map((h) => h.variation)).toEqual([2, 3, 4, 1]);
  });

  it('NEED_TIME -> time sync; EVENT_BUFFER_OVERFLOW -> integrity; class events with unsolicited off -> event poll', () => {
    const { o } = scripted({ ...quiet, timeSync: { onNeedTime: true, procedure: 'write' } });
    o.ack(0x0010 | 0x0800 | 0x0002 | 0x0008);
    const next = [o.ack(), o.ack()];
    expect(next[0]!.function).toBe(FunctionCode.READ); // time sync reads g50v1 first
    expect(next[0]!.headers[0]).toMatchObject({ group: 50, variation: 1 });
    expect(next[1]!.function).toBe(FunctionCode.WRITE);
    expect(next[1]!.headers[0]).toMatchObject({ group: 50, variation: 1 });
    expect(o.ack(0x0002).headers.map((h) => h.variation)).toEqual([2, 3, 4, 1]);
    const poll = o.take();
    expect(poll).toHaveLength(1);
    expect(poll[0]!.headers.map((h) => `g${h.group}v${h.variation}`)).toEqual(['g60v2']);
  });
});

describe('DNP3 master: event polls follow what ENABLE_UNSOLICITED achieved', () => {
  const withUnsol: Dnp3MasterConfig = { disableUnsolicitedAtStartup: false, unsolicitedClasses: [1, 2], timeSync: { onNeedTime: false } };

  it('polls events of a class whose unsolicited reporting the outstation refused', () => {
    const { m, o } = scripted(withUnsol);
    o.ack(); // integrity
    expect(o.ack(0x0100).function).toBe(FunctionCode.ENABLE_UNSOLICITED); // NO_FUNC_CODE_SUPPORT
    expect(m.of('task').at(-1)).toMatchObject({ name: 'enableUnsolicited', ok: false, result: 'NO_FUNC_CODE_SUPPORT' });
    m.step({ kind: 'call', call: { op: 'interrogate' } });
    o.ack(0x0002 | 0x0004); // class 1 and 2 events pending
    expect(o.take().map((r) => r.headers.map((h) => `g${h.group}v${h.variation}`))).toEqual([['g60v2', 'g60v3']]);
  });

  it('leaves enabled classes to unsolicited responses and polls only the others', () => {
    const { m, o } = scripted(withUnsol);
    o.ack();
    o.ack(); // ENABLE_UNSOLICITED for classes 1 and 2 accepted
    m.step({ kind: 'call', call: { op: 'interrogate' } });
    o.ack(0x0002 | 0x0004);
    expect(o.take()).toEqual([]);
    m.step({ kind: 'call', call: { op: 'interrogate' } });
    o.ack(0x0002 | 0x0008); // class 3 is not reported unsolicited
    expect(o.take().map((r) => r.headers.map((h) => `g${h.group}v${h.variation}`))).toEqual([['g60v4']]);
  });

  it('polls a class again once a DISABLE_UNSOLICITED call for it succeeded, and leaves it after ENABLE', () => {
    const { m, o } = scripted(withUnsol);
    o.ack();
    o.ack(); // classes 1 and 2 unsolicited
    m.step({ kind: 'call', call: { op: 'dnp3.unsolicited', id: 'u1', enable: false, classes: [1] } });
    expect(o.ack()).toMatchObject({ function: FunctionCode.DISABLE_UNSOLICITED });
    expect(m.of('response').at(-1)).toMatchObject({ id: 'u1', ok: true, result: 'SUCCESS' });
    m.step({ kind: 'call', call: { op: 'interrogate' } });
    o.ack(0x0002 | 0x0004);
    // the event poll asks for class 1 only, and is answered
    expect(o.ack().headers.map((h) => `g${h.group}v${h.variation}`)).toEqual(['g60v2']);
    m.step({ kind: 'call', call: { op: 'dnp3.unsolicited', id: 'u2', enable: true, classes: [1, 3] } });
    expect(o.ack()).toMatchObject({ function: FunctionCode.ENABLE_UNSOLICITED, headers: [{ group: 60, variation: 2 }, { group: 60, variation: 4 }] });
    m.step({ kind: 'call', call: { op: 'interrogate' } });
    o.ack(0x0002 | 0x0004 | 0x0008);
    expect(o.take()).toEqual([]);
  });

  it('sends freeze requests for a counter range, with the _NR code and no wait for no-ack', () => {
    const { m, o } = scripted(quiet);
    o.ack();
    m.step({ kind: 'call', call: { op: 'dnp3.freeze', id: 'f1', mode: 'clear', noAck: true, start: 2, stop: 300 } });
    const [req] = o.take();
    expect(req).toMatchObject({ function: FunctionCode.FREEZE_CLEAR_NR, headers: [{ group: 20, variation: 0, qualifier: 0x01, start: 2, stop: 300 }] });
    expect(m.of('response').at(-1)).toMatchObject({ id: 'f1', ok: true, result: 'SENT' });
  });
});

describe('DNP3 master: timeouts, sequence, errors', () => {
  it('retries after the response timeout, then fails the task with RESPONSE_TIMEOUT', () => {
    const { clock, m, o } = scripted({ ...quiet, retries: 1, responseTimeoutMs: 5000 });
    expect(o.take()).toHaveLength(1);
    clock.run(4999);
    expect(o.take()).toHaveLength(0);
    clock.run(5000);
    const retry = o.take();
    expect(retry).toHaveLength(1);
    clock.run(10000);
    expect(m.of('task').at(-1)).toMatchObject({ name: 'integrity', ok: false, result: 'RESPONSE_TIMEOUT' });
  });

  it('reassembles a multi-fragment response, confirming each fragment with CON', () => {
    const { m, o } = scripted();
    const req = o.take()[0]!;
    const ai = codecFor(30, 1) as PointCodec;
    const part = (start: number) => (w: FragmentWriter) =>
      w.range(ai, start, Array.from({ length: 100 }, (_, i) => ({ flags: 1, value: start + i, time: null })));
    o.send(response(req.control.seq, 0, part(0), { fin: false, con: true }));
    expect(m.of('task')).toHaveLength(0);
    o.send(response((req.control.seq + 1) & 15, 0, part(100), { fir: false, fin: true, con: true }));
    const confirms = o.take().filter((r) => r.function === FunctionCode.CONFIRM);
    expect(confirms.map((c) => c.control.seq)).toEqual([req.control.seq, (req.control.seq + 1) & 15]);
    const pts = m.of('points').flatMap((p) => p.updates);
    expect(pts).toHaveLength(200);
    expect(pts[199]).toMatchObject({ ref: 'ai:199', type: 'g30v1', value: 199, quality: ['ONLINE'], isEvent: false });
    expect(m.of('task').at(-1)).toMatchObject({ name: 'integrity', ok: true });
  });

  it('reports transport sequence errors, CRC errors and wrong addresses, and survives', () => {
    const { m, o } = scripted();
    const req = o.take()[0]!;
    const big = response(req.control.seq, 0, (w) => w.range(codecFor(30, 1) as PointCodec, 0, Array.from({ length: 100 }, () => ({ flags: 1, value: 1, time: null }))));
    const frames = framesFromOutstation(big, 5);
    m.step({ kind: 'rx', bytes: frames[0]! });
    m.step({ kind: 'rx', bytes: frames[2]! }); // seq 7 after 5: partial discarded
    expect(m.of('error').map((e) => e.code)).toContain('TRANSPORT_SEQUENCE');
    const bad = frames[0]!.slice();
    bad[12] = bad[12]! ^ 0xff;
    m.step({ kind: 'rx', bytes: bad });
    const hdr = frames[0]!.slice();
    hdr[4] = hdr[4]! ^ 0x01;
    m.step({ kind: 'rx', bytes: hdr });
    const codes = m.of('error').map((e) => e.code);
    expect(codes).toContain('BAD_BLOCK_CRC');
    expect(codes).toContain('BAD_HEADER_CRC');
    m.step({ kind: 'rx', bytes: framesFromOutstation(response(req.control.seq, 0), 0)[0]! });
    expect(m.of('task').at(-1)).toMatchObject({ name: 'integrity', ok: true });
  });

  it('reassembles responses up to maxRxFragmentSize: 2048 by default, a 65534-octet fragment when 65536 is configured', () => {
    const g30v2 = codecFor(30, 2) as PointCodec;
    const n = 21841; // 4 + 7 + 3 * 21841 = 65534 octets
    const big = (seq: number): Uint8Array => {
      const w = new FragmentWriter(65536);
      w.response({ fir: true, fin: true, con: false, uns: false, seq }, FunctionCode.RESPONSE, 0);
      w.range(g30v2, 0, Array.from({ length: n }, (_, i) => ({ flags: 1, value: i & 0x7fff, time: null })));
      return w.finish();
    };
    const small = scripted();
    small.o.send(big(small.o.take().at(-1)!.control.seq));
    expect(small.m.of('error').map((e) => e.code)).toContain('TRANSPORT_OVERFLOW');
    expect(small.m.of('points')).toEqual([]);
    const large = scripted({ ...quiet, maxRxFragmentSize: 65536 });
    const f = big(large.o.take().at(-1)!.control.seq);
    expect(f.length).toBe(65534);
    large.o.send(f);
    expect(large.m.of('error')).toEqual([]);
    const pts = large.m.of('points').flatMap((p) => p.updates);
    expect(pts).toHaveLength(n);
    expect(pts.at(-1)).toMatchObject({ ref: `ai:${n - 1}`, value: (n - 1) & 0x7fff });
    expect(large.m.of('task').at(-1)).toMatchObject({ name: 'integrity', ok: true });
  });

  it('drops frames for another destination and counts them', () => {
    const { m } = scripted();
    const f = framesFromOutstation(response(0, 0))[0]!;
    const wrong = f.slice();
    wrong[4] = 9;
    const c = crcDnp(wrong, 0, 8);
    wrong[8] = c & 0xff;
    wrong[9] = c >> 8;
    m.step({ kind: 'rx', bytes: wrong });
    expect(m.of('error').map((e) => e.code)).toContain('WRONG_DESTINATION');
  });

  it('an unknown object ends parsing of the fragment with an error naming it; the session goes on', () => {
    const { m, o } = scripted();
    const req = o.take()[0]!;
    o.send(response(req.control.seq, 0, (w) => {
      w.range(codecFor(1, 2) as PointCodec, 0, [{ flags: 0x81, value: true, time: null }]);
      w.bytes(new Uint8Array([99, 1, 0x00, 0, 0, 0]));
    }));
    expect(m.of('points')[0]!.updates).toHaveLength(1);
    const err = m.of('error').find((e) => e.code === 'OBJECT_UNKNOWN')!;
    expect(err.message).toContain('g99v1');
    expect(m.of('task').at(-1)).toMatchObject({ ok: false, result: 'OBJECT_UNKNOWN' });
    m.step({ kind: 'call', call: { op: 'interrogate' } });
    expect(o.take()).toHaveLength(1);
  });

  it('sends REQUEST_LINK_STATUS when idle and closes when it is not answered', () => {
    const { clock, m, o } = scripted({ ...quiet, keepAliveMs: 60000 });
    o.ack();
    clock.run(60000);
    expect(m.sent.at(-1)![3]! & 0x0f).toBe(9);
    clock.run(66000);
    expect(m.closed).toBe('LINK_STATUS_TIMEOUT');
  });

  it('keep-alive: traffic defers it, a LINK_STATUS answer keeps the link, and the master answers the outstation\'s REQUEST_LINK_STATUS', () => {
    const { clock, m, o } = scripted({ ...quiet, keepAliveMs: 60000 });
    const linkFunctions = (): number[] => m.sent.map((b) => b[3]! & 0x4f);
    const secondary = (func: number): Uint8Array => encodeLinkFrame({ dir: false, prm: false, fcb: false, fcvDfc: false, func, destination: 1, source: 10, payload: new Uint8Array(0) });
    o.ack();
    clock.run(30000);
    o.send(response(0, 0, () => undefined, { uns: true })); // heard at 30 s
    clock.run(60000);
    expect(linkFunctions()).not.toContain(0x49); // idle only 30 s: no REQUEST_LINK_STATUS yet
    clock.run(90000);
    expect(linkFunctions().at(-1)).toBe(0x49);
    m.step({ kind: 'rx', bytes: secondary(11) }); // LINK_STATUS
    clock.run(100000);
    expect(m.closed).toBeNull();
    m.step({ kind: 'rx', bytes: encodeLinkFrame({ dir: false, prm: true, fcb: false, fcvDfc: false, func: 9, destination: 1, source: 10, payload: new Uint8Array(0) }) });
    expect(m.sent.at(-1)![3]).toBe(0x80 | 11); // DIR from the master, secondary LINK_STATUS
  });
});

describe('DNP3 master: unsolicited', () => {
  it('confirms unsolicited responses with UNS and the same sequence, ignores a repeat', () => {
    const { m, o } = scripted();
    o.ack();
    const ev = codecFor(32, 3) as PointCodec;
    const un = response(3, 0, (w) => w.indexed(ev, [{ index: 4, point: { flags: 1, value: 42, time: 1700000000000 } }], 0x28), { uns: true, con: true });
    o.send(un);
    o.send(un);
    const confirms = o.take().filter((r) => r.function === FunctionCode.CONFIRM);
    expect(confirms).toHaveLength(2);
    expect(confirms[0]!.control).toMatchObject({ uns: true, seq: 3 });
    const pts = m.of('points').flatMap((p) => p.updates);
    expect(pts).toEqual([{ ref: 'ai:4', type: 'g32v3', value: 42, quality: ['ONLINE'], deviceTime: 1700000000000, isEvent: true }]);
  });

  it('receives unsolicited events from the simulator after startup', () => {
    const { clock, m, os } = pair({}, { changes: { intervalMs: 1000, mode: 'randomWalk', pointsPerTick: 3 } });
    const before = m.of('points').flatMap((p) => p.updates).filter((u) => u.isEvent).length;
    clock.run(10_100);
    const events = m.of('points').flatMap((p) => p.updates).filter((u) => u.isEvent);
    expect(events.length - before).toBe(30);
    expect(os.of('error')).toEqual([]);
  });
});

describe('DNP3 master: controls', () => {
  it('SBO success: SELECT then OPERATE with identical objects, result SUCCESS', () => {
    const { clock, m, os } = pair();
    m.step({ kind: 'call', call: { op: 'command', command: cmd({ target: 'bo:2', action: { action: 'on' } }) } });
    clock.flush();
    expect(os.session instanceof Object).toBe(true);
    const stages = m.of('command').map((c) => `${c.stage}:${c.result}`);
    expect(stages).toEqual(['select:SENT', 'selected:SUCCESS', 'operate:SENT', 'operated:SUCCESS', 'feedback:OUTPUT_STATUS', 'done:SUCCESS']);
    const reqs = requestsIn(m.sent).filter((r) => r.function === FunctionCode.SELECT || r.function === FunctionCode.OPERATE);
    expect(reqs.map((r) => r.function)).toEqual([FunctionCode.SELECT, FunctionCode.OPERATE]);
    expect(reqs[1]!.headers).toEqual(reqs[0]!.headers);
    expect(reqs[1]!.control.seq).toBe((reqs[0]!.control.seq + 1) & 15);
    expect(os.of('points')).toEqual([]);
  });

  it('SBO with pauseAfterSelect: operate call, and SELECT_TIMEOUT when none comes', () => {
    const { clock, m } = pair({ selectTimeoutMs: 2000 });
    m.step({ kind: 'call', call: { op: 'command', command: cmd({ id: 'a', target: 'ao:1', action: { action: 'setpoint', value: 12.5 }, pauseAfterSelect: true }) } });
    clock.flush();
    expect(m.of('command').at(-1)).toMatchObject({ stage: 'selected', ok: true });
    m.step({ kind: 'call', call: { op: 'operate', id: 'a' } });
    clock.flush();
    expect(m.of('command').at(-1)).toMatchObject({ id: 'a', stage: 'done', result: 'SUCCESS', ok: true });
    m.step({ kind: 'call', call: { op: 'command', command: cmd({ id: 'b', target: 'bo:1', action: { action: 'off' }, pauseAfterSelect: true }) } });
    clock.flush();
    clock.run(clock.now + 2001);
    expect(m.of('command').at(-1)).toMatchObject({ id: 'b', stage: 'done', result: 'SELECT_TIMEOUT', ok: false });
  });

  it('ECHO_MISMATCH when the echo differs; status codes by name; IIN errors by name', () => {
    const { o, m } = scripted();
    o.ack();
    m.step({ kind: 'call', call: { op: 'command', command: cmd({ target: 'bo:3', action: { action: 'on' } }) } });
    const sel = o.take()[0]!;
    const crob = codecFor(12, 1) as DataCodec;
    o.send(response(sel.control.seq, 0, (w) => w.data(crob, 0x17, [{ index: 3, value: { code: 4, count: 1, onTime: 0, offTime: 0, status: 0 } }])));
    expect(m.of('command').at(-1)).toMatchObject({ stage: 'done', result: 'ECHO_MISMATCH', ok: false });
    m.step({ kind: 'call', call: { op: 'command', command: cmd({ id: 'c2', target: 'bo:3', action: { action: 'on' } }) } });
    const sel2 = o.take()[0]!;
    o.send(response(sel2.control.seq, 0, (w) => w.data(crob, 0x17, [{ index: 3, value: { code: 3, count: 1, onTime: 0, offTime: 0, status: 7 } }])));
    expect(m.of('command').at(-1)).toMatchObject({ id: 'c2', stage: 'done', result: 'LOCAL', ok: false });
    m.step({ kind: 'call', call: { op: 'command', command: cmd({ id: 'c3', target: 'bo:3', action: { action: 'on' }, mode: 'direct' }) } });
    o.ack(0x0200);
    expect(m.of('command').at(-1)).toMatchObject({ id: 'c3', result: 'OBJECT_UNKNOWN', ok: false });
  });

  it('direct operate and direct operate no-ack against the simulator; out-of-range index is NOT_SUPPORTED', () => {
    const { clock, m } = pair();
    m.step({ kind: 'call', call: { op: 'command', command: cmd({ id: 'd', target: 'bo:4', action: { action: 'pulseOn' }, mode: 'direct' }) } });
    m.step({ kind: 'call', call: { op: 'command', command: cmd({ id: 'n', target: 'ao:4', action: { action: 'setpoint', value: 7 }, mode: 'direct-no-ack' }) } });
    m.step({ kind: 'call', call: { op: 'command', command: cmd({ id: 'x', target: 'bo:400', action: { action: 'on' }, mode: 'direct' }) } });
    clock.flush();
    clock.run(clock.now + 100);
    const done = Object.fromEntries(m.of('command').filter((c) => c.stage === 'done').map((c) => [c.id, c]));
    expect(done.d).toMatchObject({ ok: true, result: 'SUCCESS' });
    expect(done.n).toMatchObject({ ok: true, result: 'SENT' });
    expect(done.x).toMatchObject({ ok: false, result: 'NOT_SUPPORTED' });
    const events = m.of('points').flatMap((p) => p.updates).filter((u) => u.isEvent);
    expect(events.some((u) => u.ref === 'bo:4' && u.value === true)).toBe(true);
    expect(events.some((u) => u.ref === 'ao:4' && u.value === 7)).toBe(true);
  });

  it('a command on a bad target fails at once, by name', () => {
    const { m } = pair();
    m.step({ kind: 'call', call: { op: 'command', command: cmd({ target: 'ai:1', action: { action: 'on' } }) } });
    expect(m.of('command').at(-1)).toMatchObject({ stage: 'done', result: 'BAD_TARGET', ok: false });
  });
});

describe('DNP3 master: time sync and other requests', () => {
  for (const procedure of ['lan', 'non-lan', 'write'] as const) {
    it(`time sync ${procedure} sets the simulator clock and clears NEED_TIME`, () => {
      const { clock, m, os } = pair({ timeSync: { onNeedTime: false }, epochOffsetMs: 1_700_000_000_000 }, { epochOffsetMs: 1_600_000_000_000 });
      m.step({ kind: 'call', call: { op: 'timeSync', procedure } });
      clock.flush();
      const ts = m.of('timeSync').at(-1)!;
      expect(ts).toMatchObject({ ok: true, result: 'SUCCESS' });
      expect(ts.offsetMs).toBe(-100_000_000_000);
      expect(m.of('iin').at(-1)!.words).not.toContain('NEED_TIME');
      m.step({ kind: 'call', call: { op: 'timeSync', procedure: 'write' } });
      clock.flush();
      expect(m.of('timeSync').at(-1)!.offsetMs).toBe(0);
      void os;
    });
  }

  it('freeze, restart, assign class, read attributes and raw requests report responses', () => {
    const { clock, m } = pair();
    const calls = [
      { op: 'dnp3.freeze', id: 'f', mode: 'immediate' },
      { op: 'dnp3.freeze', id: 'fc', mode: 'clear' },
      { op: 'dnp3.freeze', id: 'ft', mode: 'atTime', atTime: 0, intervalMs: 1000 },
      { op: 'dnp3.restart', id: 'r', kind: 'warm' },
      { op: 'dnp3.assignClass', id: 'a', group: 30, cls: 3 },
      { op: 'dnp3.readAttributes', id: 'attr' },
      { op: 'dnp3.raw', id: 'raw', functionCode: 1, headers: [{ group: 30, variation: 0, qualifier: 6 }] },
      { op: 'dnp3.raw', id: 'bad', functionCode: 99, headers: [] },
      { op: 'dnp3.readAttributes', id: 'one', variation: 252 },
      { op: 'dnp3.raw', id: 'g0', functionCode: 1, headers: [{ group: 0, variation: 252, qualifier: 6 }] },
    ] as const;
    for (const call of calls) m.step({ kind: 'call', call: call as never });
    clock.flush();
    const res = Object.fromEntries(m.of('response').map((r) => [r.id, r]));
    for (const id of ['f', 'fc', 'ft', 'a', 'attr', 'raw']) expect(res[id], id).toMatchObject({ ok: true, result: 'SUCCESS' });
    expect(res.r).toMatchObject({ ok: true, value: { delayMs: 500 } });
    expect(res.bad).toMatchObject({ ok: false, result: 'NO_FUNC_CODE_SUPPORT' });
    expect(m.of('attributes').at(-1)!.attributes).toEqual({ manufacturerName: 'Switchyard' });
    expect(res.one).toMatchObject({ ok: true, value: { manufacturerName: 'Switchyard' } });
    expect((res.g0!.value as { objects: Array<{ group: number; variation: number; value: { value: string } }> }).objects).toEqual([
      { group: 0, variation: 252, index: 0, value: { name: 'manufacturerName', dataType: 1, value: 'Switchyard' } },
    ]);
    expect((res.raw!.value as { points: unknown[] }).points).toHaveLength(10);
  });

  it('calls while the link is down fail with NO_LINK; link down fails the running task', () => {
    const clock = new FakeClock();
    const m = clock.add('master', createDnp3Master());
    m.step({ kind: 'call', call: { op: 'command', command: cmd({ target: 'bo:1', action: { action: 'on' } }) } });
    expect(m.of('command').at(-1)).toMatchObject({ result: 'NO_LINK', ok: false });
    m.step({ kind: 'up' });
    m.step({ kind: 'down', reason: 'reset by peer' });
    expect(m.of('task').every((t) => t.result === 'NO_LINK')).toBe(true);
    expect(m.of('state').at(-1)).toMatchObject({ state: 'stopped' });
  });
});

describe('DNP3 master: schedules and cancellation', () => {
  it('runs periodic integrity, class and time-sync schedules', () => {
    const { clock, m } = pair({ integrityPollMs: 10_000, classPollMs: { 1: 3_000 }, timeSync: { periodMs: 20_000, onNeedTime: false, procedure: 'write' } });
    const count = (name: string) => m.of('task').filter((t) => t.name === name && t.ok).length;
    const base = { integrity: count('integrity'), class1: count('class1Poll'), ts: count('timeSync.write') };
    clock.run(clock.now + 20_050);
    expect(count('integrity') - base.integrity).toBe(2);
    expect(count('class1Poll') - base.class1).toBe(6);
    expect(count('timeSync.write') - base.ts).toBe(1);
  });

  it('cancelCommand aborts a paused select and a queued command; stop asks the driver to close', () => {
    const { clock, m } = pair();
    m.step({ kind: 'call', call: { op: 'command', command: cmd({ id: 'p', target: 'bo:1', action: { action: 'on' }, pauseAfterSelect: true }) } });
    clock.flush();
    m.step({ kind: 'call', call: { op: 'command', command: cmd({ id: 'q', target: 'bo:2', action: { action: 'on' } }) } });
    m.step({ kind: 'call', call: { op: 'cancelCommand', id: 'q' } });
    m.step({ kind: 'call', call: { op: 'cancelCommand', id: 'p' } });
    const done = m.of('command').filter((c) => c.stage === 'done');
    expect(done.map((c) => `${c.id}:${c.result}`)).toEqual(['q:CANCELLED', 'p:CANCELLED']);
    m.step({ kind: 'call', call: { op: 'operate', id: 'p' } });
    expect(m.of('command').at(-1)).toMatchObject({ id: 'p', result: 'NO_SELECT', ok: false });
    m.step({ kind: 'call', call: { op: 'stop' } });
    expect(m.closed).toBe('stopped');
  });
});

describe('DNP3 master: IIN-driven tasks that fail', () => {
  it('holds back a rejected time sync instead of retrying it on every response', () => {
    const { clock, m, o } = scripted({ ...quiet, timeSync: { onNeedTime: true, procedure: 'lan' } });
    o.ack(0x0010); // integrity: NEED_TIME
    o.ack(0x0010 | 0x0200); // READ g50v1 rejected
    o.ack(0x0010 | 0x0100); // RECORD_CURRENT_TIME not supported
    expect(m.of('timeSync').at(-1)).toMatchObject({ ok: false, result: 'NO_FUNC_CODE_SUPPORT' });
    m.step({ kind: 'call', call: { op: 'interrogate' } });
    o.ack(0x0010);
    expect(o.take()).toHaveLength(0);
    clock.run(61_000);
    m.step({ kind: 'call', call: { op: 'interrogate' } });
    o.ack(0x0010);
    expect(o.take()[0]).toMatchObject({ function: FunctionCode.READ, headers: [{ group: 50, variation: 1 }] });
  });
});

describe('DNP3 master: time written by each procedure', () => {
  const E = 1_700_000_000_000;
  const g52v2 = codecFor(52, 2) as DataCodec;
  const g52v1 = codecFor(52, 1) as DataCodec;
  const g50v1 = codecFor(50, 1) as DataCodec;

  /** A scripted outstation; the master's startup integrity poll answered at t=0, then a time sync called. */
  function syncing(procedure: 'lan' | 'non-lan' | 'write') {
    const s = scripted({ ...quiet, epochOffsetMs: E });
    s.o.ack();
    s.m.step({ kind: 'call', call: { op: 'timeSync', procedure } });
    return s;
  }

  /** The time object of the master's latest WRITE. */
  function written(m: Driven): { variation: number; time: unknown } {
    const w = requestsIn(m.sent).at(-1)!;
    expect(w.function).toBe(FunctionCode.WRITE);
    const h = w.headers[0]!;
    const o = h.objects[0]!;
    expect(h.group).toBe(50);
    return { variation: h.variation, time: 'data' in o ? o.data.time : null };
  }

  it('measures the device offset from the READ g50v1 round trip midpoint', () => {
    const { clock, m, o } = syncing('write');
    const read = o.take().at(-1)!;
    expect(read).toMatchObject({ function: FunctionCode.READ, headers: [{ group: 50, variation: 1 }] });
    clock.now = 200; // sent at E+0, answered at E+200: the device's clock ran 5 s ahead at E+100
    o.send(response(read.control.seq, 0, (w) => w.data(g50v1, 0x07, [{ index: 0, value: { time: E + 100 + 5000 } }])));
    expect(written(m)).toEqual({ variation: 1, time: E + 200 });
    o.ack();
    expect(m.of('timeSync').at(-1)).toMatchObject({ ok: true, result: 'SUCCESS', offsetMs: 5000, deviceTime: E + 5100 });
  });

  it('non-LAN: WRITE g50v1 = now + (round trip - outstation turnaround) / 2', () => {
    const { clock, m, o } = syncing('non-lan');
    clock.now = 1000;
    o.ack(); // READ g50v1 answered without a time: DELAY_MEASURE goes out at t=1000
    const delay = o.take().at(-1)!;
    expect(delay.function).toBe(FunctionCode.DELAY_MEASURE);
    clock.now = 1300; // round trip 300 ms, of which the outstation spent 100 ms: 100 ms each way
    o.send(response(delay.control.seq, 0, (w) => w.data(g52v2, 0x07, [{ index: 0, value: { milliseconds: 100 } }])));
    expect(written(m)).toEqual({ variation: 1, time: E + 1300 + 100 });
    o.ack();
    expect(m.of('timeSync').at(-1)).toMatchObject({ ok: true, result: 'SUCCESS', offsetMs: null });
  });

  it('non-LAN: a coarse g52v1 delay counts in seconds and a turnaround over the round trip gives no negative delay', () => {
    const { clock, m, o } = syncing('non-lan');
    o.ack();
    const delay = o.take().at(-1)!;
    clock.now = 2500;
    o.send(response(delay.control.seq, 0, (w) => w.data(g52v1, 0x07, [{ index: 0, value: { seconds: 2 } }])));
    expect(written(m)).toEqual({ variation: 1, time: E + 2500 + 250 });
    const again = syncing('non-lan');
    again.o.ack();
    const d2 = again.o.take().at(-1)!;
    again.clock.now = 50;
    again.o.send(response(d2.control.seq, 0, (w) => w.data(g52v2, 0x07, [{ index: 0, value: { milliseconds: 400 } }])));
    expect(written(again.m)).toEqual({ variation: 1, time: E + 50 });
  });

  it('non-LAN: a DELAY_MEASURE response without a g52 object fails the sync by name', () => {
    const { m, o } = syncing('non-lan');
    o.ack();
    o.ack();
    expect(m.of('timeSync').at(-1)).toMatchObject({ ok: false, result: 'NO_DELAY_OBJECT' });
  });

  it('LAN: RECORD_CURRENT_TIME, then WRITE g50v3 holding the time the record request was sent', () => {
    const { clock, m, o } = syncing('lan');
    clock.now = 1000;
    o.ack();
    expect(requestsIn(m.sent).at(-1)!.function).toBe(FunctionCode.RECORD_CURRENT_TIME);
    clock.now = 1250;
    o.ack();
    expect(written(m)).toEqual({ variation: 3, time: E + 1000 });
    o.ack();
    expect(m.of('timeSync').at(-1)).toMatchObject({ ok: true, result: 'SUCCESS' });
  });
});
