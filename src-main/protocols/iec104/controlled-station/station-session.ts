/**
 * The controlled-station (RTU) simulator session: answers STARTDT, interrogations, reads,
 * clock sync, tests and commands; sends spontaneous changes on a schedule or floods
 * measured values; in redundancy mode owns several links of which one is started, and
 * resends on the next started link what a lost one left unacknowledged.
 */
import type { ApciCloseCode } from '../../../../src-shared/session-errors';
import type { Session, SessionInput, SessionOutput } from '../../../../src-shared/session';
import { APCI_SIZE } from '../apci/apdu';
import { ApciConnection, type ApciHandler } from '../apci/connection';
import { Cot } from '../asdu/cause';
import { decodeAsdu, encodeAsdu } from '../asdu/codec';
import type { Asdu, AsduInput } from '../asdu/types';
import { StationCommands } from './commands';
import type { ResolvedStationConfig } from './config';
import { mirror, type StationContext } from './context';
import { StationDatabase, type SimPoint } from './database';
import { FloodBuilder } from './flood';
import { StationFileServer } from './file-server';
import {
  answerClockSync,
  answerConfirm,
  answerCounterInterrogation,
  answerInterrogation,
  answerRead,
  sendPoints,
} from './responder';

const SPONT = 'spont';
const FILES = 'files';
const MODEL = 'model';

function isEventCause(cause: number): boolean {
  return cause === Cot.SPONTANEOUS || cause === Cot.RETURN_REMOTE || cause === Cot.RETURN_LOCAL;
}
const FLOOD = 'flood';

/** The station session; create it with `createIec104Station`. */
export class Iec104StationSession implements Session, StationContext, ApciHandler {
  readonly db: StationDatabase;
  private readonly links: ApciConnection[];
  private active: number | null = null;
  private readonly commands: StationCommands;
  private readonly flood: FloodBuilder | null;
  private readonly files: StationFileServer | null;
  private floodCredit = 0;
  private floodLast = 0;
  private modelLast: number | null = null;

  constructor(readonly config: ResolvedStationConfig, db?: StationDatabase) {
    this.db = db ?? new StationDatabase(config.points, config.commonAddresses[0] as number, config.models?.seed);
    this.links = Array.from({ length: config.links }, (_, i) => new ApciConnection(i, config, 'station', this));
    this.commands = new StationCommands(this);
    const f = config.flood;
    this.flood = f === null ? null : new FloodBuilder(f.objectsPerAsdu, f.firstIoa, config.commonAddresses[0] as number, config.asdu, f.cause);
    this.files = config.files === null ? null : new StationFileServer(this, config.files);
  }

  /** The started link, or null. */
  get activeLink(): number | null {
    return this.active;
  }

  step(input: SessionInput, nowMs: number): SessionOutput[] {
    const out: SessionOutput[] = [];
    switch (input.kind) {
      case 'up':
        this.links[input.link ?? 0]?.up(nowMs, out);
        break;
      case 'down':
        this.lose(input.link ?? 0, out);
        break;
      case 'rx':
        this.links[input.link ?? 0]?.rx(input.bytes, nowMs, out);
        break;
      case 'timer':
        this.onTimer(input.id, nowMs, out);
        break;
      case 'call':
        break;
    }
    return out;
  }

  // --- StationContext ---

  send(asdu: AsduInput, nowMs: number, out: SessionOutput[]): boolean {
    if (this.active === null) return false;
    return (this.links[this.active] as ApciConnection).sendAsdu(encodeAsdu(asdu, this.config.asdu, APCI_SIZE), nowMs, out);
  }

  deviceMs(nowMs: number): number {
    return nowMs + this.config.epochOffsetMs + this.config.clockErrorMs + this.db.clockCorrectionMs;
  }

  // --- ApciHandler ---

  onAsdu(link: number, bytes: Uint8Array, nowMs: number, out: SessionOutput[]): void {
    if (link !== this.active) return;
    const d = decodeAsdu(bytes, this.config.asdu);
    if (!d.ok) {
      if (d.error.code === 'ASDU_UNKNOWN_TYPE') this.refuseUnknownType(bytes, nowMs, out);
      return;
    }
    const a = d.value;
    const broadcast = a.commonAddress === (this.config.asdu.caSize === 2 ? 0xffff : 0xff);
    const cas = broadcast && [100, 101, 103, 105].includes(a.typeId) ? this.config.commonAddresses : [a.commonAddress];
    for (const ca of cas) {
      if (!this.config.commonAddresses.includes(ca)) return mirror(this, a, Cot.UNKNOWN_CA, true, nowMs, out);
      this.dispatch({ ...a, commonAddress: ca }, nowMs, out);
    }
  }

  onStarted(link: number, nowMs: number, out: SessionOutput[]): void {
    this.active = link;
    const conn = this.links[link] as ApciConnection;
    for (const frame of this.db.takeBacklog()) conn.sendAsdu(frame, nowMs, out);
    if (this.config.endOfInit && !this.db.initReported) {
      this.db.initReported = true;
      for (const ca of this.config.commonAddresses) {
        this.send({ typeId: 70, cause: Cot.INITIALIZED, commonAddress: ca, objects: [{ ioa: 0, value: 0, quality: [] }] }, nowMs, out);
      }
    }
    if (this.flood !== null) {
      this.floodLast = nowMs;
      this.floodCredit = 0;
      out.push({ kind: 'arm', id: FLOOD, ms: this.config.flood?.tickMs ?? 10 });
      return;
    }
    if (this.files !== null && this.config.files !== null && this.config.files.watchMs > 0) out.push({ kind: 'arm', id: FILES, ms: this.config.files.watchMs });
    if (this.config.changes !== null) out.push({ kind: 'arm', id: SPONT, ms: this.config.changes.everyMs });
    if (this.config.models !== null) out.push({ kind: 'arm', id: MODEL, ms: this.config.models.tickMs });
  }

  onStopped(link: number): void {
    if (link === this.active) this.active = null;
  }

  onClosed(link: number, _code: ApciCloseCode, _reason: string, _nowMs: number, out: SessionOutput[]): void {
    this.lose(link, out);
  }

  onWindow(_link: number, nowMs: number, out: SessionOutput[]): void {
    if (this.flood !== null) this.pump(nowMs, out);
  }

  onFrame(): void {}

  // --- internals ---

  private lose(link: number, out: SessionOutput[]): void {
    const conn = this.links[link];
    if (conn === undefined || !conn.connected) return;
    const unsent = conn.down(out);
    if (link === this.active) {
      this.active = null;
      // Events (spontaneous, return information) are resent on the next started link;
      // answers to the lost link's requests are not (the master repeats its requests).
      if (this.flood === null) this.db.addBacklog(unsent.filter((f) => isEventCause((f[APCI_SIZE + 2] as number) & 0x3f)));
    }
  }

  private dispatch(a: Asdu, nowMs: number, out: SessionOutput[]): void {
    const t = a.typeId;
    if (t === 100) answerInterrogation(this, a, nowMs, out);
    else if (t === 101) answerCounterInterrogation(this, a, nowMs, out);
    else if (t === 102) answerRead(this, a, nowMs, out);
    else if (t === 103) answerClockSync(this, a, nowMs, out);
    else if (t === 105 || t === 107) answerConfirm(this, a, nowMs, out);
    else if (t >= 45 && t <= 64) this.commands.handle(a, nowMs, out);
    else if ((t === 122 || t === 124) && this.files !== null) this.files.handle(a, nowMs, out);
    else mirror(this, a, Cot.UNKNOWN_TYPE, true, nowMs, out);
  }

  /** An ASDU of an unsupported type: sent back as received with COT 44 (unknown type) and P/N. */
  private refuseUnknownType(bytes: Uint8Array, nowMs: number, out: SessionOutput[]): void {
    if (this.active === null || bytes.length < 3) return;
    const frame = new Uint8Array(APCI_SIZE + bytes.length);
    frame.set(bytes, APCI_SIZE);
    frame[APCI_SIZE + 2] = Cot.UNKNOWN_TYPE | 0x40 | ((bytes[2] as number) & 0x80);
    (this.links[this.active] as ApciConnection).sendAsdu(frame, nowMs, out);
  }

  private onTimer(id: string, nowMs: number, out: SessionOutput[]): void {
    for (const l of this.links) if (l.timer(id, nowMs, out)) return;
    if (this.commands.timer(id, nowMs, out) || this.active === null) return;
    if (id === SPONT && this.config.changes !== null) {
      this.sendChanges(this.db.change(this.config.changes.count, this.config.changes.ioas), nowMs, out);
      out.push({ kind: 'arm', id: SPONT, ms: this.config.changes.everyMs });
    } else if (id === MODEL && this.config.models !== null) {
      const dtMs = this.modelLast === null ? this.config.models.tickMs : Math.max(0, nowMs - this.modelLast);
      this.modelLast = nowMs;
      this.sendChanges(this.db.advanceModels(dtMs), nowMs, out);
      out.push({ kind: 'arm', id: MODEL, ms: this.config.models.tickMs });
    } else if (id === FILES && this.files !== null) {
      this.files.watch(nowMs, out);
      out.push({ kind: 'arm', id: FILES, ms: this.config.files?.watchMs ?? 1000 });
    } else if (id === FLOOD && this.flood !== null) {
      this.pump(nowMs, out);
      out.push({ kind: 'arm', id: FLOOD, ms: this.config.flood?.tickMs ?? 10 });
    }
  }

  private sendChanges(changed: SimPoint[], nowMs: number, out: SessionOutput[]): void {
    for (const ca of this.config.commonAddresses) {
      const mine = changed.filter((p) => p.ca === ca);
      if (mine.length > 0) sendPoints(this, ca, mine, Cot.SPONTANEOUS, (p) => p.spec, nowMs, out);
    }
  }

  private pump(nowMs: number, out: SessionOutput[]): void {
    const f = this.config.flood;
    if (this.flood === null || f === null || this.active === null) return;
    const conn = this.links[this.active] as ApciConnection;
    const cap = Math.max(1, (f.asduPerSecond * f.tickMs * 4) / 1000);
    this.floodCredit = Math.min(cap, this.floodCredit + ((nowMs - this.floodLast) * f.asduPerSecond) / 1000);
    this.floodLast = nowMs;
    while (this.floodCredit >= 1 && conn.canSend()) {
      conn.sendAsdu(this.flood.next(), nowMs, out);
      this.floodCredit -= 1;
    }
  }
}
