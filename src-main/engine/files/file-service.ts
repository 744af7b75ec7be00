/**
 * The engine's file service: downloads files from devices into a local folder, for any
 * protocol whose session answers the file calls of src-shared/file-transfer.ts (DNP3 g70,
 * IEC 104 file transfer). Per station one transfer runs at a time; others wait in its
 * queue. Octets go to `NAME.part`, renamed to `NAME` when the device said the file is
 * complete and the size matches. When the link drops the transfer waits, and when the
 * station is ready again it continues with `file.read` from the `.part`'s size. Only
 * engineers and administrators list and download; every download has an audit record
 * (who, station, file, result), refused ones included.
 */
import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { localFileName, type DownloadResult, type DownloadState, type FileDownload } from '../../../src-shared/file-downloads';
import type { FileEvent, FileResult, RemoteFileEntry } from '../../../src-shared/file-transfer';
import { roleAllows, type Role } from '../../../src-shared/roles';
import type { SessionCall, SessionEvent } from '../../../src-shared/session';
import type { AuditStage, StoredAudit } from '../event-log/event-types';
import { FileLists } from './file-lists';

/** What the service needs of the stations: a station's state and its session's calls. */
interface FileStations {
  get(id: string): { readonly state: string; call(call: SessionCall): boolean } | undefined;
}

/** Where the service reports. */
export interface FileServiceDeps {
  stations: FileStations;
  audit(record: StoredAudit): void;
  /** A download ended (for the event log). */
  finished(download: FileDownload): void;
  /** A download changed (at most every `progressMs` while octets arrive). */
  progress(download: FileDownload): void;
  /** The folder of downloads that name none (created when first used). */
  defaultFolder: string;
  now?: () => number;
  /** A running transfer without any file event for this long ends TIMEOUT (default 60 s). */
  idleMs?: number;
  /** Least time between progress reports of one transfer (default 100 ms). */
  progressMs?: number;
}

/** What a download asks for. */
export interface FetchRequest {
  station: string;
  name: string;
  folder?: string;
  resume?: boolean;
  credentials?: { user: string; password: string };
}

interface Transfer {
  state: FileDownload;
  role: Role;
  credentials?: { user: string; password: string };
  /** Continue an existing `.part` at the first start (later starts always continue). */
  resumeFirst: boolean;
  stages: AuditStage[];
  /** The id of the session's current `file.read`, or null between reads. */
  callId: string | null;
  handle: FileHandle | null;
  /** The file writes in order (each block at its offset). */
  writing: Promise<void>;
  writeError: string | null;
  idle: ReturnType<typeof setTimeout> | null;
  lastProgress: number;
}

/** The most downloads `transfers()` keeps. */
const RECENT = 50;

/** Downloads of all stations. */
export class FileService {
  private readonly transfers: Transfer[] = [];
  private readonly lists: FileLists;
  private readonly now: () => number;

  constructor(private readonly deps: FileServiceDeps) {
    this.now = deps.now ?? Date.now;
    this.lists = new FileLists(deps.idleMs ?? 60_000);
  }

  /** The folder used when a download names none. */
  get defaultFolder(): string {
    return this.deps.defaultFolder;
  }

  /** The recent downloads, newest first. */
  recent(): FileDownload[] {
    return this.transfers.map((t) => ({ ...t.state })).reverse();
  }

  /** Lists a directory of a station's device. */
  async list(user: { role: Role }, station: string, directory: string): Promise<{ ok: true; entries: RemoteFileEntry[] } | { ok: false; result: DownloadResult; detail: string }> {
    if (!roleAllows(user.role, 'engineer')) return { ok: false, result: 'REFUSED_ROLE', detail: `role ${user.role} may not list device files (engineer or administrator)` };
    const runtime = this.deps.stations.get(station);
    if (!runtime) return { ok: false, result: 'NO_STATION', detail: `no station ${station}` };
    if (runtime.state !== 'ready') return { ok: false, result: 'NOT_CONNECTED', detail: `${station} is ${runtime.state}, not ready` };
    return this.lists.run(station, (id) => runtime.call({ op: 'file.list', id, directory }));
  }

  /** Asks for a download; it is queued behind the station's running one. Refusals come back done. */
  async fetch(user: { name: string; role: Role }, request: FetchRequest): Promise<FileDownload> {
    const folder = request.folder ?? this.deps.defaultFolder;
    const path = join(folder, localFileName(request.name));
    const t = this.newTransfer(user, request, path);
    const refusal = await this.refusal(user.role, request.station, folder, folder === this.deps.defaultFolder);
    if (refusal) {
      this.finish(t, refusal.result, refusal.detail);
      return { ...t.state };
    }
    this.stage(t, 'queued', 'PENDING', true);
    this.pump(request.station);
    return { ...t.state };
  }

  /** Cancels a download: a queued or waiting one at once, a running one once the device was told (file.abort). */
  cancel(user: { name: string; role: Role }, id: string): FileDownload | { refused: string } {
    const t = this.transfers.find((x) => x.state.id === id);
    if (!t || t.state.state === 'done') return { refused: `no download ${id} in progress` };
    if (t.state.user !== user.name && user.role !== 'administrator') return { refused: `download ${id} is ${t.state.user}'s` };
    if (t.state.state === 'running' && t.callId !== null && this.deps.stations.get(t.state.station)?.call({ op: 'file.abort', id: t.callId })) {
      this.stage(t, 'running', 'ABORTING', true, `cancelled by ${user.name}`);
      return { ...t.state };
    }
    void this.settle(t, 'ABORTED', `cancelled by ${user.name}`);
    return { ...t.state };
  }

  /** A station became ready (resume its waiting transfer, start its queue) or stopped being ready. */
  stationState(station: string, ready: boolean): void {
    if (!ready) {
      this.lists.stationDown(station);
      // the session's own LINK_LOST may never come (a link torn down takes its session's last events with it)
      const running = this.transfers.find((t) => t.state.station === station && t.state.state === 'running' && t.callId !== null);
      if (running) {
        running.callId = null;
        void running.writing.then(() => this.waitForLink(running, 'the station stopped being ready'));
      }
      return;
    }
    const waiting = this.transfers.find((t) => t.state.station === station && t.state.state === 'waiting');
    if (waiting) void this.start(waiting);
    else this.pump(station);
  }

  /** A file event of a station's session. */
  sessionEvent(station: string, event: SessionEvent): void {
    if (event.type === 'fileList') return this.lists.answer(event);
    if (event.type !== 'fileData' && event.type !== 'fileDone') return;
    const t = this.transfers.find((x) => x.callId === event.id && x.state.station === station);
    if (!t) return;
    this.touch(t);
    if (event.type === 'fileData') this.data(t, event);
    else void this.done(t, event);
  }

  /** Stops every transfer's timers (engine stop); the `.part` files stay for a resume. */
  stop(): void {
    for (const t of this.transfers) if (t.idle) clearTimeout(t.idle);
    this.lists.stop();
  }

  private newTransfer(user: { name: string; role: Role }, request: FetchRequest, path: string): Transfer {
    const state: FileDownload = { id: randomUUID(), station: request.station, name: request.name, path, user: user.name, state: 'queued', result: 'PENDING', ok: false, detail: null, received: 0, size: null, resumes: 0, startedAt: this.now(), endedAt: null };
    const t: Transfer = { state, role: user.role, resumeFirst: request.resume === true, stages: [], callId: null, handle: null, writing: Promise.resolve(), writeError: null, idle: null, lastProgress: 0 };
    if (request.credentials) t.credentials = request.credentials;
    this.transfers.push(t);
    if (this.transfers.length > RECENT) {
      const old = this.transfers.findIndex((x) => x.state.state === 'done');
      if (old >= 0) this.transfers.splice(old, 1);
    }
    return t;
  }

  private async refusal(role: Role, station: string, folder: string, isDefault: boolean): Promise<{ result: DownloadResult; detail: string } | null> {
    if (!roleAllows(role, 'engineer')) return { result: 'REFUSED_ROLE', detail: `role ${role} may not download device files (engineer or administrator)` };
    if (!this.deps.stations.get(station)) return { result: 'NO_STATION', detail: `no station ${station}` };
    if (!isAbsolute(folder)) return { result: 'BAD_FOLDER', detail: `${folder} is not an absolute path` };
    try {
      if (isDefault) await mkdir(folder, { recursive: true });
      if (!(await stat(folder)).isDirectory()) return { result: 'BAD_FOLDER', detail: `${folder} is not a folder` };
      await access(folder, constants.W_OK);
    } catch (error) {
      return { result: 'BAD_FOLDER', detail: `${folder}: ${(error as NodeJS.ErrnoException).code ?? String(error)}` };
    }
    return null;
  }

  /** Starts the station's next queued transfer when none is running or waiting and the station is ready. */
  private pump(station: string): void {
    const mine = this.transfers.filter((t) => t.state.station === station);
    if (mine.some((t) => t.state.state === 'running' || t.state.state === 'waiting')) return;
    const next = mine.find((t) => t.state.state === 'queued');
    if (next && this.deps.stations.get(station)?.state === 'ready') void this.start(next);
  }

  /** Opens the `.part` (continuing it on a resume) and asks the session to read from its size. */
  private async start(t: Transfer): Promise<void> {
    const resuming = t.state.state === 'waiting';
    const part = `${t.state.path}.part`;
    t.callId = `${t.state.id}:${t.state.resumes + (resuming ? 1 : 0)}`;
    this.stage(t, 'running', resuming ? 'RESUMING' : 'PENDING', true);
    try {
      const continueAt = resuming || t.resumeFirst ? await stat(part).then((s) => s.size, () => 0) : 0;
      t.handle = await open(part, continueAt > 0 ? 'r+' : 'w');
      t.state.received = continueAt;
    } catch (error) {
      return this.settle(t, 'WRITE_FAILED', `${part}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    if (resuming) t.state.resumes++;
    const read: SessionCall = { op: 'file.read', id: t.callId, name: t.state.name, offset: t.state.received, ...(t.credentials ? { credentials: t.credentials } : {}) };
    this.touch(t);
    if (!this.deps.stations.get(t.state.station)?.call(read)) await this.waitForLink(t, 'the station is not connected');
  }

  private data(t: Transfer, e: Extract<FileEvent, { type: 'fileData' }>): void {
    const handle = t.handle;
    t.state.size = e.size;
    t.writing = t.writing.then(async () => {
      if (!handle || t.writeError) return;
      try {
        await handle.write(e.bytes, 0, e.bytes.length, e.offset);
        t.state.received = Math.max(t.state.received, e.offset + e.bytes.length);
      } catch (error) {
        t.writeError = (error as NodeJS.ErrnoException).code ?? String(error);
      }
    });
    if (this.now() - t.lastProgress >= (this.deps.progressMs ?? 100)) {
      // reported once the block is on disk; counted from now, so blocks of one burst report once
      t.lastProgress = this.now();
      void t.writing.then(() => this.report(t));
    }
  }

  private async done(t: Transfer, e: Extract<FileEvent, { type: 'fileDone' }>): Promise<void> {
    t.callId = null;
    if (t.idle) clearTimeout(t.idle);
    await t.writing;
    await this.closePart(t);
    if (t.writeError) return this.settle(t, 'WRITE_FAILED', `${t.state.path}.part: ${t.writeError}`);
    if (e.result === 'LINK_LOST') return this.waitForLink(t, e.detail ?? 'the link dropped');
    if (!e.ok) return this.settle(t, e.result, e.detail ?? null);
    if (t.state.size !== null && t.state.received !== t.state.size) {
      return this.settle(t, 'CHECKSUM_MISMATCH', `${t.state.received} octets received, the device announced ${t.state.size}`);
    }
    try {
      await rename(`${t.state.path}.part`, t.state.path);
    } catch (error) {
      return this.settle(t, 'WRITE_FAILED', `${t.state.path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    t.state.size = t.state.received;
    return this.settle(t, 'SUCCESS', `${t.state.received} octets${t.state.resumes > 0 ? `, resumed ${t.state.resumes} time(s)` : ''}`);
  }

  /** The link dropped: keep the `.part` and wait; the station's next ready resumes. */
  private async waitForLink(t: Transfer, detail: string): Promise<void> {
    if (t.state.state === 'waiting' || t.state.state === 'done') return;
    t.callId = null;
    if (t.idle) clearTimeout(t.idle);
    await this.closePart(t);
    this.stage(t, 'waiting', 'LINK_LOST', false, `${detail}; ${t.state.received} octets kept, resuming when the station is ready`);
  }

  private async closePart(t: Transfer): Promise<void> {
    const handle = t.handle;
    t.handle = null;
    await handle?.close().catch(() => undefined);
  }

  /** Ends a transfer (an aborted one's `.part` is removed) and starts the station's next. */
  private async settle(t: Transfer, result: DownloadResult, detail: string | null): Promise<void> {
    if (t.state.state === 'done') return;
    t.callId = null;
    await t.writing;
    await this.closePart(t);
    if (result === 'ABORTED') await rm(`${t.state.path}.part`, { force: true });
    this.finish(t, result, detail);
    this.pump(t.state.station);
  }

  private finish(t: Transfer, result: DownloadResult, detail: string | null): void {
    if (t.idle) clearTimeout(t.idle);
    Object.assign(t.state, { state: 'done', result, ok: result === 'SUCCESS', detail, endedAt: this.now() });
    this.stage(t, 'done', result, result === 'SUCCESS', detail ?? undefined);
    this.deps.finished({ ...t.state });
  }

  /** Records a stage: the state, an audit record, a progress report. */
  private stage(t: Transfer, state: DownloadState, result: string, ok: boolean, detail?: string): void {
    t.state.state = state;
    if (state !== 'done' && detail !== undefined) t.state.detail = detail;
    t.stages.push({ stage: state, at: this.now(), result, ok, ...(detail !== undefined ? { detail } : {}) });
    this.deps.audit(auditOf(t));
    this.report(t);
  }

  private report(t: Transfer): void {
    t.lastProgress = this.now();
    this.deps.progress({ ...t.state });
  }

  /** Re-arms the idle guard of a running transfer. */
  private touch(t: Transfer): void {
    if (t.idle) clearTimeout(t.idle);
    const ms = this.deps.idleMs ?? 60_000;
    t.idle = setTimeout(() => {
      if (t.callId !== null) this.deps.stations.get(t.state.station)?.call({ op: 'file.abort', id: t.callId });
      void this.settle(t, 'TIMEOUT' satisfies FileResult, `no file data from the station within ${ms} ms`);
    }, ms);
    t.idle.unref?.();
  }
}

/** The audit record of a download: the action names the file, the value the local path. */
function auditOf(t: Transfer): StoredAudit {
  const s = t.state;
  return { id: s.id, time: s.startedAt, user: s.user, role: t.role, station: s.station, point: '', action: `download ${s.name}`, value: s.path, mode: 'file', result: s.result, ok: s.ok, detail: s.detail, stages: [...t.stages] };
}
