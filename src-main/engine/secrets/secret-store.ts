/**
 * Secrets the engine keeps for the stations (DNP3 SA update keys; later e.g. an MQTT
 * password): named by an opaque id that the workspace holds, the value itself only in the
 * host's secret store. The store is an interface so that the desktop host can seal values
 * with the OS keychain (Electron's safeStorage, `host/electron`) while the headless host and
 * the CLI keep them in files readable by their owner only (mode 0600): the engine never
 * imports electron. Values are never logged; errors name the id, never the value.
 */
import { createHash, randomBytes } from 'node:crypto';

/** How the secrets of a store are protected at rest. */
export interface SecretProtection {
  /** `os-keychain`: encrypted with a key the OS keychain holds; `file-0600`: plain octets in a file only its owner may read. */
  kind: 'os-keychain' | 'file-0600';
  /** What a user should know: why the keychain is not used (`null` when it is, or when no keychain was expected). */
  warning: string | null;
}

/** Why a secret cannot be stored or read. */
export interface SecretError {
  code: 'SECRET_UNKNOWN' | 'SECRET_LOCKED' | 'SECRET_STORE';
  message: string;
}

/** A result of the store: a value or a named error. */
export type SecretResult<T> = { ok: true; value: T } | { ok: false; error: SecretError };

/** The host's store of named secrets. */
export interface SecretStore {
  /** How this store protects what it keeps. */
  readonly protection: SecretProtection;
  /** Keeps `value` under a new opaque id; `purpose` (e.g. `dnp3-sa-update-key`) is kept beside it for whoever lists the files. */
  put(purpose: string, value: Uint8Array): Promise<SecretResult<string>>;
  /** The value kept under `id` (synchronous: sessions are made synchronously). */
  get(id: string): SecretResult<Uint8Array>;
  /** Forgets the value kept under `id` (nothing when there is none). */
  remove(id: string): Promise<void>;
}

/** A new opaque secret id: 128 random bits, nothing derived from the value. */
export function newSecretId(): string {
  return `s-${randomBytes(16).toString('hex')}`;
}

/** True for a string shaped as {@link newSecretId} makes them (so an id can name a file safely). */
export function isSecretId(id: string): boolean {
  return /^s-[0-9a-f]{32}$/.test(id);
}

/**
 * What the UI shows of a secret: the first 8 octets of its SHA-256 digest in hex, grouped
 * by two octets (`3f2a 91c0 7be4 0d15`). Enough to tell two keys apart, nothing to recover one.
 */
export function secretFingerprint(value: Uint8Array): string {
  const hex = createHash('sha256').update(value).digest('hex').slice(0, 16);
  return hex.replace(/(.{4})(?=.)/g, '$1 ');
}
