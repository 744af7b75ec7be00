/**
 * A station's SA update key, wherever its configuration says it is: in the host's secret
 * store (`storedKey`, entered once in the station form) or in a 0600 key file (`keyFile`).
 * The master session gets the octets; errors name where the key should be, never the key.
 */
import type { MasterSaConfig } from '../../protocols/dnp3';
import type { StationConfig } from '../../../src-shared/workspace/station';
import type { SecretStore } from '../secrets/secret-store';
import { masterSaConfig, masterSaConfigWithKey } from './sa-key-file';

type StationSa = NonNullable<StationConfig['dnp3']['secureAuth']>;

/** Why a station's update key cannot be had (`SA_KEY_FILE`, `SECRET_UNKNOWN`, `SECRET_LOCKED`...). */
export interface UpdateKeyError {
  code: string;
  message: string;
}

/** The master's SA configuration of a station, its update key from the store or its file. */
export function stationSaConfig(sa: StationSa, secrets: SecretStore): { ok: true; value: MasterSaConfig } | { ok: false; error: UpdateKeyError } {
  if (sa.keyFile !== undefined) return masterSaConfig({ ...sa, keyFile: sa.keyFile });
  if (sa.storedKey === undefined) return { ok: false, error: { code: 'SA_KEY_MISSING', message: 'no update key entered for Secure Authentication' } };
  const key = secrets.get(sa.storedKey.id);
  if (!key.ok) return { ok: false, error: { code: key.error.code, message: `update key (fingerprint ${sa.storedKey.fingerprint}): ${key.error.message}` } };
  if (key.value.length !== 16 && key.value.length !== 32) return { ok: false, error: { code: 'SA_KEY_INVALID', message: `stored update key holds ${key.value.length} octets, not 16 or 32` } };
  return { ok: true, value: masterSaConfigWithKey(sa, key.value) };
}
