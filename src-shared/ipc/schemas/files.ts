/** Contract schemas of the `files.*` calls and events (downloads from devices, see src-shared/file-downloads.ts). */
import * as v from 'valibot';
import { FILE_RESULTS } from '../../file-transfer';
import { DOWNLOAD_STATES } from '../../file-downloads';

const name = v.pipe(v.string(), v.minLength(1), v.maxLength(1024));

/** Request of files.list: a station and one of its directories (DNP3 `/`, IEC 104 an IOA or empty). */
export const FileListRequest = v.strictObject({ station: v.string(), directory: v.pipe(v.string(), v.maxLength(1024)) });

/** One entry of a device's directory. */
const RemoteFileEntrySchema = v.object({
  name: v.string(),
  kind: v.picklist(['file', 'directory']),
  size: v.number(),
  modifiedMs: v.nullable(v.number()),
});

/** Response of files.list. */
export const FileListing = v.object({ directory: v.string(), entries: v.array(RemoteFileEntrySchema) });

/**
 * Request of files.fetch: the device's file, the local folder (absolute, existing,
 * writable; default the host's download folder), whether to continue an existing
 * `NAME.part`, and the user name and password the device asks for (DNP3 g70v2; never stored).
 */
export const FileFetchRequest = v.strictObject({
  station: v.string(),
  name,
  folder: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(4096))),
  resume: v.optional(v.boolean()),
  credentials: v.optional(v.strictObject({ user: v.pipe(v.string(), v.maxLength(255)), password: v.pipe(v.string(), v.maxLength(255)) })),
});

/** Request of files.cancel. */
export const FileTransferRef = v.strictObject({ id: v.string() });

/** A download (see FileDownload). */
export const FileDownloadSchema = v.object({
  id: v.string(),
  station: v.string(),
  name: v.string(),
  path: v.string(),
  user: v.string(),
  state: v.picklist(DOWNLOAD_STATES),
  result: v.picklist([...FILE_RESULTS, 'PENDING', 'REFUSED_ROLE', 'NO_STATION', 'NOT_CONNECTED', 'BAD_FOLDER', 'WRITE_FAILED']),
  ok: v.boolean(),
  detail: v.nullable(v.string()),
  received: v.number(),
  size: v.nullable(v.number()),
  resumes: v.number(),
  startedAt: v.number(),
  endedAt: v.nullable(v.number()),
});

/** Response of files.transfers: the download folder used without one given, and the recent downloads, newest first. */
export const FileTransfers = v.object({ defaultFolder: v.string(), transfers: v.array(FileDownloadSchema) });
