/**
 * The DNP3 outstation simulator session (sans-IO): answers a master's requests from its
 * point database, keeps event buffers per class, sends unsolicited responses with
 * confirms, handles controls (SBO with select timeout, direct operate), time sync
 * (NEED_TIME until written), restart IIN after start, scheduled value changes and a
 * flood mode and scripted answers (`scripted`), all driven by `step` inputs and timer outputs.
 */
import type { Session, SessionInput, SessionOutput } from '../../../../src-shared/session';
import { FunctionCode } from '../app/control';
import { parseFragment, type ParsedFragment } from '../app/fragment';
import { CommandStatus } from '../app/command-status';
import { Iin } from '../app/iin';
import { codecFor } from '../app/objects/table';
import type { DataCodec } from '../app/objects/types';
import { FragmentWriter } from '../app/writer';
import { LINK_TIMER } from '../link/confirmed-sender';
import { OutstationSecureAuth } from '../secure-auth/outstation-auth';
import { Dnp3Channel } from '../transport/channel';
import { resolveOutstationConfig, type Dnp3OutstationConfig, type ResolvedOutstationConfig } from './config';
import { handleControl, type SelectState } from './controls';
import { FileServer } from './file-server';
import { BLOCK_OVERHEAD } from '../app/objects/file-objects';
import { SimDatabase } from './database';
import { planRead } from './read-plan';
import { fillFragment, planDone, type EventCounts, type ResponsePlan } from './response-builder';
import { Simulation } from './simulation';
import { applyWrite, assignClasses, freezeCounters } from './requests';
import { scriptedAnswer } from './scripted-responses';

const T_CONFIRM = 'dnp3.os.confirm';
const T_UNSOL = 'dnp3.os.unsol';
const T_CHANGE = 'dnp3.os.change';
const T_MODEL = 'dnp3.os.model';
const T_FLOOD = 'dnp3.os.flood';
const T_SA_REPLY = 'dnp3.os.saReply';

interface Solicited {
  plan: ResponsePlan;
  seq: number;
  taken: EventCounts;
  done: boolean;
}

/** The outstation session; create it with `createDnp3Outstation`. */
export class Dnp3OutstationSession implements Session {
  private readonly cfg: ResolvedOutstationConfig;
  private readonly channel: Dnp3Channel;
  /** The point database (values, classes, events); tests and the CLI may read it. */
  readonly db: SimDatabase;
  private readonly sim: Simulation;
  private out: SessionOutput[] = [];
  private now = 0;
  private up = false;
  private restart = true;
  /** A broadcast request was executed; reported once as IIN BROADCAST. */
  private broadcastIin = false;
  /** True while handling a broadcast request: nothing is sent back. */
  private silent = false;
  private needTime = true;
  private clockOffset = 0;
  private recordedAt: number | null = null;
  private select: SelectState | null = null;
  private solicited: Solicited | null = null;
  private lastRequest: { seq: number; bytes: Uint8Array; response: Uint8Array | null } | null = null;
  private unsolSeq = 0;
  private unsolPending: { bytes: Uint8Array; taken: EventCounts } | null = null;
  private nullUnsolConfirmed = false;
  private readonly unsolEnabled = new Set<1 | 2 | 3>();
  private readonly writer: FragmentWriter;
  /** A point is configured LOCAL: every response carries IIN1.5 LOCAL_CONTROL. */
  private readonly localControl: boolean;
  /** Secure Authentication, when configured: the gate every request passes. */
  private readonly sa: OutstationSecureAuth | null;
  /** File transfer (g70), when the simulator serves files. */
  private readonly files: FileServer | null;

  /**
   * `database`, when given, is shared with other sessions (one device served to several
   * connections, one after the other or at once); by default the session has its own.
   */
  constructor(config: Dnp3OutstationConfig = {}, database?: SimDatabase) {
    this.cfg = resolveOutstationConfig(config);
    this.localControl = Object.values(this.cfg.controlStatus).includes(CommandStatus.LOCAL!);
    this.channel = new Dnp3Channel({
      localAddress: this.cfg.outstationAddress,
      remoteAddress: this.cfg.masterAddress,
      acceptAnySource: this.cfg.anyMaster,
      isMaster: false,
      maxRxFragment: 2048,
      decodeLevel: this.cfg.decodeLevel,
      confirmed: this.cfg.linkConfirmed ? { timeoutMs: 1000, retries: 2 } : null,
    });
    this.db = database ?? new SimDatabase(this.cfg);
    this.sim = new Simulation(this.cfg, this.db);
    this.writer = new FragmentWriter(this.cfg.maxFragmentSize);
    this.sa = this.cfg.secureAuth ? new OutstationSecureAuth(this.cfg.secureAuth) : null;
    this.files = this.cfg.files ? new FileServer(this.cfg.files, this.cfg.maxFragmentSize - BLOCK_OVERHEAD) : null;
  }

  step(input: SessionInput, nowMs: number): SessionOutput[] {
    this.out = [];
    this.now = nowMs;
    switch (input.kind) {
      case 'up':
        this.onUp();
        break;
      case 'down':
        this.up = false;
        this.channel.reset();
        this.solicited = null;
        this.unsolPending = null;
        if (this.sa?.replyTimeout()) this.noReply('the master left without replying to the challenge: the critical request was not executed');
        this.sa?.reset();
        this.files?.reset();
        for (const id of [LINK_TIMER, T_CONFIRM, T_UNSOL, T_CHANGE, T_MODEL, T_FLOOD, T_SA_REPLY]) this.out.push({ kind: 'cancel', id });
        break;
      case 'rx':
        if (this.up) for (const f of this.channel.receive(input.bytes, this.out)) this.onFragment(f);
        break;
      case 'timer':
        this.onTimer(input.id);
        break;
      case 'call':
        if (input.call.op === 'stop') this.out.push({ kind: 'close', reason: 'stopped' });
        else if (input.call.op === 'decodeLevel') this.channel.setDecodeLevel(input.call.level);
        break;
    }
    this.maybeUnsolicited();
    return this.out;
  }

  /** Device UTC in ms (the master may have set the clock). */
  private utcNow(): number {
    return this.now + this.cfg.epochOffsetMs + this.clockOffset;
  }

  private onUp(): void {
    this.up = true;
    this.nullUnsolConfirmed = !this.cfg.unsolicited;
    this.unsolEnabled.clear();
    this.unsolPending = null;
    this.solicited = null;
    this.lastRequest = null;
    if (this.cfg.changes) this.out.push({ kind: 'arm', id: T_CHANGE, ms: this.cfg.changes.intervalMs });
    if (this.cfg.models) this.out.push({ kind: 'arm', id: T_MODEL, ms: this.cfg.models.tickMs });
    if (this.cfg.flood) this.out.push({ kind: 'arm', id: T_FLOOD, ms: this.cfg.flood.tickMs });
  }

  private onTimer(id: string): void {
    if (!this.up) return;
    if (!this.channel.onTimer(id, this.out)) this.out.push({ kind: 'close', reason: 'LINK_CONFIRM_TIMEOUT' });
    else if (id === T_CHANGE && this.cfg.changes) {
      this.sim.change(this.utcNow());
      this.out.push({ kind: 'arm', id: T_CHANGE, ms: this.cfg.changes.intervalMs });
    } else if (id === T_MODEL && this.cfg.models) {
      this.sim.advanceModels(this.now, this.utcNow());
      this.out.push({ kind: 'arm', id: T_MODEL, ms: this.cfg.models.tickMs });
    } else if (id === T_FLOOD && this.cfg.flood) {
      this.sim.flood(this.now, this.utcNow());
      this.out.push({ kind: 'arm', id: T_FLOOD, ms: this.cfg.flood.tickMs });
    } else if (id === T_SA_REPLY && this.sa?.replyTimeout()) {
      this.noReply('no reply to the challenge in time: the critical request was not executed');
    } else if (id === T_CONFIRM) {
      this.solicited = null; // no confirm: the events stay buffered for the next read
    } else if (id === T_UNSOL && this.unsolPending) {
      this.channel.sendFragment(this.unsolPending.bytes, this.out); // retry with the same sequence number
      this.out.push({ kind: 'arm', id: T_UNSOL, ms: this.cfg.confirmTimeoutMs });
    }
  }

  private iin(extra: number, taken: EventCounts | null): number {
    let iin = extra;
    if (this.restart) iin |= Iin.DEVICE_RESTART;
    if (this.broadcastIin) {
      iin |= Iin.BROADCAST;
      this.broadcastIin = false;
    }
    if (this.needTime) iin |= Iin.NEED_TIME;
    if (this.localControl) iin |= Iin.LOCAL_CONTROL;
    if (this.db.overflow) iin |= Iin.EVENT_BUFFER_OVERFLOW;
    for (const c of [1, 2, 3] as const) if (this.db.pending(c) > (taken?.[c] ?? 0)) iin |= Iin.CLASS_1_EVENTS << (c - 1);
    return iin;
  }

  private onFragment(f: Uint8Array): void {
    const pr = parseFragment(f);
    if (!pr.ok) return;
    const req = pr.fragment;
    if (req.function === FunctionCode.CONFIRM) return this.onConfirm(req);
    const last = this.lastRequest;
    if (last && last.seq === req.control.seq && req.function !== FunctionCode.READ && last.bytes.length === f.length && last.bytes.every((x, i) => x === f[i])) {
      if (last.response) this.channel.sendFragment(last.response, this.out); // repeated request: repeat the response, do not re-execute
      return;
    }
    this.lastRequest = { seq: req.control.seq, bytes: f, response: null };
    this.solicited = null;
    this.out.push({ kind: 'cancel', id: T_CONFIRM });
    // broadcast requests are executed without a response; the next response carries IIN BROADCAST
    this.silent = this.channel.broadcast.has(f);
    const gated = this.sa ? this.gate(req, f) : { req, f, seq: req.control.seq };
    if (!gated) return;
    const response = this.handleRequest(gated.req, gated.f, gated.seq);
    if (this.silent) {
      this.silent = false;
      this.solicited = null;
      this.broadcastIin = true;
      this.lastRequest = null;
      return;
    }
    if (response) this.lastRequest.response = response;
  }

  /**
   * Secure Authentication: the request to process (itself, or the critical request its
   * reply authenticated), or null when the gate answered (challenge, key status, error by
   * name, also as an `error` event) or dropped it.
   */
  private gate(req: ParsedFragment, f: Uint8Array): { req: ParsedFragment; f: Uint8Array; seq: number } | null {
    const v = this.sa!.onRequest(f, req, this.iin(0, null), this.now, this.utcNow());
    if (v.kind === 'discard') return null;
    if (v.kind === 'respond') {
      this.channel.sendFragment(v.fragment, this.out);
      this.lastRequest!.response = v.fragment;
      if (v.awaitReply) this.out.push({ kind: 'arm', id: T_SA_REPLY, ms: this.sa!.replyTimeoutMs });
      if (v.refused) this.out.push({ kind: 'event', event: { type: 'error', code: v.refused.code, message: v.refused.message } });
      return null;
    }
    if (v.fragment === f) return { req, f, seq: v.responseSeq };
    this.out.push({ kind: 'cancel', id: T_SA_REPLY });
    const pr = parseFragment(v.fragment);
    return pr.ok ? { req: pr.fragment, f: v.fragment, seq: v.responseSeq } : null;
  }

  private noReply(message: string): void {
    this.out.push({ kind: 'event', event: { type: 'error', code: 'SA_NO_REPLY', message } });
  }

  private onConfirm(req: ParsedFragment): void {
    if (req.control.uns) {
      const p = this.unsolPending;
      if (!p || req.control.seq !== this.unsolSeq) return;
      for (const c of [1, 2, 3] as const) if (p.taken[c] > 0) this.db.confirm(c, p.taken[c]);
      this.unsolPending = null;
      this.nullUnsolConfirmed = true;
      this.unsolSeq = (this.unsolSeq + 1) & 0x0f;
      this.out.push({ kind: 'cancel', id: T_UNSOL });
      return;
    }
    const s = this.solicited;
    if (!s || req.control.seq !== s.seq) return;
    for (const c of [1, 2, 3] as const) if (s.taken[c] > 0) this.db.confirm(c, s.taken[c]);
    this.out.push({ kind: 'cancel', id: T_CONFIRM });
    if (s.done) {
      this.solicited = null;
      return;
    }
    this.sendPlan(s.plan, (s.seq + 1) & 0x0f, false, 0, []);
  }

  /** Handles one request, answered under `seq`; returns the (first) response fragment sent, or null. */
  private handleRequest(req: ParsedFragment, f: Uint8Array, seq: number): Uint8Array | null {
    const fc = req.function;
    const parseIin = req.error ? (req.error.code === 'OBJECT_UNKNOWN' ? Iin.OBJECT_UNKNOWN : Iin.PARAMETER_ERROR) : 0;
    const scripted = req.error ? undefined : scriptedAnswer(this.cfg.scripted, req);
    if (scripted) return this.respond(seq, 0, (w) => w.bytes(scripted.objects));
    const file = req.error ? null : this.files?.answer(req);
    if (file) return this.respond(seq, 0, file);
    switch (fc) {
      case FunctionCode.READ: {
        const rp = planRead(req.headers, this.db, this.cfg, this.utcNow(), this.sa?.stats);
        if (rp.plan.eventClasses.length > 0) this.abandonUnsolicitedEvents();
        return this.sendPlan(rp.plan, seq, true, rp.iin | parseIin, rp.extras);
      }
      case FunctionCode.WRITE: {
        const w = applyWrite(req, this.now, this.recordedAt);
        if (w.clearRestart) this.restart = false;
        if (w.time !== null) {
          this.clockOffset = w.time - (this.now + this.cfg.epochOffsetMs);
          this.needTime = false;
        }
        return this.null(seq, w.iin | parseIin);
      }
      case FunctionCode.SELECT:
      case FunctionCode.OPERATE:
      case FunctionCode.DIRECT_OPERATE:
      case FunctionCode.DIRECT_OPERATE_NR: {
        const objects = f.subarray(2);
        const c = handleControl(req, objects, this.db, this.select, this.now, this.cfg, this.utcNow(), seq);
        this.select = c.select;
        if (fc === FunctionCode.DIRECT_OPERATE_NR) return null;
        return this.respond(seq, c.iin | parseIin, (w) => w.bytes(c.echo));
      }
      case FunctionCode.IMMEDIATE_FREEZE:
      case FunctionCode.FREEZE_CLEAR:
      case FunctionCode.FREEZE_AT_TIME:
        freezeCounters(this.db, req.headers, fc === FunctionCode.FREEZE_CLEAR, this.utcNow());
        return this.null(seq, parseIin);
      case FunctionCode.IMMEDIATE_FREEZE_NR:
      case FunctionCode.FREEZE_CLEAR_NR:
      case FunctionCode.FREEZE_AT_TIME_NR:
        freezeCounters(this.db, req.headers, fc === FunctionCode.FREEZE_CLEAR_NR, this.utcNow());
        return null;
      case FunctionCode.COLD_RESTART:
      case FunctionCode.WARM_RESTART: {
        this.restart = true;
        const cold = fc === FunctionCode.COLD_RESTART;
        const codec = codecFor(52, cold ? 1 : 2) as DataCodec;
        return this.respond(seq, 0, (w) => w.data(codec, 0x07, [{ index: 0, value: cold ? { seconds: 1 } : { milliseconds: 500 } }]));
      }
      case FunctionCode.ENABLE_UNSOLICITED:
      case FunctionCode.DISABLE_UNSOLICITED: {
        if (!this.cfg.unsolicited) return this.null(seq, Iin.NO_FUNC_CODE_SUPPORT);
        for (const h of req.headers) {
          if (h.group !== 60 || h.variation < 2 || h.variation > 4) continue;
          const c = (h.variation - 1) as 1 | 2 | 3;
          if (fc === FunctionCode.ENABLE_UNSOLICITED) this.unsolEnabled.add(c);
          else this.unsolEnabled.delete(c);
        }
        return this.null(seq, parseIin);
      }
      case FunctionCode.ASSIGN_CLASS:
        return this.null(seq, assignClasses(req.headers, this.db) | parseIin);
      case FunctionCode.DELAY_MEASURE:
        return this.respond(seq, 0, (w) => w.data(codecFor(52, 2) as DataCodec, 0x07, [{ index: 0, value: { milliseconds: 0 } }]));
      case FunctionCode.RECORD_CURRENT_TIME:
        this.recordedAt = this.now;
        return this.null(seq, 0);
      default:
        return this.null(seq, Iin.NO_FUNC_CODE_SUPPORT);
    }
  }

  /**
   * A read of events while an unsolicited response with events awaits its confirm: that
   * response is abandoned (its events stay buffered and go out in the read), so one
   * confirm never drops events another response carried.
   */
  private abandonUnsolicitedEvents(): void {
    const p = this.unsolPending;
    if (!p || p.taken[1] + p.taken[2] + p.taken[3] === 0) return;
    this.unsolPending = null;
    this.unsolSeq = (this.unsolSeq + 1) & 0x0f;
    this.out.push({ kind: 'cancel', id: T_UNSOL });
  }

  private null(seq: number, extraIin: number): Uint8Array {
    return this.respond(seq, extraIin, () => undefined);
  }

  private respond(seq: number, extraIin: number, body: (w: FragmentWriter) => void): Uint8Array {
    const w = this.writer;
    w.response({ fir: true, fin: true, con: false, uns: false, seq }, FunctionCode.RESPONSE, 0);
    body(w);
    if (this.silent) return w.finish();
    w.setIin(this.iin(extraIin, null));
    const bytes = w.finish();
    this.channel.sendFragment(bytes, this.out);
    return bytes;
  }

  /** Sends the next fragment of a plan; CON when more follow or events are carried. */
  private sendPlan(plan: ResponsePlan, seq: number, fir: boolean, extraIin: number, extras: Array<(w: FragmentWriter) => void>): Uint8Array {
    const w = this.writer;
    w.response({ fir, fin: true, con: false, uns: false, seq }, FunctionCode.RESPONSE, 0);
    for (const x of extras) x(w);
    const taken = fillFragment(w, this.db, plan);
    const done = planDone(this.db, plan, taken);
    if (this.silent) return w.finish();
    const hasEvents = taken[1] + taken[2] + taken[3] > 0;
    w.setControl({ fir, fin: done, con: !done || hasEvents, uns: false, seq });
    w.setIin(this.iin(extraIin, taken));
    const bytes = w.finish();
    this.channel.sendFragment(bytes, this.out);
    if (!done || hasEvents) {
      this.solicited = { plan, seq, taken, done };
      this.out.push({ kind: 'arm', id: T_CONFIRM, ms: this.cfg.confirmTimeoutMs });
    }
    return bytes;
  }

  private maybeUnsolicited(): void {
    if (!this.up || !this.cfg.unsolicited || this.unsolPending || this.solicited) return;
    let taken: EventCounts = [0, 0, 0, 0];
    const w = this.writer;
    if (this.nullUnsolConfirmed) {
      const classes = [...this.unsolEnabled].filter((c) => this.db.pending(c) > 0);
      if (classes.length === 0) return;
      w.response({ fir: true, fin: true, con: true, uns: true, seq: this.unsolSeq }, FunctionCode.UNSOLICITED_RESPONSE, 0);
      taken = fillFragment(w, this.db, { statics: [], eventClasses: classes.map((cls) => ({ cls, limit: Infinity })) });
    } else {
      w.response({ fir: true, fin: true, con: true, uns: true, seq: this.unsolSeq }, FunctionCode.UNSOLICITED_RESPONSE, 0);
    }
    w.setIin(this.iin(0, taken));
    const bytes = w.finish();
    this.unsolPending = { bytes, taken };
    this.channel.sendFragment(bytes, this.out);
    this.out.push({ kind: 'arm', id: T_UNSOL, ms: this.cfg.confirmTimeoutMs });
  }
}
