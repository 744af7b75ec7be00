import { flushPromises } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useSessionStore } from '../../../../src-renderer/stores/session';
import { useUsersStore } from '../../../../src-renderer/stores/users';
import { exportFileName, useWorkspaceStore } from '../../../../src-renderer/stores/workspace';
import { fakeContract, type FakeContract } from '../fake-contract';

const TOKEN = 'r'.repeat(43);
const NEW_TOKEN = 'n'.repeat(43);
const stored = () => window.sessionStorage.getItem('switchyard.resume');
let fake: FakeContract;

beforeEach(() => {
  setActivePinia(createPinia());
  window.sessionStorage.clear();
  fake = fakeContract();
});

describe('session store: resuming the tab login', () => {
  const status = (user: { name: string; role: 'operator' } | null) => ({ ok: true, value: { user, needsSetup: false, demo: false } }) as const;

  it('keeps the token from login and resumes with it on a new connection before showing the login form', async () => {
    fake.answer('session.status', status(null));
    fake.answer('session.login', { ok: true, value: { name: 'op', role: 'operator', resumeToken: TOKEN } });
    const session = useSessionStore();
    session.start();
    fake.status('connected');
    await flushPromises();
    expect(session.user).toBeNull();
    await session.login('op', 'op-pass-123');
    expect(stored()).toBe(TOKEN);
    expect(session.user).toEqual({ name: 'op', role: 'operator' });

    const before = session.user;
    fake.answer('session.resume', { ok: true, value: { name: 'op', role: 'operator' } });
    fake.status('disconnected');
    fake.status('connected');
    expect(session.user).toBe(before);
    await flushPromises();
    expect(fake.calls.filter((c) => c.name === 'session.resume')).toEqual([{ name: 'session.resume', request: { token: TOKEN } }]);
    expect(session.user).toEqual({ name: 'op', role: 'operator' });
    expect(session.user).not.toBe(before);
    expect(session.known).toBe(true);
  });

  it('does not call resume without a stored token, nor when the host still knows the user', async () => {
    fake.answer('session.status', status({ name: 'op', role: 'operator' }));
    window.sessionStorage.setItem('switchyard.resume', TOKEN);
    const session = useSessionStore();
    session.start();
    fake.status('connected');
    await flushPromises();
    expect(session.user).toEqual({ name: 'op', role: 'operator' });
    window.sessionStorage.clear();
    fake.answer('session.status', status(null));
    fake.status('connected');
    await flushPromises();
    expect(session.user).toBeNull();
    expect(fake.calls.some((c) => c.name === 'session.resume')).toBe(false);
  });

  it('forgets a refused token and shows why at the login form', async () => {
    window.sessionStorage.setItem('switchyard.resume', TOKEN);
    fake.answer('session.status', status(null));
    fake.answer('session.resume', { ok: false, error: { code: 'SESSION_EXPIRED', message: 'this login expired after a long time without use; log in again' } });
    const session = useSessionStore();
    session.start();
    fake.status('connected');
    expect(session.known).toBe(false);
    await flushPromises();
    expect(session.known).toBe(true);
    expect(session.user).toBeNull();
    expect(session.error).toContain('expired');
    expect(stored()).toBeNull();
  });

  it('forgets the token at logout and replaces it after a password change', async () => {
    fake.answer('session.login', { ok: true, value: { name: 'op', role: 'operator', resumeToken: TOKEN } });
    fake.answer('session.changePassword', { ok: true, value: { resumeToken: NEW_TOKEN } });
    fake.answer('session.logout', { ok: true, value: {} });
    const session = useSessionStore();
    await session.login('op', 'op-pass-123');
    expect(await session.changePassword('op-pass-123', 'op-pass-456')).toBeNull();
    expect(stored()).toBe(NEW_TOKEN);
    fake.answer('session.changePassword', { ok: false, error: { code: 'BAD_CREDENTIALS', message: 'the current password is wrong' } });
    expect(await session.changePassword('nope', 'op-pass-789')).toBe('BAD_CREDENTIALS: the current password is wrong');
    expect(stored()).toBe(NEW_TOKEN);
    await session.logout();
    expect(stored()).toBeNull();
  });
});

describe('users store', () => {
  const admin = { name: 'admin', role: 'administrator' as const, disabled: false };
  const op = { name: 'op', role: 'operator' as const, disabled: false };

  it('lists, creates, changes the role, resets the password and removes', async () => {
    fake.answer('users.list', { ok: true, value: [admin] });
    const users = useUsersStore();
    await users.load();
    expect(users.list).toEqual([admin]);
    fake.answer('users.create', { ok: true, value: op });
    expect(await users.create('op', 'operator', 'op-pass-123')).toBeNull();
    expect(fake.calls.at(-1)).toEqual({ name: 'users.create', request: { name: 'op', role: 'operator', password: 'op-pass-123' } });
    expect(users.list.map((u) => u.name)).toEqual(['admin', 'op']);
    fake.answer('users.update', (request: { name: string; role?: 'engineer' }) => ({ ok: true, value: { ...op, role: request.role ?? op.role } }));
    expect(await users.setRole('op', 'engineer')).toBeNull();
    expect(users.list[1]!.role).toBe('engineer');
    expect(await users.resetPassword('op', 'op-pass-456')).toBeNull();
    expect(fake.calls.at(-1)).toEqual({ name: 'users.update', request: { name: 'op', password: 'op-pass-456' } });
    fake.answer('users.remove', { ok: true, value: {} });
    expect(await users.remove('op')).toBeNull();
    expect(users.list).toEqual([admin]);
  });

  it("answers the engine's refusal as text and changes nothing", async () => {
    fake.answer('users.list', { ok: true, value: [admin] });
    fake.answer('users.update', { ok: false, error: { code: 'LAST_ADMIN', message: 'at least one active administrator must remain' } });
    fake.answer('users.remove', { ok: false, error: { code: 'SELF', message: 'you cannot remove your own account' } });
    const users = useUsersStore();
    await users.load();
    expect(await users.setRole('admin', 'viewer')).toBe('LAST_ADMIN: at least one active administrator must remain');
    expect(await users.remove('admin')).toBe('SELF: you cannot remove your own account');
    expect(users.list).toEqual([admin]);
    fake.answer('users.list', { ok: false, error: { code: 'FORBIDDEN', message: 'users.list needs the administrator role; op is operator' } });
    await users.load();
    expect(users.error).toContain('FORBIDDEN');
  });
});

describe('workspace store', () => {
  const info = { name: 'Plant A', demo: false, formatVersion: 3, path: '/data/workspace.json', stations: 2, points: 40, users: 3, preferences: { trendLength: 600, batchIntervalMs: 100, eventLogMaxMb: 512, theme: 'system' as const, historyEnabled: true, historyRawDays: 8, historyMinuteDays: 90, historyHourDays: 1825 } };

  afterEach(() => vi.restoreAllMocks());

  it('loads, follows workspace.changed and saves preferences', async () => {
    fake.answer('workspace.info', { ok: true, value: info });
    const workspace = useWorkspaceStore();
    workspace.start();
    await workspace.load();
    expect(workspace.info?.name).toBe('Plant A');
    fake.emit('workspace.changed', { ...info, stations: 3 });
    expect(workspace.info?.stations).toBe(3);
    const preferences = { ...info.preferences, batchIntervalMs: 250 };
    fake.answer('workspace.setPreferences', { ok: true, value: { ...info, preferences } });
    expect(await workspace.setPreferences(preferences)).toBeNull();
    expect(fake.calls.at(-1)).toEqual({ name: 'workspace.setPreferences', request: { preferences } });
    expect(workspace.info?.preferences.batchIntervalMs).toBe(250);
  });

  it("keeps the info when an import is refused and returns the engine's error verbatim", async () => {
    fake.answer('workspace.info', { ok: true, value: info });
    const workspace = useWorkspaceStore();
    await workspace.load();
    fake.answer('workspace.import', { ok: false, error: { code: 'INVALID_WORKSPACE', message: 'stations.0.protocol: Invalid type' } });
    expect(await workspace.importText('{"formatVersion":3}')).toBe('INVALID_WORKSPACE: stations.0.protocol: Invalid type');
    expect(workspace.info).toEqual(info);
    fake.answer('workspace.import', { ok: true, value: { ...info, name: 'Plant B' } });
    expect(await workspace.importText('{}')).toBeNull();
    expect(workspace.info?.name).toBe('Plant B');
  });

  it('exports the file text as a download named after the workspace', async () => {
    fake.answer('workspace.info', { ok: true, value: info });
    fake.answer('workspace.export', { ok: true, value: { text: '{"name":"Plant A"}' } });
    const clicks: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicks.push(this.download);
    });
    const workspace = useWorkspaceStore();
    await workspace.load();
    expect(await workspace.exportFile()).toBeNull();
    expect(clicks).toEqual(['Plant-A.workspace.json']);
    expect(exportFileName(' /// ')).toBe('workspace.workspace.json');
  });
});
