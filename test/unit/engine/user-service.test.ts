import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { emptyWorkspace } from '../../../src-main/engine';
import { hashPassword, verifyPassword } from '../../../src-main/engine/users/password';
import { UserService } from '../../../src-main/engine/users/user-service';
import { WorkspaceService } from '../../../src-main/engine/workspace/workspace-service';

const dir = mkdtempSync(join(tmpdir(), 'sy-users-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('passwords', () => {
  it('hashes with scrypt and a random salt', async () => {
    const a = await hashPassword('correct horse');
    const b = await hashPassword('correct horse');
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse', a)).toBe(true);
    expect(await verifyPassword('wrong horse', a)).toBe(false);
    expect(await verifyPassword('x', 'garbage')).toBe(false);
  });
});

describe('user service', () => {
  it('sets up the first administrator once, logs in, and keeps one administrator', async () => {
    const users = new UserService(new WorkspaceService(emptyWorkspace(), join(dir, 'w.json'), async () => undefined));
    expect(users.needsSetup).toBe(true);
    expect(await users.setupAdmin('admin', 'short')).toMatchObject({ ok: false, code: 'WEAK_PASSWORD' });
    const [first, second] = await Promise.all([users.setupAdmin('admin', 'password1'), users.setupAdmin('other', 'password2')]);
    expect(first.ok).toBe(true);
    expect(second).toMatchObject({ ok: false, code: 'SETUP_DONE' });
    expect(users.needsSetup).toBe(false);
    expect(await users.login('admin', 'password1')).toEqual({ ok: true, value: { name: 'admin', role: 'administrator', disabled: false } });
    expect(await users.login('admin', 'nope-nope')).toMatchObject({ ok: false, code: 'BAD_CREDENTIALS' });
    expect(await users.login('ghost', 'password1')).toMatchObject({ ok: false, code: 'BAD_CREDENTIALS' });
    await users.create('op', 'operator', 'password3');
    expect(await users.update('admin', { role: 'engineer' })).toMatchObject({ ok: false, code: 'LAST_ADMIN' });
    expect(await users.remove('admin')).toMatchObject({ ok: false, code: 'LAST_ADMIN' });
    await users.update('op', { disabled: true });
    expect(await users.login('op', 'password3')).toMatchObject({ ok: false, code: 'USER_DISABLED' });
    expect(users.list().map((u) => u.name)).toEqual(['admin', 'op']);
    expect(JSON.stringify(users.list())).not.toContain('scrypt');
  });
});
