/**
 * The outstation's own reason for refusing a control: the status of the echoed CROB or
 * analog output block, named as IEEE 1815 names it, with the IIN as context. The master is
 * checked against scripted responses (as opendnp3 answers) and against the simulator,
 * which behaves as a real outstation: an index it does not have is NOT_SUPPORTED with
 * IIN2.2 PARAMETER_ERROR, and a point configured LOCAL or BLOCKED refuses with that status.
 */
import { describe, expect, it } from 'vitest';
import { createDnp3Master, createDnp3Outstation, type Dnp3MasterConfig, type Dnp3OutstationConfig, type Dnp3OutstationSession } from '../../../../src-main/protocols/dnp3';
import { commandStatusMeaning, commandStatusName } from '../../../../src-main/protocols/dnp3/app/command-status';
import { FunctionCode } from '../../../../src-main/protocols/dnp3/app/control';
import { codecFor } from '../../../../src-main/protocols/dnp3/app/objects/table';
import type { DataCodec } from '../../../../src-main/protocols/dnp3/app/objects/types';
import type { CommandRequest } from '../../../../src-shared/session';
import { FakeClock, connect } from './harness';
import { ScriptedOutstation, requestsIn, response } from './scripted';

const quiet: Dnp3MasterConfig = { disableUnsolicitedAtStartup: false, unsolicitedClasses: [], timeSync: { onNeedTime: false } };
const crob = codecFor(12, 1) as DataCodec;
const g41v3 = codecFor(41, 3) as DataCodec;
const cmd = (c: Partial<CommandRequest> & Pick<CommandRequest, 'action' | 'target'>): CommandRequest => ({ id: 'c1', mode: 'sbo', ...c });

function scripted() {
  const clock = new FakeClock();
  const m = clock.add('master', createDnp3Master(quiet));
  const o = new ScriptedOutstation(m);
  m.step({ kind: 'up' });
  o.ack();
  return { m, o };
}

function pair(ocfg: Dnp3OutstationConfig) {
  const clock = new FakeClock();
  const m = clock.add('master', createDnp3Master(quiet));
  const os = clock.add('outstation', createDnp3Outstation({ unsolicited: false, ...ocfg }));
  connect(clock, m, os);
  clock.run(100);
  const run = (c: CommandRequest) => {
    m.step({ kind: 'call', call: { op: 'command', command: c } });
    clock.flush();
    clock.run(clock.now + 100);
    return m.of('command').filter((e) => e.id === c.id);
  };
  return { m, os, run };
}

describe('DNP3 master: the echoed status first, the IIN as context', () => {
  it('names NOT_SUPPORTED from the echoed CROB although IIN2.2 PARAMETER_ERROR is set', () => {
    const { m, o } = scripted();
    m.step({ kind: 'call', call: { op: 'command', command: cmd({ target: 'bo:99', action: { action: 'on' } }) } });
    const sel = o.take()[0]!;
    o.send(response(sel.control.seq, 0x0400, (w) => w.data(crob, 0x17, [{ index: 99, value: { code: 3, count: 1, onTime: 0, offTime: 0, status: 4 } }])));
    expect(m.of('command').at(-1)).toEqual({
      type: 'command',
      id: 'c1',
      stage: 'done',
      result: 'NOT_SUPPORTED',
      ok: false,
      detail: 'select refused: the outstation does not support this point or operation (status 4); outstation IIN PARAMETER_ERROR',
    });
  });

  it('names the status of an analog output echo (OUT_OF_RANGE) at the operate', () => {
    const { m, o } = scripted();
    m.step({ kind: 'call', call: { op: 'command', command: cmd({ target: 'ao:2', action: { action: 'setpoint', value: 1e6 }, type: 'g41v3', mode: 'direct' }) } });
    const op = o.take()[0]!;
    expect(op.function).toBe(FunctionCode.DIRECT_OPERATE);
    o.send(response(op.control.seq, 0, (w) => w.data(g41v3, 0x17, [{ index: 2, value: { value: 1e6, status: 12 } }])));
    expect(m.of('command').at(-1)).toMatchObject({ result: 'OUT_OF_RANGE', ok: false, detail: 'operate refused: the value is outside the range allowed for this point (status 12)' });
  });

  it('falls back to the IIN when there is no echo, or when the echo says SUCCESS', () => {
    const { m, o } = scripted();
    m.step({ kind: 'call', call: { op: 'command', command: cmd({ id: 'none', target: 'bo:1', action: { action: 'on' }, mode: 'direct' }) } });
    o.ack(0x0400);
    expect(m.of('command').at(-1)).toMatchObject({ id: 'none', result: 'PARAMETER_ERROR', ok: false, detail: 'outstation IIN PARAMETER_ERROR' });
    m.step({ kind: 'call', call: { op: 'command', command: cmd({ id: 'ok', target: 'bo:1', action: { action: 'on' }, mode: 'direct' }) } });
    const op = o.take()[0]!;
    o.send(response(op.control.seq, 0x0400, (w) => w.data(crob, 0x17, [{ index: 1, value: { code: 3, count: 1, onTime: 0, offTime: 0, status: 0 } }])));
    expect(m.of('command').at(-1)).toMatchObject({ id: 'ok', result: 'PARAMETER_ERROR', ok: false });
  });

  it('names every status of IEEE 1815-2012 clause 11.9.3, with a meaning for each', () => {
    const named = [...Array.from({ length: 19 }, (_, i) => i), 126, 127];
    expect(named.map(commandStatusName)).toEqual([
      'SUCCESS', 'TIMEOUT', 'NO_SELECT', 'FORMAT_ERROR', 'NOT_SUPPORTED', 'ALREADY_ACTIVE', 'HARDWARE_ERROR', 'LOCAL', 'TOO_MANY_OBJS', 'NOT_AUTHORIZED',
      'AUTOMATION_INHIBIT', 'PROCESSING_LIMITED', 'OUT_OF_RANGE', 'DOWNSTREAM_LOCAL', 'ALREADY_COMPLETE', 'BLOCKED', 'CANCELLED', 'BLOCKED_OTHER_MASTER',
      'DOWNSTREAM_FAIL', 'NON_PARTICIPATING', 'UNDEFINED',
    ]);
    expect(new Set(named.map(commandStatusMeaning)).size).toBe(named.length);
    expect(commandStatusName(40)).toBe('UNDEFINED(40)');
    expect(commandStatusMeaning(40)).toMatch(/reserves/);
  });
});

describe('DNP3 outstation simulator: refusals as real outstations give them', () => {
  it('echoes NOT_SUPPORTED with IIN2.2 for an index it does not have, to the master as NOT_SUPPORTED', () => {
    const { m, os, run } = pair({ counts: { bo: 4, ao: 4 } });
    expect(run(cmd({ id: 'bo', target: 'bo:4', action: { action: 'on' } })).at(-1)).toMatchObject({ result: 'NOT_SUPPORTED', ok: false, detail: expect.stringMatching(/status 4\); outstation IIN PARAMETER_ERROR$/) });
    expect(run(cmd({ id: 'ao', target: 'ao:9', action: { action: 'setpoint', value: 5 }, mode: 'direct' })).at(-1)).toMatchObject({ result: 'NOT_SUPPORTED', ok: false });
    const answers = requestsIn(os.sent).filter((r) => r.headers.some((h) => h.group === 12 || h.group === 41));
    expect(answers.map((r) => (r.iin ?? 0) & 0x0400)).toEqual([0x0400, 0x0400]);
    // The refused select is not followed by an operate.
    expect(m.of('command').filter((e) => e.id === 'bo').map((e) => e.stage)).toEqual(['select', 'done']);
  });

  it('refuses a point configured LOCAL or BLOCKED with that status, sets IIN1.5 LOCAL_CONTROL and leaves the output as it was', () => {
    const { os, run } = pair({ controlStatus: { 'bo:1': 7, 'ao:2': 15 } });
    const local = run(cmd({ id: 'l', target: 'bo:1', action: { action: 'on' } }));
    expect(local.map((e) => `${e.stage}:${e.result}`)).toEqual(['select:SENT', 'done:LOCAL']);
    expect(local.at(-1)?.detail).toBe('select refused: the point is in local control (status 7); outstation IIN LOCAL_CONTROL');
    expect(run(cmd({ id: 'b', target: 'ao:2', action: { action: 'setpoint', value: 3 }, mode: 'direct' })).at(-1)).toMatchObject({ result: 'BLOCKED', detail: expect.stringMatching(/^operate refused: the point is blocked \(status 15\)/) });
    expect(run(cmd({ id: 'ok', target: 'bo:2', action: { action: 'on' } })).at(-1)).toMatchObject({ result: 'SUCCESS', ok: true });
    const { values } = (os.session as Dnp3OutstationSession).db;
    expect(values.bo[1]!.value).toBe(false);
    expect(values.ao[2]!.value).toBe(0);
    expect(values.bo[2]!.value).toBe(true);
  });

  it('refuses a control status table that names no output or no status', () => {
    expect(() => createDnp3Outstation({ controlStatus: { 'bi:1': 7 } })).toThrow(/controlStatus key 'bi:1' must be bo:N or ao:N/);
    expect(() => createDnp3Outstation({ controlStatus: { 'bo:1': 0 } })).toThrow(/controlStatus.bo:1 0 must be a control status code from 1 to 255/);
  });
});
