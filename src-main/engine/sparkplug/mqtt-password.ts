/**
 * The MQTT broker password of the Sparkplug publisher, kept out of workspace.json: the
 * workspace names where it is, a file readable by its owner only (`passwordFile`, mode
 * 0600 as ssh asks of private keys) or an environment variable (`passwordEnv`, for the
 * headless host and the CLI). A password entered in the UI, or found in plain text in a
 * workspace of an older version (`password`), is written to `sparkplug-mqtt.password`
 * (0600) beside the workspace and the workspace refers to that file; the plain field is
 * read but never written back. The password is never logged; errors name the file or the
 * variable, never the contents.
 */
import { readFileSync, statSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { SparkplugConfig } from '../../../src-shared/workspace/sparkplug';
import type { Workspace } from '../../../src-shared/workspace/workspace';
import { writeFileAtomic } from '../workspace/workspace-store';

/** Why the password cannot be had. */
export interface MqttPasswordError {
  code: 'MQTT_PASSWORD';
  message: string;
}

/** Name of the file a password entered in the UI (or moved out of an old workspace) is kept in. */
const PASSWORD_FILE_NAME = 'sparkplug-mqtt.password';

/** Reads a password file: owner-only permissions, the text without its trailing line break. */
function readPasswordFile(path: string): { ok: true; password: string } | { ok: false; error: MqttPasswordError } {
  const fail = (message: string) => ({ ok: false as const, error: { code: 'MQTT_PASSWORD' as const, message: `MQTT password file ${path}: ${message}` } });
  try {
    const mode = statSync(path).mode & 0o777;
    if (process.platform !== 'win32' && (mode & 0o077) !== 0) return fail(`readable by others (mode ${mode.toString(8).padStart(4, '0')}): chmod 600 ${path}`);
    return { ok: true, password: readFileSync(path, 'utf8').replace(/\r?\n$/, '') };
  } catch (error) {
    return fail(error instanceof Error && 'code' in error ? String(error.code) : 'cannot be read');
  }
}

/** The password the settings name: from the variable, else the file, else an old plain one; undefined when none. */
export function resolveMqttPassword(config: Pick<SparkplugConfig, 'password' | 'passwordFile' | 'passwordEnv'>, env: NodeJS.ProcessEnv = process.env): { ok: true; password: string | undefined } | { ok: false; error: MqttPasswordError } {
  if (config.passwordEnv !== '') {
    const value = env[config.passwordEnv];
    if (value === undefined) return { ok: false, error: { code: 'MQTT_PASSWORD', message: `MQTT password: environment variable ${config.passwordEnv} is not set` } };
    return { ok: true, password: value };
  }
  if (config.passwordFile !== '') return readPasswordFile(config.passwordFile);
  return { ok: true, password: config.password === '' ? undefined : config.password };
}

/**
 * A workspace whose Sparkplug section holds a plain password, with that password written
 * to the password file beside `workspacePath` (0600, atomically) and named as
 * `passwordFile` instead; null when there is nothing to move.
 */
export async function movePasswordOut(workspace: Workspace, workspacePath: string): Promise<{ workspace: Workspace; file: string } | null> {
  const section = workspace.sparkplug;
  if (!section || section.password === '') return null;
  const file = join(dirname(workspacePath), PASSWORD_FILE_NAME);
  await writeFileAtomic(file, section.password);
  return { workspace: { ...workspace, sparkplug: { ...section, password: '', passwordFile: file, passwordEnv: '' } }, file };
}

/** Deletes the password file beside the workspace when the workspace stopped naming it (the password was removed or replaced). */
async function dropUnusedPasswordFile(previous: Workspace, next: Workspace, workspacePath: string): Promise<void> {
  const file = join(dirname(workspacePath), PASSWORD_FILE_NAME);
  if (previous.sparkplug?.passwordFile !== file || next.sparkplug?.passwordFile === file) return;
  await unlink(file).catch(() => undefined);
}

/**
 * The workspace as it may be saved: a plain password moved to its file (`notice` says
 * where, without the password), the file deleted when no longer named.
 */
export async function keepPasswordOut(next: Workspace, previous: Workspace, workspacePath: string, notice: (message: string) => void): Promise<Workspace> {
  const moved = await movePasswordOut(next, workspacePath);
  if (moved) notice(`Sparkplug: the MQTT password is not kept in ${workspacePath}: it was written to ${moved.file} (readable by this user only), which the workspace names as passwordFile`);
  const result = moved?.workspace ?? next;
  await dropUnusedPasswordFile(previous, result, workspacePath);
  return result;
}
