import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { compareAlarms, useAlarmsStore } from '../../../../src-renderer/stores/alarms';
import { ANALYZER_CAPACITY, hexToBytes, useAnalyzerStore } from '../../../../src-renderer/stores/analyzer';
import { useEventsStore } from '../../../../src-renderer/stores/events';
import { useSessionStore } from '../../../../src-renderer/stores/session';
import { alarm } from '../alarm-fixture';
import { fakeContract, type FakeContract } from '../fake-contract';


let fake: FakeContract;
beforeEach(() => {
  setActivePinia(createPinia());
  fake = fakeContract();
});

describe('alarms store', () => {
  it('orders unacknowledged, then active, then by priority and time', () => {
    const list = [alarm('a', { acknowledged: true }), alarm('b', { priority: 1 }), alarm('c', { active: false }), alarm('d', { raisedAt: 2000 })];
    expect(list.sort(compareAlarms).map((a) => a.id)).toEqual(['b', 'd', 'c', 'a']);
  });

  it('follows alarm changes and the unacknowledged count', () => {
    const alarms = useAlarmsStore();
    alarms.start();
    fake.emit('alarms.changed', { changes: [{ alarm: alarm('a'), transition: 'raised' }], unacknowledged: 1 });
    expect(alarms.list).toHaveLength(1);
    expect(alarms.unacknowledged).toBe(1);
    fake.emit('alarms.changed', { changes: [{ alarm: alarm('a'), transition: 'removed' }], unacknowledged: 0 });
    expect(alarms.list).toHaveLength(0);
    expect(alarms.unacknowledged).toBe(0);
  });

  it('applies the changes of one interval in order, with one version move', () => {
    const alarms = useAlarmsStore();
    alarms.start();
    const version = alarms.version;
    fake.emit('alarms.changed', {
      changes: [
        { alarm: alarm('a'), transition: 'raised' },
        { alarm: alarm('b'), transition: 'raised' },
        { alarm: alarm('a', { active: false, acknowledged: true }), transition: 'removed' },
        { alarm: alarm('b', { acknowledged: true, ackBy: 'op' }), transition: 'acknowledged' },
      ],
      unacknowledged: 0,
    });
    expect(alarms.list.map((a) => [a.id, a.ackBy])).toEqual([['b', 'op']]);
    expect(alarms.unacknowledged).toBe(0);
    expect(alarms.version).toBe(version + 1);
  });

  it('acknowledges (the change arrives as its event, with no reload) or reports the refusal', async () => {
    fake.answer('alarms.ack', { ok: true, value: { acknowledged: 1 } });
    const alarms = useAlarmsStore();
    alarms.start();
    expect(await alarms.ack('a')).toBeNull();
    expect(fake.calls.map((c) => c.name)).toEqual(['alarms.ack']);
    fake.emit('alarms.changed', { changes: [{ alarm: alarm('a', { acknowledged: true, ackBy: 'op' }), transition: 'acknowledged' }], unacknowledged: 0 });
    expect(alarms.list[0]!.ackBy).toBe('op');
    fake.answer('alarms.ackAll', { ok: false, error: { code: 'FORBIDDEN', message: 'operators and above' } });
    expect(await alarms.ackAll()).toBe('FORBIDDEN: operators and above');
  });
});

describe('analyzer store', () => {
  it('decodes hex, keeps only the analysed station, and caps its memory', async () => {
    fake.answer('analyzer.subscribe', { ok: true, value: {} });
    const analyzer = useAnalyzerStore();
    analyzer.start();
    await analyzer.watchStation('s1');
    expect(fake.calls.at(-1)).toEqual({ name: 'analyzer.subscribe', request: { station: 's1' } });
    const frame = { time: 1, direction: 'rx' as const, protocol: 'iec104' as const, summary: 'S(1)', hex: '6804010002' };
    fake.emit('analyzer.frames', { station: 's2', frames: [frame] });
    expect(analyzer.frames.size).toBe(0);
    fake.emit('analyzer.frames', { station: 's1', frames: Array.from({ length: ANALYZER_CAPACITY + 10 }, () => frame) });
    expect(analyzer.frames.size).toBe(ANALYZER_CAPACITY);
    expect(analyzer.frames.has('1')).toBe(false);
    expect(hexToBytes([...analyzer.frames.values()].at(-1)!.hex)).toEqual(Uint8Array.from([0x68, 4, 1, 0, 2]));
    const version = analyzer.version;
    analyzer.setPaused(true);
    fake.emit('analyzer.frames', { station: 's1', frames: [frame] });
    expect(analyzer.version).toBe(version);
    analyzer.setPaused(false);
    expect(analyzer.version).toBe(version + 1);
    expect(hexToBytes('ff00')).toEqual(Uint8Array.from([255, 0]));
  });
});

describe('session store', () => {
  it('asks who is logged in on connection, logs in and out', async () => {
    fake.answer('session.status', { ok: true, value: { user: null, needsSetup: true, demo: true } });
    const session = useSessionStore();
    session.start();
    fake.status('connected');
    await Promise.resolve();
    await Promise.resolve();
    expect(session.known).toBe(true);
    expect(session.needsSetup).toBe(true);
    fake.answer('session.setupAdmin', { ok: true, value: { name: 'admin', role: 'administrator', resumeToken: 'a'.repeat(43) } });
    expect(await session.setupAdmin('admin', 'long enough')).toBe(true);
    expect(session.canConfigure).toBe(true);
    fake.answer('session.logout', { ok: true, value: {} });
    await session.logout();
    expect(session.user).toBeNull();
    fake.answer('session.login', { ok: false, error: { code: 'BAD_CREDENTIALS', message: 'wrong user name or password' } });
    expect(await session.login('op', 'x')).toBe(false);
    expect(session.error).toBe('wrong user name or password');
    fake.answer('session.login', { ok: true, value: { name: 'op', role: 'operator', resumeToken: 'b'.repeat(43) } });
    await session.login('op', 'right');
    expect(session.canAcknowledge).toBe(true);
    expect(session.canCommand).toBe(false);
  });
});

describe('events store', () => {
  it('queries pages newest first and counts events appended since', async () => {
    fake.answer('events.query', { ok: true, value: { total: 250, events: [] } });
    const events = useEventsStore();
    events.start();
    await events.search({ station: 's1' });
    await events.goTo(2);
    expect(fake.calls.at(-1)!.request).toEqual({ station: 's1', order: 'desc', offset: 200, limit: 100 });
    fake.emit('events.appended', { events: [{ time: 1, deviceTime: null, kind: 'soe', station: 's1', point: null, user: null, message: 'x' }] });
    expect(events.newSinceQuery).toBe(1);
  });
});
