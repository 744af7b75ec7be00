/**
 * Failed logins are throttled per user name and per client on a fake clock: after three
 * failures each further one locks out for a doubling time (1 s .. 60 s), during which even
 * the right password is refused as LOGIN_THROTTLED without being checked; parallel guesses
 * cannot run beside a check; a success clears the count. Through UserService, the lockouts
 * come with their audit lines (never the password).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { emptyWorkspace } from '../../../src-main/engine';
import { FIRST_LOCKOUT_MS, FORGET_AFTER_MS, FREE_FAILURES, LoginThrottle, MAX_LOCKOUT_MS } from '../../../src-main/engine/users/login-throttle';
import { UserService } from '../../../src-main/engine/users/user-service';
import { WorkspaceService } from '../../../src-main/engine/workspace/workspace-service';

const dir = mkdtempSync(join(tmpdir(), 'sy-throttle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function clock(): { now: () => number; advance: (ms: number) => void } {
  let t = 1_000_000;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

/** Fails one attempt of `user` from `client`; returns the lockout times it started. */
function failOnce(throttle: LoginThrottle, user: string, client: string): number[] {
  const begun = throttle.begin(user, client);
  if (!begun.ok) throw new Error(`refused: ${JSON.stringify(begun.refusal)}`);
  return begun.ticket.failed().map((l) => l.ms);
}

describe('login throttle', () => {
  it('locks a user out for a doubling time after the free failures, from any client', () => {
    const c = clock();
    const throttle = new LoginThrottle(c.now);
    const lockouts: number[] = [];
    for (let i = 0; i < FREE_FAILURES + 8; i++) {
      const started = failOnce(throttle, 'admin', `client-${i}`); // a new client each time: only the user's count locks
      expect(started.length).toBe(i < FREE_FAILURES ? 0 : 1);
      lockouts.push(...started);
      if (started.length === 0) continue;
      expect(throttle.begin('admin', 'client-new')).toMatchObject({ ok: false, refusal: { by: 'user', retryInMs: started[0], failures: i + 1 } });
      c.advance(started[0]! - 1);
      expect(throttle.begin('admin', 'client-new').ok).toBe(false);
      c.advance(1);
    }
    expect(lockouts).toEqual([FIRST_LOCKOUT_MS, 2_000, 4_000, 8_000, 16_000, 32_000, MAX_LOCKOUT_MS, MAX_LOCKOUT_MS]);
  });

  it('locks a client out whatever names it tries', () => {
    const c = clock();
    const throttle = new LoginThrottle(c.now);
    for (let i = 0; i < FREE_FAILURES; i++) expect(failOnce(throttle, `name-${i}`, 'ws-1')).toEqual([]);
    expect(failOnce(throttle, 'name-x', 'ws-1')).toEqual([FIRST_LOCKOUT_MS]);
    expect(throttle.begin('someone-else', 'ws-1')).toMatchObject({ ok: false, refusal: { by: 'client', failures: FREE_FAILURES + 1, firstOfLockout: true } });
    expect(throttle.begin('someone-else', 'ws-1')).toMatchObject({ ok: false, refusal: { firstOfLockout: false } });
    expect(throttle.begin('someone-else', 'ws-2').ok).toBe(true);
  });

  it('refuses a parallel check of the same user or client while one runs', () => {
    const throttle = new LoginThrottle(clock().now);
    const first = throttle.begin('admin', 'ws-1');
    expect(throttle.begin('admin', 'ws-2')).toMatchObject({ ok: false, refusal: { by: 'user', retryInMs: 0 } });
    expect(throttle.begin('other', 'ws-1')).toMatchObject({ ok: false, refusal: { by: 'client', retryInMs: 0 } });
    if (!first.ok) throw new Error('first check refused');
    first.ticket.failed();
    expect(throttle.begin('admin', 'ws-2').ok).toBe(true);
  });

  it('clears the count on success and forgets it after a quiet time', () => {
    const c = clock();
    const throttle = new LoginThrottle(c.now);
    for (let i = 0; i < FREE_FAILURES; i++) failOnce(throttle, 'admin', 'ws-1');
    const ok = throttle.begin('admin', 'ws-1');
    if (!ok.ok) throw new Error('refused');
    ok.ticket.succeeded();
    for (let i = 0; i < FREE_FAILURES; i++) expect(failOnce(throttle, 'admin', 'ws-1')).toEqual([]);
    c.advance(FORGET_AFTER_MS + 1);
    for (let i = 0; i < FREE_FAILURES; i++) expect(failOnce(throttle, 'admin', 'ws-1')).toEqual([]);
    expect(failOnce(throttle, 'admin', 'ws-1')).toEqual([FIRST_LOCKOUT_MS, FIRST_LOCKOUT_MS]); // the user's and the client's
  });
});

describe('throttled logins of the user service', () => {
  it('refuses the right password during a lockout, audits the lockout once, never the password', async () => {
    const c = clock();
    const users = new UserService(new WorkspaceService(emptyWorkspace(), join(dir, 'w.json'), async () => undefined), c.now);
    await users.setupAdmin('admin', 'right-password-1');
    const audit: string[] = [];
    for (let i = 0; i <= FREE_FAILURES; i++) {
      const attempt = await users.attemptLogin('admin', `wrong-guess-${i}`, 'ws-9');
      expect(attempt.result).toMatchObject({ ok: false, code: 'BAD_CREDENTIALS' });
      audit.push(...attempt.audit);
    }
    const refused = await users.attemptLogin('admin', 'right-password-1', 'ws-10');
    expect(refused.result).toMatchObject({ ok: false, code: 'LOGIN_THROTTLED', message: expect.stringMatching(/too many failed logins for user admin \(4 in a row\): try again in 1 s/) });
    audit.push(...refused.audit, ...(await users.attemptLogin('admin', 'right-password-1', 'ws-10')).audit);
    expect(audit).toEqual([
      'logins for user admin locked for 1 s after 4 failed attempts in a row',
      'logins from connection ws-9 locked for 1 s after 4 failed attempts in a row (the last as admin)',
      expect.stringMatching(/^login refused for admin: LOGIN_THROTTLED, too many failed logins for user admin/),
    ]);
    expect(audit.join('\n')).not.toMatch(/wrong-guess|right-password/);
    c.advance(FIRST_LOCKOUT_MS);
    expect((await users.attemptLogin('admin', 'right-password-1', 'ws-10')).result).toMatchObject({ ok: true, value: { name: 'admin' } });
  });
});
