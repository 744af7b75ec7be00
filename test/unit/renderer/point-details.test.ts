import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { reactive, ref } from 'vue';
import PointDetails from '../../../src-renderer/components/PointDetails.vue';
import { RECENT_VALUES } from '../../../src-renderer/composables/recent-values';
import type { PointRow } from '../../../src-renderer/stores/point-row';
import { fakeContract, type FakeContract } from './fake-contract';

let fake: FakeContract;
const breaker = (): PointRow => ({
  slot: 0, id: 'd1/bi:0', station: 'd1', address: 'bi:0', type: 'g1v2', raw: true, value: 1, label: 'Closed', quality: ['ONLINE'], deviceTime: null, receivedTime: 5_000, changes: 3,
  name: 'Breaker', description: '', unit: '', configured: true, stateLabels: { '0': 'Open', '1': 'Closed' }, alarms: null, stateAlarms: [], eventDeadband: 'every change', command: null,
});

beforeEach(() => {
  setActivePinia(createPinia());
  fake = fakeContract();
});

const listed = (wrapper: ReturnType<typeof mount>) => wrapper.findAll('[data-testid=recent-values] li').map((li) => li.find('.value').text() + (li.text().includes('invalid') ? ' invalid' : ''));

describe('PointDetails recent values', () => {
  it('lists the buffered history newest first with state labels, then each live update on top', async () => {
    const times = Array.from({ length: RECENT_VALUES + 2 }, (_, i) => 1_000 + i * 100);
    fake.answer('trends.get', { ok: true, value: { capacity: 100, series: [{ id: 'd1/bi:0', times, values: times.map((_, i) => i % 2), invalid: times.map((_, i) => (i === times.length - 1 ? 1 : 0)) }] } });
    const point = reactive(breaker());
    const version = ref(0);
    const wrapper = mount(PointDetails, { props: { point, stationName: 'Sub 1', version: () => version.value } });
    await flushPromises();
    expect(fake.calls.find((c) => c.name === 'trends.get')!.request).toEqual({ ids: ['d1/bi:0'] });
    const first = listed(wrapper);
    expect(first).toHaveLength(RECENT_VALUES);
    expect(first.slice(0, 3)).toEqual(['Closed', 'Closed invalid', 'Open']);

    point.receivedTime = 6_000;
    point.value = 0;
    point.label = 'Open';
    version.value++;
    await flushPromises();
    expect(listed(wrapper).slice(0, 2)).toEqual(['Open', 'Closed']);
    version.value++;
    await flushPromises();
    expect(listed(wrapper)[0]).toBe('Open');
    expect(listed(wrapper)[1]).toBe('Closed');
  });

  it('says why the history is missing and still lists the live value', async () => {
    fake.answer('trends.get', { ok: false, error: { code: 'INTERNAL', message: 'no buffer' } });
    const wrapper = mount(PointDetails, { props: { point: breaker(), stationName: 'Sub 1', version: () => 0 } });
    await flushPromises();
    expect(wrapper.text()).toContain('History unavailable');
    expect(listed(wrapper)).toEqual(['Closed']);
  });
});

describe('PointDetails quality', () => {
  it('greys a comm-lost value and says in words that it is the last one received', async () => {
    fake.answer('trends.get', { ok: true, value: { capacity: 100, series: [] } });
    const wrapper = mount(PointDetails, { props: { point: { ...breaker(), quality: ['ONLINE', 'COMM_LOST'] }, stationName: 'Sub 1', version: () => 0 } });
    await flushPromises();
    expect(wrapper.find('[data-testid=point-value]').classes()).toContain('not-live');
    expect(wrapper.find('[data-testid=point-quality]').text()).toBe('⚠ COMM_LOST');
    expect(wrapper.text()).toContain('Communication lost: the last value received is shown.');
  });

  it('shows a command-only address with no value and no quality', async () => {
    fake.answer('trends.get', { ok: true, value: { capacity: 100, series: [] } });
    const command = { mode: 'sbo' as const, actions: ['on', 'off'], pulseOnMs: 1000, pulseOffMs: 1000, type: 'C_SC_NA_1' };
    const point: PointRow = { ...breaker(), id: 'd2/ioa:5001@1', address: 'ioa:5001@1', type: '', raw: null, value: null, label: null, quality: [], receivedTime: null, command };
    const wrapper = mount(PointDetails, { props: { point, stationName: 'Feeder', version: () => 0 } });
    await flushPromises();
    expect(wrapper.find('[data-testid=command-only]').text()).toContain('command-only address');
    expect(wrapper.find('[data-testid=point-quality]').exists()).toBe(false);
    expect(wrapper.text()).not.toContain('good');
    expect(wrapper.text()).not.toContain('Recent values');
    expect(wrapper.find('[data-action=trend]').exists()).toBe(false);
    expect(wrapper.find('[data-action=command]').exists()).toBe(true);
  });
});
