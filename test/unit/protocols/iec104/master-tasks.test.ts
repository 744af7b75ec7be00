/**
 * Master tasks against the simulator in memory on a fake clock: GI task, counter
 * interrogation, select-before-execute and direct commands, clock sync, reads, spontaneous
 * data, several common addresses, the analyzer and redundancy failover.
 */
import { describe, expect, it } from 'vitest';
import type { CommandRequest, SessionOutput } from '../../../../src-shared/session';
import { createIec104Master, createIec104Station, createIec104StationDatabase, type Iec104MasterConfig, type Iec104StationConfig } from '../../../../src-main/protocols/iec104';
import { decodeApci } from '../../../../src-main/protocols/iec104/apci/apdu';
import { eventsOf, Net, type NetNode } from './net';
import { fromHex, toHex } from './vectors';

function setup(stationConfig: Iec104StationConfig = {}, masterConfig: Iec104MasterConfig = {}) {
  const net = new Net();
  const master = net.add(createIec104Master(masterConfig));
  const station = net.add(createIec104Station(stationConfig));
  const wire = net.connect(master, 0, station, 0);
  return { net, master, station, wire };
}

function commands(n: NetNode, id: string) {
  return eventsOf(n, 'command').filter((e) => e.id === id);
}

function cmd(id: string, target: string, action: CommandRequest['action'], mode: CommandRequest['mode'], extra: Partial<CommandRequest> = {}) {
  return { op: 'command' as const, command: { id, target, action, mode, ...extra } };
}

/** Drops station I-frames whose ASDU type id is `typeId` (to simulate a station that never answers). */
function dropStationType(net: Net, wire: number, station: NetNode, typeId: number): void {
  net.setFilter(wire, (from, bytes) => {
    if (from !== station) return true;
    const a = decodeApci(bytes);
    return !(a.ok && a.value.format === 'I' && a.value.asdu[0] === typeId);
  });
}

describe('general interrogation task', () => {
  it('reports SUCCESS with the object count after ACTCON, data and ACTTERM', () => {
    const { net, master } = setup();
    net.advance(10);
    expect(eventsOf(master, 'task')).toEqual([{ type: 'task', name: 'GI', ok: true, result: 'SUCCESS', durationMs: 0, detail: 'CA 1: 16 object(s)' }]);
    // The station's end of initialization comes first; GI is not started twice.
    expect(eventsOf(master, 'task').length).toBe(1);
  });

  it('runs group interrogation and periodic GI', () => {
    const points = [
      { ioa: 1, type: 'M_SP_NA_1', group: 1 },
      { ioa: 2, type: 'M_ME_NC_1', group: 2 },
    ];
    const { net, master } = setup({ points }, { giIntervalMs: 60_000 });
    net.advance(10);
    net.call(master, { op: 'interrogate', group: 2 });
    net.advance(10);
    const tasks = eventsOf(master, 'task');
    expect(tasks.map((t) => [t.name, t.result])).toEqual([['GI', 'SUCCESS'], ['GI group 2', 'SUCCESS']]);
    const inro2 = eventsOf(master, 'points').flatMap((e) => e.updates).filter((u) => u.cause === 'inro2');
    expect(inro2.map((u) => u.ref)).toEqual(['ioa:2']);
    net.advance(60_000);
    expect(eventsOf(master, 'task').length).toBe(3);
  });

  it('fails with TIMEOUT when ACTTERM never comes', () => {
    const { net, master, station, wire } = setup({}, { giOnStart: false, interrogationTimeoutMs: 5_000 });
    net.advance(1);
    net.setFilter(wire, (from, bytes) => !(from === station && bytes.length > 6 && bytes[6] === 100 && ((bytes[8] as number) & 0x3f) === 10));
    net.call(master, { op: 'interrogate' });
    net.advance(5_000);
    expect(eventsOf(master, 'task')).toMatchObject([{ name: 'GI', ok: false, result: 'TIMEOUT', detail: 'no ACTTERM from CA 1 within 5000 ms' }]);
  });

  it('fails with UNKNOWN_CA when the station does not know the common address', () => {
    const { net, master } = setup({}, { commonAddresses: [7] });
    net.advance(10);
    expect(eventsOf(master, 'task')).toMatchObject([{ name: 'GI', ok: false, result: 'UNKNOWN_CA' }]);
  });

  it('fails with CONNECTION_LOST when the connection drops mid-GI', () => {
    const points = Array.from({ length: 200 }, (_, i) => ({ ioa: i + 1, type: 'M_ME_NC_1' }));
    // k = 2 at the station and w = 8 at the master: the station stalls until t2, mid-GI.
    const { net, master, wire } = setup({ points, k: 2, w: 2 }, { giOnStart: false, w: 8 });
    net.advance(1);
    net.call(master, { op: 'interrogate' });
    expect(eventsOf(master, 'task')).toEqual([]);
    net.cut(wire, 'connection reset');
    expect(eventsOf(master, 'task')).toMatchObject([{ name: 'GI', ok: false, result: 'CONNECTION_LOST' }]);
    expect(eventsOf(master, 'state').at(-1)).toMatchObject({ state: 'stopped' });
  });
});

describe('counter interrogation and read', () => {
  it('interrogates counters with ACTCON, data COT 37 and ACTTERM', () => {
    const { net, master } = setup();
    net.advance(10);
    net.call(master, { op: 'iec104.counterInterrogation' });
    net.advance(10);
    expect(eventsOf(master, 'task').at(-1)).toMatchObject({ name: 'counter interrogation', ok: true, result: 'SUCCESS', detail: 'CA 1: 2 object(s)' });
    const ctr = eventsOf(master, 'points').flatMap((e) => e.updates).filter((u) => u.cause === 'reqcogen');
    expect(ctr.map((u) => u.type)).toEqual(['M_IT_NA_1', 'M_IT_TB_1']);
  });

  it('runs the periodic counter interrogation with the configured group and freeze qualifier (QCC)', () => {
    const { net, master, wire } = setup({}, { counterIntervalMs: 1000, counterGroup: 2, counterFreeze: 2 });
    const qcc: number[] = [];
    net.setFilter(wire, (from, bytes) => {
      const a = decodeApci(bytes);
      // ASDU: type, VSQ, COT (2), CA (2), IOA (3), QCC
      if (from === master && a.ok && a.value.format === 'I' && a.value.asdu[0] === 101) qcc.push(a.value.asdu[9]!);
      return true;
    });
    net.advance(999);
    expect(qcc).toEqual([]);
    net.advance(1010);
    // RQT 2 (group 2) in bits 1-6, FRZ 2 (freeze and reset) in bits 7-8, every period
    expect(qcc).toEqual([0x82, 0x82]);
    expect(eventsOf(master, 'task').filter((t) => t.name === 'counter interrogation group 2')).toHaveLength(2);
  });

  it('reads one IOA, and names an unknown one', () => {
    const { net, master } = setup();
    net.advance(10);
    net.call(master, { op: 'iec104.read', id: 'r1', ioa: 1007 });
    net.call(master, { op: 'iec104.read', id: 'r2', ioa: 9999 });
    net.advance(10);
    expect(eventsOf(master, 'response')).toMatchObject([
      { id: 'r1', ok: true, result: 'SUCCESS', value: { ioa: 1007, type: 'M_ME_NC_1', value: 0 } },
      { id: 'r2', ok: false, result: 'UNKNOWN_IOA' },
    ]);
  });

  it('confirms test and reset process commands', () => {
    const { net, master } = setup();
    net.advance(10);
    net.call(master, { op: 'iec104.testCommand', id: 't' });
    net.call(master, { op: 'iec104.resetProcess', id: 'rp', qrp: 1 });
    net.advance(10);
    expect(eventsOf(master, 'response').map((r) => [r.id, r.result])).toEqual([['t', 'SUCCESS'], ['rp', 'SUCCESS']]);
  });
});

describe('commands', () => {
  it('select-before-execute: select, ACTCON, execute, ACTCON, return information, ACTTERM', () => {
    const { net, master } = setup();
    net.advance(10);
    net.call(master, cmd('c1', 'ioa:5002', { action: 'close' }, 'sbo'));
    net.advance(10);
    const ev = commands(master, 'c1');
    expect(ev.map((e) => [e.stage, e.result])).toEqual([
      ['select', 'SENT'],
      ['selected', 'ACTCON'],
      ['operate', 'SENT'],
      ['operated', 'ACTCON'],
      ['feedback', 'RETURN_INFO'],
      ['terminated', 'ACTTERM'],
      ['done', 'SUCCESS'],
    ]);
    expect(ev.at(-1)).toMatchObject({ ok: true, feedback: { ref: 'ioa:1002', type: 'M_DP_NA_1', value: 2, cause: 'retrem', commonAddress: 1 } });
  });

  it('direct execute of set-points, single and regulating step commands, with time tag', () => {
    const { net, master } = setup({}, { commandPoints: { 5007: { feedbackIoa: 1007 } } });
    net.advance(10);
    net.call(master, cmd('sp', 'ioa:5007', { action: 'setpoint', value: 42.5 }, 'direct', { timeTagged: true }));
    net.call(master, cmd('sc', 'ioa:5001', { action: 'on' }, 'direct'));
    net.call(master, cmd('rc', 'ioa:5003', { action: 'step', direction: 'up' }, 'sbo'));
    net.call(master, cmd('nva', 'ioa:5005', { action: 'setpoint', value: 0.25 }, 'direct', { type: 'C_SE_NA_1' }));
    net.advance(10);
    for (const id of ['sp', 'sc', 'rc', 'nva']) expect(commands(master, id).at(-1), id).toMatchObject({ stage: 'done', result: 'SUCCESS', ok: true });
    expect(commands(master, 'sp').at(-1)?.feedback).toMatchObject({ ref: 'ioa:1007', value: 42.5 });
    expect(commands(master, 'rc').at(-1)?.feedback).toMatchObject({ ref: 'ioa:1003', value: 1 });
    expect(commands(master, 'nva').at(-1)?.feedback).toMatchObject({ ref: 'ioa:1005', value: 0.25 });
  });

  it('reports NEGATIVE_ACTCON when the station refuses the select', () => {
    const { net, master } = setup({ commands: [{ ioa: 7, type: 'C_SC_NA_1', refuse: true }] });
    net.advance(10);
    net.call(master, cmd('c', 'ioa:7', { action: 'on' }, 'sbo'));
    net.advance(10);
    expect(commands(master, 'c').map((e) => [e.stage, e.result, e.ok])).toEqual([
      ['select', 'SENT', true],
      ['done', 'NEGATIVE_ACTCON', false],
    ]);
  });

  it('reports NEGATIVE_ACTCON when an execute needs a select, and UNKNOWN_IOA / UNKNOWN_TYPE', () => {
    const { net, master } = setup();
    net.advance(10);
    net.call(master, cmd('d', 'ioa:5002', { action: 'close' }, 'direct'));
    net.call(master, cmd('u', 'ioa:6000', { action: 'on' }, 'direct'));
    net.call(master, cmd('t', 'ioa:5001', { action: 'trip' }, 'direct'));
    net.advance(10);
    expect(commands(master, 'd').at(-1)).toMatchObject({ result: 'NEGATIVE_ACTCON', ok: false });
    expect(commands(master, 'u').at(-1)).toMatchObject({ result: 'UNKNOWN_IOA', ok: false });
    expect(commands(master, 't').at(-1)).toMatchObject({ result: 'UNKNOWN_TYPE', ok: false });
  });

  it('times out each stage: select, execute, and a required ACTTERM', () => {
    for (const [drop, expected] of [
      ['select', 'SELECT_TIMEOUT'],
      ['execute', 'EXECUTE_TIMEOUT'],
      ['term', 'NO_ACTTERM'],
    ] as const) {
      const { net, master, station, wire } = setup({}, { selectTimeoutMs: 1_000, executeTimeoutMs: 2_000, termTimeoutMs: 3_000, actTerm: 'expected' });
      net.advance(10);
      let actcons = 0;
      // Dropping an I-frame desynchronises N(S), so from the dropped one on every station I-frame is dropped.
      net.setFilter(wire, (from, bytes) => {
        if (from !== station || bytes.length <= 6) return true;
        if (actcons >= 2 && drop === 'execute') return false;
        const cot = (bytes[8] as number) & 0x3f;
        if (cot === 7) actcons++;
        if (drop === 'select' && cot === 7) return false;
        if (drop === 'execute' && cot === 7 && actcons === 2) return false;
        return !(drop === 'term' && cot === 10);
      });
      net.call(master, cmd('c', 'ioa:5002', { action: 'trip' }, 'sbo'));
      net.advance(5_000);
      expect(commands(master, 'c').at(-1)).toMatchObject({ stage: 'done', result: expected, ok: false });
    }
  });

  it('deactivates a paused select (COT 8) and gives SELECT_TIMEOUT when no operate comes', () => {
    const { net, master } = setup({}, { selectTimeoutMs: 2_000 });
    net.advance(10);
    net.call(master, cmd('a', 'ioa:5002', { action: 'close' }, 'sbo', { pauseAfterSelect: true }));
    net.advance(10);
    expect(commands(master, 'a').at(-1)).toMatchObject({ stage: 'selected', result: 'ACTCON' });
    net.call(master, { op: 'cancelCommand', id: 'a' });
    net.advance(10);
    expect(commands(master, 'a').at(-1)).toMatchObject({ stage: 'done', result: 'DEACTIVATED', ok: false });

    net.call(master, cmd('b', 'ioa:5002', { action: 'close' }, 'sbo', { pauseAfterSelect: true }));
    net.advance(2_100);
    expect(commands(master, 'b').at(-1)).toMatchObject({ stage: 'done', result: 'SELECT_TIMEOUT', ok: false });

    net.call(master, cmd('c', 'ioa:5002', { action: 'close' }, 'sbo', { pauseAfterSelect: true }));
    net.advance(10);
    net.call(master, { op: 'operate', id: 'c' });
    net.advance(10);
    expect(commands(master, 'c').at(-1)).toMatchObject({ stage: 'done', result: 'SUCCESS', ok: true });
  });

  it('rejects bad requests and commands without a connection by name', () => {
    const { net, master, wire } = setup();
    net.advance(10);
    net.call(master, cmd('x', 'bo:1', { action: 'on' }, 'direct'));
    net.call(master, cmd('y', 'ioa:1', { action: 'step', direction: 'up' }, 'direct', { type: 'C_SC_NA_1' }));
    net.cut(wire);
    net.call(master, cmd('z', 'ioa:5001', { action: 'on' }, 'direct'));
    expect(commands(master, 'x').at(-1)).toMatchObject({ result: 'BAD_REQUEST', ok: false });
    expect(commands(master, 'y').at(-1)).toMatchObject({ result: 'BAD_TYPE', ok: false, detail: 'step does not fit a single command' });
    expect(commands(master, 'z').at(-1)).toMatchObject({ result: 'NOT_CONNECTED', ok: false });
  });

  it('refuses, by name and without sending, a value, qualifier or address its field cannot carry', () => {
    const { net, master } = setup({}, { ioaSize: 2, caSize: 1, commonAddresses: [1] });
    net.advance(10);
    const sentBefore = master.sent.length;
    const setpoint = (value: number) => ({ action: 'setpoint' as const, value });
    const refused: Array<[string, ReturnType<typeof cmd>, string, RegExp]> = [
      ['nva', cmd('nva', 'ioa:5007', setpoint(1.5), 'direct', { type: 'C_SE_NA_1' }), 'BAD_VALUE', /normalized .* -1 \.\. 1/],
      ['sva-range', cmd('sva-range', 'ioa:5007', setpoint(40_000), 'direct', { type: 'C_SE_NB_1' }), 'BAD_VALUE', /scaled .* -32768 \.\. 32767/],
      ['sva-int', cmd('sva-int', 'ioa:5007', setpoint(12.5), 'direct', { type: 'C_SE_TB_1' }), 'BAD_VALUE', /scaled .* integer/],
      ['float', cmd('float', 'ioa:5007', setpoint(Number.POSITIVE_INFINITY), 'direct'), 'BAD_VALUE', /short floating point/],
      ['float-range', cmd('float-range', 'ioa:5007', setpoint(1e39), 'direct'), 'BAD_VALUE', /short floating point/],
      ['bits', cmd('bits', 'ioa:5007', setpoint(-1), 'direct', { type: 'C_BO_NA_1' }), 'BAD_VALUE', /bitstring .* 0 \.\. 4294967295/],
      ['type', cmd('type', 'ioa:5007', setpoint(1), 'direct', { type: 'C_XX_NA_1' }), 'BAD_TYPE', /C_XX_NA_1 is not a command type \(C_SC_NA_1, .*C_SE_NB_1/],
      ['on-setpoint', cmd('on-setpoint', 'ioa:5007', { action: 'on' }, 'direct', { type: 'C_SE_NB_1' }), 'BAD_TYPE', /on does not fit a set-point command/],
      ['qu', cmd('qu', 'ioa:5001', { action: 'on' }, 'direct', { qualifier: 32 }), 'BAD_REQUEST', /QU 32 .* 0\.\.31/],
      ['ql', cmd('ql', 'ioa:5007', setpoint(1), 'direct', { qualifier: 128 }), 'BAD_REQUEST', /QL 128 .* 0\.\.127/],
      ['ioa', cmd('ioa', 'ioa:70000', { action: 'on' }, 'direct'), 'BAD_REQUEST', /IOA 70000 .* 2-octet/],
      ['ca', cmd('ca', 'ioa:5001', { action: 'on' }, 'direct', { commonAddress: 300 }), 'BAD_REQUEST', /common address 300 .* 1-octet/],
    ];
    for (const [id, call, result, message] of refused) {
      net.call(master, call);
      const done = commands(master, id).at(-1);
      expect(done, id).toMatchObject({ stage: 'done', result, ok: false });
      expect(done?.detail, id).toMatch(message);
    }
    expect(master.sent.length).toBe(sentBefore);
    // The limits themselves are accepted: -1 and 1 normalized, the scaled extremes.
    net.call(master, cmd('nva-ok', 'ioa:5007', setpoint(-1), 'direct', { type: 'C_SE_NA_1' }));
    net.call(master, cmd('sva-ok', 'ioa:5008', setpoint(-32768), 'direct', { type: 'C_SE_NB_1' }));
    expect(commands(master, 'nva-ok')[0]).toMatchObject({ result: 'SENT', ok: true });
    expect(commands(master, 'sva-ok')[0]).toMatchObject({ result: 'SENT', ok: true });
  });
});

describe('clock synchronisation', () => {
  it('on start, periodic and on demand, reporting the device time and offset', () => {
    const epoch = Date.UTC(2026, 5, 1, 12, 0, 0);
    const { net, master } = setup({ epochOffsetMs: epoch, clockErrorMs: 5_000 }, { epochOffsetMs: epoch, clockSyncOnStart: true, clockSyncIntervalMs: 3_600_000 });
    net.advance(10);
    const first = eventsOf(master, 'timeSync')[0];
    expect(first).toMatchObject({ ok: true, result: 'SUCCESS', offsetMs: 5_000 });
    expect(first?.deviceTime).toBe(epoch + 5_000);
    net.call(master, { op: 'timeSync' });
    net.advance(10);
    expect(eventsOf(master, 'timeSync')[1]).toMatchObject({ ok: true, offsetMs: 0 });
    net.advance(3_600_000);
    expect(eventsOf(master, 'timeSync').length).toBe(3);
  });

  it('reports TIMEOUT when the station does not confirm', () => {
    const { net, master, station, wire } = setup({}, { requestTimeoutMs: 1_000 });
    net.advance(10);
    dropStationType(net, wire, station, 103);
    net.call(master, { op: 'timeSync' });
    net.advance(1_000);
    expect(eventsOf(master, 'timeSync')).toEqual([{ type: 'timeSync', ok: false, result: 'TIMEOUT', offsetMs: null, deviceTime: null }]);
  });
});

describe('spontaneous data and several common addresses', () => {
  it('reports spontaneous changes as events with device time, per common address', () => {
    const epoch = Date.UTC(2026, 0, 1);
    const points = [
      { ioa: 1, type: 'M_SP_TB_1', commonAddress: 1 },
      { ioa: 1, type: 'M_ME_TF_1', commonAddress: 2 },
    ];
    const { net, master } = setup({ commonAddresses: [1, 2], points, changes: { everyMs: 1_000, count: 2 }, epochOffsetMs: epoch }, { commonAddresses: [1, 2], epochOffsetMs: epoch });
    net.advance(2_500);
    expect(eventsOf(master, 'task').map((t) => t.detail)).toEqual(['CA 1: 1 object(s)', 'CA 2: 1 object(s)']);
    const spont = eventsOf(master, 'points').flatMap((e) => e.updates).filter((u) => u.isEvent);
    expect(spont.length).toBe(4);
    expect(spont[0]).toMatchObject({ ref: 'ioa:1', commonAddress: 1, type: 'M_SP_TB_1', value: true, cause: 'spont', deviceTime: epoch + 1_000 });
    expect(spont[1]).toMatchObject({ ref: 'ioa:1', commonAddress: 2, type: 'M_ME_TF_1', value: 1, cause: 'spont' });
  });
});

describe('analyzer', () => {
  it('emits frame events at summary and full level with byte spans', () => {
    const { net, master } = setup({ points: [{ ioa: 3001, type: 'M_ME_NC_1', value: 1.5 }] }, { decodeLevel: 'summary' });
    net.advance(10);
    const frames = eventsOf(master, 'frame').map((e) => e.frame);
    expect(frames[0]).toMatchObject({ direction: 'tx', protocol: 'iec104', summary: 'U STARTDT act' });
    expect(frames.map((f) => f.summary)).toContain('I(2,1) M_ME_NC_1 inrogen IOA 3001');
    net.call(master, { op: 'decodeLevel', level: 'full' });
    net.call(master, { op: 'iec104.read', id: 'r', ioa: 3001 });
    const full = eventsOf(master, 'frame').map((e) => e.frame).find((f) => f.summary.includes('M_ME_NC_1 req'));
    const asdu = full?.fields?.[1];
    expect(asdu?.children?.find((c) => c.name === 'type')).toMatchObject({ value: 'M_ME_NC_1 (13)', offset: 6, length: 1 });
    const obj = asdu?.children?.find((c) => c.name === 'object 1');
    expect(obj?.children).toEqual([
      { name: 'ioa', value: '3001', offset: 12, length: 3 },
      { name: 'element', value: '1.5', offset: 15, length: 5 },
    ]);
  });

  it('counts APDUs at decode level off, when it describes none', () => {
    const { net, master } = setup({ points: [{ ioa: 3001, type: 'M_ME_NC_1', value: 1.5 }] }, { decodeLevel: 'off' });
    net.advance(10);
    expect(eventsOf(master, 'frame')).toEqual([]);
    const counted = eventsOf(master, 'frameCount').reduce((sum, e) => ({ rx: sum.rx + e.rx, tx: sum.tx + e.tx }), { rx: 0, tx: 0 });
    // STARTDT act/con, the GI act, its con, one object, its term; S-frames as the w window asks.
    expect(counted.tx).toBeGreaterThanOrEqual(2);
    expect(counted.rx).toBeGreaterThanOrEqual(4);
  });
});

describe('redundancy group', () => {
  it('starts one link, keeps the other alive with TESTFR, fails over with a GI and resends unacknowledged data', () => {
    const net = new Net();
    const master = net.add(createIec104Master({ links: 2, t3Ms: 5_000 }));
    const config = { changes: { everyMs: 1_000, count: 1 }, points: [{ ioa: 1, type: 'M_ME_NC_1' }] };
    const db = createIec104StationDatabase(config);
    const s0 = net.add(createIec104Station(config, db));
    const s1 = net.add(createIec104Station(config, db));
    const w0 = net.connect(master, 0, s0, 0);
    const w1 = net.connect(master, 1, s1, 0);
    net.advance(4_500);
    expect(eventsOf(master, 'state').filter((s) => s.state === 'ready').length).toBe(1);
    // The standby link carries only TESTFR: no STARTDT on link 1.
    expect(master.sent.filter((s) => s.link === 1).map((s) => s.bytes[2])).not.toContain(0x07);
    net.advance(2_000);
    expect(master.sent.filter((s) => s.link === 1).map((s) => s.bytes[2])).toContain(0x43);
    net.cut(w0, 'connection reset');
    net.advance(10);
    const states = eventsOf(master, 'state');
    expect(states.at(-2)).toMatchObject({ state: 'starting', detail: 'link 0 lost (connection reset); STARTDT on link 1' });
    expect(states.at(-1)).toMatchObject({ state: 'ready', detail: 'link 1 started' });
    expect(eventsOf(master, 'task').map((t) => t.result)).toEqual(['SUCCESS', 'SUCCESS']);
    net.advance(5_000);
    // Every spontaneous value 1..n arrived (sequence values), none lost across the failover.
    const values = eventsOf(master, 'points').flatMap((e) => e.updates).filter((u) => u.cause === 'spont').map((u) => u.value as number);
    const unique = [...new Set(values)].sort((a, b) => a - b);
    expect(unique).toEqual(Array.from({ length: unique.length }, (_, i) => i + 1));
    expect(unique.length).toBeGreaterThanOrEqual(10);
    void w1;
  });

  it('starts no second link when a standby link is lost while another waits for STARTDT con', () => {
    const master = createIec104Master({ links: 3, giOnStart: false });
    const startdtOn = (out: SessionOutput[]): number[] =>
      out.flatMap((o) => (o.kind === 'tx' && toHex(o.bytes) === '680407000000' ? [o.link ?? 0] : []));
    expect(startdtOn(master.step({ kind: 'up', link: 0 }, 0))).toEqual([0]);
    expect(startdtOn(master.step({ kind: 'up', link: 1 }, 1))).toEqual([]);
    expect(startdtOn(master.step({ kind: 'up', link: 2 }, 2))).toEqual([]);
    // Link 1 (standby) drops while link 0's STARTDT act is unanswered: link 2 must stay stopped.
    expect(startdtOn(master.step({ kind: 'down', link: 1, reason: 'reset' }, 3))).toEqual([]);
    const con = master.step({ kind: 'rx', link: 0, bytes: fromHex('68040b000000') }, 4);
    expect(con).toContainEqual({ kind: 'event', event: { type: 'state', state: 'ready', detail: 'link 0 started' } });
    expect(master.activeLink).toBe(0);
    // Link 0 is then lost: link 2, the only healthy one left, is started.
    const lost = master.step({ kind: 'down', link: 0, reason: 'reset' }, 5);
    expect(startdtOn(lost)).toEqual([2]);
  });
});
