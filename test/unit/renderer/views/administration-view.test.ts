import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { validateNewPassword } from '../../../../src-renderer/components/account-form';
import { useSessionStore } from '../../../../src-renderer/stores/session';
import AdministrationView from '../../../../src-renderer/views/AdministrationView.vue';
import { fakeContract, type FakeContract } from '../fake-contract';

const info = { name: 'Plant A', demo: false, formatVersion: 3, path: '/data/workspace.json', stations: 2, points: 40, users: 2, preferences: { trendLength: 600, batchIntervalMs: 100, eventLogMaxMb: 512, theme: 'system' as const, historyEnabled: true, historyRawDays: 8, historyMinuteDays: 90, historyHourDays: 1825 } };
const users = [
  { name: 'admin', role: 'administrator' as const, disabled: false },
  { name: 'op', role: 'operator' as const, disabled: false },
];
let fake: FakeContract;

function setUp(user: { name: string; role: 'operator' | 'administrator' }) {
  setActivePinia(createPinia());
  fake = fakeContract();
  fake.answer('workspace.info', { ok: true, value: info });
  fake.answer('users.list', { ok: true, value: users });
  useSessionStore().user = user;
}

describe('AdministrationView', () => {
  beforeEach(() => setUp({ name: 'admin', role: 'administrator' }));

  it('shows an operator the reason and disables every administration action, but not their own password', async () => {
    setUp({ name: 'op', role: 'operator' });
    const wrapper = mount(AdministrationView);
    await flushPromises();
    expect(wrapper.find('[data-reason]').text()).toContain('Administrators only: you are logged in as op (operator).');
    for (const action of ['add-user', 'export-workspace', 'import-workspace']) {
      const button = wrapper.find(`[data-action=${action}]`);
      expect(button.attributes('disabled')).toBeDefined();
      expect(button.attributes('title')).toContain('Administrators only');
    }
    expect(wrapper.find('fieldset').attributes('disabled')).toBeDefined();
    expect(fake.calls.some((c) => c.name === 'users.list')).toBe(false);
    expect(wrapper.find('input[name=current-password]').attributes('disabled')).toBeUndefined();
  });

  it('lists the users and removes one only after confirmation', async () => {
    fake.answer('users.remove', { ok: true, value: {} });
    const wrapper = mount(AdministrationView, { attachTo: document.body });
    await flushPromises();
    expect(wrapper.find('[data-reason]').exists()).toBe(false);
    expect(wrapper.findAll('tr[data-user]').map((row) => row.attributes('data-user'))).toEqual(['admin', 'op']);
    expect(wrapper.find('tr[data-user=admin] [data-action=remove-user]').attributes('disabled')).toBeDefined();
    await wrapper.find('tr[data-user=op] [data-action=remove-user]').trigger('click');
    expect(wrapper.find('[role=alertdialog]').text()).toContain('Remove user op?');
    await wrapper.find('[data-action=cancel]').trigger('click');
    expect(fake.calls.some((c) => c.name === 'users.remove')).toBe(false);
    await wrapper.find('tr[data-user=op] [data-action=remove-user]').trigger('click');
    await wrapper.find('[data-action=confirm]').trigger('click');
    await flushPromises();
    expect(fake.calls.at(-1)).toEqual({ name: 'users.remove', request: { name: 'op' } });
    expect(wrapper.findAll('tr[data-user]')).toHaveLength(1);
    wrapper.unmount();
  });

  it("shows the engine's refusal of a role change and puts the role back", async () => {
    fake.answer('users.update', { ok: false, error: { code: 'LAST_ADMIN', message: 'at least one active administrator must remain' } });
    const wrapper = mount(AdministrationView);
    await flushPromises();
    const row = wrapper.find('tr[data-user=admin]');
    await row.find('select').setValue('viewer');
    await row.find('[data-action=apply-role]').trigger('click');
    await flushPromises();
    expect(wrapper.find('.users-panel [role=status]').text()).toContain('LAST_ADMIN: at least one active administrator must remain');
    expect((row.find('select').element as HTMLSelectElement).value).toBe('administrator');
  });

  it('creates a user only when the password and its confirmation match', async () => {
    fake.answer('users.create', { ok: true, value: { name: 'eng', role: 'engineer', disabled: false } });
    const wrapper = mount(AdministrationView);
    await flushPromises();
    await wrapper.find('[data-action=add-user]').trigger('click');
    await wrapper.find('input[name=new-user-name]').setValue('eng');
    await wrapper.find('select[name=new-user-role]').setValue('engineer');
    await wrapper.find('input[name=new-user-password]').setValue('eng-pass-1');
    await wrapper.find('input[name=new-user-confirm]').setValue('eng-pass-2');
    await wrapper.find('form.user-create').trigger('submit');
    expect(wrapper.text()).toContain('The passwords do not match.');
    expect(fake.calls.some((c) => c.name === 'users.create')).toBe(false);
    await wrapper.find('input[name=new-user-confirm]').setValue('eng-pass-1');
    await wrapper.find('form.user-create').trigger('submit');
    await flushPromises();
    expect(fake.calls.at(-1)).toEqual({ name: 'users.create', request: { name: 'eng', role: 'engineer', password: 'eng-pass-1' } });
    expect(wrapper.find('tr[data-user=eng]').exists()).toBe(true);
    expect(wrapper.find('form.user-create').exists()).toBe(false);
  });

  it('validates a new password', () => {
    expect(validateNewPassword({ password: 'short', confirm: 'short' })).toEqual({ password: 'Use at least 8 characters.' });
    expect(validateNewPassword({ password: 'long enough', confirm: 'long enougH' })).toEqual({ confirm: 'The passwords do not match.' });
    expect(validateNewPassword({ password: 'long enough', confirm: 'long enough' })).toEqual({});
  });
});
