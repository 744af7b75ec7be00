/**
 * File transfer from a device, protocol-neutral: DNP3 object group 70 (file open, read,
 * close, directory listing, file authentication) and IEC 104 file transfer (F_SC/F_FR/
 * F_SR/F_SG/F_LS/F_AF, F_DR directory). The master session answers these calls with
 * `file` session events; the engine's file service turns them into a download into a
 * folder, with progress and resume after a dropped link.
 *
 * Names of remote files:
 * - DNP3: the outstation's path as the device writes it, e.g. `/records/fault-0001.cfg`;
 *   a directory is listed by its path (`/` the root).
 * - IEC 104: `<IOA>/<NOF>`, the information object address of the file's directory
 *   entry and its name-of-file number, e.g. `4096/1`; a directory is listed by its IOA
 *   as text (`4096`), or `` (empty) for the station's configured directory IOA.
 */

/** One entry of a device's directory. */
export interface RemoteFileEntry {
  /** The name to read it by (see the module comment). */
  name: string;
  kind: 'file' | 'directory';
  /** Octets, as the device reports it. */
  size: number;
  /** Creation or last-change time the device reports, ms since the Unix epoch UTC; null when none. */
  modifiedMs: number | null;
}

/** Why a file call ended. */
export const FILE_RESULTS = [
  'SUCCESS',
  /** No such file or directory on the device. */
  'NOT_FOUND',
  /** The device refused: file authentication failed or permission denied. */
  'PERMISSION_DENIED',
  /** The device is busy with another transfer or refused to open the file for another reason. */
  'DEVICE_REFUSED',
  /** An IEC 104 section or file checksum, or a DNP3 block number, did not match. */
  'CHECKSUM_MISMATCH',
  /** The device stopped answering within the response timeout. */
  'TIMEOUT',
  /** The connection dropped during the transfer (the engine resumes it when the link returns). */
  'LINK_LOST',
  /** Aborted by the user. */
  'ABORTED',
  /** The device does not implement file transfer, or answered with something we do not understand. */
  'UNSUPPORTED',
] as const;
/** One of {@link FILE_RESULTS}. */
export type FileResult = (typeof FILE_RESULTS)[number];

/** Session calls of file transfer (both protocols). `id` ties the call to its events. */
export type FileCall =
  /** Lists one directory. Answered by one `fileList` event. */
  | { op: 'file.list'; id: string; directory: string }
  /**
   * Reads one file from octet `offset` to its end (offset 0: the whole file). DNP3 opens
   * the file and reads blocks; IEC 104 selects the file and calls it section by section,
   * starting with the section that holds `offset` (octets before `offset` are not sent
   * again as `fileData`). Answered by `fileData` events, then one `fileDone`.
   */
  | { op: 'file.read'; id: string; name: string; offset: number; /** DNP3 file authentication: the user name and password for g70v2, when the device requires one. */ credentials?: { user: string; password: string } }
  /** Stops a read: the device is told (DNP3 ABORT_FILE / CLOSE_FILE, IEC 104 F_AF negative) and `fileDone` reports ABORTED. */
  | { op: 'file.abort'; id: string };

/** Session events of file transfer. */
export type FileEvent =
  | { type: 'fileList'; id: string; ok: boolean; result: FileResult; entries: RemoteFileEntry[]; detail?: string }
  /** Octets of the file at `offset`; `size` the file's whole size as the device announced it. */
  | { type: 'fileData'; id: string; offset: number; bytes: Uint8Array; size: number }
  /** The end of a read: `size` octets were delivered in all when ok. */
  | { type: 'fileDone'; id: string; ok: boolean; result: FileResult; size: number; detail?: string };
