/**
 * Reads and writes the workspace file. Reading validates (and migrates older formats);
 * writing is atomic: a temporary file in the same directory is written, fsynced and
 * renamed over the old one, then the directory is fsynced, so a crash leaves either the
 * old or the new file, never a torn one.
 */
import { open, readFile, rename, mkdir, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { migrateWorkspace, type WorkspaceParse } from '../../../src-shared/workspace/migrate';
import type { Workspace } from '../../../src-shared/workspace/workspace';

/** The default workspace file name inside the data directory. */
export const WORKSPACE_FILE_NAME = 'workspace.json';

/** Reads and validates a workspace file; `null` when it does not exist. */
export async function readWorkspaceFile(path: string): Promise<WorkspaceParse | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  return parseWorkspaceText(text);
}

/** Parses workspace JSON text (as read from a file or sent by an import). */
export function parseWorkspaceText(text: string): WorkspaceParse {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    return { ok: false, code: 'INVALID_WORKSPACE', message: `not valid JSON: ${(error as Error).message}` };
  }
  return migrateWorkspace(doc);
}

/**
 * Serialises a workspace as the file stores it. The Sparkplug section's plain `password`
 * is never written (the engine moves it to a 0600 file first; see sparkplug/mqtt-password).
 */
export function workspaceToText(workspace: Workspace): string {
  const { sparkplug } = workspace;
  if (!sparkplug) return `${JSON.stringify(workspace, null, 2)}\n`;
  const { password: _password, ...stored } = sparkplug;
  return `${JSON.stringify({ ...workspace, sparkplug: stored }, null, 2)}\n`;
}

let tempCounter = 0;

/** Writes `text` to `path` atomically (temp file, fsync, rename, directory fsync). */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `.${process.pid}-${Date.now()}-${tempCounter++}.tmp`);
  const handle = await open(temp, 'w', 0o600);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  const dirHandle = await open(dir, 'r').catch(() => null);
  if (dirHandle) {
    await dirHandle.sync().catch(() => undefined);
    await dirHandle.close();
  }
}

/** The copy of the last workspace that was saved valid, kept beside the file. */
function lastGoodPath(path: string): string {
  return `${path}.last-good`;
}

/** Saves a workspace atomically, and its last-good copy. */
export async function saveWorkspaceFile(path: string, workspace: Workspace): Promise<void> {
  const text = workspaceToText(workspace);
  await writeFileAtomic(path, text);
  await writeFileAtomic(lastGoodPath(path), text);
}

/** What startup found. */
export type StartupWorkspace =
  | { kind: 'none' }
  | { kind: 'ok'; workspace: Workspace; migratedFrom: number | null }
  /** The file was invalid: it was moved to `rejectedPath` and the last good copy loaded. */
  | { kind: 'recovered'; workspace: Workspace; reason: string; rejectedPath: string };

/**
 * Reads the workspace at startup. An invalid file (edited by hand, say) is moved aside and
 * the last-good copy runs instead; with no good copy the error is thrown with its reason.
 */
export async function loadStartupWorkspace(path: string): Promise<StartupWorkspace> {
  const read = await readWorkspaceFile(path);
  if (!read) return { kind: 'none' };
  if (read.ok) return { kind: 'ok', workspace: read.workspace, migratedFrom: read.migratedFrom };
  const backup = await readWorkspaceFile(lastGoodPath(path));
  if (!backup?.ok) throw new Error(`workspace ${path}: ${read.message}`);
  const rejectedPath = `${path}.rejected-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  await rename(path, rejectedPath);
  return { kind: 'recovered', workspace: backup.workspace, reason: read.message, rejectedPath };
}
