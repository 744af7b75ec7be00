/**
 * File transfer in monitor direction, as the controlling station runs it (IEC 60870-5-101
 * clause 7.4.11, used unchanged by 104):
 *
 *   list:  F_SC_NA_1 req (call directory)            -> F_DR_TA_1 req ... up to the entry with LFD
 *   read:  F_SC_NA_1 file SCQ=select file            -> F_FR_NA_1 (file ready, LOF)
 *          F_SC_NA_1 file SCQ=request file           -> F_SR_NA_1 (section ready, NOS, LOF)
 *          F_SC_NA_1 file SCQ=request section        -> F_SG_NA_1 ... F_LS_NA_1 LSQ=3 (CHS of the section)
 *          F_AF_NA_1 file AFQ=positive ack section   -> F_SR_NA_1 of the next section ...
 *                                                    -> F_LS_NA_1 LSQ=1 (CHS of the file)
 *          F_AF_NA_1 file AFQ=positive ack file
 *
 * A section's octets are delivered as one `fileData` once its checksum (the sum of its
 * octets modulo 256) matched. A read from an offset skips the sections that end before it
 * (acknowledged without being called) and delivers only octets from the offset; the file
 * checksum then covers octets not transferred and is not checked.
 */
import type { FileCall, FileEvent, FileResult, RemoteFileEntry } from '../../../../src-shared/file-transfer';
import type { SessionOutput } from '../../../../src-shared/session';
import { Cot } from '../asdu/cause';
import { AFQ, checksum, FILE_ERROR, LSQ, READY_NEGATIVE, SCQ, SOF_FOR, SOF_LFD } from '../asdu/file-qualifiers';
import type { Asdu, InfoObject } from '../asdu/types';
import { arm, cancel, type MasterContext } from './context';

type ListCall = Extract<FileCall, { op: 'file.list' }>;
type ReadCall = Extract<FileCall, { op: 'file.read' }>;

interface Listing {
  kind: 'list';
  id: string;
  ioa: number;
  entries: RemoteFileEntry[];
}

/** Where a read stands: awaiting F_FR, F_SR or the file's F_LS, or receiving a section's segments. */
type ReadPhase = 'select' | 'file' | 'section';

interface Reading {
  kind: 'read';
  id: string;
  ioa: number;
  nof: number;
  offset: number;
  phase: ReadPhase;
  /** LOF of the file (F_FR). */
  size: number;
  /** File position of the current section's first octet. */
  position: number;
  section: number;
  sectionLength: number;
  parts: Uint8Array[];
  received: number;
  /** Checksum of every section so far; null once a section was skipped. */
  fileSum: number | null;
  delivered: number;
}

type Transfer = Listing | Reading;

const TIMER = { list: 'file:list', read: 'file:read' } as const;
const FILE_NAME = /^(\d{1,8})\/(\d{1,5})$/;

/** The result of a refusal with cause 44-47 (unknown type, cause, common address, IOA). */
function refusal(cause: number): FileResult {
  return cause === Cot.UNKNOWN_TYPE || cause === Cot.UNKNOWN_CAUSE ? 'UNSUPPORTED' : 'NOT_FOUND';
}

/** The master's file transfers: at most one listing and one read at a time, the others queued. */
export class FileTransfers {
  private readonly running: { list: Listing | null; read: Reading | null } = { list: null, read: null };
  private readonly queued: FileCall[] = [];

  constructor(private readonly ctx: MasterContext) {}

  /** A file call from the engine. */
  call(call: FileCall, nowMs: number, out: SessionOutput[]): void {
    if (call.op === 'file.abort') return this.abort(call.id, nowMs, out);
    const kind = call.op === 'file.list' ? 'list' : 'read';
    if (this.running[kind] !== null) {
      this.queued.push(call);
      return;
    }
    if (call.op === 'file.list') this.list(call, nowMs, out);
    else this.read(call, nowMs, out);
  }

  /** A received ASDU of a file type (120-126), or a refusal of one. */
  onAsdu(a: Asdu, nowMs: number, out: SessionOutput[]): void {
    const obj = a.objects[0];
    if (obj === undefined) return;
    const t = this.transferOf(a, obj);
    if (t === null) return;
    if (a.cause >= Cot.UNKNOWN_TYPE && a.cause <= Cot.UNKNOWN_IOA) return this.end(t, refusal(a.cause), `the device answered ${a.typeName} with cause ${a.cause} (unknown type, cause, common address or IOA)`, nowMs, out);
    if (a.typeId === 122 && a.negative) return this.end(t, 'DEVICE_REFUSED', `the device refused ${a.typeName} (negative confirm)`, nowMs, out);
    arm(out, TIMER[t.kind], this.ctx.config.fileTimeoutMs);
    if (t.kind === 'list') this.onDirectory(t, a, nowMs, out);
    else this.onRead(t, a, obj, nowMs, out);
  }

  /** A timer fired; false when it is not a file timer. */
  timer(id: string, nowMs: number, out: SessionOutput[]): boolean {
    const t = id === TIMER.list ? this.running.list : id === TIMER.read ? this.running.read : null;
    if (t === null) return false;
    if (t.kind === 'list' && t.entries.length > 0) this.end(t, 'SUCCESS', 'the directory ended without an entry marked last of directory (LFD)', nowMs, out);
    else this.end(t, 'TIMEOUT', `no answer within ${this.ctx.config.fileTimeoutMs} ms`, nowMs, out);
    return true;
  }

  /** The started link was lost or stopped: every transfer ends (LINK_LOST), the queued ones too. */
  failAll(detail: string, nowMs: number, out: SessionOutput[]): void {
    for (const t of [this.running.list, this.running.read]) if (t !== null) this.end(t, 'LINK_LOST', detail, nowMs, out, false);
    for (const call of this.queued.splice(0)) {
      if (call.op !== 'file.abort') this.report(call.op === 'file.list' ? 'list' : 'read', call.id, 'LINK_LOST', detail, [], 0, out);
    }
  }

  // --- listing ---

  private list(call: ListCall, nowMs: number, out: SessionOutput[]): void {
    const ioa = call.directory === '' ? this.ctx.config.fileDirectoryIoa : /^\d{1,8}$/.test(call.directory) ? Number(call.directory) : NaN;
    if (!Number.isInteger(ioa)) return this.report('list', call.id, 'NOT_FOUND', `'${call.directory}' is not an IEC 104 directory (its IOA)`, [], 0, out);
    const t: Listing = { kind: 'list', id: call.id, ioa, entries: [] };
    this.start(t, Cot.REQUEST, { ioa, value: 0, quality: [], section: 0, qualifier: SCQ.DEFAULT }, nowMs, out);
  }

  private onDirectory(t: Listing, a: Asdu, nowMs: number, out: SessionOutput[]): void {
    if (a.typeId !== 126 || a.cause !== Cot.REQUEST) return;
    let last = false;
    for (const obj of a.objects) {
      const sof = obj.qualifier ?? 0;
      const directory = (sof & SOF_FOR) !== 0;
      const time = obj.time?.kind === 'cp56' && !obj.time.iv ? obj.time.epochMs : null;
      t.entries.push({ name: directory ? String(obj.ioa) : `${obj.ioa}/${Number(obj.value)}`, kind: directory ? 'directory' : 'file', size: obj.length ?? 0, modifiedMs: time });
      last ||= (sof & SOF_LFD) !== 0;
    }
    if (last) this.end(t, 'SUCCESS', undefined, nowMs, out);
  }

  // --- reading ---

  private read(call: ReadCall, nowMs: number, out: SessionOutput[]): void {
    const m = FILE_NAME.exec(call.name);
    if (m === null) return this.report('read', call.id, 'NOT_FOUND', `'${call.name}' is not an IEC 104 file name (<IOA>/<NOF>)`, [], 0, out);
    const t: Reading = {
      kind: 'read', id: call.id, ioa: Number(m[1]), nof: Number(m[2]), offset: Math.max(0, Math.floor(call.offset)), phase: 'select',
      size: 0, position: 0, section: 0, sectionLength: 0, parts: [], received: 0, fileSum: 0, delivered: 0,
    };
    this.start(t, Cot.FILE, this.fileObject(t, 0, SCQ.SELECT_FILE), nowMs, out);
  }

  private onRead(t: Reading, a: Asdu, obj: InfoObject, nowMs: number, out: SessionOutput[]): void {
    if (a.cause !== Cot.FILE) return;
    switch (a.typeId) {
      case 120:
        return this.onFileReady(t, obj, nowMs, out);
      case 121:
        return this.onSectionReady(t, obj, nowMs, out);
      case 125:
        return this.onSegment(t, obj, nowMs, out);
      case 123:
        return t.phase === 'section' ? this.onLastSegment(t, obj, nowMs, out) : this.onLastSection(t, obj, nowMs, out);
    }
  }

  private onFileReady(t: Reading, obj: InfoObject, nowMs: number, out: SessionOutput[]): void {
    if (t.phase !== 'select') return;
    if ((obj.qualifier ?? 0) & READY_NEGATIVE) return this.end(t, 'NOT_FOUND', `the device has no file ${t.ioa}/${t.nof} ready (F_FR_NA_1 negative confirm)`, nowMs, out);
    t.size = obj.length ?? 0;
    if (t.offset >= t.size) {
      this.send(t, SCQ.DEACTIVATE_FILE, nowMs, out);
      return this.end(t, 'SUCCESS', `nothing after octet ${t.offset} of ${t.size}`, nowMs, out);
    }
    t.phase = 'file';
    this.send(t, SCQ.REQUEST_FILE, nowMs, out);
  }

  private onSectionReady(t: Reading, obj: InfoObject, nowMs: number, out: SessionOutput[]): void {
    if (t.phase !== 'file') return;
    if ((obj.qualifier ?? 0) & READY_NEGATIVE) return this.end(t, 'DEVICE_REFUSED', `section ${obj.section ?? 0} not ready (F_SR_NA_1)`, nowMs, out);
    t.section = obj.section ?? 0;
    t.sectionLength = obj.length ?? 0;
    if (t.position + t.sectionLength <= t.offset && t.sectionLength > 0) {
      // The whole section lies before the offset: acknowledge it without calling it.
      t.position += t.sectionLength;
      t.fileSum = null;
      return this.ack(t, AFQ.SECTION_POSITIVE, nowMs, out);
    }
    t.phase = 'section';
    t.parts = [];
    t.received = 0;
    this.send(t, SCQ.REQUEST_SECTION, nowMs, out);
  }

  private onSegment(t: Reading, obj: InfoObject, nowMs: number, out: SessionOutput[]): void {
    if (t.phase !== 'section' || obj.section !== t.section || obj.segment === undefined) return;
    t.parts.push(obj.segment);
    t.received += obj.segment.length;
    if (t.received > t.sectionLength) this.fail(t, `section ${t.section} sent ${t.received} octets, ${t.sectionLength} announced`, nowMs, out);
  }

  private onLastSegment(t: Reading, obj: InfoObject, nowMs: number, out: SessionOutput[]): void {
    if (obj.section !== t.section) return;
    if (obj.qualifier !== LSQ.SECTION_TRANSFER) return this.end(t, 'DEVICE_REFUSED', `the device ended section ${t.section} with LSQ ${obj.qualifier ?? 0}`, nowMs, out);
    const data = join(t.parts, t.received);
    const sum = checksum(data);
    if (t.received !== t.sectionLength) return this.fail(t, `section ${t.section}: ${t.received} octets received, ${t.sectionLength} announced`, nowMs, out);
    if (sum !== obj.checksum) return this.fail(t, `section ${t.section}: checksum ${hex(obj.checksum ?? 0)} announced, ${hex(sum)} computed`, nowMs, out);
    const from = Math.max(0, t.offset - t.position);
    if (from < data.length) {
      this.ctx.emit({ type: 'fileData', id: t.id, offset: t.position + from, bytes: data.subarray(from), size: t.size }, out);
      t.delivered += data.length - from;
    }
    if (t.fileSum !== null) t.fileSum = (t.fileSum + sum) & 0xff;
    t.position += t.sectionLength;
    t.phase = 'file';
    this.ack(t, AFQ.SECTION_POSITIVE, nowMs, out);
  }

  private onLastSection(t: Reading, obj: InfoObject, nowMs: number, out: SessionOutput[]): void {
    if (t.phase !== 'file') return;
    if (obj.qualifier !== LSQ.FILE_TRANSFER) return this.end(t, 'DEVICE_REFUSED', `the device ended the file with LSQ ${obj.qualifier ?? 0}`, nowMs, out);
    if (t.position !== t.size) return this.failFile(t, `the sections hold ${t.position} octets, the file ${t.size}`, nowMs, out);
    if (t.fileSum !== null && t.fileSum !== obj.checksum) return this.failFile(t, `file checksum ${hex(obj.checksum ?? 0)} announced, ${hex(t.fileSum)} computed`, nowMs, out);
    this.ack(t, AFQ.FILE_POSITIVE, nowMs, out);
    this.end(t, 'SUCCESS', undefined, nowMs, out);
  }

  /** A section failed its checksum or length: negative section and file acknowledgements, CHECKSUM_MISMATCH. */
  private fail(t: Reading, detail: string, nowMs: number, out: SessionOutput[]): void {
    this.ack(t, AFQ.SECTION_NEGATIVE | (FILE_ERROR.CHECKSUM_FAILED << 4), nowMs, out);
    this.failFile(t, detail, nowMs, out);
  }

  private failFile(t: Reading, detail: string, nowMs: number, out: SessionOutput[]): void {
    this.ack(t, AFQ.FILE_NEGATIVE | (FILE_ERROR.CHECKSUM_FAILED << 4), nowMs, out);
    this.end(t, 'CHECKSUM_MISMATCH', detail, nowMs, out);
  }

  private abort(id: string, nowMs: number, out: SessionOutput[]): void {
    const at = this.queued.findIndex((c) => c.op !== 'file.abort' && c.id === id);
    if (at >= 0) {
      const [call] = this.queued.splice(at, 1) as [ListCall | ReadCall];
      return this.report(call.op === 'file.list' ? 'list' : 'read', id, 'ABORTED', 'aborted before it started', [], 0, out);
    }
    const t = [this.running.list, this.running.read].find((r) => r?.id === id);
    if (t === undefined || t === null) return;
    if (t.kind === 'read' && t.phase !== 'select') this.ack(t, AFQ.FILE_NEGATIVE, nowMs, out);
    this.end(t, 'ABORTED', 'aborted by the user', nowMs, out);
  }

  // --- plumbing ---

  /** The running transfer an ASDU belongs to: the listing's or the read's IOA (and the read's NOF). */
  private transferOf(a: Asdu, obj: InfoObject): Transfer | null {
    const l = this.running.list;
    if (l !== null && obj.ioa === l.ioa && (a.typeId === 126 || (a.typeId === 122 && (obj.qualifier ?? 0) === SCQ.DEFAULT))) return l;
    const r = this.running.read;
    if (r !== null && obj.ioa === r.ioa && Number(obj.value) === r.nof && a.typeId !== 126) return r;
    return null;
  }

  private fileObject(t: Reading, section: number, qualifier: number): InfoObject {
    return { ioa: t.ioa, value: t.nof, quality: [], section, qualifier };
  }

  private start(t: Transfer, cause: number, obj: InfoObject, nowMs: number, out: SessionOutput[]): void {
    if (!this.ctx.send({ typeId: 122, cause, commonAddress: this.ca, objects: [obj] }, nowMs, out)) {
      return this.report(t.kind, t.id, 'LINK_LOST', 'no started link', [], 0, out);
    }
    if (t.kind === 'list') this.running.list = t;
    else this.running.read = t;
    arm(out, TIMER[t.kind], this.ctx.config.fileTimeoutMs);
  }

  private send(t: Reading, scq: number, nowMs: number, out: SessionOutput[]): void {
    this.ctx.send({ typeId: 122, cause: Cot.FILE, commonAddress: this.ca, objects: [this.fileObject(t, scq === SCQ.REQUEST_SECTION ? t.section : 0, scq)] }, nowMs, out);
  }

  private ack(t: Reading, afq: number, nowMs: number, out: SessionOutput[]): void {
    const section = (afq & 0x0f) === AFQ.SECTION_POSITIVE || (afq & 0x0f) === AFQ.SECTION_NEGATIVE ? t.section : 0;
    this.ctx.send({ typeId: 124, cause: Cot.FILE, commonAddress: this.ca, objects: [this.fileObject(t, section, afq)] }, nowMs, out);
  }

  private get ca(): number {
    return this.ctx.config.commonAddresses[0] as number;
  }

  /** Ends a transfer with its event, then starts the next queued call of its kind. */
  private end(t: Transfer, result: FileResult, detail: string | undefined, nowMs: number, out: SessionOutput[], next = true): void {
    this.running[t.kind] = null;
    cancel(out, TIMER[t.kind]);
    this.report(t.kind, t.id, result, detail, t.kind === 'list' ? t.entries : [], t.kind === 'read' ? t.delivered : 0, out);
    if (!next) return;
    const at = this.queued.findIndex((c) => (c.op === 'file.list' ? 'list' : 'read') === t.kind);
    if (at >= 0) this.call(this.queued.splice(at, 1)[0] as FileCall, nowMs, out);
  }

  private report(kind: 'list' | 'read', id: string, result: FileResult, detail: string | undefined, entries: RemoteFileEntry[], size: number, out: SessionOutput[]): void {
    const ok = result === 'SUCCESS';
    const extra = detail === undefined ? {} : { detail };
    const event: FileEvent = kind === 'list' ? { type: 'fileList', id, ok, result, entries, ...extra } : { type: 'fileDone', id, ok, result, size, ...extra };
    this.ctx.emit(event, out);
  }
}

function join(parts: Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1) return parts[0] as Uint8Array;
  const all = new Uint8Array(length);
  let o = 0;
  for (const p of parts) {
    all.set(p, o);
    o += p.length;
  }
  return all;
}

const hex = (n: number): string => `0x${n.toString(16).padStart(2, '0')}`;
