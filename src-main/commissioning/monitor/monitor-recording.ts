/**
 * The pcap files the app's relay monitors record: `<dataDir>/captures/monitor-<time>-<id>.pcap`,
 * in a folder only the app's user may read (0700: the files hold the link's traffic), and
 * reading one back, once its relay stopped, for a download or the analyzer.
 */
import { chmod, mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileStamp } from '../../../src-shared/file-stamp';
import { MAX_MONITOR_DOWNLOAD_BYTES } from '../../../src-shared/ipc/schemas/monitor';

/** The folder under the data directory that holds the recorded captures. */
const CAPTURES_FOLDER = 'captures';

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

/** The file at `path`, base64; `TOO_LARGE` beyond MAX_MONITOR_DOWNLOAD_BYTES, `CANNOT_READ` when it is gone or unreadable. */
export async function readRecording(path: string): Promise<Result<string>> {
  try {
    const { size } = await stat(path);
    if (size > MAX_MONITOR_DOWNLOAD_BYTES) {
      const message = `${path} is ${(size / 1024 / 1024).toFixed(1)} MiB; files of up to ${MAX_MONITOR_DOWNLOAD_BYTES / 1024 / 1024} MiB are handed over here: copy it from the engine's host`;
      return { ok: false, error: { code: 'TOO_LARGE', message } };
    }
    return { ok: true, value: (await readFile(path)).toString('base64') };
  } catch (e) {
    return { ok: false, error: { code: 'CANNOT_READ', message: `cannot read ${path}: ${(e as Error).message}` } };
  }
}
