import { describe, expect, it } from 'vitest';
import { createDnp3Master, type Dnp3MasterConfig } from '../../../../src-main/protocols/dnp3';
import { FunctionCode } from '../../../../src-main/protocols/dnp3/app/control';
import { codecFor } from '../../../../src-main/protocols/dnp3/app/objects/table';
import type { PointCodec } from '../../../../src-main/protocols/dnp3/app/objects/types';
import { encodeControl } from '../../../../src-main/protocols/dnp3/master/command-task';
import type { CommandRequest } from '../../../../src-shared/session';
import { FakeClock } from './harness';
import { ScriptedOutstation, response } from './scripted';

const quiet: Dnp3MasterConfig = { disableUnsolicitedAtStartup: false, unsolicitedClasses: [], timeSync: { onNeedTime: false } };

/** A started master (startup poll answered) on a fake clock, with a scripted outstation. */
function started(cfg: Dnp3MasterConfig = {}) {
  const clock = new FakeClock();
  const m = clock.add('master', createDnp3Master({ ...quiet, ...cfg }));
  const o = new ScriptedOutstation(m);
  m.step({ kind: 'up' });
  o.ack();
  return { clock, m, o };
}

/** Sends a direct operate and answers it with the echo of its objects and `status`. */
function operate(m: ReturnType<typeof started>['m'], o: ScriptedOutstation, command: Partial<CommandRequest> & Pick<CommandRequest, 'target' | 'action'>, status = 0): void {
  const request: CommandRequest = { id: 'c1', mode: 'direct', ...command };
  m.step({ kind: 'call', call: { op: 'command', command: request } });
  const req = o.take()[0]!;
  expect(req.function).toBe(FunctionCode.DIRECT_OPERATE);
  const control = encodeControl(request, 1000);
  if ('error' in control) throw new Error(control.detail);
  const echo = control.objects.slice();
  echo[control.statusOffset] = status;
  o.send(response(req.control.seq, 0, (w) => w.bytes(echo)));
}

const stages = (m: ReturnType<typeof started>['m']): string[] => m.of('command').map((c) => `${c.stage}:${c.result}`);

/** An unsolicited response carrying `body`. */
const unsolicited = (seq: number, body: Parameters<typeof response>[2]) => response(seq, 0, body, { uns: true, con: true });

describe('DNP3 command feedback', () => {
  it('CROB on bo:3: operated at the SUCCESS echo, feedback from the next g11 event of bo:3 only', () => {
    const { m, o } = started();
    operate(m, o, { target: 'bo:3', action: { action: 'on' } });
    expect(stages(m)).toEqual(['operate:SENT', 'operated:SUCCESS']);
    const g11 = codecFor(11, 1) as PointCodec;
    o.send(unsolicited(1, (w) => w.indexed(g11, [{ index: 4, point: { flags: 0x81, value: true, time: null } }])));
    expect(stages(m)).toEqual(['operate:SENT', 'operated:SUCCESS']);
    o.send(unsolicited(2, (w) => w.indexed(g11, [{ index: 3, point: { flags: 0x81, value: true, time: null } }])));
    expect(stages(m)).toEqual(['operate:SENT', 'operated:SUCCESS', 'feedback:OUTPUT_STATUS', 'done:SUCCESS']);
    const done = m.of('command').at(-1)!;
    expect(done).toMatchObject({ ok: true, feedback: { ref: 'bo:3', value: true, isEvent: true } });
    expect(done.detail).toBeUndefined();
  });

  it('analog output on ao:2: feedback from a static g40 value in a later response', () => {
    const { m, o } = started();
    operate(m, o, { target: 'ao:2', action: { action: 'setpoint', value: 7 } });
    m.step({ kind: 'call', call: { op: 'interrogate' } });
    const poll = o.take()[0]!;
    o.send(response(poll.control.seq, 0, (w) => w.range(codecFor(40, 2) as PointCodec, 0, [0, 1, 2].map((v) => ({ flags: 1, value: v * 7 - 7, time: null })))));
    expect(m.of('command').filter((c) => c.stage === 'feedback')).toHaveLength(1);
    expect(m.of('command').at(-1)).toMatchObject({ stage: 'done', result: 'SUCCESS', feedback: { ref: 'ao:2', value: 7, type: 'g40v2', isEvent: false } });
  });

  it('no status within the feedback window: done SUCCESS at the window, naming the missing point', () => {
    const { clock, m, o } = started({ feedbackWindowMs: 1500 });
    operate(m, o, { target: 'bo:1', action: { action: 'off' } });
    const t0 = clock.now;
    clock.run(t0 + 1499);
    expect(stages(m)).toEqual(['operate:SENT', 'operated:SUCCESS']);
    clock.run(t0 + 1500);
    expect(stages(m)).toEqual(['operate:SENT', 'operated:SUCCESS', 'done:SUCCESS']);
    expect(m.of('command').at(-1)!.detail).toBe('no bo:1 status reported within 1500 ms');
    o.send(unsolicited(1, (w) => w.indexed(codecFor(11, 1) as PointCodec, [{ index: 1, point: { flags: 1, value: false, time: null } }])));
    expect(m.of('command')).toHaveLength(3);
  });

  it('feedbackWindowMs 0 ends the command at the echo', () => {
    const { m, o } = started({ feedbackWindowMs: 0 });
    operate(m, o, { target: 'bo:1', action: { action: 'on' } });
    expect(stages(m)).toEqual(['operate:SENT', 'operated:SUCCESS', 'done:SUCCESS']);
    expect([...m.timers.keys()].some((id) => id.startsWith('dnp3.feedback'))).toBe(false);
  });

  it('a refused operate never reports operated; a link drop ends a waiting command', () => {
    const { m, o } = started();
    operate(m, o, { target: 'bo:1', action: { action: 'on' } }, 4);
    expect(stages(m)).toEqual(['operate:SENT', 'done:NOT_SUPPORTED']);
    operate(m, o, { id: 'c2', target: 'bo:2', action: { action: 'on' } });
    m.step({ kind: 'down', reason: 'RESET' });
    expect(m.of('command').at(-1)).toMatchObject({ id: 'c2', stage: 'done', result: 'SUCCESS', ok: true, detail: 'the link went down before bo:2 reported a status' });
  });
});
