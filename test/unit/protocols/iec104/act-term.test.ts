/**
 * Activation termination (ACTTERM) modes of the master on a fake clock, against the
 * simulator switched to behave as stations that send ACTTERM at once, late, or never
 * (as lib60870's example server does for single commands).
 */
import { describe, expect, it } from 'vitest';
import type { CommandRequest } from '../../../../src-shared/session';
import { createIec104Master, createIec104Station, resolveMasterConfig, resolveStationConfig, type Iec104MasterConfig, type Iec104StationConfig } from '../../../../src-main/protocols/iec104';
import { eventsOf, Net, type NetNode } from './net';

function setup(stationConfig: Iec104StationConfig, masterConfig: Iec104MasterConfig) {
  const net = new Net();
  const master = net.add(createIec104Master(masterConfig));
  const station = net.add(createIec104Station(stationConfig));
  const wire = net.connect(master, 0, station, 0);
  net.advance(10);
  return { net, master, station, wire };
}

const stages = (n: NetNode, id: string) => eventsOf(n, 'command').filter((e) => e.id === id).map((e) => [e.stage, e.result]);
const last = (n: NetNode, id: string) => eventsOf(n, 'command').filter((e) => e.id === id).at(-1);
const command = (id: string, target: string, action: CommandRequest['action'], mode: CommandRequest['mode'], extra: Partial<CommandRequest> = {}) => ({
  op: 'command' as const,
  command: { id, target, action, mode, ...extra },
});
/** COT octet of an I-frame: APCI (6) + type, VSQ (2). */
const COT_OCTET = 8;
const cotOf = (bytes: Uint8Array) => (bytes.length > COT_OCTET ? (bytes[COT_OCTET] as number) & 0x3f : -1);

describe('activation termination: auto (the default)', () => {
  it('takes an ACTTERM that comes within the window as the normal end', () => {
    const { net, master } = setup({ actTermDelayMs: 500 }, { actTermWindowMs: 2_000 });
    net.call(master, command('c', 'ioa:5001', { action: 'on' }, 'direct'));
    net.advance(499);
    expect(last(master, 'c')).toMatchObject({ stage: 'feedback' });
    net.advance(1);
    expect(stages(master, 'c').slice(-2)).toEqual([['terminated', 'ACTTERM'], ['done', 'SUCCESS']]);
    expect(last(master, 'c')).not.toHaveProperty('detail');
  });

  it('reports SUCCESS after the window when the station sends no ACTTERM, saying so in the stages', () => {
    const { net, master } = setup({ actTerm: false }, { actTermWindowMs: 1_500 });
    net.call(master, command('c', 'ioa:5001', { action: 'on' }, 'direct'));
    net.advance(1_499);
    expect(stages(master, 'c')).toEqual([['operate', 'SENT'], ['operated', 'ACTCON'], ['feedback', 'RETURN_INFO']]);
    net.advance(1);
    const ev = eventsOf(master, 'command').filter((e) => e.id === 'c');
    expect(ev.slice(-2)).toEqual([
      { type: 'command', id: 'c', stage: 'terminated', result: 'NOT_RECEIVED', ok: true, detail: 'no ACTTERM from this station within 1500 ms' },
      expect.objectContaining({ stage: 'done', result: 'SUCCESS', ok: true, detail: 'confirmed by ACTCON; no ACTTERM from this station (activation termination: auto)' }),
    ]);
  });

  it('does the same for select + execute, set-points and regulating steps', () => {
    const { net, master } = setup({ actTerm: false }, { actTermWindowMs: 1_000, commandPoints: { 5007: { feedbackIoa: 1007 } } });
    net.call(master, command('dc', 'ioa:5002', { action: 'close' }, 'sbo'));
    net.call(master, command('se', 'ioa:5007', { action: 'setpoint', value: 2.5 }, 'sbo'));
    net.call(master, command('rc', 'ioa:5003', { action: 'step', direction: 'down' }, 'direct'));
    net.advance(1_000);
    for (const id of ['dc', 'se']) {
      expect(stages(master, id), id).toEqual([
        ['select', 'SENT'], ['selected', 'ACTCON'], ['operate', 'SENT'], ['operated', 'ACTCON'], ['feedback', 'RETURN_INFO'], ['terminated', 'NOT_RECEIVED'], ['done', 'SUCCESS'],
      ]);
    }
    expect(stages(master, 'rc').slice(-2)).toEqual([['terminated', 'NOT_RECEIVED'], ['done', 'SUCCESS']]);
    expect(last(master, 'se')?.feedback).toMatchObject({ ref: 'ioa:1007', value: 2.5 });
  });

  it("ignores a late ACTTERM of an earlier command that arrives before the next command's ACTCON", () => {
    const { net, master, station, wire } = setup({ actTermDelayMs: 1_000 }, { actTermWindowMs: 100 });
    net.call(master, command('first', 'ioa:5001', { action: 'on' }, 'direct'));
    net.advance(100);
    expect(last(master, 'first')).toMatchObject({ stage: 'done', result: 'SUCCESS' });
    // Hold the next execute on its way, so the first command's ACTTERM reaches the master while it waits for the ACTCON.
    let held: Uint8Array | null = null;
    net.setFilter(wire, (from, bytes) => {
      if (from !== master || cotOf(bytes) !== 6 || held !== null) return true;
      held = bytes.slice();
      return false;
    });
    net.call(master, command('next', 'ioa:5001', { action: 'off' }, 'direct'));
    net.advance(1_000);
    expect(stages(master, 'next')).toEqual([['operate', 'SENT']]);
    net.setFilter(wire, undefined);
    net.feed(station, { kind: 'rx', bytes: held!, link: 0 });
    net.advance(100);
    expect(stages(master, 'next')).toEqual([['operate', 'SENT'], ['operated', 'ACTCON'], ['feedback', 'RETURN_INFO'], ['terminated', 'NOT_RECEIVED'], ['done', 'SUCCESS']]);
    expect(eventsOf(master, 'error')).toEqual([]);
  });
});

describe('activation termination: expected', () => {
  it('fails with NO_ACTTERM, not a timeout of the ACTCON, when the station sends none', () => {
    const { net, master } = setup({ actTerm: false }, { actTerm: 'expected', termTimeoutMs: 3_000 });
    net.call(master, command('c', 'ioa:5002', { action: 'trip' }, 'sbo'));
    net.advance(2_999);
    expect(last(master, 'c')).toMatchObject({ stage: 'feedback' });
    net.advance(1);
    expect(last(master, 'c')).toMatchObject({ stage: 'done', result: 'NO_ACTTERM', ok: false, detail: 'no ACTTERM within 3000 ms of the execute ACTCON (activation termination: expected)' });
  });

  it('waits for a slow ACTTERM beyond the auto window, as for a motor-driven switch', () => {
    const { net, master } = setup({ actTermDelayMs: 8_000 }, { actTerm: 'expected', termTimeoutMs: 30_000 });
    net.call(master, command('c', 'ioa:5006', { action: 'setpoint', value: 120 }, 'direct', { type: 'C_SE_NB_1' }));
    net.advance(8_000);
    expect(stages(master, 'c').slice(-2)).toEqual([['terminated', 'ACTTERM'], ['done', 'SUCCESS']]);
  });

  it('fails with NEGATIVE_ACTTERM when the station terminates negatively', () => {
    const { net, master, station, wire } = setup({}, { actTerm: 'expected' });
    // Set P/N on the station's ACTTERM (COT 10) as it goes out.
    net.setFilter(wire, (from, bytes) => {
      if (from === station && cotOf(bytes) === 10) bytes[COT_OCTET] = (bytes[COT_OCTET] as number) | 0x40;
      return true;
    });
    net.call(master, command('c', 'ioa:5001', { action: 'on' }, 'direct'));
    net.advance(10);
    expect(last(master, 'c')).toMatchObject({ stage: 'done', result: 'NEGATIVE_ACTTERM', ok: false });
  });
});

describe('activation termination: none', () => {
  it('succeeds at the ACTCON and tolerates the ACTTERM that comes later', () => {
    const { net, master } = setup({ actTermDelayMs: 500 }, { actTerm: 'none' });
    net.call(master, command('c', 'ioa:5001', { action: 'on' }, 'sbo'));
    // The command ends at the ACTCON, so the return information after it is not its feedback.
    expect(stages(master, 'c')).toEqual([['select', 'SENT'], ['selected', 'ACTCON'], ['operate', 'SENT'], ['operated', 'ACTCON'], ['done', 'SUCCESS']]);
    expect(last(master, 'c')?.detail).toBe('confirmed by ACTCON; ACTTERM not awaited (activation termination: none)');
    const before = master.events.length;
    net.advance(1_000);
    expect(master.events.slice(before).filter((e) => e.type === 'command' || e.type === 'error')).toEqual([]);
  });
});

describe('activation termination: configuration', () => {
  it('defaults to auto with a 2 s window and refuses an unknown mode or an empty window', () => {
    const r = resolveMasterConfig({});
    expect(r.ok && [r.value.actTerm, r.value.actTermWindowMs]).toEqual(['auto', 2_000]);
    expect(resolveMasterConfig({ actTerm: 'maybe' as never })).toMatchObject({ ok: false, error: { code: 'INVALID_CONFIG', message: expect.stringMatching(/actTerm 'maybe'/) } });
    expect(resolveMasterConfig({ actTermWindowMs: 0 })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/actTermWindowMs=0/) } });
    expect(resolveStationConfig({ actTermDelayMs: -1 })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/actTermDelayMs -1/) } });
  });

  it('lets one command point of the simulator go without ACTTERM, as lib60870 does for single commands', () => {
    const commands = [{ ioa: 5001, type: 'C_SC_NA_1', actTerm: false }, { ioa: 5002, type: 'C_DC_NA_1' }];
    const { net, master } = setup({ commands }, { actTerm: 'expected', termTimeoutMs: 1_000 });
    net.call(master, command('sc', 'ioa:5001', { action: 'on' }, 'direct'));
    net.call(master, command('dc', 'ioa:5002', { action: 'close' }, 'direct'));
    net.advance(1_000);
    expect(last(master, 'sc')).toMatchObject({ result: 'NO_ACTTERM' });
    expect(last(master, 'dc')).toMatchObject({ result: 'SUCCESS' });
  });
});
