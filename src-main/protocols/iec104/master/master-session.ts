/**
 * The IEC 104 controlling station (master) session: one or several links (a redundancy
 * group of which exactly one is started), the start procedure (STARTDT, GI, clock sync),
 * periodic tasks, routing of received ASDUs to point updates and task managers, and
 * analyzer frames. Sans-IO: `step(input, nowMs)` returns outputs.
 */
import type { DecodeLevel, PointUpdate, Session, SessionCall, SessionEvent, SessionInput, SessionOutput } from '../../../../src-shared/session';
import { describeApdu } from '../analyzer';
import { APCI_SIZE } from '../apci/apdu';
import { ApciConnection, type ApciHandler } from '../apci/connection';
import { Cot, isCounterCause, isInterrogationCause } from '../asdu/cause';
import { decodeAsdu, encodeAsdu } from '../asdu/codec';
import type { Asdu, AsduInput } from '../asdu/types';
import { Commands } from './commands';
import { FileTransfers } from './file-transfer';
import type { ResolvedMasterConfig } from './config';
import { arm, cancel, type MasterContext } from './context';
import { InterrogationTasks } from './interrogation';
import { appendPointUpdates } from './points';
import { RAW_WINDOW_MS, RawRequests } from './raw-requests';
import { Requests } from './requests';
import { RepeatWatch } from './repeat-watch';
import type { ApciCloseCode } from '../../../../src-shared/session-errors';

const PERIODIC = { gi: 'periodic:gi', ci: 'periodic:ci', cs: 'periodic:cs' } as const;

/** The master session; create it with `createIec104Master`. */
export class Iec104MasterSession implements Session, MasterContext, ApciHandler {
  private readonly links: ApciConnection[];
  private active: number | null = null;
  private stopping = false;
  private decodeLevel: DecodeLevel;
  /** The links' APDU counters at the last frameCount event. */
  private framesReported = { rx: 0, tx: 0 };
  private batch: PointUpdate[] = [];
  private readonly repeats = new RepeatWatch();
  private nextToken = 1;
  /** nowMs of the step running (for marking received frames when points are emitted). */
  private now = 0;
  private readonly gi: InterrogationTasks;
  private readonly requests: Requests;
  private readonly commands: Commands;
  private readonly raw: RawRequests;
  private readonly files: FileTransfers;

  constructor(readonly config: ResolvedMasterConfig) {
    this.links = Array.from({ length: config.links }, (_, i) => new ApciConnection(i, config, 'master', this));
    for (const l of this.links) l.acks.hold = config.confirmAfterCommit;
    this.decodeLevel = config.decodeLevel;
    this.setDecodeLevel(config.decodeLevel);
    this.gi = new InterrogationTasks(this);
    this.requests = new Requests(this);
    this.commands = new Commands(this);
    this.raw = new RawRequests(this);
    this.files = new FileTransfers(this);
  }

  /** The link currently started, or null. */
  get activeLink(): number | null {
    return this.active;
  }

  step(input: SessionInput, nowMs: number): SessionOutput[] {
    const out: SessionOutput[] = [];
    this.now = nowMs;
    switch (input.kind) {
      case 'up':
        this.onUp(input.link ?? 0, nowMs, out);
        break;
      case 'down':
        this.onDown(input.link ?? 0, input.reason, nowMs, out);
        break;
      case 'rx':
        this.links[input.link ?? 0]?.rx(input.bytes, nowMs, out);
        break;
      case 'timer':
        this.onTimer(input.id, nowMs, out);
        break;
      case 'call':
        this.onCall(input.call, nowMs, out);
        break;
    }
    this.flush(out);
    this.countFrames(out);
    return out;
  }

  /** Reports the APDUs received and sent on every link since the last report (one event per step at most). */
  private countFrames(out: SessionOutput[]): void {
    let rx = 0;
    let tx = 0;
    for (const l of this.links) {
      rx += l.frames.rx;
      tx += l.frames.tx;
    }
    if (rx === this.framesReported.rx && tx === this.framesReported.tx) return;
    this.emit({ type: 'frameCount', rx: rx - this.framesReported.rx, tx: tx - this.framesReported.tx }, out);
    this.framesReported = { rx, tx };
  }

  // --- MasterContext ---

  send(asdu: AsduInput, nowMs: number, out: SessionOutput[]): boolean {
    return this.sendFrame(encodeAsdu({ originator: this.config.originator, ...asdu }, this.config.asdu, APCI_SIZE), nowMs, out);
  }

  sendFrame(frame: Uint8Array, nowMs: number, out: SessionOutput[]): boolean {
    if (this.active === null) return false;
    return (this.links[this.active] as ApciConnection).sendAsdu(frame, nowMs, out);
  }

  emit(event: SessionEvent, out: SessionOutput[]): void {
    this.flush(out);
    out.push({ kind: 'event', event });
  }

  wallMs(nowMs: number): number {
    return nowMs + this.config.epochOffsetMs;
  }

  // --- ApciHandler ---

  onAsdu(link: number, bytes: Uint8Array, nowMs: number, out: SessionOutput[], apdu: Uint8Array): void {
    if (link !== this.active) return;
    const from = this.batch.length;
    const d = decodeAsdu(bytes, this.config.asdu);
    if (d.ok && d.value.typeId <= 40) appendPointUpdates(d.value, this.wallMs(nowMs), this.batch);
    this.repeats.frame(bytes, this.batch, from, (this.links[link] as ApciConnection).acks.unacked);
    if (!d.ok) return this.emit({ type: 'error', code: d.error.code, message: d.error.message }, out);
    const a = d.value;
    this.raw.onAsdu(a, apdu, nowMs, out);
    if (a.typeId <= 40) this.onMonitor(a, nowMs, out);
    else if (a.typeId <= 64) this.commands.onResponse(a, nowMs, out);
    else if (a.typeId === 70) this.onEndOfInit(a, nowMs, out);
    else if (a.typeId === 100) this.gi.onResponse('gi', a, nowMs, out);
    else if (a.typeId === 101) this.gi.onResponse('ci', a, nowMs, out);
    else if (a.typeId === 102 || a.typeId === 103 || a.typeId === 105 || a.typeId === 107) this.requests.onResponse(a, nowMs, out);
    else if (a.typeId >= 120 && a.typeId <= 126) this.files.onAsdu(a, nowMs, out);
  }

  onStarted(link: number, nowMs: number, out: SessionOutput[]): void {
    this.active = link;
    this.emit({ type: 'state', state: 'ready', detail: `link ${link} started` }, out);
    const c = this.config;
    for (const ca of c.commonAddresses) {
      if (c.clockSyncOnStart) this.requests.timeSync(ca, nowMs, out);
      if (c.giOnStart) this.gi.start('gi', ca, 0, 0, nowMs, out);
    }
    if (c.giIntervalMs > 0) arm(out, PERIODIC.gi, c.giIntervalMs);
    if (c.counterIntervalMs > 0) arm(out, PERIODIC.ci, c.counterIntervalMs);
    if (c.clockSyncIntervalMs > 0) arm(out, PERIODIC.cs, c.clockSyncIntervalMs);
  }

  onStopped(link: number, nowMs: number, out: SessionOutput[]): void {
    if (link === this.active) this.deactivate('STOPPED', 'data transfer stopped', nowMs, out);
    if (this.stopping) {
      this.emit({ type: 'state', state: 'stopped', detail: 'STOPDT confirmed' }, out);
      this.links.forEach((l, i) => {
        if (l.connected) out.push(i === 0 ? { kind: 'close', reason: 'STOPPED' } : { kind: 'close', reason: 'STOPPED', link: i });
      });
    }
  }

  onClosed(link: number, code: ApciCloseCode, reason: string, nowMs: number, out: SessionOutput[]): void {
    this.repeats.lost((this.links[link] as ApciConnection).acks.unacked, this.redecode);
    this.emit({ type: 'error', code, message: `link ${link}: ${reason}` }, out);
    this.lose(link, reason, nowMs, out);
  }

  onWindow(): void {}

  onFrame(link: number, direction: 'tx' | 'rx', bytes: Uint8Array, error: string | null, out: SessionOutput[]): void {
    if (this.decodeLevel === 'off') return;
    this.emit({ type: 'frame', frame: describeApdu(bytes, direction, this.decodeLevel, this.config.asdu, error) }, out);
  }

  // --- internals ---

  /** A kept ASDU decoded again into point updates (for the repeat watch, after a loss). */
  private readonly redecode = (asdu: Uint8Array): PointUpdate[] => {
    const d = decodeAsdu(asdu, this.config.asdu);
    const updates: PointUpdate[] = [];
    if (d.ok && d.value.typeId <= 40) appendPointUpdates(d.value, this.wallMs(this.now), updates);
    return updates;
  };

  private setDecodeLevel(level: DecodeLevel): void {
    this.decodeLevel = level;
    for (const l of this.links) l.analyze = level !== 'off';
  }

  /**
   * Emits the pending point updates. With `confirmAfterCommit` the frames they came in are
   * marked on their link: held under a token when they carried events, released at once
   * when not.
   */
  private flush(out: SessionOutput[]): void {
    const hold = this.config.confirmAfterCommit;
    const token = hold && this.batch.some((u) => u.isEvent) ? this.nextToken++ : null;
    if (hold) for (const l of this.links) l.acks.markBatch(l.link === this.active ? token : null, this.now, out);
    if (this.batch.length === 0) return;
    out.push({ kind: 'event', event: token === null ? { type: 'points', updates: this.batch } : { type: 'points', updates: this.batch, confirm: token } });
    this.batch = [];
  }

  private onMonitor(a: Asdu, nowMs: number, out: SessionOutput[]): void {
    const cause = a.cause;
    if (cause === Cot.SPONTANEOUS || cause === Cot.PERIODIC || cause === Cot.BACKGROUND) return;
    if (isInterrogationCause(cause)) this.gi.onData('gi', a.commonAddress, a.objects.length);
    else if (isCounterCause(cause)) this.gi.onData('ci', a.commonAddress, a.objects.length);
    else if (cause === Cot.RETURN_REMOTE || cause === Cot.RETURN_LOCAL) this.commands.onReturnInfo(a, nowMs, out);
    else if (cause === Cot.REQUEST) this.requests.onRequested(a, nowMs, out);
  }

  private onEndOfInit(a: Asdu, nowMs: number, out: SessionOutput[]): void {
    const ca = a.commonAddress;
    if (this.config.giOnStart && this.config.commonAddresses.includes(ca) && !this.gi.running('gi', ca)) this.gi.start('gi', ca, 0, 0, nowMs, out);
  }

  private onUp(link: number, nowMs: number, out: SessionOutput[]): void {
    const conn = this.links[link];
    if (conn === undefined) return;
    conn.up(nowMs, out);
    if (this.stopping) return;
    if (this.active === null && !this.links.some((l) => l.state === 'startPending')) {
      this.emit({ type: 'state', state: 'starting', detail: `STARTDT on link ${link}` }, out);
      conn.startDt(nowMs, out);
    }
  }

  private onDown(link: number, reason: string, nowMs: number, out: SessionOutput[]): void {
    const conn = this.links[link];
    if (conn === undefined || !conn.connected) return;
    this.repeats.lost(conn.acks.unacked, this.redecode);
    conn.down(out);
    this.lose(link, reason, nowMs, out);
  }

  /** A link was lost: if it was the started (or starting) one, fail over to the next healthy link. */
  private lose(link: number, reason: string, nowMs: number, out: SessionOutput[]): void {
    const wasStarting = this.active === null;
    if (link === this.active) this.deactivate('CONNECTION_LOST', reason, nowMs, out);
    else if (!wasStarting) return;
    if (this.stopping) {
      this.emit({ type: 'state', state: 'stopped', detail: `link ${link}: ${reason}` }, out);
      return;
    }
    // Exactly one link may be started or starting: a lost standby link starts nothing while
    // another link waits for its STARTDT con (the lost link itself may not be reset yet).
    if (this.links.some((l, i) => i !== link && (l.state === 'startPending' || l.state === 'started'))) return;
    const n = this.links.length;
    for (let i = 1; i < n; i++) {
      const next = this.links[(link + i) % n] as ApciConnection;
      if (next.connected && next.state === 'stopped') {
        this.emit({ type: 'state', state: 'starting', detail: `link ${link} lost (${reason}); STARTDT on link ${next.link}` }, out);
        next.startDt(nowMs, out);
        return;
      }
    }
    this.emit({ type: 'state', state: 'stopped', detail: `link ${link}: ${reason}` }, out);
  }

  private deactivate(result: 'STOPPED' | 'CONNECTION_LOST', detail: string, nowMs: number, out: SessionOutput[]): void {
    this.active = null;
    this.gi.failAll(result, detail, nowMs, out);
    this.requests.failAll(result, nowMs, out);
    this.commands.failAll(result, out);
    this.raw.failAll(result, out);
    this.files.failAll(`${result === 'STOPPED' ? 'data transfer stopped' : 'link lost'}: ${detail}`, nowMs, out);
    for (const id of Object.values(PERIODIC)) cancel(out, id);
  }

  private onTimer(id: string, nowMs: number, out: SessionOutput[]): void {
    for (const l of this.links) if (l.timer(id, nowMs, out)) return;
    if (this.gi.timer(id, nowMs, out) || this.requests.timer(id, nowMs, out) || this.commands.timer(id, nowMs, out) || this.raw.timer(id, out) || this.files.timer(id, nowMs, out)) return;
    if (this.active === null) return;
    const c = this.config;
    if (id === PERIODIC.gi) {
      for (const ca of c.commonAddresses) if (!this.gi.running('gi', ca)) this.gi.start('gi', ca, 0, 0, nowMs, out);
      arm(out, id, c.giIntervalMs);
    } else if (id === PERIODIC.ci) {
      for (const ca of c.commonAddresses) if (!this.gi.running('ci', ca)) this.gi.start('ci', ca, c.counterGroup, c.counterFreeze, nowMs, out);
      arm(out, id, c.counterIntervalMs);
    } else if (id === PERIODIC.cs) {
      for (const ca of c.commonAddresses) this.requests.timeSync(ca, nowMs, out);
      arm(out, id, c.clockSyncIntervalMs);
    }
  }

  private onCall(call: SessionCall, nowMs: number, out: SessionOutput[]): void {
    const c = this.config;
    const firstCa = c.commonAddresses[0] as number;
    switch (call.op) {
      case 'interrogate':
        for (const ca of c.commonAddresses) this.gi.start('gi', ca, call.group ?? 0, 0, nowMs, out);
        return;
      case 'timeSync':
        for (const ca of c.commonAddresses) this.requests.timeSync(ca, nowMs, out);
        return;
      case 'command':
        return this.commands.start(call.command, nowMs, out);
      case 'operate':
        return this.commands.operate(call.id, nowMs, out);
      case 'cancelCommand':
        return this.commands.cancelCommand(call.id, nowMs, out);
      case 'stop':
        return this.stop(nowMs, out);
      case 'confirm':
        for (const l of this.links) if (l.acks.stored(call.token, nowMs, out)) return;
        return;
      case 'iec104.counterInterrogation':
        return this.gi.start('ci', call.commonAddress ?? firstCa, call.group ?? 0, call.freeze ?? 0, nowMs, out);
      case 'iec104.read':
        return this.requests.read(call.id, call.commonAddress ?? firstCa, call.ioa, nowMs, out);
      case 'iec104.testCommand':
        return this.requests.test(call.id, call.commonAddress ?? firstCa, nowMs, out);
      case 'iec104.resetProcess':
        return this.requests.reset(call.id, call.commonAddress ?? firstCa, call.qrp, nowMs, out);
      case 'iec104.raw':
        return this.raw.send(call.id, call.asdu, call.windowMs ?? RAW_WINDOW_MS, nowMs, out);
      case 'decodeLevel':
        return this.setDecodeLevel(call.level);
      case 'file.list':
      case 'file.read':
      case 'file.abort':
        return this.files.call(call, nowMs, out);
      default:
        this.emit({ type: 'error', code: 'UNSUPPORTED_CALL', message: `IEC 104 master does not handle ${call.op}` }, out);
    }
  }

  private stop(nowMs: number, out: SessionOutput[]): void {
    this.stopping = true;
    const active = this.active === null ? undefined : this.links[this.active];
    if (active !== undefined) {
      active.stopDt(nowMs, out);
      return;
    }
    this.emit({ type: 'state', state: 'stopped', detail: 'stopped' }, out);
    this.links.forEach((l, i) => {
      if (l.connected) out.push(i === 0 ? { kind: 'close', reason: 'STOPPED' } : { kind: 'close', reason: 'STOPPED', link: i });
    });
  }
}
