import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import AdminSetupForm from '../../../src-renderer/components/AdminSetupForm.vue';
import ConfirmDialog from '../../../src-renderer/components/widgets/ConfirmDialog.vue';
import LoginForm from '../../../src-renderer/components/LoginForm.vue';
import { validateAdminSetup } from '../../../src-renderer/components/admin-setup';

describe('LoginForm', () => {
  it('sends the trimmed name and the password, and shows the error it is given', async () => {
    const wrapper = mount(LoginForm, { props: { busy: false, error: 'Wrong user name or password' } });
    expect(wrapper.find('[role=alert]').text()).toContain('Wrong user name or password');
    expect(wrapper.find('button').attributes('disabled')).toBeDefined();
    await wrapper.find('input[name=username]').setValue(' eve ');
    await wrapper.find('input[name=password]').setValue('secret');
    await wrapper.find('form').trigger('submit');
    expect(wrapper.emitted('submit')).toEqual([[{ name: 'eve', password: 'secret' }]]);
  });
});

describe('AdminSetupForm', () => {
  it('validates each field', () => {
    expect(validateAdminSetup({ name: 'admin', password: 'longenough', confirm: 'longenough' })).toEqual({});
    const errors = validateAdminSetup({ name: 'a b', password: 'short', confirm: 'other' });
    expect(Object.keys(errors).sort()).toEqual(['confirm', 'name', 'password']);
  });

  it('shows errors at their fields and sends only a valid form', async () => {
    const wrapper = mount(AdminSetupForm, { props: { busy: false, error: null } });
    await wrapper.find('input[name=admin-password]').setValue('short');
    await wrapper.find('form').trigger('submit');
    expect(wrapper.emitted('submit')).toBeUndefined();
    expect(wrapper.find('#setup-password-error').text()).toContain('at least 8');
    expect(wrapper.find('input[name=admin-password]').attributes('aria-invalid')).toBe('true');
    await wrapper.find('input[name=admin-password]').setValue('correct horse');
    await wrapper.find('input[name=admin-confirm]').setValue('correct horse');
    await wrapper.find('form').trigger('submit');
    expect(wrapper.emitted('submit')).toEqual([[{ name: 'admin', password: 'correct horse' }]]);
  });
});

describe('ConfirmDialog', () => {
  it('focuses Cancel, traps Tab, cancels on Escape and confirms on its button', async () => {
    const wrapper = mount(ConfirmDialog, { props: { title: 'Operate?', confirmLabel: 'Operate' }, slots: { default: 'Close breaker 52' }, attachTo: document.body });
    await new Promise((r) => setTimeout(r, 0));
    const cancel = wrapper.find('[data-action=cancel]').element as HTMLElement;
    const confirm = wrapper.find('[data-action=confirm]').element as HTMLElement;
    expect(document.activeElement).toBe(cancel);
    expect(wrapper.find('[role=alertdialog]').attributes('aria-modal')).toBe('true');
    confirm.focus();
    await wrapper.find('.backdrop').trigger('keydown', { key: 'Tab' });
    expect(document.activeElement).toBe(cancel);
    await wrapper.find('.backdrop').trigger('keydown', { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(confirm);
    await wrapper.find('.backdrop').trigger('keydown', { key: 'Escape' });
    expect(wrapper.emitted('cancel')).toHaveLength(1);
    await wrapper.find('[data-action=confirm]').trigger('click');
    expect(wrapper.emitted('confirm')).toHaveLength(1);
    expect(wrapper.text()).toContain('Close breaker 52');
    wrapper.unmount();
  });
});
