/**
 * DNP3 master with `confirmAfterCommit`: the application CONFIRM of a response carrying
 * events waits for the engine's `confirm` call (scripted step() runs on a fake clock).
 */
import { describe, expect, it } from 'vitest';
import { createDnp3Master, createDnp3Outstation, type Dnp3MasterConfig } from '../../../../src-main/protocols/dnp3';
import { FunctionCode } from '../../../../src-main/protocols/dnp3/app/control';
import { codecFor } from '../../../../src-main/protocols/dnp3/app/objects/table';
import type { PointCodec } from '../../../../src-main/protocols/dnp3/app/objects/types';
import type { Dnp3OutstationSession } from '../../../../src-main/protocols/dnp3';
import type { FragmentWriter } from '../../../../src-main/protocols/dnp3/app/writer';
import { FakeClock, connect, type Driven } from './harness';
import { ScriptedOutstation, response } from './scripted';

const held: Dnp3MasterConfig = { disableUnsolicitedAtStartup: false, unsolicitedClasses: [], timeSync: { onNeedTime: false }, confirmAfterCommit: true, commitWaitMs: 2000 };
const g32v3 = codecFor(32, 3) as PointCodec;
const g30v1 = codecFor(30, 1) as PointCodec;

function events(first: number, n: number): (w: FragmentWriter) => void {
  return (w) => w.indexed(g32v3, Array.from({ length: n }, (_, i) => ({ index: i, point: { flags: 1, value: first + i, time: 1_700_000_000_000 + first + i } })), 0x28);
}

function scripted(cfg: Dnp3MasterConfig = held) {
  const clock = new FakeClock();
  const m = clock.add('master', createDnp3Master(cfg));
  const o = new ScriptedOutstation(m);
  m.step({ kind: 'up' });
  return { clock, m, o };
}

const confirms = (o: ScriptedOutstation) => o.take().filter((r) => r.function === FunctionCode.CONFIRM);
const lastToken = (m: Driven): number => m.of('points').at(-1)!.confirm!;

describe('DNP3 master: CONFIRM after commit', () => {
  it('holds the CONFIRM of an unsolicited response with events until the confirm call', () => {
    const { m, o } = scripted();
    o.ack(); // integrity poll, no events
    o.send(response(5, 0, events(10, 3), { uns: true, con: true }));
    expect(confirms(o)).toEqual([]);
    const token = lastToken(m);
    expect(m.of('points').at(-1)!.updates.map((u) => u.value)).toEqual([10, 11, 12]);
    m.step({ kind: 'call', call: { op: 'confirm', token } });
    const sent = confirms(o);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.control).toMatchObject({ uns: true, seq: 5 });
    m.step({ kind: 'call', call: { op: 'confirm', token } });
    expect(confirms(o)).toEqual([]);
  });

  it('sends no further request while a solicited response with events awaits its commit', () => {
    const { m, o } = scripted();
    o.ack();
    m.step({ kind: 'call', call: { op: 'interrogate' } });
    m.step({ kind: 'call', call: { op: 'timeSync', procedure: 'lan' } });
    const poll = o.take().at(-1)!;
    expect(poll.function).toBe(FunctionCode.READ);
    o.send(response(poll.control.seq, 0, events(1, 2), { con: true }));
    expect(o.take()).toEqual([]);
    expect(m.of('task').at(-1)).toMatchObject({ name: 'integrity', ok: true });
    m.step({ kind: 'call', call: { op: 'confirm', token: lastToken(m) } });
    const after = o.take();
    expect(after.map((r) => r.function)).toEqual([FunctionCode.CONFIRM, FunctionCode.READ]);
    expect(after[0]!.control).toMatchObject({ uns: false, seq: poll.control.seq });
  });

  it('confirms at once a response that carries no events', () => {
    const { m, o } = scripted();
    o.ack();
    m.step({ kind: 'call', call: { op: 'interrogate' } });
    const poll = o.take().at(-1)!;
    o.send(response(poll.control.seq, 0, (w) => w.range(g30v1, 0, [{ flags: 1, value: 7, time: null }]), { con: true, fin: false }));
    expect(confirms(o)).toHaveLength(1);
    expect(m.of('points').at(-1)!.confirm).toBeUndefined();
  });

  it('withholds the CONFIRM when no confirm call comes within commitWaitMs, then moves on', () => {
    const { clock, m, o } = scripted();
    o.ack();
    m.step({ kind: 'call', call: { op: 'interrogate' } });
    m.step({ kind: 'call', call: { op: 'timeSync', procedure: 'lan' } });
    const poll = o.take().at(-1)!;
    o.send(response(poll.control.seq, 0, events(1, 2), { con: true }));
    const token = lastToken(m);
    clock.run(1999);
    expect(o.take()).toEqual([]);
    expect(m.of('error')).toEqual([]);
    clock.run(2000);
    expect(m.of('error').map((e) => e.code)).toEqual(['CONFIRM_WITHHELD']);
    expect(o.take().map((r) => r.function)).toEqual([FunctionCode.READ]);
    m.step({ kind: 'call', call: { op: 'confirm', token } });
    expect(confirms(o)).toEqual([]);
  });

  it('does not confirm a retry of a held unsolicited response, and confirms it again once stored', () => {
    const { m, o } = scripted();
    o.ack();
    const un = response(2, 0, events(20, 1), { uns: true, con: true });
    o.send(un);
    o.send(un);
    expect(confirms(o)).toEqual([]);
    expect(m.of('points')).toHaveLength(1);
    m.step({ kind: 'call', call: { op: 'confirm', token: lastToken(m) } });
    expect(confirms(o)).toHaveLength(1);
    o.send(un); // the CONFIRM was lost: the outstation repeats, the events are stored already
    expect(confirms(o)).toHaveLength(1);
    expect(m.of('points')).toHaveLength(1);
  });

  it('forgets held CONFIRMs when the link drops: a stale token confirms nothing', () => {
    const { m, o } = scripted();
    o.ack();
    o.send(response(4, 0, events(1, 1), { uns: true, con: true }));
    const token = lastToken(m);
    m.step({ kind: 'down', reason: 'test' });
    m.step({ kind: 'up' });
    m.step({ kind: 'call', call: { op: 'confirm', token } });
    expect(confirms(o)).toEqual([]);
  });

  it('keeps the events in the simulator buffer until the engine confirms them', () => {
    const clock = new FakeClock();
    const m = clock.add('master', createDnp3Master({ ...held, unsolicitedClasses: [2] }));
    const os = clock.add('outstation', createDnp3Outstation({ changes: { intervalMs: 1000, mode: 'randomWalk', pointsPerTick: 3 }, counts: { ctr: 0 } }));
    connect(clock, m, os);
    clock.run(1100);
    const db = (os.session as Dnp3OutstationSession).db;
    const withEvents = m.of('points').filter((p) => p.confirm !== undefined);
    expect(withEvents.length).toBeGreaterThan(0);
    expect(db.pending(2)).toBeGreaterThan(0);
    for (const p of withEvents) m.step({ kind: 'call', call: { op: 'confirm', token: p.confirm! } });
    clock.flush();
    expect(db.pending(2)).toBe(0);
  });
});
