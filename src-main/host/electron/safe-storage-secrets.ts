/**
 * The desktop host's secret store: secrets sealed with Electron's safeStorage (the OS
 * keychain: Keychain on macOS, DPAPI on Windows, the Secret Service or KWallet on Linux)
 * in files under the app's userData. safeStorage works only after the app is ready, and on
 * Linux without a keyring it either is unavailable or falls back to `basic_text` (a fixed
 * password: no real encryption). Then the store keeps secrets in 0600 files and says so
 * (`protection.warning`, shown in the station form) rather than pretending to encrypt.
 */
import { join } from 'node:path';
import { FileSecretStore, PLAIN_SEALER, type SecretSealer } from '../../engine/secrets/file-secret-store';

/** The part of Electron's `safeStorage` the store uses (a fake in tests). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only in Electron: `basic_text`, `gnome_libsecret`, `kwallet`... */
  getSelectedStorageBackend?(): string;
}

/** Linux backends that do not encrypt with a key the OS protects. */
const NOT_A_KEYCHAIN = new Set(['basic_text', 'unknown']);

/** The keychain sealer, or why there is none. */
function keychainSealer(safeStorage: SafeStorageLike, platform: string = process.platform): { ok: true; sealer: SecretSealer } | { ok: false; reason: string } {
  if (!safeStorage.isEncryptionAvailable()) return { ok: false, reason: 'the OS keychain is not available (no keyring service)' };
  const backend = platform === 'linux' ? (safeStorage.getSelectedStorageBackend?.() ?? 'unknown') : 'os';
  if (NOT_A_KEYCHAIN.has(backend)) return { ok: false, reason: `the OS keychain is not available (storage backend ${backend}: no real encryption)` };
  return {
    ok: true,
    sealer: {
      kind: 'os-keychain',
      // safeStorage seals strings: the octets travel as hex inside it.
      seal: (value) => new Uint8Array(safeStorage.encryptString(Buffer.from(value).toString('hex'))),
      open: (sealed) => new Uint8Array(Buffer.from(safeStorage.decryptString(Buffer.from(sealed)), 'hex')),
    },
  };
}

/**
 * The store in `<userDataDir>/secrets`: sealed by the keychain when there is one, otherwise
 * in 0600 files with a warning naming why.
 */
export function createDesktopSecretStore(userDataDir: string, safeStorage: SafeStorageLike, platform: string = process.platform): FileSecretStore {
  const dir = join(userDataDir, 'secrets');
  const keychain = keychainSealer(safeStorage, platform);
  if (keychain.ok) return new FileSecretStore({ dir, sealer: keychain.sealer });
  return new FileSecretStore({
    dir,
    sealer: PLAIN_SEALER,
    warning: `${keychain.reason}: secrets are kept unencrypted in files only your account can read (mode 0600)`,
  });
}
