/**
 * Alarm state as the operator sees it: the held row order of the alarm list, the state in
 * words and shape, a point's alarm cell and details, shelving from the list, and the
 * event log following new events live.
 */
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { alarmRows } from '../../../src-renderer/components/alarm-order';
import AlarmList from '../../../src-renderer/components/AlarmList.vue';
import PointDetails from '../../../src-renderer/components/PointDetails.vue';
import { alarmValueText, pointAlarmRank, pointAlarmText, summarisePointAlarms, type Alarm } from '../../../src-renderer/stores/alarm-state';
import { useAlarmsStore } from '../../../src-renderer/stores/alarms';
import { LIVE_REFRESH_MS, useEventsStore } from '../../../src-renderer/stores/events';
import type { PointRow } from '../../../src-renderer/stores/point-row';
import { usePointsStore } from '../../../src-renderer/stores/points';
import { useSessionStore } from '../../../src-renderer/stores/session';
import { pointColumns } from '../../../src-renderer/views/points-columns';
import { alarm } from './alarm-fixture';
import { fakeContract, type FakeContract } from './fake-contract';

const shelf = { by: 'op', reason: 'probe replaced', at: 1000, until: Date.now() + 3_600_000 };
const point: PointRow = {
  slot: 0, id: 's1/ai:0', station: 's1', address: 'ai:0', type: 'g30v1', raw: 150, value: 300, label: null, quality: ['ONLINE'], deviceTime: null, receivedTime: 1, changes: 1,
  name: 'Feeder current', description: '', unit: 'A', configured: true, stateLabels: {}, alarms: { h: 280, deadband: 4, priority: 3 }, stateAlarms: [], eventDeadband: 'every change', command: null,
};

let fake: FakeContract;
beforeEach(() => {
  setActivePinia(createPinia());
  fake = fakeContract();
});
afterEach(() => {
  vi.useRealTimers();
});

const ids = (rows: { alarm: Alarm; gone: boolean }[]) => rows.map((r) => `${r.alarm.id}${r.gone ? ' (gone)' : ''}`);

describe('alarm row order', () => {
  const list = [alarm('old-p3', { raisedAt: 1 }), alarm('acked-p1', { priority: 1, acknowledged: true }), alarm('new-p3', { raisedAt: 5 }), alarm('p1', { priority: 1 })];

  it('sorts unacknowledged first, then by priority and newest, while nobody points at the list', () => {
    expect(ids(alarmRows([], list, false))).toEqual(['p1', 'new-p3', 'old-p3', 'acked-p1']);
  });

  it('holds the order while pointed at: an acknowledged row stays, a gone row stays as a placeholder, new rows go below', () => {
    const shown = alarmRows([], list, false);
    const next = [alarm('p1', { priority: 1, acknowledged: true }), alarm('new-p3', { raisedAt: 5 }), alarm('acked-p1', { priority: 1, acknowledged: true }), alarm('fresh-p1', { priority: 1, raisedAt: 9 })];
    const held = alarmRows(shown, next, true);
    expect(ids(held)).toEqual(['p1', 'new-p3', 'old-p3 (gone)', 'acked-p1', 'fresh-p1']);
    expect(held[0]!.alarm.acknowledged).toBe(true);
    expect(ids(alarmRows(held, next, false))).toEqual(['fresh-p1', 'new-p3', 'p1', 'acked-p1']);
  });
});

describe('alarm state in words and shape', () => {
  it("sums up a point's alarms by its most urgent one that is not shelved", () => {
    const summary = summarisePointAlarms([alarm('a', { kind: 'H', priority: 3, acknowledged: true }), alarm('b', { kind: 'HH', priority: 2 }), alarm('c', { priority: 1, shelf })]);
    expect(pointAlarmText(summary)).toBe('▲ P2 HH UNACK +2');
    expect(pointAlarmText(summarisePointAlarms([alarm('a', { acknowledged: true })]))).toBe('△ P3 H ack');
    expect(pointAlarmText(summarisePointAlarms([alarm('a', { active: false })]))).toBe('◇ P3 H cleared UNACK');
    expect(pointAlarmText(summarisePointAlarms([alarm('a', { kind: 'STATE', priority: 1, shelf })]))).toBe('⊘ P1 state shelved');
    expect(pointAlarmText(summarisePointAlarms([]))).toBe('');
  });

  it('ranks unacknowledged before acknowledged and no alarm last, and gives values their unit or label', () => {
    const rank = (over: Partial<Alarm>) => pointAlarmRank(summarisePointAlarms([alarm('a', over)]));
    expect(rank({ priority: 2 })).toBeLessThan(rank({ priority: 1, acknowledged: true }));
    expect(rank({ priority: 4, acknowledged: true })).toBeLessThan(pointAlarmRank(null));
    expect(alarmValueText(312.5, { unit: 'A', stateLabels: {} })).toBe('312.5 A');
    expect(alarmValueText(1, { unit: '', stateLabels: { '1': 'Tripped' } })).toBe('Tripped');
    expect(alarmValueText(7, undefined)).toBe('7');
    expect(alarmValueText(null, { unit: 'A', stateLabels: {} })).toBe('');
  });
});

describe("a point's alarms in the points table and its details", () => {
  it('indexes alarms by point, change by change, and gives the row its cell text and classes', () => {
    const alarms = useAlarmsStore();
    alarms.start();
    const column = pointColumns((id) => id, alarms.pointSummary).find((c) => c.id === 'alarm')!;
    expect(column.text(point)).toBe('');
    const version = alarms.version;
    fake.emit('alarms.changed', { changes: [{ alarm: alarm('s1/ai:0#H'), transition: 'raised' }], unacknowledged: 1 });
    expect(alarms.version).toBeGreaterThan(version);
    expect(column.text(point)).toBe('▲ P3 H UNACK');
    expect(column.cellClass!(point)).toBe('alarm unack p3');
    fake.emit('alarms.changed', { changes: [{ alarm: alarm('s1/ai:0#H', { acknowledged: true, ackBy: 'op' }), transition: 'acknowledged' }], unacknowledged: 0 });
    expect(column.text(point)).toBe('△ P3 H ack');
    fake.emit('alarms.changed', { changes: [{ alarm: alarm('s1#DISCONNECTED', { address: null, kind: 'DISCONNECTED', priority: 1 }), transition: 'raised' }], unacknowledged: 1 });
    expect(column.text(point)).toBe('△ P3 H ack');
    fake.emit('alarms.changed', { changes: [{ alarm: alarm('s1/ai:0#H', { active: false, acknowledged: true }), transition: 'removed' }], unacknowledged: 1 });
    expect(column.text(point)).toBe('');
    expect(column.cellClass!(point)).toBeUndefined();
  });

  it("lists the point's alarms in its details and acknowledges one there", async () => {
    useSessionStore().user = { name: 'op', role: 'operator' };
    const alarms = useAlarmsStore();
    alarms.applyChanges({ changes: [{ alarm: alarm('s1/ai:0#H', { message: 'Feeder current H: 300 A (limit 280 A)' }), transition: 'raised' }], unacknowledged: 1 });
    fake.answer('trends.get', { ok: true, value: { series: [] } });
    fake.answer('alarms.ack', { ok: true, value: { acknowledged: 1 } });
    const wrapper = mount(PointDetails, { props: { point, stationName: 'Sub 1', version: () => 1 } });
    const item = wrapper.find('[data-alarm="s1/ai:0#H"]');
    expect(item.text()).toContain('▲ P3 H UNACK');
    expect(item.text()).toContain('Feeder current H: 300 A');
    await item.find('[data-action=ack-point-alarm]').trigger('click');
    await flushPromises();
    expect(fake.calls.find((c) => c.name === 'alarms.ack')!.request).toEqual({ id: 's1/ai:0#H' });
    alarms.applyChanges({ changes: [{ alarm: alarm('s1/ai:0#H', { acknowledged: true, ackBy: 'op' }), transition: 'acknowledged' }], unacknowledged: 0 });
    await flushPromises();
    expect(wrapper.find('[data-alarm="s1/ai:0#H"]').text()).toContain('△ P3 H ack');
    expect(wrapper.find('[data-action=ack-point-alarm]').exists()).toBe(false);
  });
});

describe('AlarmList shelving', () => {
  beforeEach(() => {
    useSessionStore().user = { name: 'op', role: 'operator' };
    usePointsStore().byId.set(point.id, { ...point });
  });

  it('shelves an alarm only with a reason, and shows the value with its unit', async () => {
    const alarms = useAlarmsStore();
    alarms.applyChanges({ changes: [{ alarm: alarm('s1/ai:0#H', { value: 300 }), transition: 'raised' }], unacknowledged: 1 });
    fake.answer('alarms.shelve', { ok: true, value: alarm('s1/ai:0#H', { shelf }) });
    const wrapper = mount(AlarmList, { attachTo: document.body });
    const row = wrapper.find('[data-testid=alarm-table] [data-alarm="s1/ai:0#H"]');
    expect(row.text()).toContain('300 A');
    expect(row.text()).toContain('Feeder current');
    await row.find('[data-action=shelve]').trigger('click');
    const confirm = wrapper.find('[role=alertdialog] [data-action=confirm]');
    await confirm.trigger('click');
    expect(wrapper.find('[role=alertdialog]').text()).toContain('A reason is required');
    expect(fake.calls.some((c) => c.name === 'alarms.shelve')).toBe(false);
    await wrapper.find('input[name=shelve-reason]').setValue('probe replaced');
    await wrapper.find('select[name=shelve-minutes]').setValue('240');
    await wrapper.find('input[name=shelve-reason]').trigger('keydown', { key: 'Enter' });
    await flushPromises();
    expect(fake.calls.find((c) => c.name === 'alarms.shelve')!.request).toEqual({ id: 's1/ai:0#H', reason: 'probe replaced', minutes: 240 });
    expect(wrapper.find('[role=alertdialog]').exists()).toBe(false);
    wrapper.unmount();
  });

  it('moves a shelved alarm to the Shelved list with who, why and until when, and unshelves it', async () => {
    const alarms = useAlarmsStore();
    alarms.applyChanges({ changes: [{ alarm: alarm('s1/ai:0#H', { shelf }), transition: 'shelved' }], unacknowledged: 0 });
    fake.answer('alarms.unshelve', { ok: true, value: {} });
    const wrapper = mount(AlarmList);
    expect(wrapper.find('[data-testid=alarm-table]').exists()).toBe(false);
    expect(wrapper.find('[data-tab=shelved]').text()).toBe('Shelved (1)');
    await wrapper.find('[data-tab=shelved]').trigger('click');
    const row = wrapper.find('[data-testid=shelved-table] tr[data-alarm="s1/ai:0#H"]');
    expect(row.text()).toContain('probe replaced');
    expect(row.text()).toContain('op');
    expect(row.text()).toMatch(/\d+ min left/);
    await row.find('[data-action=unshelve]').trigger('click');
    await flushPromises();
    expect(fake.calls.find((c) => c.name === 'alarms.unshelve')!.request).toEqual({ id: 's1/ai:0#H' });
  });

  it('holds the row order while the pointer is on the list', async () => {
    const alarms = useAlarmsStore();
    alarms.applyChanges({ changes: [{ alarm: alarm('a', { priority: 2 }), transition: 'raised' }], unacknowledged: 1 });
    alarms.applyChanges({ changes: [{ alarm: alarm('b', { priority: 3 }), transition: 'raised' }], unacknowledged: 2 });
    const wrapper = mount(AlarmList);
    const order = () => wrapper.findAll('[data-testid=alarm-table] [role=rowgroup] [role=row]').map((row) => row.attributes('data-alarm'));
    expect(order()).toEqual(['a', 'b']);
    await wrapper.find('[data-testid=alarm-scroll]').trigger('pointerenter');
    alarms.applyChanges({ changes: [{ alarm: alarm('a', { priority: 2, acknowledged: true }), transition: 'acknowledged' }], unacknowledged: 1 });
    await flushPromises();
    expect(order()).toEqual(['a', 'b']);
    expect(wrapper.text()).toContain('Order held');
    await wrapper.find('[data-testid=alarm-scroll]').trigger('pointerleave');
    expect(order()).toEqual(['b', 'a']);
  });
});

describe('AlarmList under a flood', () => {
  const flood = (n: number, over: (k: number) => Partial<Alarm> = () => ({})) =>
    Array.from({ length: n }, (_, k) => ({ alarm: alarm(`a${String(k).padStart(4, '0')}`, { raisedAt: 1000 + k, station: `s${k % 3}`, ...over(k) }), transition: 'raised' as const }));

  it('renders only the lines in view of a thousand alarms, and says how many there are', async () => {
    const alarms = useAlarmsStore();
    alarms.applyChanges({ changes: flood(1000), unacknowledged: 1000 });
    const wrapper = mount(AlarmList);
    const table = wrapper.find('[data-testid=alarm-table]');
    const lines = table.findAll('[role=rowgroup] [role=row]');
    expect(lines.length).toBeGreaterThan(10);
    expect(lines.length).toBeLessThan(40);
    expect(table.attributes('aria-rowcount')).toBe('1001');
    expect(lines[0]!.attributes('data-alarm')).toBe('a0999');
    expect(lines[0]!.attributes('aria-rowindex')).toBe('2');
    expect(table.find('[role=rowgroup]').attributes('style')).toContain(`height: ${1000 * 30}px`);
    expect(lines[1]!.attributes('style')).toContain('top: 30px');
    expect(wrapper.text()).toContain('1000 listed');
  });

  it('follows alarm changes at most four times a second, and lists stations by name', async () => {
    vi.useFakeTimers();
    const alarms = useAlarmsStore();
    alarms.applyChanges({ changes: flood(5), unacknowledged: 5 });
    const wrapper = mount(AlarmList);
    const first = () => wrapper.find('[data-testid=alarm-table] [role=rowgroup] [role=row]').attributes('data-alarm');
    expect(first()).toBe('a0004');
    alarms.applyChanges({ changes: [{ alarm: alarm('p1', { priority: 1, station: 's9' }), transition: 'raised' }], unacknowledged: 6 });
    await flushPromises();
    expect(first(), 'within 250 ms of the last refresh the list waits').toBe('a0004');
    await vi.advanceTimersByTimeAsync(250);
    expect(first()).toBe('p1');
    expect(wrapper.findAll('select[name=ack-station] option').map((o) => o.attributes('value'))).toEqual(['', 's0', 's1', 's2', 's9']);
  });
});

describe('event log live', () => {
  it('re-queries the first page on new events while shown, at most once per interval, and only counts them on a later page', async () => {
    vi.useFakeTimers();
    fake.answer('events.query', { ok: true, value: { total: 500, events: [] } });
    const events = useEventsStore();
    events.start();
    const queries = () => fake.calls.filter((c) => c.name === 'events.query').length;
    const notice = { time: 1, deviceTime: null, kind: 'alarm', station: 's1', point: null, user: null, message: 'raised' };
    await events.query();
    fake.emit('events.appended', { events: [notice] });
    await vi.advanceTimersByTimeAsync(LIVE_REFRESH_MS * 2);
    expect(queries()).toBe(1);

    const release = events.show();
    fake.emit('events.appended', { events: [notice] });
    fake.emit('events.appended', { events: [notice] });
    await vi.advanceTimersByTimeAsync(LIVE_REFRESH_MS);
    expect(queries()).toBe(2);
    expect(events.newSinceQuery).toBe(0);

    await events.goTo(3);
    fake.emit('events.appended', { events: [notice] });
    await vi.advanceTimersByTimeAsync(LIVE_REFRESH_MS * 2);
    expect(queries()).toBe(3);
    expect(events.newSinceQuery).toBe(1);

    await events.goTo(0);
    events.follow = false;
    fake.emit('events.appended', { events: [notice] });
    await vi.advanceTimersByTimeAsync(LIVE_REFRESH_MS * 2);
    expect(queries()).toBe(4);
    events.follow = true;
    await vi.advanceTimersByTimeAsync(LIVE_REFRESH_MS * 2);
    expect(queries()).toBe(5);
    release();
  });
});
