/**
 * Downloads of files from devices (the engine's file service, `files.*` calls), built on
 * the protocol-neutral file transfer of file-transfer.ts: one transfer at a time per
 * station (others wait in its queue), written to `NAME.part` and renamed when complete,
 * resumed from the `.part`'s size when the link returns.
 */
import type { FileResult } from './file-transfer';

/** Where a download stands: waiting its turn, transferring, waiting for the link to return, or over. */
export const DOWNLOAD_STATES = ['queued', 'running', 'waiting', 'done'] as const;
/** One of {@link DOWNLOAD_STATES}. */
export type DownloadState = (typeof DOWNLOAD_STATES)[number];

/**
 * Why a download ended: a file transfer result, or the engine's own refusals:
 * `REFUSED_ROLE` (only engineers and administrators download), `NO_STATION`,
 * `NOT_CONNECTED` (listing needs the station ready), `BAD_FOLDER` (not an absolute path
 * to a writable folder), `WRITE_FAILED` (the local disk refused). `PENDING` until then.
 */
export type DownloadResult = FileResult | 'PENDING' | 'REFUSED_ROLE' | 'NO_STATION' | 'NOT_CONNECTED' | 'BAD_FOLDER' | 'WRITE_FAILED';

/** A download as the clients see it. */
export interface FileDownload {
  id: string;
  station: string;
  /** The device's name of the file. */
  name: string;
  /** The local file it becomes (absolute). */
  path: string;
  user: string;
  state: DownloadState;
  result: DownloadResult;
  ok: boolean;
  detail: string | null;
  /** Octets in the local `.part` (the whole file once done). */
  received: number;
  /** The file's size as the device announced it; null until known. */
  size: number | null;
  /** Times the transfer was resumed after a dropped link. */
  resumes: number;
  startedAt: number;
  endedAt: number | null;
}

/**
 * The local name of a device file: its last path element, with characters a file system
 * refuses replaced by `_`. An IEC 104 file, named `<IOA>/<NOF>` (it has no name on the
 * device), becomes `ioa<IOA>-nof<NOF>`, so that files of two directories stay apart.
 */
export function localFileName(remote: string): string {
  const iec104 = /^(\d+)\/(\d+)$/.exec(remote);
  if (iec104) return `ioa${iec104[1]}-nof${iec104[2]}`;
  const last = remote.split(/[/\\]/).filter((p) => p !== '').at(-1) ?? '';
  const safe = Array.from(last, (c) => (c.charCodeAt(0) < 32 || '<>:"|?*'.includes(c) ? '_' : c)).join('');
  return safe === '' || safe === '.' || safe === '..' ? 'download' : safe;
}
