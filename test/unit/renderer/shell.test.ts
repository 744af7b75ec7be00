import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import AlarmBanner from '../../../src-renderer/components/AlarmBanner.vue';
import AppShell from '../../../src-renderer/views/AppShell.vue';
import StatusBar from '../../../src-renderer/components/StatusBar.vue';
import { useAlarmsStore } from '../../../src-renderer/stores/alarms';
import { useConnectionStore } from '../../../src-renderer/stores/connection';
import { useNavigationStore } from '../../../src-renderer/stores/navigation';
import { useSessionStore } from '../../../src-renderer/stores/session';
import { fakeContract, type FakeContract } from './fake-contract';

let fake: FakeContract;

beforeEach(() => {
  setActivePinia(createPinia());
  fake = fakeContract();
});

describe('StatusBar', () => {
  it('says the state of the host link in words beside its icon, and who is logged in', async () => {
    const connection = useConnectionStore();
    useSessionStore().user = { name: 'eng', role: 'engineer' };
    const wrapper = mount(StatusBar);
    expect(wrapper.find('.link').text()).toBe('◌ Connecting to host…');
    connection.status = 'connected';
    await flushPromises();
    expect(wrapper.find('.link').text()).toBe('● Connected to host');
    connection.status = 'disconnected';
    await flushPromises();
    expect(wrapper.find('.link').text()).toBe('✕ Host connection lost: reconnecting');
    expect(wrapper.find('.user').text()).toContain('User eng (engineer)');
    fake.answer('session.logout', { ok: true, value: {} });
    await wrapper.find('button.logout').trigger('click');
    expect(fake.calls.some((c) => c.name === 'session.logout')).toBe(true);
  });
});

describe('AlarmBanner', () => {
  it('counts unacknowledged alarms in words and leads to the alarm list', async () => {
    const alarms = useAlarmsStore();
    const navigation = useNavigationStore();
    const wrapper = mount(AlarmBanner);
    expect(wrapper.text()).toBe('No unacknowledged alarms');
    expect(wrapper.classes()).not.toContain('abnormal');
    alarms.unacknowledged = 1;
    await flushPromises();
    expect(wrapper.find('strong').text()).toBe('1 unacknowledged alarm');
    alarms.unacknowledged = 3;
    await flushPromises();
    expect(wrapper.find('strong').text()).toBe('3 unacknowledged alarms');
    expect(wrapper.classes()).toContain('abnormal');
    await wrapper.find('button').trigger('click');
    expect(navigation.view).toBe('events');
  });
});

describe('AppShell', () => {
  it('switches views with Alt+number and marks the current one', async () => {
    const navigation = useNavigationStore();
    navigation.go('stations');
    const wrapper = mount(AppShell, { attachTo: document.body, global: { stubs: { StationsView: true, PointsView: true, TrendsView: true, CommandsView: true, EventsView: true, AnalyzerView: true, CommissioningView: true, AdministrationView: true } } });
    window.dispatchEvent(new KeyboardEvent('keydown', { key: '3', altKey: true }));
    await flushPromises();
    expect(navigation.view).toBe('trends');
    expect(wrapper.find('[data-view=trends]').attributes('aria-current')).toBe('page');
    expect(wrapper.find('main').attributes('data-view')).toBe('trends');
    window.dispatchEvent(new KeyboardEvent('keydown', { key: '3', altKey: true, ctrlKey: true }));
    window.dispatchEvent(new KeyboardEvent('keydown', { key: '1' }));
    await flushPromises();
    expect(navigation.view).toBe('trends');
    wrapper.unmount();
  });
});
