/**
 * The desktop host's secret store over a fake safeStorage: sealed by the keychain when it is
 * there (the file holds no trace of the key), and when it is not (unavailable, or Linux's
 * `basic_text` backend that does not really encrypt) kept in 0600 files with a warning that
 * says why. A key sealed by the keychain cannot be read once the keychain is gone.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDesktopSecretStore, type SafeStorageLike } from '../../../../src-main/host/electron/safe-storage-secrets';

vi.mock('electron', () => ({}));

const KEY = Uint8Array.from(Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex'));
const HEX = Buffer.from(KEY).toString('hex');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function userData(): string {
  const d = mkdtempSync(join(tmpdir(), 'sy-userdata-'));
  dirs.push(d);
  return d;
}

/** A fake safeStorage: AES-256-CTR under a key of its own, as a keychain would hold it. */
function fakeSafeStorage(available: boolean, backend?: string): SafeStorageLike & { calls: string[] } {
  const own = randomBytes(32);
  const calls: string[] = [];
  return {
    calls,
    isEncryptionAvailable: () => available,
    encryptString(text) {
      calls.push('encrypt');
      const iv = randomBytes(16);
      const c = createCipheriv('aes-256-ctr', own, iv);
      return Buffer.concat([iv, c.update(text, 'utf8'), c.final()]);
    },
    decryptString(data) {
      calls.push('decrypt');
      const d = createDecipheriv('aes-256-ctr', own, data.subarray(0, 16));
      return Buffer.concat([d.update(data.subarray(16)), d.final()]).toString('utf8');
    },
    ...(backend !== undefined ? { getSelectedStorageBackend: () => backend } : {}),
  };
}

async function putKey(store: ReturnType<typeof createDesktopSecretStore>): Promise<string> {
  const put = await store.put('dnp3-sa-update-key', KEY);
  if (!put.ok) throw new Error(put.error.message);
  return put.value;
}

describe('the desktop secret store over safeStorage', () => {
  it('seals with the keychain: the file under userData/secrets holds no trace of the key', async () => {
    const dir = userData();
    const safe = fakeSafeStorage(true, 'gnome_libsecret');
    const store = createDesktopSecretStore(dir, safe, 'linux');
    expect(store.protection).toEqual({ kind: 'os-keychain', warning: null });
    const id = await putKey(store);
    const text = readFileSync(join(dir, 'secrets', `${id}.secret`), 'utf8');
    for (const form of [HEX, Buffer.from(KEY).toString('base64'), Buffer.from(HEX).toString('base64')]) expect(text).not.toContain(form);
    expect(JSON.parse(text)).toMatchObject({ sealedBy: 'os-keychain' });
    expect(store.get(id)).toEqual({ ok: true, value: KEY });
    expect(safe.calls).toEqual(['encrypt', 'decrypt']);
  });

  it('uses the keychain on macOS and Windows, where safeStorage has no backend to ask', async () => {
    const store = createDesktopSecretStore(userData(), fakeSafeStorage(true), 'darwin');
    expect(store.protection.kind).toBe('os-keychain');
  });

  it('on Linux with basic_text (no real encryption): 0600 files and a warning naming the backend', async () => {
    const dir = userData();
    const safe = fakeSafeStorage(true, 'basic_text');
    const store = createDesktopSecretStore(dir, safe, 'linux');
    expect(store.protection.kind).toBe('file-0600');
    expect(store.protection.warning).toBe('the OS keychain is not available (storage backend basic_text: no real encryption): secrets are kept unencrypted in files only your account can read (mode 0600)');
    const id = await putKey(store);
    expect(safe.calls).toEqual([]);
    expect(store.get(id)).toEqual({ ok: true, value: KEY });
    expect(readdirSync(join(dir, 'secrets'))).toEqual([`${id}.secret`]);
  });

  it('without a keychain at all: 0600 files and a warning', () => {
    const store = createDesktopSecretStore(userData(), fakeSafeStorage(false), 'linux');
    expect(store.protection).toEqual({ kind: 'file-0600', warning: expect.stringContaining('the OS keychain is not available (no keyring service)') });
  });

  it('a key sealed by the keychain is SECRET_LOCKED when the keychain is gone at the next start', async () => {
    const dir = userData();
    const id = await putKey(createDesktopSecretStore(dir, fakeSafeStorage(true, 'kwallet5'), 'linux'));
    const later = createDesktopSecretStore(dir, fakeSafeStorage(false), 'linux');
    expect(later.get(id)).toMatchObject({ ok: false, error: { code: 'SECRET_LOCKED' } });
    const otherKeychain = createDesktopSecretStore(dir, fakeSafeStorage(true, 'kwallet5'), 'linux');
    const got = otherKeychain.get(id);
    // A different keychain key decrypts to other octets or fails: never the key.
    if (got.ok) expect(got.value).not.toEqual(KEY);
    else expect(got.error.code).toBe('SECRET_LOCKED');
  });
});
