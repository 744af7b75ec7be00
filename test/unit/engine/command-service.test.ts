import * as v from 'valibot';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SessionCall, SessionEvent } from '../../../src-shared/session';
import { StationConfig } from '../../../src-shared/workspace/station';
import { CommandService, type CommandState } from '../../../src-main/engine/commands/command-service';
import type { StoredAudit } from '../../../src-main/engine/event-log/event-types';
import { StationManager } from '../../../src-main/engine/stations/station-manager';
import { createFakeLinks } from './fake-link';

const station = v.parse(StationConfig, {
  id: 'rtu',
  name: 'RTU',
  protocol: 'dnp3',
  transport: { kind: 'tcp', host: '127.0.0.1', port: 20000 },
  dnp3: { selectTimeoutMs: 1000 },
  commands: [
    { address: 'bo:0', mode: 'sbo', actions: ['on', 'off', 'pulseOn'], pulseOnMs: 250 },
    { address: 'bo:1', mode: 'direct', actions: ['on'] },
    { address: 'ao:0', mode: 'sbo', actions: ['setpoint'], min: 0, max: 100 },
  ],
});
const engineer = { name: 'eng', role: 'engineer' as const };

async function setup(config = station, now: () => number = Date.now) {
  const fake = createFakeLinks();
  const stations = new StationManager(fake.factory, { stateChanged: () => undefined, sessionEvent: (_s, e) => e.type === 'command' && service.sessionEvent(e) });
  const audits = new Map<string, StoredAudit>();
  const finished: CommandState[] = [];
  const service = new CommandService(stations, { audit: (r) => audits.set(r.id, r), finished: (s) => finished.push({ ...s }), progress: () => undefined }, now);
  await stations.sync([config]);
  await Promise.resolve();
  const link = fake.latest('rtu');
  return { service, audits, finished, session: link.session, link, stations };
}

/** A session answer script: select -> selected, operate -> operated + done, cancel -> done CANCELLED at once (as the DNP3 master does). */
function sboScript(call: SessionCall): SessionEvent[] {
  if (call.op === 'cancelCommand') return [{ type: 'command', id: call.id, stage: 'done', result: 'CANCELLED', ok: false, detail: 'cancelled by the operator' }];
  if (call.op === 'command') {
    const id = call.command.id;
    const selected: SessionEvent = { type: 'command', id, stage: 'selected', result: 'SUCCESS', ok: true };
    return call.command.pauseAfterSelect ? [selected] : [{ type: 'command', id, stage: 'done', result: 'SUCCESS', ok: true }];
  }
  if (call.op === 'operate') {
    return [
      { type: 'command', id: call.id, stage: 'operated', result: 'SUCCESS', ok: true },
      { type: 'command', id: call.id, stage: 'done', result: 'SUCCESS', ok: true, feedback: { ref: 'bo:0', type: 'g10v2', value: true, quality: ['ONLINE'], deviceTime: null, isEvent: true } },
    ];
  }
  return [];
}

afterEach(() => vi.useRealTimers());

describe('command service', () => {
  it('runs a two-step SBO: select, then operate on a second call, with every stage audited', async () => {
    const { service, audits, session } = await setup();
    session.onCall = sboScript;
    const selected = await service.start(engineer, { station: 'rtu', address: 'bo:0', action: { action: 'pulseOn' } }, true);
    expect(selected).toMatchObject({ stage: 'selected', done: false, result: 'PENDING' });
    expect(selected.selectDeadline).toBeGreaterThan(Date.now());
    const sent = session.calls[0]!;
    expect(sent).toMatchObject({ op: 'command', command: { target: 'bo:0', mode: 'sbo', pauseAfterSelect: true, action: { action: 'pulseOn', onMs: 250, offMs: 1000, count: 1 } } });
    const done = await service.operate(engineer, selected.id);
    expect(done).toMatchObject({ done: true, ok: true, result: 'SUCCESS', feedback: { value: true } });
    const audit = audits.get(selected.id)!;
    expect(audit).toMatchObject({ user: 'eng', role: 'engineer', station: 'rtu', point: 'bo:0', action: 'pulseOn', mode: 'sbo', result: 'SUCCESS', ok: true });
    expect(audit.stages.map((s) => s.stage)).toEqual(['request', 'selected', 'operate-request', 'operated', 'done']);
  });

  it('refuses and audits a viewer or operator, a point without policy, a wrong action, mode or value', async () => {
    const { service, audits } = await setup();
    const cases: Array<[Parameters<CommandService['start']>, string]> = [
      [[{ name: 'op', role: 'operator' }, { station: 'rtu', address: 'bo:0', action: { action: 'on' } }, true], 'REFUSED_ROLE'],
      [[engineer, { station: 'rtu', address: 'bo:9', action: { action: 'on' } }, true], 'REFUSED_POLICY'],
      [[engineer, { station: 'rtu', address: 'bo:0', action: { action: 'trip' } }, true], 'REFUSED_ACTION'],
      [[engineer, { station: 'rtu', address: 'bo:0', action: { action: 'on' }, mode: 'direct' }, false], 'REFUSED_MODE'],
      [[engineer, { station: 'rtu', address: 'ao:0', action: { action: 'setpoint', value: 101 } }, true], 'REFUSED_VALUE'],
      [[engineer, { station: 'nope', address: 'bo:0', action: { action: 'on' } }, true], 'NOT_FOUND'],
    ];
    for (const [args, result] of cases) {
      const state = await service.start(...args);
      expect(state).toMatchObject({ done: true, ok: false, stage: 'refused', result });
      expect(audits.get(state.id)).toMatchObject({ result, ok: false, user: args[0].name });
    }
  });

  it('refuses a second command on the same point while one is pending', async () => {
    const { service, session } = await setup();
    session.onCall = sboScript;
    const first = await service.start(engineer, { station: 'rtu', address: 'bo:0', action: { action: 'on' } }, true);
    const second = await service.start(engineer, { station: 'rtu', address: 'bo:0', action: { action: 'off' } }, true);
    expect(second).toMatchObject({ result: 'REFUSED_BUSY', detail: expect.stringContaining(first.id) });
    const other = await service.start(engineer, { station: 'rtu', address: 'bo:1', action: { action: 'on' } }, false);
    expect(other.result).toBe('SUCCESS');
    service.cancel(engineer, first.id);
    expect(session.calls.at(-1)).toEqual({ op: 'cancelCommand', id: first.id });
    const third = await service.start(engineer, { station: 'rtu', address: 'bo:0', action: { action: 'off' } }, true);
    expect(third.stage).toBe('selected');
  });

  it('times out a select that is never operated, and a command the device never answers', async () => {
    vi.useFakeTimers();
    const { service, session, audits } = await setup();
    session.onCall = sboScript;
    const selected = await service.start(engineer, { station: 'rtu', address: 'bo:0', action: { action: 'on' } }, true);
    await vi.advanceTimersByTimeAsync(999);
    expect(service.get(selected.id)).toMatchObject({ done: false, stage: 'selected' });
    await vi.advanceTimersByTimeAsync(1);
    expect(service.get(selected.id)).toMatchObject({ done: true, result: 'SELECT_TIMEOUT' });
    const late = await service.operate(engineer, selected.id);
    expect(late).toMatchObject({ done: true, ok: false, result: 'SELECT_TIMEOUT' });
    expect(session.calls.some((c) => c.op === 'operate')).toBe(false);
    expect(audits.get(selected.id)!.stages.map((s) => `${s.stage} ${s.result}`)).toEqual(['request PENDING', 'selected SUCCESS', 'done SELECT_TIMEOUT', 'operate-request SELECT_TIMEOUT']);
    session.onCall = () => [];
    const pending = service.start(engineer, { station: 'rtu', address: 'bo:1', action: { action: 'on' } }, false);
    await vi.advanceTimersByTimeAsync(17_100);
    const result = await pending;
    expect(result).toMatchObject({ done: true, result: 'TIMEOUT' });
    expect(audits.get(result.id)!.result).toBe('TIMEOUT');
  });

  it('refuses and audits an operate that comes after the select deadline, before the expiry timer has run', async () => {
    let clock = 1_000_000;
    const { service, session, audits } = await setup(station, () => clock);
    session.onCall = sboScript;
    const selected = await service.start(engineer, { station: 'rtu', address: 'bo:0', action: { action: 'on' } }, true);
    expect(selected.selectDeadline).toBe(clock + 1000);
    clock += 1000;
    const late = await service.operate(engineer, selected.id);
    expect(late).toMatchObject({ done: true, ok: false, result: 'SELECT_TIMEOUT', detail: 'operate refused: the select had expired; select again' });
    expect(session.calls.filter((c) => c.op !== 'command')).toEqual([{ op: 'cancelCommand', id: selected.id }]);
    const audit = audits.get(selected.id)!;
    expect(audit).toMatchObject({ result: 'SELECT_TIMEOUT', ok: false });
    expect(audit.stages.map((s) => s.stage)).toEqual(['request', 'selected', 'operate-request', 'done']);
    const again = await service.start(engineer, { station: 'rtu', address: 'bo:0', action: { action: 'on' } }, true);
    expect(again.stage).toBe('selected');
  });

  it('waits out the DNP3 feedback window after the operate echo before its own timeout', async () => {
    vi.useFakeTimers();
    const slow = v.parse(StationConfig, { ...station, dnp3: { ...station.dnp3, feedbackWindowMs: 40_000 } });
    const { service, session, link } = await setup(slow);
    session.onCall = (call) => (call.op === 'command' ? [{ type: 'command', id: call.command.id, stage: 'operated', result: 'SUCCESS', ok: true }] : []);
    const answered = service.start(engineer, { station: 'rtu', address: 'bo:1', action: { action: 'on' } }, false);
    const id = (session.calls.at(-1) as { command: { id: string } }).command.id;
    await vi.advanceTimersByTimeAsync(39_000);
    expect(service.get(id)).toMatchObject({ done: false, stage: 'operated' });
    link.emit({ type: 'command', id, stage: 'done', result: 'SUCCESS', ok: true, feedback: { ref: 'bo:1', type: 'g10v2', value: true, quality: ['ONLINE'], deviceTime: null, isEvent: true } });
    expect(await answered).toMatchObject({ done: true, ok: true, result: 'SUCCESS', feedback: { value: true } });
    const silent = service.start(engineer, { station: 'rtu', address: 'bo:1', action: { action: 'on' } }, false);
    await vi.advanceTimersByTimeAsync(42_100);
    expect(await silent).toMatchObject({ done: true, result: 'TIMEOUT' });
  });

  it('waits for a required IEC 104 ACTTERM after the ACTCON as long as the session does', async () => {
    vi.useFakeTimers();
    const iec = v.parse(StationConfig, { id: 'rtu', name: 'RTU', protocol: 'iec104', transport: { kind: 'tcp', host: '127.0.0.1', port: 2404 }, iec104: { actTerm: 'expected' }, commands: [{ address: 'ioa:5001@1', mode: 'direct', actions: ['on'] }] });
    const { service, session, link } = await setup(iec);
    session.onCall = (call) => (call.op === 'command' ? [{ type: 'command', id: call.command.id, stage: 'operated', result: 'ACTCON', ok: true }] : []);
    const answered = service.start(engineer, { station: 'rtu', address: 'ioa:5001@1', action: { action: 'on' } }, false);
    const id = (session.calls.at(-1) as { command: { id: string } }).command.id;
    await vi.advanceTimersByTimeAsync(29_000);
    link.emit({ type: 'command', id, stage: 'done', result: 'SUCCESS', ok: true });
    expect(await answered).toMatchObject({ done: true, ok: true, result: 'SUCCESS' });
  });

  it('passes an IEC 104 qualifier to the session and the audit, and refuses one it cannot carry', async () => {
    const iec = v.parse(StationConfig, {
      id: 'rtu',
      name: 'RTU',
      protocol: 'iec104',
      transport: { kind: 'tcp', host: '127.0.0.1', port: 2404 },
      commands: [
        { address: 'ioa:5001@1', mode: 'direct', actions: ['on'] },
        { address: 'ioa:5007@1', mode: 'direct', actions: ['setpoint'], type: 'C_SE_NC_1' },
      ],
    });
    const { service, session, audits } = await setup(iec);
    session.onCall = (call) => (call.op === 'command' ? [{ type: 'command', id: call.command.id, stage: 'done', result: 'SUCCESS', ok: true }] : []);
    const persistent = await service.start(engineer, { station: 'rtu', address: 'ioa:5001@1', action: { action: 'on' }, qualifier: 3 }, false);
    expect(session.calls.at(-1)).toMatchObject({ op: 'command', command: { target: 'ioa:5001', commonAddress: 1, qualifier: 3 } });
    expect(audits.get(persistent.id)).toMatchObject({ value: 'QU 3', result: 'SUCCESS' });
    const setpoint = await service.start(engineer, { station: 'rtu', address: 'ioa:5007@1', action: { action: 'setpoint', value: 12.5 }, qualifier: 100 }, false);
    expect(session.calls.at(-1)).toMatchObject({ command: { type: 'C_SE_NC_1', qualifier: 100 } });
    expect(audits.get(setpoint.id)).toMatchObject({ value: '12.5 QL 100' });
    const sent = session.calls.length;
    const tooBig = await service.start(engineer, { station: 'rtu', address: 'ioa:5001@1', action: { action: 'on' }, qualifier: 32 }, false);
    expect(tooBig).toMatchObject({ done: true, ok: false, result: 'REFUSED_VALUE', detail: 'QU 32 is outside 0..31' });
    expect(session.calls.length).toBe(sent);
  });

  it('refuses a qualifier on a DNP3 command', async () => {
    const { service, session } = await setup();
    const sent = session.calls.length;
    const refused = await service.start(engineer, { station: 'rtu', address: 'bo:1', action: { action: 'on' }, qualifier: 1 }, false);
    expect(refused).toMatchObject({ result: 'REFUSED_VALUE', detail: 'a qualifier (QU/QL) applies to IEC 104 commands only' });
    expect(session.calls.length).toBe(sent);
  });

  it('fails pending commands when the station goes down, and refuses when not connected', async () => {
    const { service, session, stations } = await setup();
    session.onCall = sboScript;
    const selected = await service.start(engineer, { station: 'rtu', address: 'bo:0', action: { action: 'on' } }, true);
    service.stationDown('rtu');
    expect(service.get(selected.id)).toMatchObject({ result: 'CONNECTION_LOST' });
    await stations.get('rtu')!.disconnect();
    const refused = await service.start(engineer, { station: 'rtu', address: 'bo:0', action: { action: 'on' } }, true);
    expect(refused).toMatchObject({ result: 'NOT_CONNECTED' });
  });

  it('reports a negative stage as the final result by name', async () => {
    const { service, session } = await setup();
    session.onCall = (call) => (call.op === 'command' ? [{ type: 'command', id: call.command.id, stage: 'selected', result: 'ECHO_MISMATCH', ok: false }] : []);
    const state = await service.start(engineer, { station: 'rtu', address: 'bo:0', action: { action: 'on' } }, true);
    expect(state).toMatchObject({ done: true, ok: false, result: 'ECHO_MISMATCH' });
  });
  it('sends direct-no-ack where the policy allows direct operate: SENT, audited as such, and refused on an SBO point and on IEC 104', async () => {
    const { service, audits, session } = await setup();
    session.onCall = (call) =>
      call.op === 'command'
        ? [
            { type: 'command', id: call.command.id, stage: 'operate', result: 'SENT', ok: true },
            { type: 'command', id: call.command.id, stage: 'done', result: 'SENT', ok: true, detail: 'DIRECT_OPERATE_NR: sent; the outstation sends no response, so nothing confirms it' },
          ]
        : [];
    const sent = await service.start(engineer, { station: 'rtu', address: 'bo:1', action: { action: 'on' }, mode: 'direct-no-ack' }, true);
    expect(session.calls[0]).toMatchObject({ op: 'command', command: { target: 'bo:1', mode: 'direct-no-ack' } });
    expect(sent).toMatchObject({ done: true, ok: true, result: 'SENT', mode: 'direct-no-ack' });
    expect(audits.get(sent.id)).toMatchObject({ mode: 'direct-no-ack', result: 'SENT' });
    const onSbo = await service.start(engineer, { station: 'rtu', address: 'bo:0', action: { action: 'on' }, mode: 'direct-no-ack' }, true);
    expect(onSbo).toMatchObject({ result: 'REFUSED_MODE', stage: 'refused' });
    const iec = v.parse(StationConfig, { id: 'rtu', name: 'RTU', protocol: 'iec104', transport: { kind: 'tcp', host: '127.0.0.1', port: 2404 }, commands: [{ address: 'ioa:1', mode: 'direct', actions: ['on'] }] });
    const other = await setup(iec);
    const refused = await other.service.start(engineer, { station: 'rtu', address: 'ioa:1', action: { action: 'on' }, mode: 'direct-no-ack' }, true);
    expect(refused).toMatchObject({ result: 'REFUSED_MODE', detail: expect.stringContaining('DNP3 only') });
    expect(other.session.calls).toEqual([]);
  });
});
