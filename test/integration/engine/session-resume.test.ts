/**
 * Resume tokens through the real router and handlers on an engine with an empty
 * workspace: a token logs a new client in again until it expires without use or is
 * revoked by logout, a password change, a role change or the removal of its user.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src-main/engine';
import { createClientContext } from '../../../src-main/ipc/client-context';
import { createHandlers } from '../../../src-main/ipc/handlers';
import { hashPassword } from '../../../src-main/engine/users/password';
import { ResumeTokens } from '../../../src-main/engine/users/resume-tokens';
import { createRouter, type Router } from '../../../src-main/ipc/router';
import { routerCalls } from '../helpers/router-calls';

const IDLE_MS = 60_000;
let clock = 1_000_000;
let dir: string;
let engine: Engine;
let router: Router;

const { call, value } = routerCalls(() => router);
const client = () => createClientContext('headless');
/** Logs a fresh client in and returns its resume token. */
async function tokenOf(name: string, password: string): Promise<string> {
  return (await value(client(), 'session.login', { name, password })).resumeToken;
}
/** A new client (a reloaded page) resuming with `token`. */
const resume = (token: string) => call(client(), 'session.resume', { token });

const admin = client();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sy-resume-'));
  engine = await createEngine({ dataDir: dir, publish: () => undefined, log: () => undefined, demoOnFirstStart: false });
  const tokens = new ResumeTokens({ idleMs: IDLE_MS, now: () => clock });
  router = createRouter(createHandlers(engine, { name: 'Switchyard', version: 'test', host: 'headless', platform: process.platform }, tokens), () => undefined);
  await value(admin, 'session.setupAdmin', { name: 'admin', password: 'admin-pass-1' });
  await value(admin, 'users.create', { name: 'op', role: 'operator', password: 'op-pass-123' });
});
afterAll(async () => {
  await engine?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('session.resume through the router', () => {
  it('logs a new client in with the token from login, with the current role', async () => {
    const grant = await value(client(), 'session.login', { name: 'op', password: 'op-pass-123' });
    expect(grant).toEqual({ name: 'op', role: 'operator', resumeToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    const reloaded = client();
    expect(await value(reloaded, 'session.resume', { token: grant.resumeToken })).toEqual({ name: 'op', role: 'operator' });
    expect(await value(reloaded, 'session.status')).toMatchObject({ user: { name: 'op', role: 'operator' } });
    expect(await value(reloaded, 'alarms.list')).toMatchObject({ unacknowledged: 0 });
    expect(await resume(grant.resumeToken)).toMatchObject({ ok: true });
  });

  it('refuses an unknown token and a malformed one with clear codes', async () => {
    expect(await resume('A'.repeat(43))).toMatchObject({ ok: false, error: { code: 'SESSION_UNKNOWN', message: expect.stringContaining('log in again') } });
    expect(await resume('not a token')).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST', message: expect.stringContaining('token') } });
  });

  it('expires a token after the idle time without use, and keeps it while its client makes calls', async () => {
    const used = client();
    const token = (await value(used, 'session.login', { name: 'op', password: 'op-pass-123' })).resumeToken;
    const idle = await tokenOf('op', 'op-pass-123');
    clock += IDLE_MS - 1;
    await value(used, 'alarms.list');
    clock += 2;
    expect(await resume(idle)).toMatchObject({ ok: false, error: { code: 'SESSION_EXPIRED' } });
    expect(await resume(token)).toMatchObject({ ok: true });
  });

  it('revokes the token on logout', async () => {
    const first = client();
    const token = (await value(first, 'session.login', { name: 'op', password: 'op-pass-123' })).resumeToken;
    await value(first, 'session.logout');
    expect(await resume(token)).toMatchObject({ ok: false, error: { code: 'SESSION_REVOKED' } });
  });

  it("revokes every token of a user on a role change, and not on a re-sent role", async () => {
    const token = await tokenOf('op', 'op-pass-123');
    await value(admin, 'users.update', { name: 'op', role: 'operator' });
    expect(await resume(token)).toMatchObject({ ok: true });
    await value(admin, 'users.update', { name: 'op', role: 'viewer' });
    expect(await resume(token)).toMatchObject({ ok: false, error: { code: 'SESSION_REVOKED' } });
    await value(admin, 'users.update', { name: 'op', role: 'operator' });
  });

  it('revokes on a password change and hands the changing client a new token', async () => {
    const mine = client();
    const before = (await value(mine, 'session.login', { name: 'op', password: 'op-pass-123' })).resumeToken;
    const other = await tokenOf('op', 'op-pass-123');
    expect(await call(mine, 'session.changePassword', { oldPassword: 'wrong-pass', newPassword: 'op-pass-456' })).toMatchObject({ ok: false, error: { code: 'BAD_CREDENTIALS' } });
    expect(await resume(before)).toMatchObject({ ok: true });
    const { resumeToken } = await value(mine, 'session.changePassword', { oldPassword: 'op-pass-123', newPassword: 'op-pass-456' });
    expect(await resume(before)).toMatchObject({ ok: false, error: { code: 'SESSION_REVOKED' } });
    expect(await resume(other)).toMatchObject({ ok: false, error: { code: 'SESSION_REVOKED' } });
    expect(await resume(resumeToken)).toMatchObject({ ok: true, value: { name: 'op' } });
    const reset = await tokenOf('op', 'op-pass-456');
    await value(admin, 'users.update', { name: 'op', password: 'op-pass-789' });
    expect(await resume(reset)).toMatchObject({ ok: false, error: { code: 'SESSION_REVOKED' } });
  });

  it('revokes on disabling and removal of the user', async () => {
    await value(admin, 'users.create', { name: 'temp', role: 'engineer', password: 'temp-pass-1' });
    const disabled = await tokenOf('temp', 'temp-pass-1');
    await value(admin, 'users.update', { name: 'temp', disabled: true });
    expect(await resume(disabled)).toMatchObject({ ok: false, error: { code: 'SESSION_REVOKED' } });
    await value(admin, 'users.update', { name: 'temp', disabled: false });
    const removed = await tokenOf('temp', 'temp-pass-1');
    await value(admin, 'users.remove', { name: 'temp' });
    expect(await resume(removed)).toMatchObject({ ok: false, error: { code: 'SESSION_REVOKED' } });
  });

  it('refuses a token whose user no longer matches the workspace (an import replaced the users)', async () => {
    const token = await tokenOf('op', 'op-pass-789');
    await engine.users.update('op', { role: 'engineer' });
    expect(await resume(token)).toMatchObject({ ok: false, error: { code: 'SESSION_REVOKED' } });
  });

  it('refuses a token after an import that replaces the password hash but keeps the role', async () => {
    const token = await tokenOf('op', 'op-pass-789');
    const doc = JSON.parse((await value(admin, 'workspace.export')).text) as { users: { name: string; passwordHash: string }[] };
    const op = doc.users.find((u) => u.name === 'op')!;
    op.passwordHash = await hashPassword('op-pass-imported');
    await value(admin, 'workspace.import', { text: JSON.stringify(doc) });
    expect(engine.users.find('op')).toMatchObject({ role: 'engineer', disabled: false });
    expect(await resume(token)).toMatchObject({ ok: false, error: { code: 'SESSION_REVOKED' } });
    expect(await resume(await tokenOf('op', 'op-pass-imported'))).toMatchObject({ ok: true, value: { name: 'op', role: 'engineer' } });
  });

  it('refuses to remove, demote or disable the last administrator', async () => {
    expect(await call(admin, 'users.update', { name: 'admin', role: 'engineer' })).toMatchObject({ ok: false, error: { code: 'LAST_ADMIN' } });
    expect(await call(admin, 'users.update', { name: 'admin', disabled: true })).toMatchObject({ ok: false, error: { code: 'LAST_ADMIN' } });
    expect(await engine.users.remove('admin')).toMatchObject({ ok: false, code: 'LAST_ADMIN' });
    expect(await call(admin, 'users.remove', { name: 'admin' })).toMatchObject({ ok: false, error: { code: 'SELF' } });
  });

  it('never writes a token or a password to the event log', async () => {
    const token = await tokenOf('admin', 'admin-pass-1');
    await resume(token);
    const page = await value(admin, 'events.query', { kinds: ['session'], limit: 500 });
    const text = JSON.stringify(page.events);
    expect(text).toContain('resumed their login');
    for (const secret of [token, 'admin-pass-1', 'op-pass-123', 'op-pass-456']) expect(text).not.toContain(secret);
  });
});
