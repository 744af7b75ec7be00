/**
 * A {@link SecretStore} in a folder: one file per secret (`<id>.secret`, mode 0600, the
 * folder 0700), written atomically. The file holds the purpose, how the value is sealed
 * and the sealed octets (base64). A sealer turns the value into what is written: the OS
 * keychain's encryption in the desktop host, the plain octets in the headless host and the
 * CLI (so protected by the file mode only). A file sealed by a sealer this store does not
 * have (a keychain-sealed key while the keychain is unavailable) reads as `SECRET_LOCKED`.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../workspace/workspace-store';
import { isSecretId, newSecretId, type SecretError, type SecretProtection, type SecretResult, type SecretStore } from './secret-store';

/** Seals and opens values one way (`kind` is written into each file it sealed). */
export interface SecretSealer {
  kind: SecretProtection['kind'];
  seal(value: Uint8Array): Uint8Array;
  /** The value, or throws when the sealed octets cannot be opened (wrong keychain, damaged file). */
  open(sealed: Uint8Array): Uint8Array;
}

/** The plain sealer: the value as it is, protected only by the file's mode 0600. */
export const PLAIN_SEALER: SecretSealer = {
  kind: 'file-0600',
  seal: (value) => value,
  open: (sealed) => sealed,
};

/** What one secret file holds. */
interface SecretFile {
  purpose: string;
  sealedBy: SecretProtection['kind'];
  data: string;
}

/** Options of {@link FileSecretStore}. */
export interface FileSecretStoreOptions {
  dir: string;
  /** Seals new values; its kind and `warning` are the store's protection. */
  sealer: SecretSealer;
  /** Why the sealer is not the keychain, when a keychain was expected. */
  warning?: string | null;
  /** Sealers that can open files written earlier (the plain one always can). */
  openers?: SecretSealer[];
}

/** Secrets in files of one folder. */
export class FileSecretStore implements SecretStore {
  readonly protection: SecretProtection;
  private readonly openers = new Map<SecretProtection['kind'], SecretSealer>();

  constructor(private readonly options: FileSecretStoreOptions) {
    this.protection = { kind: options.sealer.kind, warning: options.warning ?? null };
    for (const sealer of [PLAIN_SEALER, ...(options.openers ?? []), options.sealer]) this.openers.set(sealer.kind, sealer);
  }

  async put(purpose: string, value: Uint8Array): Promise<SecretResult<string>> {
    const id = newSecretId();
    try {
      const sealed = this.options.sealer.seal(value);
      const file: SecretFile = { purpose, sealedBy: this.options.sealer.kind, data: Buffer.from(sealed).toString('base64') };
      mkdirSync(this.options.dir, { recursive: true, mode: 0o700 });
      await writeFileAtomic(this.path(id), `${JSON.stringify(file)}\n`);
      return { ok: true, value: id };
    } catch (error) {
      return fail('SECRET_STORE', `secret store ${this.options.dir}: cannot keep a ${purpose} (${errorCode(error)})`);
    }
  }

  get(id: string): SecretResult<Uint8Array> {
    if (!isSecretId(id)) return fail('SECRET_UNKNOWN', `no secret ${JSON.stringify(id)} here: enter it again`);
    let file: SecretFile;
    try {
      file = JSON.parse(readFileSync(this.path(id), 'utf8')) as SecretFile;
    } catch (error) {
      const code = errorCode(error);
      return code === 'ENOENT' ? fail('SECRET_UNKNOWN', `no secret ${id} in ${this.options.dir}: enter it again`) : fail('SECRET_STORE', `secret ${id}: cannot be read (${code})`);
    }
    const opener = this.openers.get(file.sealedBy);
    if (!opener) return fail('SECRET_LOCKED', `secret ${id} was encrypted with the OS keychain, which is not available now`);
    try {
      return { ok: true, value: new Uint8Array(opener.open(Buffer.from(file.data, 'base64'))) };
    } catch {
      return fail('SECRET_LOCKED', `secret ${id} cannot be decrypted (${file.sealedBy}): enter it again`);
    }
  }

  async remove(id: string): Promise<void> {
    if (isSecretId(id)) await unlink(this.path(id)).catch(() => undefined);
  }

  private path(id: string): string {
    return join(this.options.dir, `${id}.secret`);
  }
}

function fail<T>(code: SecretError['code'], message: string): SecretResult<T> {
  return { ok: false, error: { code, message } };
}

/** A Node error's code (`EACCES`), never the message (which might quote content). */
function errorCode(error: unknown): string {
  return error instanceof Error && 'code' in error ? String(error.code) : 'error';
}
