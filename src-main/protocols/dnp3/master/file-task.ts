/**
 * File transfer from the outstation (IEEE 1815-2012 clause 4.4.13, objects g70): one task
 * per `file.read` or `file.list` call, an explicit state machine of requests:
 *
 *   [AUTHENTICATE_FILE g70v2]  when credentials are given: the outstation returns an authentication key
 *   OPEN_FILE g70v3            mode READ; the answer g70v4 gives handle, size and block size, or a status
 *   READ g70v5 ...             block 0, 1, 2 ... until the block with bit 31 (last) set
 *   CLOSE_FILE g70v4           (ABORT_FILE g70v4 when the user aborted)
 *
 * A directory is read as a file of g70v7 descriptors. DNP3 has no seek: a read from an
 * offset reads the blocks before it and delivers only the octets from the offset on.
 * After each block the task yields, so polls and commands run between blocks. Only the
 * response path is handled: file objects that come in unsolicited responses are ignored.
 */
import type { FileCall, FileEvent, FileResult, RemoteFileEntry } from '../../../../src-shared/file-transfer';
import { FunctionCode } from '../app/control';
import { iinRequestError } from '../app/iin';
import { concatOctets } from '../../../../src-shared/concat-octets';
import { BLOCK_OVERHEAD, decodeDirectory, fileObjectOctets, FILE_STATUS_NAMES, FileMode, FileStatus, hexOctets, LAST_BLOCK, type FileVariation } from '../app/objects/file-objects';
import type { DataValue } from '../app/objects/types';
import { Priority, type MasterTask, type TaskContext, type TaskRequest, type TaskResponse, type TaskVerdict } from './task';

/** The calls a file task runs. */
export type FileTaskCall = Extract<FileCall, { op: 'file.read' | 'file.list' }>;

type Stage =
  | { s: 'auth' }
  | { s: 'open'; authKey: number }
  | { s: 'read'; handle: number; block: number }
  | { s: 'close'; handle: number; result: FileResult; detail?: string }
  | { s: 'abort'; handle: number };

/** The block size a master asks for: what fits one fragment it accepts, at most 1024 octets. */
export function fileBlockSize(maxRxFragmentSize: number): number {
  return Math.min(1024, maxRxFragmentSize - BLOCK_OVERHEAD);
}

/** The FILE_RESULTS name of a g70 status code. */
function fileResultOf(status: number): FileResult {
  if (status === FileStatus.SUCCESS) return 'SUCCESS';
  if (status === FileStatus.PERMISSION_DENIED) return 'PERMISSION_DENIED';
  if (status === FileStatus.FILE_NOT_FOUND) return 'NOT_FOUND';
  if (status === FileStatus.BLOCK_SEQ) return 'CHECKSUM_MISMATCH';
  return 'DEVICE_REFUSED';
}

/** The FILE_RESULTS name of a task failure the session reports (no link, no response, SA refusal). */
function failureResult(result: string): FileResult {
  if (result === 'NO_LINK') return 'LINK_LOST';
  if (result === 'RESPONSE_TIMEOUT') return 'TIMEOUT';
  if (result.startsWith('SA_')) return 'PERMISSION_DENIED';
  return 'DEVICE_REFUSED';
}

function statusDetail(status: number, text: unknown): string {
  const name = FILE_STATUS_NAMES[status] ?? `status ${status}`;
  return typeof text === 'string' && text !== '' ? `${name}: ${text}` : name;
}

/** A g70 object of the response, or null. */
function objectOf(r: TaskResponse, v: FileVariation): DataValue | null {
  return r.data.find((d) => d.group === 70 && d.variation === v)?.value ?? null;
}

/** Joins a directory and a name from its descriptor into the name to read the entry by. */
function entryPath(directory: string, name: string): string {
  if (name.startsWith('/')) return name;
  return directory.endsWith('/') ? `${directory}${name}` : `${directory}/${name}`;
}

/** A `file.read` or `file.list` in progress. */
export class FileTask implements MasterTask {
  readonly name: string;
  readonly priority = Priority.file;
  readonly id: string;
  retries: number;
  startedAtMs?: number;
  private stage: Stage;
  private aborting = false;
  /** Octets of the file received so far (from offset 0). */
  private position = 0;
  private size = 0;
  /** The directory file's octets (list). */
  private listing: Uint8Array[] = [];
  private requestId = 0;
  private finished = false;

  constructor(
    private readonly call: FileTaskCall,
    private readonly maxRetries: number,
    private readonly maxBlockSize: number,
  ) {
    this.name = call.op;
    this.id = call.id;
    this.retries = maxRetries;
    this.stage = call.op === 'file.read' && call.credentials ? { s: 'auth' } : { s: 'open', authKey: 0 };
  }

  /**
   * The user aborted. `waiting`: a request of this task awaits its answer, which then turns
   * into ABORT_FILE. Queued with a handle, the next request is ABORT_FILE. Without a handle
   * the task ends at once (returns true: take it out of the queue).
   */
  abort(ctx: TaskContext, waiting: boolean): boolean {
    this.aborting = true;
    if (waiting || this.stage.s === 'close' || this.stage.s === 'abort') return false;
    if (this.stage.s === 'read') {
      this.stage = { s: 'abort', handle: this.stage.handle };
      return false;
    }
    this.finish(ctx, 'ABORTED', 'aborted by the user before the file was opened');
    return true;
  }

  request(): TaskRequest {
    const st = this.stage;
    switch (st.s) {
      case 'auth': {
        const c = (this.call as Extract<FileTaskCall, { op: 'file.read' }>).credentials!;
        return this.req(FunctionCode.AUTHENTICATE_FILE, 2, { user: c.user, password: c.password, authKey: 0 });
      }
      case 'open':
        this.requestId = (this.requestId + 1) & 0xffff;
        return this.req(FunctionCode.OPEN_FILE, 3, { name: this.remoteName(), mode: FileMode.READ, maxBlockSize: this.maxBlockSize, requestId: this.requestId, authKey: st.authKey });
      case 'read':
        return this.req(FunctionCode.READ, 5, { handle: st.handle, block: st.block });
      case 'close':
        return this.req(FunctionCode.CLOSE_FILE, 4, { handle: st.handle, requestId: this.requestId });
      case 'abort':
        return this.req(FunctionCode.ABORT_FILE, 4, { handle: st.handle, requestId: this.requestId });
    }
  }

  response(ctx: TaskContext, r: TaskResponse): TaskVerdict {
    this.retries = this.maxRetries;
    const iinError = iinRequestError(r.head.iin ?? 0);
    const st = this.stage;
    if (iinError && st.s !== 'close' && st.s !== 'abort') {
      const handle = st.s === 'read' ? st.handle : null;
      return this.end(ctx, handle, 'UNSUPPORTED', `outstation IIN ${iinError} to ${this.name}`);
    }
    switch (st.s) {
      case 'auth':
        return this.onAuth(ctx, r);
      case 'open':
        return this.onOpen(ctx, r);
      case 'read':
        return this.onBlock(ctx, r, st.handle, st.block);
      case 'close':
        this.finish(ctx, st.result, st.detail);
        return 'done';
      case 'abort':
        this.finish(ctx, 'ABORTED', 'aborted by the user; the outstation was sent ABORT_FILE');
        return 'done';
    }
  }

  fail(ctx: TaskContext, result: string, detail: string): void {
    this.finish(ctx, failureResult(result), detail);
  }

  private remoteName(): string {
    return this.call.op === 'file.read' ? this.call.name : this.call.directory;
  }

  private req(fc: number, v: FileVariation, values: Record<string, number | string>): TaskRequest {
    return { fc, objects: fileObjectOctets(v, values), expectResponse: true };
  }

  private onAuth(ctx: TaskContext, r: TaskResponse): TaskVerdict {
    const o = objectOf(r, 2);
    if (!o) return this.end(ctx, null, 'UNSUPPORTED', 'no g70v2 in the answer to AUTHENTICATE_FILE');
    const key = Number(o.authKey);
    if (key === 0) return this.end(ctx, null, 'PERMISSION_DENIED', 'the outstation refused the user name and password (authentication key 0)');
    if (this.aborting) return this.end(ctx, null, 'ABORTED', 'aborted by the user');
    this.stage = { s: 'open', authKey: key };
    return 'next';
  }

  private onOpen(ctx: TaskContext, r: TaskResponse): TaskVerdict {
    const o = objectOf(r, 4);
    if (!o) return this.end(ctx, null, 'UNSUPPORTED', 'no g70v4 in the answer to OPEN_FILE');
    const status = Number(o.status);
    if (status !== FileStatus.SUCCESS) return this.end(ctx, null, fileResultOf(status), `${this.remoteName()}: ${statusDetail(status, o.text)}`);
    const handle = Number(o.handle);
    this.size = Number(o.fileSize);
    if (this.aborting) {
      this.stage = { s: 'abort', handle };
      return 'next';
    }
    if (this.call.op === 'file.read' && this.call.offset > this.size) {
      return this.end(ctx, handle, 'DEVICE_REFUSED', `offset ${this.call.offset} is beyond the file's ${this.size} octets (the file changed)`);
    }
    this.stage = { s: 'read', handle, block: 0 };
    return 'yield';
  }

  private onBlock(ctx: TaskContext, r: TaskResponse, handle: number, block: number): TaskVerdict {
    const o = objectOf(r, 5);
    if (!o) {
      const st = objectOf(r, 6);
      if (st) return this.end(ctx, handle, fileResultOf(Number(st.status)), `block ${block}: ${statusDetail(Number(st.status), st.text)}`);
      return this.end(ctx, handle, 'UNSUPPORTED', `no g70v5 in the answer to READ of block ${block}`);
    }
    const number = Number(o.block);
    if ((number & 0x7fffffff) !== block || Number(o.handle) !== handle) {
      return this.end(ctx, handle, 'CHECKSUM_MISMATCH', `asked for block ${block} of handle ${handle}, got block ${number & 0x7fffffff} of handle ${Number(o.handle)}`);
    }
    if (this.aborting) {
      this.stage = { s: 'abort', handle };
      return 'next';
    }
    this.deliver(ctx, hexOctets(String(o.data ?? '')));
    if ((number & LAST_BLOCK) !== 0) return this.end(ctx, handle, 'SUCCESS', undefined);
    this.stage = { s: 'read', handle, block: block + 1 };
    return 'yield';
  }

  /** Passes a block on: a read's octets from its offset on as `fileData`, a directory's kept for the listing. */
  private deliver(ctx: TaskContext, data: Uint8Array): void {
    const start = this.position;
    this.position += data.length;
    if (this.call.op === 'file.list') {
      this.listing.push(data);
      return;
    }
    const skip = Math.max(0, this.call.offset - start);
    if (skip >= data.length) return;
    ctx.emit({ type: 'fileData', id: this.id, offset: start + skip, bytes: data.slice(skip), size: this.size });
  }

  /** Closes an open handle (then reports), or reports at once. */
  private end(ctx: TaskContext, handle: number | null, result: FileResult, detail: string | undefined): TaskVerdict {
    if (handle === null) {
      this.finish(ctx, result, detail);
      return 'done';
    }
    this.stage = detail === undefined ? { s: 'close', handle, result } : { s: 'close', handle, result, detail };
    return 'next';
  }

  private finish(ctx: TaskContext, result: FileResult, detail: string | undefined): void {
    if (this.finished) return;
    this.finished = true;
    const ok = result === 'SUCCESS';
    const d = detail === undefined ? {} : { detail };
    if (this.call.op === 'file.read') {
      // as the contract says: the octets delivered as fileData (from the offset on)
      ctx.emit({ type: 'fileDone', id: this.id, ok, result, size: Math.max(0, this.position - this.call.offset), ...d });
      return;
    }
    ctx.emit(this.listEvent(ok, result, d));
  }

  private listEvent(ok: boolean, result: FileResult, d: { detail?: string }): FileEvent {
    const directory = (this.call as Extract<FileTaskCall, { op: 'file.list' }>).directory;
    if (!ok) return { type: 'fileList', id: this.id, ok, result, entries: [], ...d };
    const decoded = decodeDirectory(concatOctets(this.listing));
    if (!decoded.ok) return { type: 'fileList', id: this.id, ok: false, result: 'UNSUPPORTED', entries: [], detail: decoded.error.message };
    const entries: RemoteFileEntry[] = decoded.entries.map((e) => ({
      name: entryPath(directory, e.name),
      kind: e.directory ? 'directory' : 'file',
      size: e.size,
      modifiedMs: e.created === 0 ? null : e.created,
    }));
    return { type: 'fileList', id: this.id, ok: true, result, entries, ...d };
  }
}
