/**
 * The pcap files the app's relay monitors record: `<dataDir>/captures/monitor-<time>-<id>.pcap`,
 * in a folder only the app's user may read (0700: the files hold the link's traffic), and
 * reading one back, once its relay stopped, for a download or the analyzer. The folder
 * keeps the newest recordings within {@link RECORDINGS_KEPT}: a monitor left recording
 * shift after shift never fills the disk.
 */
import { chmod, mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileStamp } from '../../../src-shared/file-stamp';
import { MAX_MONITOR_DOWNLOAD_BYTES } from '../../../src-shared/ipc/schemas/monitor';

/** The folder under the data directory that holds the recorded captures. */
const CAPTURES_FOLDER = 'captures';

/** A recording's file name: `monitor-<time>-<id>.pcap` (other files in the folder are never touched). */
const RECORDING_NAME = /^monitor-.+\.pcap$/;

/** What the captures folder keeps at most: the newest recordings, by files and by octets. */
const RECORDINGS_KEPT = { files: 100, bytes: 2 * 1024 ** 3 };

/** {@link RECORDINGS_KEPT} in words, for messages: `100 files and 2 GiB`. */
export const RECORDINGS_KEPT_TEXT = `${RECORDINGS_KEPT.files} files and ${RECORDINGS_KEPT.bytes / 1024 ** 3} GiB`;

/** A recording deleted to keep the folder within its limits. */
export interface PrunedRecording {
  path: string;
  bytes: number;
}

type Result<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

/**
 * Where monitor `id`, started at `at`, records: the captures folder is created (0700), and
 * made 0700 again if it was opened up; `CANNOT_WRITE` when that fails.
 */
export async function recordingPath(dataDir: string, id: string, at: Date): Promise<Result<{ path: string; fileName: string }>> {
  const folder = join(dataDir, CAPTURES_FOLDER);
  try {
    await mkdir(folder, { recursive: true, mode: 0o700 });
    await chmod(folder, 0o700);
  } catch (e) {
    return { ok: false, error: { code: 'CANNOT_WRITE', message: `cannot create ${folder}: ${(e as Error).message}` } };
  }
  const fileName = `monitor-${fileStamp(at)}-${id}.pcap`;
  return { ok: true, value: { path: join(folder, fileName), fileName } };
}

/** The file at `path`, base64; `TOO_LARGE` beyond MAX_MONITOR_DOWNLOAD_BYTES, `CANNOT_READ` when it is gone (saying why it may be) or unreadable. */
export async function readRecording(path: string): Promise<Result<string>> {
  try {
    const { size } = await stat(path);
    if (size > MAX_MONITOR_DOWNLOAD_BYTES) {
      const message = `${path} is ${(size / 1024 / 1024).toFixed(1)} MiB; files of up to ${MAX_MONITOR_DOWNLOAD_BYTES / 1024 / 1024} MiB are handed over here: copy it from the engine's host`;
      return { ok: false, error: { code: 'TOO_LARGE', message } };
    }
    return { ok: true, value: (await readFile(path)).toString('base64') };
  } catch (e) {
    const gone = (e as NodeJS.ErrnoException).code === 'ENOENT';
    const why = gone ? `it is gone (the captures folder keeps the newest recordings within ${RECORDINGS_KEPT_TEXT}; older ones are deleted)` : (e as Error).message;
    return { ok: false, error: { code: 'CANNOT_READ', message: `cannot read ${path}: ${why}` } };
  }
}

/**
 * Deletes the oldest recordings in `<dataDir>/captures` beyond `kept` (files, octets),
 * counting from the newest (by modification time). Files in `busy` (those of running
 * monitors) are counted first and never deleted; nor is any file whose name is not a
 * recording's.
 * Returns what was deleted, oldest first; a file that cannot be deleted is left and skipped.
 */
export async function pruneRecordings(dataDir: string, busy: ReadonlySet<string>, kept: { files: number; bytes: number } = RECORDINGS_KEPT): Promise<PrunedRecording[]> {
  const folder = join(dataDir, CAPTURES_FOLDER);
  let names: string[];
  try {
    names = (await readdir(folder)).filter((name) => RECORDING_NAME.test(name));
  } catch {
    return []; // no folder yet: nothing recorded
  }
  const files: (PrunedRecording & { modified: number })[] = [];
  for (const name of names) {
    const path = join(folder, name);
    const info = await stat(path).catch(() => null);
    if (info?.isFile()) files.push({ path, bytes: info.size, modified: info.mtimeMs });
  }
  // Running monitors' files take their room first, then the newest.
  const rank = (path: string): number => (busy.has(path) ? 0 : 1);
  files.sort((a, b) => rank(a.path) - rank(b.path) || b.modified - a.modified || b.path.localeCompare(a.path));
  const pruned: PrunedRecording[] = [];
  let count = 0;
  let bytes = 0;
  for (const file of files) {
    count++;
    bytes += file.bytes;
    if ((count <= kept.files && bytes <= kept.bytes) || busy.has(file.path)) continue;
    const deleted = await rm(file.path).then(
      () => true,
      () => false,
    );
    if (!deleted) continue; // it still takes its room: older ones go instead
    count--;
    bytes -= file.bytes;
    pruned.unshift({ path: file.path, bytes: file.bytes });
  }
  return pruned;
}
