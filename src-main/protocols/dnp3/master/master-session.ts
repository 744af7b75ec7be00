/**
 * The DNP3 master session (sans-IO). Runs one request at a time from a priority queue of
 * tasks; handles startup on every link up, IIN-driven tasks, schedules, unsolicited
 * responses with confirms, multi-fragment responses, response timeouts with retries,
 * keep-alive, and select-before-operate pauses. Time is only the `nowMs` argument.
 */
import type { PointUpdate, Session, SessionCall, SessionEvent, SessionInput, SessionOutput } from '../../../../src-shared/session';
import { FunctionCode, encodeAppControl } from '../app/control';
import { iinWords } from '../app/iin';
import { decodeFragmentHead, type FragmentHead } from '../app/parser';
import { decodeResponseContent, type DataObject } from '../app/point-decoder';
import { LINK_TIMER } from '../link/confirmed-sender';
import { concatOctets } from '../../../../src-shared/concat-octets';
import { requestFragment } from '../secure-auth/auth-fragments';
import { Dnp3Channel } from '../transport/channel';
import { taskForCall } from './call-tasks';
import { FileTask, fileBlockSize } from './file-task';
import { CommandFeedback } from './command-feedback';
import { CommandTask, encodeControl } from './command-task';
import { resolveMasterConfig, type Dnp3MasterConfig, type EventClass, type ResolvedMasterConfig } from './config';
import { RequestTask } from './request-task';
import { CLEAR_RESTART, classHeaders } from './requests';
import { integrityTask, startupTasks } from './startup';
import { Priority, type MasterTask, type TaskContext, type TaskResponse } from './task';
import { TimeSyncTask } from './time-sync-task';
import { SCHEDULE_TIMERS, schedulePeriods, scheduledTask } from './schedules';
import { HeldConfirms, T_COMMIT_SOLICITED, T_COMMIT_UNSOLICITED } from './held-confirms';
import { iinTasks } from './iin-tasks';
import { KeepAlive, T_KEEPALIVE, T_LINK_STATUS } from './keep-alive';
import { answerWithoutSa, MasterSaFlow } from './sa-flow';

const T_RESPONSE = 'dnp3.response';
const T_SELECT = 'dnp3.select';
/** How long a failed IIN-driven restart clear or time sync is held back. */
const HOLD_BACK_MS = 60_000;

interface Transaction {
  task: MasterTask;
  seq: number;
  sentAtMs: number;
  data: DataObject[];
  points: PointUpdate[];
  /** Fragments of the response received so far. */
  fragments: number;
  /** With `collectPoints`: the request fragment and the response fragments' octets. */
  octets?: { request: Uint8Array; fragments: Uint8Array[] };
  /** The request as sent (a Secure Authentication reply's MAC covers it). */
  fragment: Uint8Array;
  /** A request without response (_NR) kept only to answer the outstation's challenge. */
  noResponse: boolean;
}


/** The master session; create it with `createDnp3Master`. */
export class Dnp3MasterSession implements Session {
  private readonly cfg: ResolvedMasterConfig;
  private readonly channel: Dnp3Channel;
  private out: SessionOutput[] = [];
  private now = 0;
  private up = false;
  private starting = false;
  private seq = 0;
  private queue: MasterTask[] = [];
  private current: Transaction | null = null;
  private paused: CommandTask | null = null;
  private iin: number | null = null;
  private lastUnsol: { seq: number; bytes: Uint8Array } | null = null;
  private unsolEnabled = new Set<EventClass>();
  private readonly keepAlive: KeepAlive;
  private readonly feedback: CommandFeedback;
  private readonly held: HeldConfirms;
  /** Schedule timer id -> period. */
  private readonly schedules: Map<string, number>;
  /** IIN-driven task name -> nowMs until which it is held back after failing. */
  private readonly heldBack = new Map<string, number>();
  private readonly ctx: TaskContext;
  /** The channel's frame counters at the last frameCount event. */
  private framesReported = { rx: 0, tx: 0 };
  /** Secure Authentication, when the station has it. */
  private readonly sa: MasterSaFlow | null;

  constructor(config: Dnp3MasterConfig = {}) {
    this.cfg = resolveMasterConfig(config);
    this.keepAlive = new KeepAlive(this.cfg.keepAliveMs, this.cfg.responseTimeoutMs);
    this.feedback = new CommandFeedback(this.cfg.feedbackWindowMs);
    this.held = new HeldConfirms(this.cfg.commitWaitMs);
    this.schedules = schedulePeriods(this.cfg);
    this.sa = this.cfg.secureAuth ? new MasterSaFlow(this.cfg.secureAuth, this.cfg.retries) : null;
    this.channel = new Dnp3Channel({
      localAddress: this.cfg.masterAddress,
      remoteAddress: this.cfg.outstationAddress,
      isMaster: true,
      maxRxFragment: this.cfg.maxRxFragmentSize,
      decodeLevel: this.cfg.decodeLevel,
      confirmed: this.cfg.linkConfirmed ? { timeoutMs: this.cfg.linkTimeoutMs, retries: this.cfg.linkRetries } : null,
    });
    const now = (): number => this.now;
    const out = (): SessionOutput[] => this.out;
    this.ctx = {
      get nowMs() {
        return now();
      },
      utcNow: () => this.now + this.cfg.epochOffsetMs,
      get out() {
        return out();
      },
      emit: (event) => this.emit(event),
    };
  }

  step(input: SessionInput, nowMs: number): SessionOutput[] {
    this.out = [];
    this.now = nowMs;
    switch (input.kind) {
      case 'up':
        this.onUp();
        break;
      case 'down':
        this.onDown(input.reason);
        break;
      case 'rx':
        if (this.up) this.onRx(input.bytes);
        break;
      case 'timer':
        this.onTimer(input.id);
        break;
      case 'call':
        this.onCall(input.call);
        break;
    }
    this.pump();
    this.countFrames();
    const sa = this.sa?.report();
    if (sa) this.emit(sa);
    return this.out;
  }

  /** Reports the link frames received and sent since the last report (one event per step at most). */
  private countFrames(): void {
    const { framesRx, framesTx } = this.channel.stats;
    if (framesRx === this.framesReported.rx && framesTx === this.framesReported.tx) return;
    this.emit({ type: 'frameCount', rx: framesRx - this.framesReported.rx, tx: framesTx - this.framesReported.tx });
    this.framesReported = { rx: framesRx, tx: framesTx };
  }

  private emit(event: SessionEvent): void {
    this.out.push({ kind: 'event', event });
  }

  private arm(id: string, ms: number): void {
    this.out.push({ kind: 'arm', id, ms });
  }

  private cancel(id: string): void {
    this.out.push({ kind: 'cancel', id });
  }

  private onUp(): void {
    this.up = true;
    this.starting = true;
    this.channel.reset();
    this.iin = null;
    this.lastUnsol = null;
    this.unsolEnabled.clear();
    this.keepAlive.start(this.now, this.out);
    this.heldBack.clear();
    this.emit({ type: 'state', state: 'starting' });
    if (this.sa) this.enqueue(this.sa.start());
    for (const t of startupTasks(this.cfg, (classes) => classes.forEach((c) => this.unsolEnabled.add(c)))) this.enqueue(t);
    for (const [id, ms] of this.schedules) this.arm(id, ms);
  }

  private onDown(reason: string): void {
    if (!this.up) return;
    this.up = false;
    this.starting = false;
    this.channel.reset();
    this.held.clear(this.out);
    for (const id of [LINK_TIMER, T_RESPONSE, T_KEEPALIVE, T_LINK_STATUS, T_SELECT, ...SCHEDULE_TIMERS]) this.cancel(id);
    const failed = [...(this.current ? [this.current.task] : []), ...(this.paused ? [this.paused] : []), ...this.queue];
    this.current = null;
    this.paused = null;
    this.queue = [];
    for (const t of failed) t.fail(this.ctx, 'NO_LINK', `link down: ${reason}`);
    this.feedback.linkDown(this.ctx);
    this.emit({ type: 'state', state: 'stopped', detail: reason });
  }

  private enqueue(task: MasterTask): void {
    this.queue.push(task);
  }

  /** Queues an integrity poll unless one is already queued (a running one may predate the cause). */
  private enqueueIntegrity(): void {
    if (!this.queue.some((t) => t.name === 'integrity')) this.enqueue(integrityTask(this.cfg.retries));
  }

  /** Starts the next task when idle. */
  private pump(): void {
    while (this.up && !this.current && !this.paused && !this.held.solicitedWaiting && this.queue.length > 0) {
      let best = 0;
      for (let i = 1; i < this.queue.length; i++) if (this.queue[i]!.priority < this.queue[best]!.priority) best = i;
      const task = this.queue.splice(best, 1)[0]!;
      task.startedAtMs ??= this.now;
      this.send(task);
    }
    if (this.up && this.starting && !this.current && !this.paused && !this.held.solicitedWaiting && this.queue.length === 0) {
      this.starting = false;
      this.emit({ type: 'state', state: 'ready' });
    }
  }

  private nextSeq(): number {
    const seq = this.seq;
    this.seq = (seq + 1) & 0x0f;
    return seq;
  }

  /**
   * Sends a task's next request. Under Secure Authentication a critical request waits for
   * session keys (a key change runs first), goes out in aggressive mode when configured,
   * and keeps a transaction even without response (_NR) to answer the challenge.
   */
  private send(task: MasterTask): void {
    const req = task.request(this.ctx);
    if (this.sa && !this.sa.mayGo(task, req, this.queue, this.ctx)) return;
    const critical = this.sa?.isCritical(req.fc) === true;
    const seq = this.nextSeq();
    const head = requestFragment(seq, req.fc, new Uint8Array(0));
    const aggressive = this.sa?.aggressive(req, head) ?? null;
    const fragment = aggressive ?? concatOctets([head, req.objects]);
    this.channel.sendFragment(fragment, this.out);
    if (req.expectResponse || (critical && !aggressive)) {
      this.current = { task, seq, sentAtMs: this.now, data: [], points: [], fragments: 0, fragment, noResponse: !req.expectResponse };
      if (task.collectPoints) this.current.octets = { request: fragment, fragments: [] };
      this.arm(T_RESPONSE, this.cfg.responseTimeoutMs);
    }
    task.sent?.(this.ctx, fragment);
  }

  /**
   * An AUTHENTICATE_RESP to the request in progress: a challenge is answered with a reply
   * (the transaction then waits under the reply's sequence number), an error ends the
   * request by its name. False for anything else (a key status goes to its task).
   */
  private onAuthResponse(f: Uint8Array, head: FragmentHead): boolean {
    const cur = this.current;
    if (!cur || head.control.seq !== cur.seq) return false;
    const answer = this.sa ? this.sa.answer(f, cur.fragment) : answerWithoutSa(f);
    if (!answer) return false;
    this.onIin(head.iin ?? 0);
    if ('failure' in answer) {
      this.current = null;
      this.cancel(T_RESPONSE);
      cur.task.fail(this.ctx, answer.failure.result, answer.failure.detail);
      return true;
    }
    const seq = this.nextSeq();
    this.channel.sendFragment(requestFragment(seq, FunctionCode.AUTHENTICATE_REQ, answer.reply), this.out);
    if (cur.noResponse) {
      this.current = null;
      this.cancel(T_RESPONSE);
      return true;
    }
    cur.seq = seq;
    this.arm(T_RESPONSE, this.cfg.responseTimeoutMs);
    return true;
  }


  private onRx(bytes: Uint8Array): void {
    const fragments = this.channel.receive(bytes, this.out);
    if (this.channel.heard) {
      this.channel.heard = false;
      this.keepAlive.heard(this.now);
    }
    for (const f of fragments) this.onFragment(f);
  }

  private onFragment(f: Uint8Array): void {
    const hr = decodeFragmentHead(f);
    if (!hr.ok) {
      this.emit({ type: 'error', code: hr.error.code, message: hr.error.message });
      return;
    }
    const head = hr.head;
    const fc = head.function;
    if (fc === FunctionCode.AUTHENTICATE_RESP && this.onAuthResponse(f, head)) return;
    if (fc !== FunctionCode.RESPONSE && fc !== FunctionCode.UNSOLICITED_RESPONSE && fc !== FunctionCode.AUTHENTICATE_RESP) {
      this.emit({ type: 'error', code: 'UNEXPECTED_FUNCTION', message: `fragment with function ${fc} ignored` });
      return;
    }
    const unsol = fc === FunctionCode.UNSOLICITED_RESPONSE;
    if (unsol) {
      if (this.lastUnsol && this.lastUnsol.seq === head.control.seq && sameBytes(this.lastUnsol.bytes, f)) {
        // a retry of a response already handled: confirm it again unless its events are not stored yet
        if (head.control.con && !this.held.holdsUnsolicited(head.control.seq)) this.confirm(head.control.seq, true);
        return;
      }
      this.lastUnsol = { seq: head.control.seq, bytes: f };
    } else {
      const cur = this.current;
      // the first fragment of a response must have FIR; later ones follow in sequence
      if (!cur || head.control.seq !== cur.seq || head.control.fir !== (cur.fragments === 0)) {
        this.emit({ type: 'error', code: 'UNEXPECTED_RESPONSE', message: `response seq ${head.control.seq} FIR ${+head.control.fir} not awaited` });
        return;
      }
    }
    const content = decodeResponseContent(f);
    const token = head.control.con ? this.confirmOrHold(head.control.seq, unsol, content.points) : undefined;
    if (content.points.length > 0) {
      this.emit(token === undefined ? { type: 'points', updates: content.points } : { type: 'points', updates: content.points, confirm: token });
      this.feedback.points(this.ctx, content.points);
    }
    if (content.error) this.emit({ type: 'error', code: content.error.code, message: content.error.message });
    this.onIin(head.iin ?? 0);
    if (unsol) return;
    const cur = this.current!;
    for (const d of content.data) cur.data.push(d);
    if (cur.task.collectPoints) for (const p of content.points) cur.points.push(p);
    cur.octets?.fragments.push(f.slice());
    cur.fragments++;
    if (!head.control.fin) {
      cur.seq = (cur.seq + 1) & 0x0f;
      this.arm(T_RESPONSE, this.cfg.responseTimeoutMs);
      return;
    }
    this.cancel(T_RESPONSE);
    this.current = null;
    const response: TaskResponse = { head, objects: f.subarray(4), fragment: f, content, data: cur.data, points: cur.points, sentAtMs: cur.sentAtMs, receivedAtMs: this.now };
    if (cur.octets) response.octets = cur.octets;
    const verdict = cur.task.response(this.ctx, response);
    if (verdict === 'next') this.send(cur.task);
    else if (verdict === 'yield') this.enqueue(cur.task);
    else if (verdict === 'pause' && cur.task instanceof CommandTask) {
      this.paused = cur.task;
      this.arm(T_SELECT, this.cfg.selectTimeoutMs);
    }
  }

  /** Confirms a response now, or holds its CONFIRM until its events are stored (returns the token). */
  private confirmOrHold(seq: number, uns: boolean, points: readonly PointUpdate[]): number | undefined {
    if (this.cfg.confirmAfterCommit && points.some((p) => p.isEvent)) return this.held.hold(seq, uns, this.now, this.out);
    this.confirm(seq, uns);
    return undefined;
  }

  private confirm(seq: number, uns: boolean): void {
    this.channel.sendFragment(new Uint8Array([encodeAppControl({ fir: true, fin: true, con: false, uns, seq }), FunctionCode.CONFIRM]), this.out);
  }

  private onIin(iin: number): void {
    if (iin !== this.iin) {
      this.iin = iin;
      this.emit({ type: 'iin', iin, words: iinWords(iin) });
    }
    const running = this.current?.task ?? null;
    const t = iinTasks(iin, {
      queued: new Set(this.queue.map((q) => q.name)),
      running: running?.name ?? null,
      timeSyncQueuedOrRunning: running instanceof TimeSyncTask || this.queue.some((q) => q instanceof TimeSyncTask),
      syncOnNeedTime: this.cfg.timeSync.onNeedTime,
      unsolicitedClasses: this.unsolEnabled,
      heldBack: new Set([...this.heldBack].filter(([, until]) => until > this.now).map(([name]) => name)),
    });
    const retries = this.cfg.retries;
    const holdOnFailure = (name: string) => (ok: boolean) => {
      if (!ok) this.heldBack.set(name, this.now + HOLD_BACK_MS);
    };
    if (t.clearRestart) {
      this.enqueue(new RequestTask({ name: 'clearRestart', priority: Priority.clearRestart, fc: FunctionCode.WRITE, objects: CLEAR_RESTART, retries, onEnd: (_c, ok) => holdOnFailure('clearRestart')(ok) }));
    }
    if (t.integrity) this.enqueueIntegrity();
    if (t.timeSync) this.enqueue(new TimeSyncTask(this.cfg.timeSync.procedure, holdOnFailure('timeSync')));
    if (t.eventPoll.length > 0) this.enqueue(new RequestTask({ name: 'eventPoll', priority: Priority.eventPoll, fc: FunctionCode.READ, objects: classHeaders(t.eventPoll), retries }));
  }

  private onTimer(id: string): void {
    if (!this.up) return;
    if (!this.channel.onTimer(id, this.out)) this.out.push({ kind: 'close', reason: 'LINK_CONFIRM_TIMEOUT' });
    else if (id === T_RESPONSE) this.onResponseTimeout();
    else if (id === T_KEEPALIVE || id === T_LINK_STATUS) {
      if (this.keepAlive.onTimer(id, this.now, this.out, () => this.channel.requestLinkStatus(this.out))) {
        this.emit({ type: 'error', code: 'LINK_STATUS_TIMEOUT', message: 'no answer to REQUEST_LINK_STATUS' });
        this.out.push({ kind: 'close', reason: 'LINK_STATUS_TIMEOUT' });
      }
    } else if (id === T_SELECT) {
      const t = this.paused;
      this.paused = null;
      t?.fail(this.ctx, 'SELECT_TIMEOUT', 'no operate within the select timeout');
    } else if (id === T_COMMIT_SOLICITED || id === T_COMMIT_UNSOLICITED) {
      const given = this.held.timer(id);
      if (given) this.emit({ type: 'error', code: 'CONFIRM_WITHHELD', message: `events not stored within ${this.cfg.commitWaitMs} ms: ${given.uns ? 'unsolicited' : 'solicited'} response seq ${given.seq} not confirmed, the outstation keeps them and reports them again` });
    } else if (this.schedules.has(id)) {
      const task = scheduledTask(this.cfg, id);
      if (!this.queue.some((t) => t.name === task.name)) this.enqueue(task);
      this.arm(id, this.schedules.get(id)!);
    } else this.feedback.timer(this.ctx, id);
  }

  private onResponseTimeout(): void {
    const cur = this.current;
    if (!cur) return;
    this.current = null;
    if (cur.task.retries > 0) {
      cur.task.retries--;
      this.emit({ type: 'error', code: 'RESPONSE_TIMEOUT', message: `${cur.task.name}: no response, retrying` });
      this.send(cur.task);
      return;
    }
    cur.task.fail(this.ctx, 'RESPONSE_TIMEOUT', `no response within ${this.cfg.responseTimeoutMs} ms`);
  }

  private onCall(call: SessionCall): void {
    switch (call.op) {
      case 'interrogate':
        return this.whenUp(integrityTask(this.cfg.retries));
      case 'timeSync':
        return this.whenUp(new TimeSyncTask(call.procedure ?? this.cfg.timeSync.procedure));
      case 'command': {
        const enc = encodeControl(call.command, this.cfg.defaultPulseMs);
        if ('error' in enc) {
          this.emit({ type: 'command', id: call.command.id, stage: 'done', result: enc.error, ok: false, detail: enc.detail });
          return;
        }
        return this.whenUp(new CommandTask(call.command, enc, this.cfg.selectTimeoutMs, this.feedback));
      }
      case 'operate': {
        const t = this.paused;
        if (!t || t.id !== call.id) {
          this.emit({ type: 'command', id: call.id, stage: 'done', result: 'NO_SELECT', ok: false, detail: 'no select awaits an operate' });
          return;
        }
        this.cancel(T_SELECT);
        this.paused = null;
        if (t.resume(this.ctx)) this.send(t);
        return;
      }
      case 'cancelCommand': {
        const t = this.paused?.id === call.id ? this.paused : this.queue.find((x) => x.id === call.id);
        if (!t) return;
        if (t === this.paused) {
          this.paused = null;
          this.cancel(T_SELECT);
        } else this.queue = this.queue.filter((x) => x !== t);
        t.fail(this.ctx, 'CANCELLED', 'cancelled by the operator');
        return;
      }
      case 'file.read':
      case 'file.list':
        return this.whenUp(new FileTask(call, this.cfg.retries, fileBlockSize(this.cfg.maxRxFragmentSize)));
      case 'file.abort': {
        const running = this.current?.task;
        const t = [running, ...this.queue].find((x): x is FileTask => x instanceof FileTask && x.id === call.id);
        if (t?.abort(this.ctx, t === running)) this.queue = this.queue.filter((x) => x !== t);
        return;
      }
      case 'stop':
        this.out.push({ kind: 'close', reason: 'stopped' });
        return;
      case 'decodeLevel':
        return this.channel.setDecodeLevel(call.level);
      case 'confirm': {
        const held = this.held.release(call.token, this.out);
        if (held && this.up) this.confirm(held.seq, held.uns);
        return;
      }
      default:
        if (!call.op.startsWith('dnp3.')) {
          this.emit({ type: 'error', code: 'UNSUPPORTED_CALL', message: `${call.op} is not a DNP3 call` });
          return;
        }
        return this.onDnp3Call(call as Parameters<typeof taskForCall>[0]);
    }
  }

  private onDnp3Call(call: Parameters<typeof taskForCall>[0]): void {
    const t = taskForCall(call, this.cfg.retries, (enable, classes) => classes.forEach((c) => (enable ? this.unsolEnabled.add(c) : this.unsolEnabled.delete(c))));
    if ('error' in t) {
      if (t.id !== undefined) this.emit({ type: 'response', id: t.id, ok: false, result: t.error, value: t.detail });
      else this.emit({ type: 'error', code: t.error, message: t.detail });
      return;
    }
    this.whenUp(t);
  }

  private whenUp(task: MasterTask): void {
    if (!this.up) {
      task.fail(this.ctx, 'NO_LINK', 'the link is down');
      return;
    }
    this.enqueue(task);
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
