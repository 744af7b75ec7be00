/**
 * Secure Authentication update keys from key files (the headless host and the CLI): a file
 * of 64 (AES-256) or 32 (AES-128) hex digits, or the 32 or 16 raw octets, readable by its
 * owner only (mode 0600, as ssh asks of private keys). The key is never logged; errors
 * name the file, never its contents.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { DEFAULT_CRITICAL_FUNCTIONS, type MasterSaConfig, type OutstationSaConfig } from '../../protocols/dnp3';

/** Why a key file cannot be used. */
export interface KeyFileError {
  code: 'SA_KEY_FILE';
  message: string;
}

/** Reads an update key file; checks its permissions and length. */
export function readUpdateKeyFile(path: string): { ok: true; key: Uint8Array } | { ok: false; error: KeyFileError } {
  const fail = (message: string): { ok: false; error: KeyFileError } => ({ ok: false, error: { code: 'SA_KEY_FILE', message: `update key file ${path}: ${message}` } });
  let raw: Buffer;
  try {
    const mode = statSync(path).mode & 0o777;
    if (process.platform !== 'win32' && (mode & 0o077) !== 0) return fail(`readable by others (mode ${mode.toString(8).padStart(4, '0')}): chmod 600 ${path}`);
    raw = readFileSync(path);
  } catch (error) {
    return fail(error instanceof Error && 'code' in error ? String(error.code) : 'cannot be read');
  }
  const text = raw.toString('latin1').trim();
  const key = /^[0-9a-fA-F\s]+$/.test(text) ? Buffer.from(text.replace(/\s+/g, ''), 'hex') : raw;
  if (key.length !== 32 && key.length !== 16) return fail(`holds ${key.length} octets; an update key is 32 (AES-256) or 16 (AES-128) octets, or 64/32 hex digits`);
  return { ok: true, key: new Uint8Array(key) };
}

/** Random octets from the operating system's CSPRNG, as the SA state machines take them. */
function randomOctets(n: number): Uint8Array {
  return new Uint8Array(randomBytes(n));
}

/** The master's SA settings of a target or station: user, key (read from its file), aggressive mode, MAC length. */
export interface SaSettings {
  user: number;
  keyFile: string;
  aggressive: boolean;
  /** MAC octets: 16 (HMAC-SHA-256/16, networked) or 8 (HMAC-SHA-256/8, serial). */
  macOctets: 8 | 16;
  /** Session key change interval (s) and count; left out, the protocol's defaults (900 s, 1000). */
  keyChangeIntervalS?: number;
  keyChangeCount?: number;
  /** Function codes authenticated beyond DEFAULT_CRITICAL_FUNCTIONS. */
  extraCriticalFunctions?: readonly number[];
}

/** The master session's SA configuration for these settings, the key read from its file. */
export function masterSaConfig(s: SaSettings): { ok: true; value: MasterSaConfig } | { ok: false; error: KeyFileError } {
  const key = readUpdateKeyFile(s.keyFile);
  if (!key.ok) return key;
  return { ok: true, value: masterSaConfigWithKey(s, key.key) };
}

/** The master session's SA configuration for these settings with the update key in hand. */
export function masterSaConfigWithKey(s: Omit<SaSettings, 'keyFile'>, updateKey: Uint8Array): MasterSaConfig {
  return {
    user: s.user,
    updateKey,
    aggressiveMode: s.aggressive,
    macAlgorithm: s.macOctets === 8 ? 3 : 4,
    ...(s.keyChangeIntervalS !== undefined ? { keyChangeIntervalMs: s.keyChangeIntervalS * 1000 } : {}),
    ...(s.keyChangeCount !== undefined ? { keyChangeCount: s.keyChangeCount } : {}),
    criticalFunctions: [...new Set([...DEFAULT_CRITICAL_FUNCTIONS, ...(s.extraCriticalFunctions ?? [])])],
    random: randomOctets,
  };
}

/** The outstation simulator's SA configuration: one user with its update key and role, the critical functions (the standard's and `extraCritical`), statistics kept for the whole device. */
export function outstationSaConfig(s: { user: number; updateKey: Uint8Array; role: 'viewer' | 'operator' | 'engineer'; aggressive: boolean; extraCritical?: readonly number[] }): OutstationSaConfig {
  return {
    users: [{ user: s.user, updateKey: s.updateKey, role: s.role }],
    aggressiveMode: s.aggressive,
    criticalFunctions: [...new Set([...DEFAULT_CRITICAL_FUNCTIONS, ...(s.extraCritical ?? [])])],
    random: randomOctets,
    stats: new Map(),
  };
}
