/**
 * The outstation simulator's file transfer (objects g70), answering as a device does:
 * AUTHENTICATE_FILE (g70v2: a one-time authentication key for the right password, else 0),
 * OPEN_FILE (g70v3 in READ mode -> g70v4 with handle, size, block size or a status),
 * READ of g70v5 blocks by handle and block number (bit 31 marks the last; g70v6 with a
 * status for a bad handle or block), CLOSE_FILE and ABORT_FILE (g70v4), DELETE_FILE
 * refused (the files are served read-only). A directory opens as a file of g70v7
 * descriptors. The files come from a `Dnp3FileStore` the host gives (the core does no I/O).
 */
import { FunctionCode } from '../app/control';
import type { ParsedFragment } from '../app/fragment';
import { encodeDirectory, FileMode, fileObjectOctets, FileStatus, LAST_BLOCK, type FileDescriptor, type FileVariation } from '../app/objects/file-objects';
import type { DataValue } from '../app/objects/types';
import type { FragmentWriter } from '../app/writer';

/** What opening a path gives: a file's octets, a directory's entries, or a g70 status. */
export type Dnp3FileOpen =
  | { ok: true; kind: 'file'; bytes: Uint8Array }
  | { ok: true; kind: 'directory'; entries: FileDescriptor[] }
  | { ok: false; status: 'FILE_NOT_FOUND' | 'PERMISSION_DENIED' };

/** The files an outstation serves (the simulator's directory). */
export interface Dnp3FileStore {
  /** Opens a path as the master names it (`/records/fault-1.cfg`; `/` the root). */
  open(path: string): Dnp3FileOpen;
}

/** File transfer of the outstation simulator. */
export interface Dnp3FileServerConfig {
  store: Dnp3FileStore;
  /** When set, reading a file needs the authentication key AUTHENTICATE_FILE gives for this password (any user name). */
  password?: string;
  /** Files open at once before TOO_MANY_OPEN (default 4). */
  maxOpen?: number;
}

interface OpenFile {
  bytes: Uint8Array;
  blockSize: number;
  /** The block the master may ask for next (or the one before it again, as a retry). */
  next: number;
  requestId: number;
}

/** The g70 object of a request by variation, or null. */
function objectOf(req: ParsedFragment, v: FileVariation): DataValue | null {
  const o = req.headers.find((h) => h.group === 70 && h.variation === v)?.objects[0];
  return o && 'data' in o ? o.data : null;
}

const write = (v: FileVariation, values: Record<string, number | string | Uint8Array>) => (w: FragmentWriter) => w.bytes(fileObjectOctets(v, values));

/** Open handles, authentication keys and the answers to g70 requests. */
export class FileServer {
  private readonly files = new Map<number, OpenFile>();
  private readonly keys = new Set<number>();
  private nextHandle = 1;
  private nextKey = 0x5a17;

  /** `maxBlock`: the largest block that fits a response fragment. */
  constructor(
    private readonly cfg: Dnp3FileServerConfig,
    private readonly maxBlock: number,
  ) {}

  /** The link went down: every handle is closed, every unused key forgotten. */
  reset(): void {
    this.files.clear();
    this.keys.clear();
  }

  /** The objects of the answer to a file request, or null when `req` is not one. */
  answer(req: ParsedFragment): ((w: FragmentWriter) => void) | null {
    switch (req.function) {
      case FunctionCode.AUTHENTICATE_FILE:
        return this.authenticate(req);
      case FunctionCode.OPEN_FILE:
        return this.open(req);
      case FunctionCode.READ:
        return req.headers.some((h) => h.group === 70) ? this.read(req) : null;
      case FunctionCode.CLOSE_FILE:
      case FunctionCode.ABORT_FILE:
        return this.close(req);
      case FunctionCode.DELETE_FILE: {
        const o = objectOf(req, 3);
        return write(4, { status: FileStatus.PERMISSION_DENIED, requestId: Number(o?.requestId ?? 0), text: 'files are served read-only' });
      }
      default:
        return null;
    }
  }

  private authenticate(req: ParsedFragment): (w: FragmentWriter) => void {
    const o = objectOf(req, 2);
    let key = 0;
    if (o && this.cfg.password !== undefined && o.password === this.cfg.password) {
      key = this.nextKey;
      this.nextKey = (this.nextKey * 1103515245 + 12345) >>> 0 || 1;
      this.keys.add(key);
    }
    return write(2, { user: String(o?.user ?? ''), authKey: key });
  }

  private open(req: ParsedFragment): (w: FragmentWriter) => void {
    const o = objectOf(req, 3);
    const requestId = Number(o?.requestId ?? 0);
    const status = (s: number, text: string): ((w: FragmentWriter) => void) => write(4, { status: s, requestId, text });
    if (!o) return status(FileStatus.INVALID_MODE, 'no g70v3 file command');
    if (o.mode !== FileMode.READ) return status(FileStatus.INVALID_MODE, 'only READ is served');
    if (this.files.size >= (this.cfg.maxOpen ?? 4)) return status(FileStatus.TOO_MANY_OPEN, `${this.files.size} files open`);
    const found = this.cfg.store.open(String(o.name));
    if (!found.ok) return status(FileStatus[found.status === 'FILE_NOT_FOUND' ? 'FILE_NOT_FOUND' : 'PERMISSION_DENIED'], String(o.name));
    if (found.kind === 'file' && this.cfg.password !== undefined) {
      // an authentication key is good for one open
      if (!this.keys.delete(Number(o.authKey))) return status(FileStatus.PERMISSION_DENIED, 'authentication key required');
    }
    const bytes = found.kind === 'file' ? found.bytes : encodeDirectory(found.entries);
    const asked = Number(o.maxBlockSize);
    const blockSize = asked > 0 ? Math.min(asked, this.maxBlock) : this.maxBlock;
    const handle = this.nextHandle++;
    this.files.set(handle, { bytes, blockSize, next: 0, requestId });
    return write(4, { handle, fileSize: bytes.length, maxBlockSize: blockSize, requestId, status: FileStatus.SUCCESS });
  }

  private read(req: ParsedFragment): (w: FragmentWriter) => void {
    const o = objectOf(req, 5);
    const handle = Number(o?.handle ?? 0);
    const block = Number(o?.block ?? 0) & 0x7fffffff;
    const f = this.files.get(handle);
    if (!f) return write(6, { handle, block, status: FileStatus.INVALID_HANDLE });
    // the block asked for next, or the last one again when its answer was lost
    if (block !== f.next && block !== f.next - 1) return write(6, { handle, block, status: FileStatus.BLOCK_SEQ, text: `expected block ${f.next}` });
    f.next = block + 1;
    const start = block * f.blockSize;
    const end = Math.min(f.bytes.length, start + f.blockSize);
    const last = end >= f.bytes.length;
    return write(5, { handle, block: last ? (block | LAST_BLOCK) >>> 0 : block, data: f.bytes.subarray(start, Math.max(start, end)) });
  }

  private close(req: ParsedFragment): (w: FragmentWriter) => void {
    const o = objectOf(req, 4);
    const handle = Number(o?.handle ?? 0);
    const f = this.files.get(handle);
    this.files.delete(handle);
    return write(4, { handle, requestId: f?.requestId ?? Number(o?.requestId ?? 0), status: f ? FileStatus.SUCCESS : FileStatus.INVALID_HANDLE });
  }
}
