/**
 * The MQTT broker password of the Sparkplug publisher, kept out of workspace.json. The
 * workspace names where it is: the host's secret store (`passwordSecret`: the OS keychain
 * in the desktop app, a 0600 file for the headless host), a file readable by its owner only
 * (`passwordFile`, mode 0600 as ssh asks of private keys) or an environment variable
 * (`passwordEnv`, for the headless host and the CLI). A password entered in the UI, or found
 * in plain text in a workspace of an older version (`password`), goes to the secret store
 * and the workspace keeps its id; the plain field is read but never written back. The
 * password is never logged; errors name the store, file or variable, never the contents.
 */
import { readFileSync, statSync } from 'node:fs';
import type { SparkplugConfig } from '../../../src-shared/workspace/sparkplug';
import type { Workspace } from '../../../src-shared/workspace/workspace';
import type { SecretStore } from '../secrets/secret-store';

/** Why the password cannot be had. */
export interface MqttPasswordError {
  code: 'MQTT_PASSWORD';
  message: string;
}

type PasswordResult = { ok: true; password: string | undefined } | { ok: false; error: MqttPasswordError };

/** What the secret store keeps beside an MQTT password (for whoever lists its files). */
const PURPOSE = 'sparkplug-mqtt-password';

const failure = (message: string): PasswordResult => ({ ok: false, error: { code: 'MQTT_PASSWORD', message } });

/** Reads a password file: owner-only permissions, the text without its trailing line break. */
function readPasswordFile(path: string): PasswordResult {
  try {
    const mode = statSync(path).mode & 0o777;
    if (process.platform !== 'win32' && (mode & 0o077) !== 0) return failure(`MQTT password file ${path}: readable by others (mode ${mode.toString(8).padStart(4, '0')}): chmod 600 ${path}`);
    return { ok: true, password: readFileSync(path, 'utf8').replace(/\r?\n$/, '') };
  } catch (error) {
    return failure(`MQTT password file ${path}: ${error instanceof Error && 'code' in error ? String(error.code) : 'cannot be read'}`);
  }
}

/**
 * The password the settings name: from the secret store, else the variable, else the file,
 * else an old plain one; undefined when none. `secrets` is needed only for `passwordSecret`.
 */
export function resolveMqttPassword(
  config: Pick<SparkplugConfig, 'password' | 'passwordSecret' | 'passwordFile' | 'passwordEnv'>,
  secrets?: Pick<SecretStore, 'get'>,
  env: NodeJS.ProcessEnv = process.env,
): PasswordResult {
  if (config.passwordSecret !== '') {
    const kept = secrets?.get(config.passwordSecret);
    if (!kept) return failure('MQTT password: kept in a secret store this host does not have');
    if (!kept.ok) return failure(`MQTT password: ${kept.error.message}`);
    return { ok: true, password: Buffer.from(kept.value).toString('utf8') };
  }
  if (config.passwordEnv !== '') {
    const value = env[config.passwordEnv];
    return value === undefined ? failure(`MQTT password: environment variable ${config.passwordEnv} is not set`) : { ok: true, password: value };
  }
  if (config.passwordFile !== '') return readPasswordFile(config.passwordFile);
  return { ok: true, password: config.password === '' ? undefined : config.password };
}

/**
 * A workspace whose Sparkplug section holds a plain password, with that password put in the
 * secret store and named by its id instead; null when there is nothing to move.
 */
export async function movePasswordOut(workspace: Workspace, secrets: SecretStore): Promise<Workspace | null> {
  const section = workspace.sparkplug;
  if (!section || section.password === '') return null;
  const kept = await secrets.put(PURPOSE, new Uint8Array(Buffer.from(section.password, 'utf8')));
  if (!kept.ok) throw new Error(`MQTT password: ${kept.error.message}`);
  return { ...workspace, sparkplug: { ...section, password: '', passwordSecret: kept.value, passwordFile: '', passwordEnv: '' } };
}

/** Words for where the secret store keeps a password, for the notices. */
export function secretStoreText(secrets: SecretStore): string {
  return secrets.protection.kind === 'os-keychain' ? "the host's secret store (sealed by the OS keychain)" : "the host's secret store (a file readable by this user only)";
}

/**
 * The workspace as it may be saved: a plain password moved to the secret store (`notice`
 * says so, without the password), a stored password no longer named removed from the store.
 */
export async function keepPasswordOut(next: Workspace, previous: Workspace, secrets: SecretStore, notice: (message: string) => void): Promise<Workspace> {
  const moved = await movePasswordOut(next, secrets);
  if (moved) notice(`Sparkplug: the MQTT password is kept in ${secretStoreText(secrets)}, not in the workspace`);
  const result = moved ?? next;
  const before = previous.sparkplug?.passwordSecret ?? '';
  if (before !== '' && result.sparkplug?.passwordSecret !== before) await secrets.remove(before);
  return result;
}
