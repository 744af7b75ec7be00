/**
 * Entering a station's SA update key: the station form sends the key once, with the station
 * it belongs to (`stations.add` / `stations.update`); the engine keeps it in the host's
 * secret store and writes only the store's opaque id and the key's fingerprint into the
 * station. A stored key is changed only by entering a new one: a station cannot name a
 * stored key it did not already have. The key is never echoed in an error.
 */
import { updateKeyDigits, updateKeyProblem } from '../../../src-shared/update-key';
import { ENTERED_KEY_ID, type StationConfig } from '../../../src-shared/workspace/station';
import { secretFingerprint, type SecretStore } from '../secrets/secret-store';

/** What the secret store keeps an SA update key as. */
const SA_UPDATE_KEY_PURPOSE = 'dnp3-sa-update-key';

/** Why an entered key or a station's key reference is refused. */
export interface KeyEntryError {
  code: 'SA_KEY_INVALID' | 'SA_KEY_REF' | 'INVALID_STATION' | 'SECRET_STORE';
  message: string;
}

/** A station ready to be written, and the secret stored for it by this write (to remove if the write fails). */
export type KeyEntryResult = { ok: true; station: StationConfig; created: string | null } | { ok: false; error: KeyEntryError };

/** An entered update key (see src-shared/update-key.ts) as octets. */
function parseUpdateKeyHex(text: string): { ok: true; key: Uint8Array } | { ok: false; error: KeyEntryError } {
  const problem = updateKeyProblem(text);
  if (problem !== null) return { ok: false, error: { code: 'SA_KEY_INVALID', message: `update key: ${problem}` } };
  return { ok: true, key: new Uint8Array(Buffer.from(updateKeyDigits(text), 'hex')) };
}

/**
 * A station as sent, with the key entered beside it in place of any key file (its id still
 * a placeholder), and the key's octets; refused when the key is malformed or SA is off.
 */
export function withEnteredKey(input: unknown, enteredHex: string): { ok: true; input: unknown; key: Uint8Array } | { ok: false; error: KeyEntryError } {
  const sa = (input as { dnp3?: { secureAuth?: unknown } } | null)?.dnp3?.secureAuth;
  if (typeof sa !== 'object' || sa === null) return { ok: false, error: { code: 'INVALID_STATION', message: 'an update key was entered but Secure Authentication is off' } };
  const key = parseUpdateKeyHex(enteredHex);
  if (!key.ok) return key;
  const station = input as { dnp3: Record<string, unknown> };
  const { keyFile: _file, ...rest } = sa as Record<string, unknown>;
  const secureAuth = { ...rest, storedKey: { id: ENTERED_KEY_ID, fingerprint: secretFingerprint(key.key) } };
  return { ok: true, input: { ...station, dnp3: { ...station.dnp3, secureAuth } }, key: key.key };
}

/**
 * Places the update key of a validated station being written: stores an entered key (from
 * {@link withEnteredKey}) and points the station at it, or checks that a stored key it
 * names is the one it had.
 */
export async function placeStationKey(secrets: SecretStore, station: StationConfig, previous: StationConfig | undefined, entered: Uint8Array | undefined): Promise<KeyEntryResult> {
  const sa = station.dnp3.secureAuth;
  const before = previous?.dnp3.secureAuth?.storedKey;
  if (entered !== undefined && sa?.storedKey) {
    const stored = await secrets.put(SA_UPDATE_KEY_PURPOSE, entered);
    if (!stored.ok) return { ok: false, error: { code: 'SECRET_STORE', message: stored.error.message } };
    const secureAuth = { ...sa, storedKey: { id: stored.value, fingerprint: sa.storedKey.fingerprint } };
    return { ok: true, station: { ...station, dnp3: { ...station.dnp3, secureAuth } }, created: stored.value };
  }
  if (!sa?.storedKey) return { ok: true, station, created: null };
  if (sa.storedKey.id !== before?.id) return { ok: false, error: { code: 'SA_KEY_REF', message: 'a stored update key is set only by entering the key' } };
  // The fingerprint is the engine's, whatever the client sent back.
  return { ok: true, station: { ...station, dnp3: { ...station.dnp3, secureAuth: { ...sa, storedKey: before } } }, created: null };
}

/**
 * The stored keys the stations `previous` named that the stations `next` no longer name
 * (replaced, a key file instead, SA off, the station removed or left out of an imported
 * workspace): to remove from the store once the change is applied.
 */
export function releasedKeys(previous: readonly StationConfig[], next: readonly StationConfig[]): string[] {
  const kept = new Set(next.map((s) => s.dnp3.secureAuth?.storedKey?.id));
  return previous.map((s) => s.dnp3.secureAuth?.storedKey?.id).filter((id): id is string => id !== undefined && !kept.has(id));
}
