import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import AlarmList from '../../../../src-renderer/components/AlarmList.vue';
import CommandConsole from '../../../../src-renderer/components/command-console/CommandConsole.vue';
import StationForm from '../../../../src-renderer/components/station-form/StationForm.vue';
import { useAlarmsStore } from '../../../../src-renderer/stores/alarms';
import { useCommandsStore } from '../../../../src-renderer/stores/commands';
import { usePointsStore } from '../../../../src-renderer/stores/points';
import { useSessionStore } from '../../../../src-renderer/stores/session';
import { useStationsStore } from '../../../../src-renderer/stores/stations';
import { useTrendsStore } from '../../../../src-renderer/stores/trends';
import PointsView from '../../../../src-renderer/views/PointsView.vue';
import StationsView from '../../../../src-renderer/views/StationsView.vue';
import TrendsView from '../../../../src-renderer/views/TrendsView.vue';
import { batchOf } from '../../shared/point-batch-fixture';
import { fakeContract, type FakeContract } from '../fake-contract';

let fake: FakeContract;
const station = { id: 'd1', name: 'Sub 1', protocol: 'dnp3' as const, target: 'dnp3://h:20000', enabled: true, state: 'ready' as const, lastError: null, demo: false, iin: null, protocolState: 'ready' as const };
const breaker = {
  slot: 0, id: 'd1/bo:0', station: 'd1', address: 'bo:0', type: 'g10v2', raw: false, value: 0, label: 'Open', quality: ['ONLINE'], deviceTime: null, receivedTime: 1, changes: 1,
  name: 'Breaker', description: '', unit: '', configured: true, stateLabels: { '0': 'Open', '1': 'Closed' }, alarms: null, stateAlarms: [], eventDeadband: 'every change',
  command: { mode: 'sbo' as const, actions: ['trip', 'close'], pulseOnMs: 1000, pulseOffMs: 1000 },
};
const commandState = (over: Record<string, unknown>) => ({
  id: 'c1', station: 'd1', address: 'bo:0', action: 'close', value: null, mode: 'sbo' as const, user: 'eng', stage: 'selected', result: 'PENDING', ok: true, done: false, detail: null,
  stages: [{ stage: 'selected', at: 1, result: 'SUCCESS', ok: true }], selectDeadline: Date.now() + 9_000, feedback: null, startedAt: 1, ...over,
});

function setUp(role: 'viewer' | 'operator' | 'engineer' | 'administrator'): void {
  setActivePinia(createPinia());
  fake = fakeContract();
  useSessionStore().user = { name: role, role };
  useStationsStore().byId.set('d1', station);
  usePointsStore().applyBatch(batchOf('d1', []));
  usePointsStore().byId.set(breaker.id, { ...breaker });
  usePointsStore().count = 1;
  fake.answer('audit.query', { ok: true, value: { total: 0, records: [] } });
}

describe('CommandConsole', () => {
  beforeEach(() => setUp('engineer'));

  it('refuses an operator with the reason and disables the pickers', () => {
    useSessionStore().user = { name: 'op', role: 'operator' };
    const wrapper = mount(CommandConsole);
    expect(wrapper.find('[data-testid=command-refusal]').text()).toContain('not issue commands');
    expect(wrapper.find('fieldset').attributes('disabled')).toBeDefined();
    expect(wrapper.find('[data-action=select]').exists()).toBe(false);
  });

  it('executes a direct setpoint only after confirmation, and refuses one outside the limits before asking', async () => {
    const setpoint = { ...breaker, slot: 1, id: 'd1/ao:0', address: 'ao:0', type: 'g40v1', raw: 5, value: 5, label: null, name: 'Tap setpoint', unit: 'steps', stateLabels: {}, command: { mode: 'direct' as const, actions: ['setpoint'], pulseOnMs: 1000, pulseOffMs: 1000, min: 0, max: 10 } };
    usePointsStore().byId.set(setpoint.id, setpoint);
    useCommandsStore().target = { station: 'd1', address: 'ao:0' };
    fake.answer('commands.execute', { ok: true, value: commandState({ id: 'c2', address: 'ao:0', action: 'setpoint', mode: 'direct', stage: 'done', result: 'SUCCESS', done: true, selectDeadline: null }) });
    const wrapper = mount(CommandConsole, { attachTo: document.body });
    await flushPromises();
    expect(wrapper.find('[data-action=select]').exists()).toBe(false);
    await wrapper.find('input[name=command-value]').setValue('12');
    await wrapper.find('[data-action=execute]').trigger('click');
    expect(wrapper.find('[role=alert]').text()).toContain('at most 10');
    expect(wrapper.find('[role=alertdialog]').exists()).toBe(false);
    await wrapper.find('input[name=command-value]').setValue('7');
    await wrapper.find('[data-action=execute]').trigger('click');
    expect(fake.calls.some((c) => c.name === 'commands.execute')).toBe(false);
    expect(wrapper.find('[role=alertdialog]').text()).toContain('Set value to 7 steps: Tap setpoint (ao:0) at Sub 1');
    await wrapper.find('[data-action=confirm]').trigger('click');
    await flushPromises();
    expect(fake.calls.find((c) => c.name === 'commands.execute')!.request).toEqual({ station: 'd1', address: 'ao:0', action: { action: 'setpoint', value: 7 }, mode: 'direct' });
    expect(wrapper.find('[data-testid=command-result]').text()).toContain('SUCCESS');
    wrapper.unmount();
  });

  it('follows the present value as batches change the row in place', async () => {
    useCommandsStore().target = { station: 'd1', address: 'bo:0' };
    const wrapper = mount(CommandConsole);
    await flushPromises();
    expect(wrapper.find('[data-testid=command-present-value]').text()).toBe('Open');
    const row = usePointsStore().byId.get('d1/bo:0')!;
    row.label = 'Closed';
    row.value = 1;
    usePointsStore().version++;
    await flushPromises();
    expect(wrapper.find('[data-testid=command-present-value]').text()).toBe('Closed');
  });

  it('says when the select has expired and offers no operate', async () => {
    useCommandsStore().target = { station: 'd1', address: 'bo:0' };
    fake.answer('commands.select', { ok: true, value: commandState({ selectDeadline: Date.now() - 1 }) });
    const wrapper = mount(CommandConsole, { attachTo: document.body });
    await flushPromises();
    await wrapper.find('[data-action=select]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid=select-countdown]').text()).toBe('Select expired: cancel it and select again');
    expect(wrapper.find('[data-action=operate]').attributes('disabled')).toBeDefined();
    expect(wrapper.find('[data-action=cancel-select]').exists()).toBe(true);
    wrapper.unmount();
  });

  it('selects, shows the countdown, then operates only after confirmation', async () => {
    useCommandsStore().target = { station: 'd1', address: 'bo:0' };
    fake.answer('commands.select', { ok: true, value: commandState({}) });
    fake.answer('commands.operate', { ok: true, value: commandState({ stage: 'done', result: 'SUCCESS', done: true, selectDeadline: null, feedback: { value: true, quality: ['ONLINE'], type: 'g10v2' } }) });
    const wrapper = mount(CommandConsole, { attachTo: document.body });
    await flushPromises();
    expect((wrapper.find('select[name=command-action]').element as HTMLSelectElement).value).toBe('trip');
    await wrapper.find('select[name=command-action]').setValue('close');
    await wrapper.find('input[name=command-on-ms]').setValue(250); // a DNP3 close is a CLOSE pulse with its times
    await wrapper.find('[data-action=select]').trigger('click');
    await flushPromises();
    expect(fake.calls.find((c) => c.name === 'commands.select')!.request).toEqual({ station: 'd1', address: 'bo:0', action: { action: 'close', onMs: 250, offMs: 1000, count: 1 } });
    expect(wrapper.find('[data-testid=select-countdown]').text()).toMatch(/9 s left/);
    await wrapper.find('[data-action=operate]').trigger('click');
    expect(fake.calls.some((c) => c.name === 'commands.operate')).toBe(false);
    expect(wrapper.find('[role=alertdialog]').text()).toContain('Close: Breaker (bo:0) at Sub 1CROB CLOSE, 250 ms on, 1000 ms off, ×1');
    await wrapper.find('[data-action=confirm]').trigger('click');
    await flushPromises();
    expect(fake.calls.find((c) => c.name === 'commands.operate')!.request).toEqual({ id: 'c1' });
    expect(wrapper.find('[data-testid=command-result]').text()).toContain('SUCCESS');
    expect(wrapper.find('[data-testid=command-result]').text()).toContain('Feedback: Closed (true, g10v2 ONLINE)');
    wrapper.unmount();
  });
});

describe('AlarmList', () => {
  it('disables acknowledgement for a viewer, with the reason', () => {
    setUp('viewer');
    const wrapper = mount(AlarmList);
    expect(wrapper.text()).toContain('may not acknowledge alarms');
    expect(wrapper.find('[data-action=ack-all]').attributes('disabled')).toBeDefined();
  });
});

describe('AlarmList for an operator', () => {
  const alarm = { id: 'a1', station: 'd1', address: 'ai:0', kind: 'H' as const, priority: 2, message: 'Current high', value: 520, raisedAt: 1000, clearedAt: null, active: true, acknowledged: false, ackBy: null, ackAt: null, shelf: null };

  it('states each alarm in words and acknowledges one, then a whole station', async () => {
    setUp('operator');
    useAlarmsStore().applyChanges({ changes: [{ alarm, transition: 'raised' }], unacknowledged: 1 });
    fake.answer('alarms.list', { ok: true, value: { alarms: [alarm], unacknowledged: 1 } });
    fake.answer('alarms.ack', { ok: true, value: { acknowledged: 1 } });
    fake.answer('alarms.ackStation', { ok: true, value: { acknowledged: 1 } });
    const wrapper = mount(AlarmList);
    expect(wrapper.find('[role=row][data-alarm=a1]').text()).toContain('Active, unacknowledged');
    await wrapper.find('[role=row][data-alarm=a1] [data-action=ack]').trigger('click');
    await flushPromises();
    expect(fake.calls.find((c) => c.name === 'alarms.ack')!.request).toEqual({ id: 'a1' });
    await wrapper.find('select[name=ack-station]').setValue('d1');
    expect(wrapper.find('select[name=ack-station]').text()).toContain('Sub 1');
    await wrapper.find('[data-action=ack-station]').trigger('click');
    await flushPromises();
    expect(fake.calls.find((c) => c.name === 'alarms.ackStation')!.request).toEqual({ station: 'd1' });
  });
});

describe('StationsView', () => {
  it('lists stations with state text and offers actions by role', async () => {
    setUp('operator');
    fake.answer('stations.list', { ok: true, value: [station] });
    fake.answer('stations.stats', { ok: true, value: [] });
    const wrapper = mount(StationsView);
    await flushPromises();
    expect(wrapper.find('tr[data-station=d1]').text()).toContain('Online');
    expect(wrapper.find('[data-action=disconnect]').attributes('disabled')).toBeDefined();
    expect(wrapper.find('[data-action=add-station]').attributes('title')).toBe('Administrators only');
  });
});

describe('StationForm', () => {
  it('shows schema errors at their fields and sends a valid station', async () => {
    setUp('administrator');
    const wrapper = mount(StationForm, { props: { config: null, busy: false, serverError: null } });
    await wrapper.find('form').trigger('submit');
    expect(wrapper.find('input[name=station-id]').attributes('aria-invalid')).toBe('true');
    expect(wrapper.find('#station-err-id').text()).not.toBe('');
    await wrapper.find('input[name=station-id]').setValue('rtu-9');
    await wrapper.find('input[name=station-name]').setValue('RTU 9');
    await wrapper.find('form').trigger('submit');
    expect(wrapper.emitted('save')![0]![0]).toMatchObject({ id: 'rtu-9', name: 'RTU 9', protocol: 'dnp3' });
  });
});

describe('PointsView and TrendsView', () => {
  it('opens a point’s details and sends it to the trend', async () => {
    setUp('engineer');
    usePointsStore().loaded = true;
    fake.answer('trends.get', { ok: true, value: { capacity: 1, series: [] } });
    const wrapper = mount(PointsView, { global: { stubs: { TrendChart: true } } });
    await flushPromises();
    await wrapper.find('.row[data-key="d1/bo:0"]').trigger('dblclick');
    expect(wrapper.find('aside.details').text()).toContain('select before operate: trip, close');
    await wrapper.find('[data-action=trend]').trigger('click');
    await flushPromises();
    expect(useTrendsStore().series.map((s) => s.id)).toEqual(['d1/bo:0']);
    expect(useTrendsStore().series[0]!.step).toBe(true);
  });

  it('finds points to add and draws the chart (stubbed in happy-dom)', async () => {
    setUp('viewer');
    fake.answer('trends.get', { ok: true, value: { capacity: 1, series: [] } });
    const wrapper = mount(TrendsView, { global: { stubs: { TrendChart: true } } });
    expect(wrapper.text()).toContain('No points on the chart');
    await wrapper.find('input[name=trend-search]').setValue('break');
    await wrapper.find('button[data-point="d1/bo:0"]').trigger('click');
    await flushPromises();
    expect(wrapper.find('trend-chart-stub').exists()).toBe(true);
    expect(wrapper.find('ul.chosen').text()).toContain('Breaker');
  });
});
