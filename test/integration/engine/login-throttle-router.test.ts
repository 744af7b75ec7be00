/**
 * session.login through the real router and handlers (the path both hosts share): after
 * four wrong passwords the right one is refused as LOGIN_THROTTLED, other connections for
 * the same user too, and once the lockout is over it is accepted. The event log holds the
 * failed attempts and the lockouts, never a password. session.changePassword's check of
 * the current password is throttled the same way.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src-main/engine';
import { FREE_FAILURES } from '../../../src-main/engine/users/login-throttle';
import { createClientContext } from '../../../src-main/ipc/client-context';
import { createHandlers } from '../../../src-main/ipc/handlers';
import { createRouter, type Router } from '../../../src-main/ipc/router';
import { routerCalls } from '../helpers/router-calls';

let dir: string;
let engine: Engine;
let router: Router;
const { call, value } = routerCalls(() => router);
const admin = createClientContext('electron');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sy-login-throttle-'));
  engine = await createEngine({ dataDir: dir, publish: () => undefined, log: () => undefined, demoOnFirstStart: false });
  router = createRouter(createHandlers(engine, { name: 'Switchyard', version: 'test', host: 'electron', platform: process.platform }), () => undefined);
  await value(admin, 'session.setupAdmin', { name: 'admin', password: 'admin-pass-1' });
  await value(admin, 'users.create', { name: 'eng', role: 'engineer', password: 'eng-pass-12' });
});
afterAll(async () => {
  await engine?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('throttled logins through the router', () => {
  it('refuses the right password after repeated wrong ones, then accepts it once the lockout is over', async () => {
    const attacker = createClientContext('headless');
    for (let i = 0; i <= FREE_FAILURES; i++) expect(await call(attacker, 'session.login', { name: 'eng', password: `guess-${i}-secret` })).toMatchObject({ ok: false, error: { code: 'BAD_CREDENTIALS' } });
    const owner = createClientContext('electron');
    expect(await call(owner, 'session.login', { name: 'eng', password: 'eng-pass-12' })).toMatchObject({
      ok: false,
      error: { code: 'LOGIN_THROTTLED', message: expect.stringMatching(/^too many failed logins for user eng \(4 in a row\): try again in 1 s$/) },
    });
    const deadline = Date.now() + 10_000;
    let result = await call(owner, 'session.login', { name: 'eng', password: 'eng-pass-12' });
    while (!result.ok && result.error.code === 'LOGIN_THROTTLED' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      result = await call(owner, 'session.login', { name: 'eng', password: 'eng-pass-12' });
    }
    expect(result).toMatchObject({ ok: true, value: { name: 'eng', role: 'engineer' } });

    const log = await value(admin, 'events.query', { kinds: ['session'], text: 'eng', order: 'asc' });
    const messages = log.events.map((e) => e.message);
    expect(messages.filter((m) => m === 'login refused for eng: BAD_CREDENTIALS')).toHaveLength(FREE_FAILURES + 1);
    expect(messages).toContain('logins for user eng locked for 1 s after 4 failed attempts in a row');
    expect(messages).toContain(`logins from connection ${attacker.id} locked for 1 s after 4 failed attempts in a row (the last as eng)`);
    expect(messages.filter((m) => m.startsWith('login refused for eng: LOGIN_THROTTLED'))).toHaveLength(1);
    expect(JSON.stringify(log.events)).not.toMatch(/secret|eng-pass/);
  });

  it('throttles the current-password check of a password change', async () => {
    const session = createClientContext('headless');
    await value(session, 'session.login', { name: 'admin', password: 'admin-pass-1' });
    for (let i = 0; i <= FREE_FAILURES; i++) {
      expect(await call(session, 'session.changePassword', { oldPassword: `wrong-${i}-pass`, newPassword: 'new-pass-123' })).toMatchObject({ ok: false, error: { code: 'BAD_CREDENTIALS' } });
    }
    expect(await call(session, 'session.changePassword', { oldPassword: 'admin-pass-1', newPassword: 'new-pass-123' })).toMatchObject({ ok: false, error: { code: 'LOGIN_THROTTLED' } });
  });
});
