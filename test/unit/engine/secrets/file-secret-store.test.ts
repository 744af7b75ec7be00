/**
 * The file secret store of the headless host and the CLI (and the desktop host's fallback):
 * one 0600 file per secret in a 0700 folder, an opaque id, nothing readable by others,
 * and named errors for an unknown, malformed or locked id.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileSecretStore, PLAIN_SEALER, type SecretSealer } from '../../../../src-main/engine/secrets/file-secret-store';
import { isSecretId, secretFingerprint } from '../../../../src-main/engine/secrets/secret-store';

const KEY = Uint8Array.from(Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex'));
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function folder(): string {
  const d = mkdtempSync(join(tmpdir(), 'sy-secrets-'));
  dirs.push(d);
  return join(d, 'secrets');
}

/** A sealer that reverses the octets and adds a tag, standing in for an encryption. */
const reversing: SecretSealer = {
  kind: 'os-keychain',
  seal: (v) => Uint8Array.from([0xee, ...[...v].reverse()]),
  open: (s) => {
    if (s[0] !== 0xee) throw new Error('not sealed by me');
    return Uint8Array.from([...s.subarray(1)].reverse());
  },
};

describe('FileSecretStore', () => {
  it('keeps a secret under an opaque id in a 0600 file of a 0700 folder, and gives it back', async () => {
    const dir = folder();
    const store = new FileSecretStore({ dir, sealer: PLAIN_SEALER });
    expect(store.protection).toEqual({ kind: 'file-0600', warning: null });
    const put = await store.put('dnp3-sa-update-key', KEY);
    if (!put.ok) throw new Error(put.error.message);
    expect(isSecretId(put.value)).toBe(true);
    expect(put.value).not.toContain('0001');
    expect(store.get(put.value)).toEqual({ ok: true, value: KEY });
    expect(readdirSync(dir)).toEqual([`${put.value}.secret`]);
    if (process.platform !== 'win32') {
      expect(statSync(join(dir, `${put.value}.secret`)).mode & 0o777).toBe(0o600);
      expect(statSync(dir).mode & 0o777).toBe(0o700);
    }
    expect(JSON.parse(readFileSync(join(dir, `${put.value}.secret`), 'utf8'))).toMatchObject({ purpose: 'dnp3-sa-update-key', sealedBy: 'file-0600' });
  });

  it('writes only what the sealer made, and opens it with the same sealer', async () => {
    const dir = folder();
    const store = new FileSecretStore({ dir, sealer: reversing });
    expect(store.protection.kind).toBe('os-keychain');
    const put = await store.put('p', KEY);
    if (!put.ok) throw new Error(put.error.message);
    const text = readFileSync(join(dir, `${put.value}.secret`), 'utf8');
    expect(text).not.toContain(Buffer.from(KEY).toString('base64'));
    expect(text).not.toContain(Buffer.from(KEY).toString('hex'));
    expect(store.get(put.value)).toEqual({ ok: true, value: KEY });
  });

  it('names an unknown id, a malformed id (no path outside the folder) and a file it cannot open', async () => {
    const dir = folder();
    const sealed = new FileSecretStore({ dir, sealer: reversing });
    const put = await sealed.put('p', KEY);
    if (!put.ok) throw new Error(put.error.message);
    const plain = new FileSecretStore({ dir, sealer: PLAIN_SEALER, warning: 'no keychain' });
    expect(plain.protection).toEqual({ kind: 'file-0600', warning: 'no keychain' });
    expect(plain.get(put.value)).toMatchObject({ ok: false, error: { code: 'SECRET_LOCKED', message: expect.stringContaining('OS keychain, which is not available') } });
    expect(plain.get('s-00000000000000000000000000000000')).toMatchObject({ ok: false, error: { code: 'SECRET_UNKNOWN' } });
    expect(plain.get('../workspace.json')).toMatchObject({ ok: false, error: { code: 'SECRET_UNKNOWN' } });
    writeFileSync(join(dir, `${put.value}.secret`), JSON.stringify({ purpose: 'p', sealedBy: 'os-keychain', data: 'AAAA' }), { mode: 0o600 });
    expect(sealed.get(put.value)).toMatchObject({ ok: false, error: { code: 'SECRET_LOCKED', message: expect.stringContaining('cannot be decrypted') } });
  });

  it('forgets a removed secret', async () => {
    const dir = folder();
    const store = new FileSecretStore({ dir, sealer: PLAIN_SEALER });
    const put = await store.put('p', KEY);
    if (!put.ok) throw new Error(put.error.message);
    await store.remove(put.value);
    expect(readdirSync(dir)).toEqual([]);
    expect(store.get(put.value)).toMatchObject({ ok: false, error: { code: 'SECRET_UNKNOWN' } });
    await store.remove(put.value);
  });

  it('reports a folder it cannot write as SECRET_STORE, naming no value', async () => {
    const d = folder();
    writeFileSync(`${d}`, 'a file where the folder should be');
    const store = new FileSecretStore({ dir: d, sealer: PLAIN_SEALER });
    const put = await store.put('dnp3-sa-update-key', KEY);
    expect(put).toMatchObject({ ok: false, error: { code: 'SECRET_STORE', message: expect.stringContaining('cannot keep a dnp3-sa-update-key') } });
  });
});

describe('secretFingerprint', () => {
  it('is the first 8 octets of the SHA-256 digest in groups of two octets', () => {
    // SHA-256 of the octets 00..1f is 630dcd2966c4336691125448bbb25b4ff412a49c732db2c8abc1b8581bd710dd.
    expect(secretFingerprint(KEY)).toBe('630d cd29 66c4 3366');
  });
});
