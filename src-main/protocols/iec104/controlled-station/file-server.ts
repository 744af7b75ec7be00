/**
 * The simulator's side of file transfer in monitor direction (IEC 60870-5-101 clause
 * 7.4.11): answers the call of the directory with F_DR_TA_1 (the last entry marked LFD),
 * a select with F_FR_NA_1, the call of the file with F_SR_NA_1 of the first section, the
 * call of a section with its segments and F_LS_NA_1 (its checksum), and a section's
 * positive acknowledgement with the next section ready, or after the last one F_LS_NA_1
 * with the file's checksum. Reports the directory spontaneously (COT 3) when it changed.
 * One transfer per connection.
 */
import type { SessionOutput } from '../../../../src-shared/session';
import { Cot } from '../asdu/cause';
import { asduLength, MAX_ASDU_LENGTH } from '../asdu/codec';
import { typeSpec } from '../asdu/type-table';
import { AFQ, checksum, LSQ, READY_NEGATIVE, SCQ, SOF_LFD } from '../asdu/file-qualifiers';
import { cp56FromEpoch } from '../asdu/time-tags';
import type { Asdu, InfoObject, TypeSpec } from '../asdu/types';
import type { ResolvedFileServing } from './config';
import { mirror, type StationContext } from './context';
import type { StationFile } from './station-files';

interface Transfer {
  file: StationFile;
  /** Sections of the file: [start, end) octets. */
  sections: Array<[number, number]>;
  /** NOS of the section announced or sent last (1-based; 0 before the first). */
  section: number;
  /** Whether the master called that section (rather than acknowledging it unread, to skip it). */
  called: boolean;
}

/** File transfer of one station session. */
export class StationFileServer {
  private transfer: Transfer | null = null;
  private reportedVersion: number;

  constructor(
    private readonly ctx: StationContext,
    private readonly serving: ResolvedFileServing,
  ) {
    this.reportedVersion = serving.files.version;
  }

  /** An ASDU of type 122 (select and call) or 124 (acknowledgement). */
  handle(a: Asdu, nowMs: number, out: SessionOutput[]): void {
    const obj = a.objects[0] as InfoObject;
    if (obj.ioa !== this.serving.directoryIoa) return mirror(this.ctx, a, Cot.UNKNOWN_IOA, true, nowMs, out);
    if (a.typeId === 122 && a.cause === Cot.REQUEST && (obj.qualifier ?? 0) === SCQ.DEFAULT) return this.sendDirectory(a.commonAddress, Cot.REQUEST, nowMs, out);
    if (a.cause !== Cot.FILE) return mirror(this.ctx, a, Cot.UNKNOWN_CAUSE, true, nowMs, out);
    if (a.typeId === 122) this.onCall(a, obj, nowMs, out);
    else this.onAck(a, obj, nowMs, out);
  }

  /** The directory changed since this connection last reported it: F_DR_TA_1 spontaneous. */
  watch(nowMs: number, out: SessionOutput[]): void {
    if (this.serving.files.version === this.reportedVersion) return;
    this.reportedVersion = this.serving.files.version;
    for (const ca of this.ctx.config.commonAddresses) this.sendDirectory(ca, Cot.SPONTANEOUS, nowMs, out);
  }

  private onCall(a: Asdu, obj: InfoObject, nowMs: number, out: SessionOutput[]): void {
    const nof = Number(obj.value);
    const scq = (obj.qualifier ?? 0) & 0x0f;
    if (scq === SCQ.SELECT_FILE) return this.select(a.commonAddress, nof, nowMs, out);
    const t = this.transfer;
    if (t === null || t.file.nof !== nof) return mirror(this.ctx, a, Cot.FILE, true, nowMs, out);
    if (scq === SCQ.REQUEST_FILE) return this.sectionReady(a.commonAddress, t, 1, nowMs, out);
    if (scq === SCQ.REQUEST_SECTION) return this.sendSection(a.commonAddress, t, obj.section ?? 0, nowMs, out);
    if (scq === SCQ.DEACTIVATE_FILE) {
      this.transfer = null;
      return this.fileReady(a.commonAddress, nof, t.file.bytes.length, false, nowMs, out);
    }
    mirror(this.ctx, a, Cot.FILE, true, nowMs, out);
  }

  private onAck(a: Asdu, obj: InfoObject, nowMs: number, out: SessionOutput[]): void {
    const t = this.transfer;
    const afq = (obj.qualifier ?? 0) & 0x0f;
    if (t === null || t.file.nof !== Number(obj.value)) return;
    if (afq === AFQ.FILE_POSITIVE || afq === AFQ.FILE_NEGATIVE) {
      this.transfer = null;
      return;
    }
    // A positive acknowledgement of the section announced (called or skipped) moves on;
    // after a negative one the master calls the section again or gives up the file.
    // An eager station announced the next section already, unless this one was skipped.
    if (afq === AFQ.SECTION_POSITIVE && obj.section === t.section && !(this.serving.eagerSections && t.called)) this.next(a.commonAddress, t, nowMs, out);
  }

  private select(ca: number, nof: number, nowMs: number, out: SessionOutput[]): void {
    const file = this.serving.files.get(nof);
    if (file === undefined) {
      this.transfer = null;
      return this.fileReady(ca, nof, 0, true, nowMs, out);
    }
    const size = file.bytes.length;
    const sections: Array<[number, number]> = [];
    for (let at = 0; at < size; at += this.serving.sectionSize) sections.push([at, Math.min(size, at + this.serving.sectionSize)]);
    this.transfer = { file, sections, section: 0, called: false };
    this.fileReady(ca, nof, size, false, nowMs, out);
  }

  private fileReady(ca: number, nof: number, size: number, negative: boolean, nowMs: number, out: SessionOutput[]): void {
    const obj: InfoObject = { ioa: this.serving.directoryIoa, value: nof, quality: [], length: size, qualifier: negative ? READY_NEGATIVE : 0 };
    this.ctx.send({ typeId: 120, cause: Cot.FILE, commonAddress: ca, objects: [obj] }, nowMs, out);
  }

  /** F_SR_NA_1 of section `nos`, or the file's F_LS_NA_1 when there is no such section. */
  private sectionReady(ca: number, t: Transfer, nos: number, nowMs: number, out: SessionOutput[]): void {
    const range = t.sections[nos - 1];
    if (range === undefined) return this.lastSection(ca, t, nowMs, out);
    t.section = nos;
    t.called = false;
    const obj: InfoObject = { ioa: this.serving.directoryIoa, value: t.file.nof, quality: [], section: nos, length: range[1] - range[0], qualifier: 0 };
    this.ctx.send({ typeId: 121, cause: Cot.FILE, commonAddress: ca, objects: [obj] }, nowMs, out);
  }

  private next(ca: number, t: Transfer, nowMs: number, out: SessionOutput[]): void {
    this.sectionReady(ca, t, t.section + 1, nowMs, out);
  }

  /** The segments of a section and its F_LS_NA_1 (LSQ section transfer, CHS). */
  private sendSection(ca: number, t: Transfer, nos: number, nowMs: number, out: SessionOutput[]): void {
    const range = t.sections[nos - 1];
    if (range === undefined) return;
    t.section = nos;
    t.called = true;
    const data = t.file.bytes.subarray(range[0], range[1]);
    const step = this.serving.segmentSize;
    for (let at = 0; at < data.length; at += step) {
      const segment = data.subarray(at, Math.min(data.length, at + step));
      const obj: InfoObject = { ioa: this.serving.directoryIoa, value: t.file.nof, quality: [], section: nos, segment };
      this.ctx.send({ typeId: 125, cause: Cot.FILE, commonAddress: ca, objects: [obj] }, nowMs, out);
    }
    const corrupt = this.serving.corruptChecksum === 'section' && nos === 1 ? 1 : 0;
    this.last(ca, t, nos, LSQ.SECTION_TRANSFER, (checksum(data) + corrupt) & 0xff, nowMs, out);
    if (this.serving.eagerSections) this.next(ca, t, nowMs, out);
  }

  private lastSection(ca: number, t: Transfer, nowMs: number, out: SessionOutput[]): void {
    const corrupt = this.serving.corruptChecksum === 'file' ? 1 : 0;
    this.last(ca, t, t.section, LSQ.FILE_TRANSFER, (checksum(t.file.bytes) + corrupt) & 0xff, nowMs, out);
  }

  private last(ca: number, t: Transfer, nos: number, lsq: number, chs: number, nowMs: number, out: SessionOutput[]): void {
    const obj: InfoObject = { ioa: this.serving.directoryIoa, value: t.file.nof, quality: [], section: nos, qualifier: lsq, checksum: chs };
    this.ctx.send({ typeId: 123, cause: Cot.FILE, commonAddress: ca, objects: [obj] }, nowMs, out);
  }

  /** The directory as F_DR_TA_1 (SQ=0, every entry at the directory's IOA), the last entry marked LFD. */
  private sendDirectory(ca: number, cause: number, nowMs: number, out: SessionOutput[]): void {
    const files = this.serving.files.list();
    if (files.length === 0) {
      if (cause === Cot.REQUEST) this.ctx.send({ typeId: 122, cause, negative: true, commonAddress: ca, objects: [{ ioa: this.serving.directoryIoa, value: 0, quality: [], section: 0, qualifier: 0 }] }, nowMs, out);
      return;
    }
    const entrySize = (typeSpec(126) as TypeSpec).size;
    let perAsdu = 1;
    while (perAsdu < 127 && asduLength(entrySize, perAsdu + 1, false, this.ctx.config.asdu) <= MAX_ASDU_LENGTH) perAsdu++;
    const device = this.ctx.deviceMs(nowMs);
    const entries = files.map((f, i): InfoObject => ({
      ioa: this.serving.directoryIoa,
      value: f.nof,
      quality: [],
      length: f.bytes.length,
      qualifier: i === files.length - 1 ? SOF_LFD : 0,
      time: f.modifiedMs === null ? { ...cp56FromEpoch(device), iv: true } : cp56FromEpoch(f.modifiedMs),
    }));
    for (let at = 0; at < entries.length; at += perAsdu) {
      this.ctx.send({ typeId: 126, cause, commonAddress: ca, objects: entries.slice(at, at + perAsdu) }, nowMs, out);
    }
  }
}
