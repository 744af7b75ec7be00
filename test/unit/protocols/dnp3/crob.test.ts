import { describe, expect, it } from 'vitest';
import { createDnp3Master, createDnp3Outstation } from '../../../../src-main/protocols/dnp3';
import { FunctionCode } from '../../../../src-main/protocols/dnp3/app/control';
import { controlProblem, encodeControl } from '../../../../src-main/protocols/dnp3/master/command-task';
import type { CommandRequest } from '../../../../src-shared/session';
import { CROB_CASES } from './crob-cases';
import { FakeClock, connect, hex } from './harness';
import { ScriptedOutstation } from './scripted';

const request = (c: Partial<CommandRequest> & Pick<CommandRequest, 'action' | 'target'>): CommandRequest => ({ id: 'c1', mode: 'direct', ...c });
const compact = (h: string): string => h.replace(/\s+/g, '');

describe('DNP3 CROB (g12v1) encoding, IEEE 1815-2012 A.8.1', () => {
  for (const c of CROB_CASES) {
    it(`${c.name}: header 0C 01 17, one object at index ${c.index}, code/count/on/off as the standard lays them out`, () => {
      const encoded = encodeControl(request({ target: `bo:${c.index}`, action: c.action }), 1000);
      if ('error' in encoded) throw new Error(encoded.detail);
      const index = c.index.toString(16).padStart(2, '0');
      expect(hex(encoded.objects).replace(/\s+/g, '')).toBe(`0c011701${index}${compact(c.hex)}`);
      expect(encoded.statusOffset).toBe(encoded.objects.length - 1);
      expect(encoded.objects[5]).toBe((c.tcc << 6) | c.op);
    });
  }

  it('uses a 2-octet index prefix (qualifier 0x28) above index 255', () => {
    const encoded = encodeControl(request({ target: 'bo:300', action: { action: 'nul' } }), 1000);
    if ('error' in encoded) throw new Error(encoded.detail);
    expect(hex(encoded.objects).replace(/\s+/g, '')).toBe('0c0128' + '0100' + '2c01' + '0001' + '00000000' + '00000000' + '00');
  });

  it('sends each CROB as DIRECT_OPERATE with the fields decoded back as encoded (fake clock)', () => {
    for (const c of CROB_CASES) {
      const clock = new FakeClock();
      const m = clock.add('master', createDnp3Master({ disableUnsolicitedAtStartup: false, unsolicitedClasses: [], timeSync: { onNeedTime: false } }));
      const o = new ScriptedOutstation(m);
      m.step({ kind: 'up' });
      o.ack();
      m.step({ kind: 'call', call: { op: 'command', command: request({ target: `bo:${c.index}`, action: c.action }) } });
      const [sent] = o.take();
      expect(sent!.function, c.name).toBe(FunctionCode.DIRECT_OPERATE);
      expect(sent!.headers[0]!.objects[0], c.name).toMatchObject({ index: c.index, data: { code: (c.tcc << 6) | c.op, count: c.count, onTime: c.onTime, offTime: c.offTime, status: 0 } });
    }
  });
});

describe('DNP3 simulator CROB handling (fake clock)', () => {
  function pair() {
    const clock = new FakeClock();
    const m = clock.add('master', createDnp3Master({}));
    const os = clock.add('outstation', createDnp3Outstation({}));
    connect(clock, m, os);
    clock.run(100);
    return { clock, m };
  }
  const run = (clock: FakeClock, ms: number) => {
    clock.flush();
    clock.run(clock.now + ms);
  };
  const bo = (m: ReturnType<typeof pair>['m'], index: number) => m.of('points').flatMap((p) => p.updates).filter((u) => u.ref === `bo:${index}` && u.isEvent);

  it('answers NUL by select-before-operate with SUCCESS, changes nothing and ends at the echo', () => {
    const { clock, m } = pair();
    m.step({ kind: 'call', call: { op: 'command', command: request({ id: 'n', target: 'bo:1', action: { action: 'nul' }, mode: 'sbo' }) } });
    run(clock, 100); // far less than the 2000 ms feedback window
    const stages = m.of('command').filter((e) => e.id === 'n');
    expect(stages.map((e) => e.stage)).toEqual(['select', 'selected', 'operate', 'operated', 'done']);
    expect(stages.at(-1)).toMatchObject({ result: 'SUCCESS', ok: true });
    expect(stages.at(-1)).not.toHaveProperty('feedback');
    expect(bo(m, 1)).toEqual([]);
  });

  it('operates trip and close pulses: trip sets the output status off, close on, each reported as feedback', () => {
    const { clock, m } = pair();
    m.step({ kind: 'call', call: { op: 'command', command: request({ id: 'c', target: 'bo:2', action: { action: 'close', onMs: 100, count: 2 } }) } });
    run(clock, 3000);
    expect(m.of('command').find((e) => e.id === 'c' && e.stage === 'done')).toMatchObject({ ok: true, result: 'SUCCESS', feedback: { ref: 'bo:2', value: true } });
    m.step({ kind: 'call', call: { op: 'command', command: request({ id: 't', target: 'bo:2', action: { action: 'trip', onMs: 100 }, mode: 'sbo' }) } });
    run(clock, 3000);
    expect(m.of('command').find((e) => e.id === 't' && e.stage === 'done')).toMatchObject({ ok: true, result: 'SUCCESS', feedback: { ref: 'bo:2', value: false } });
    expect(bo(m, 2).map((u) => u.value)).toEqual([true, false]);
  });
});

describe('DNP3 command check before encoding', () => {
  it('names a value that does not fit its g41 variation BAD_VALUE, and a wrong type or action by name', () => {
    const setpoint = (value: number) => ({ action: 'setpoint' as const, value });
    expect(controlProblem({ target: 'ao:1', action: setpoint(12.5), type: 'g41v1' })).toEqual({ error: 'BAD_VALUE', detail: 'value 12.5 does not fit g41v1' });
    expect(controlProblem({ target: 'ao:1', action: setpoint(40_000), type: 'g41v2' })).toEqual({ error: 'BAD_VALUE', detail: 'value 40000 does not fit g41v2' });
    expect(controlProblem({ target: 'ao:1', action: setpoint(1), type: 'g41v9' })).toEqual({ error: 'BAD_TYPE', detail: 'type g41v9 is not g41v1-g41v4' });
    expect(controlProblem({ target: 'bo:1', action: { action: 'on' }, type: 'g41v1' })).toEqual({ error: 'BAD_TYPE', detail: 'type g41v1 is not a CROB (g12v1)' });
    expect(controlProblem({ target: 'ao:1', action: { action: 'on' } })).toEqual({ error: 'NOT_SUPPORTED', detail: 'action on does not apply to an analog output' });
    expect(controlProblem({ target: 'bo:1', action: setpoint(1) })).toEqual({ error: 'NOT_SUPPORTED', detail: 'action setpoint does not apply to a binary output' });
    expect(controlProblem({ target: 'bi:1', action: { action: 'on' } })).toMatchObject({ error: 'BAD_TARGET' });
    // A negative set-point fits g41v1 (and the default picks g41v3 for a fraction); a CROB may name g12v1.
    expect(controlProblem({ target: 'ao:1', action: setpoint(-300), type: 'g41v1' })).toBeNull();
    expect(controlProblem({ target: 'ao:1', action: setpoint(12.5) })).toBeNull();
    expect(controlProblem({ target: 'bo:1', action: { action: 'on' }, type: 'g12v1' })).toBeNull();
  });

  it('refuses a bad value at once, in the call, without sending anything', () => {
    const clock = new FakeClock();
    const m = clock.add('master', createDnp3Master({ disableUnsolicitedAtStartup: false, unsolicitedClasses: [], timeSync: { onNeedTime: false } }));
    const o = new ScriptedOutstation(m);
    m.step({ kind: 'up' });
    o.ack();
    const outputs = m.step({ kind: 'call', call: { op: 'command', command: request({ target: 'ao:1', action: { action: 'setpoint', value: 12.5 }, type: 'g41v1' }) } });
    expect(outputs.filter((x) => x.kind === 'tx')).toEqual([]);
    expect(outputs).toContainEqual({ kind: 'event', event: { type: 'command', id: 'c1', stage: 'done', result: 'BAD_VALUE', ok: false, detail: 'value 12.5 does not fit g41v1' } });
  });
});
