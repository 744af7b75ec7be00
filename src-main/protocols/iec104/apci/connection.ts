/**
 * One IEC 104 connection's APCI state machine, shared by the controlling station (master)
 * and the controlled station: STARTDT/STOPDT/TESTFR, N(S)/N(R) with k/w flow control, and
 * the timers t1 (unacknowledged frame or test), t2 (acknowledge after receiving) and t3
 * (test when idle). Sans-IO: it appends outputs to the array it is given.
 */
import type { SessionOutput } from '../../../../src-shared/session';
import { ApduFramer } from './framer';
import { ReceiveAcks } from './receive-acks';
import { decodeApci, encodeS, encodeU, SEQ_MODULO, seqDistance, writeIApci, type UFunction } from './apdu';
import type { ApciCloseCode } from '../../../../src-shared/session-errors';

/** APCI parameters of a connection; the defaults are in `APCI_DEFAULTS`. */
export interface ApciParams {
  /** Unacknowledged I-frames we may have outstanding (1..32767; default 12). */
  k: number;
  /** Received I-frames after which we acknowledge (1..k; default 8). */
  w: number;
  /** Timeout of sent APDUs: I-frame ack, STARTDT/STOPDT/TESTFR con (default 15000 ms). */
  t1Ms: number;
  /** Acknowledge received I-frames at the latest after t2 (default 10000 ms; < t1). */
  t2Ms: number;
  /** Send TESTFR act after t3 of idle (default 20000 ms). */
  t3Ms: number;
}

/** Data transfer state: after TCP connect a connection is stopped until STARTDT. */
export type DtState = 'stopped' | 'startPending' | 'started' | 'stopPending';

/** What the connection tells its owner; each callback may append outputs. */
export interface ApciHandler {
  /** An I-format APDU's ASDU (a view of the received bytes) and the whole APDU, in sequence. */
  onAsdu(link: number, asdu: Uint8Array, nowMs: number, out: SessionOutput[], apdu: Uint8Array): void;
  /** Data transfer started (master: STARTDT con received; station: STARTDT act received). */
  onStarted(link: number, nowMs: number, out: SessionOutput[]): void;
  /** Data transfer stopped (master: STOPDT con; station: STOPDT act). */
  onStopped(link: number, nowMs: number, out: SessionOutput[]): void;
  /**
   * The connection closed itself for a protocol reason (t1, sequence error, framing); the
   * owner may call `down()` here to take the unacknowledged frames.
   */
  onClosed(link: number, code: ApciCloseCode, reason: string, nowMs: number, out: SessionOutput[]): void;
  /** Acknowledgements opened the send window. */
  onWindow(link: number, nowMs: number, out: SessionOutput[]): void;
  /** Every APDU sent or received, when analysis is on. */
  onFrame(link: number, direction: 'tx' | 'rx', bytes: Uint8Array, error: string | null, out: SessionOutput[]): void;
}

/** Which end of the link this is. */
export type ApciRole = 'master' | 'station';

/**
 * The APCI layer of one connection. I-frames are passed in with six octets of headroom
 * (encodeAsdu(..., 6)) and sent without copying.
 */
export class ApciConnection {
  /** Timer ids this connection arms; the owner routes fired timers back by id. */
  readonly timerIds: { t1: string; t2: string; t3: string };
  /** Set to have every APDU reported to onFrame. */
  analyze = false;
  /** APDUs received and sent on this connection, whatever `analyze` says. */
  readonly frames = { rx: 0, tx: 0 };
  /** V(R), w and t2; its `hold` makes N(R) wait for the owner's `markBatch` / `stored`. */
  readonly acks: ReceiveAcks;
  private connectedFlag = false;
  private dtState: DtState = 'stopped';
  private framer = new ApduFramer();
  private vs = 0;
  private va = 0;
  private readonly sentFrames: Array<Uint8Array | undefined>;
  private readonly sentAt: Float64Array;
  private sentHead = 0;
  private sentCount = 0;
  private queue: Uint8Array[] = [];
  private queueHead = 0;
  private lastRxAt = 0;
  private uPending: UFunction | null = null;
  private uSentAt = 0;
  private testPending = false;
  private testSentAt = 0;
  private t1Armed = false;
  private stopConDeferred = false;

  constructor(
    readonly link: number,
    private readonly params: ApciParams,
    private readonly role: ApciRole,
    private readonly handler: ApciHandler,
  ) {
    this.timerIds = { t1: `t1:${link}`, t2: `t2:${link}`, t3: `t3:${link}` };
    this.sentFrames = new Array<Uint8Array | undefined>(params.k).fill(undefined);
    this.sentAt = new Float64Array(params.k);
    this.acks = new ReceiveAcks(params, this.timerIds.t2, (nr, _nowMs, out) => this.tx(encodeS(nr), out));
  }

  /** TCP connected. */
  get connected(): boolean {
    return this.connectedFlag;
  }

  /** Current data transfer state. */
  get state(): DtState {
    return this.dtState;
  }

  /** I-frames sent and not yet acknowledged. */
  get unacked(): number {
    return this.sentCount;
  }

  /** True when an I-frame would go out at once (started, window open, nothing queued). */
  canSend(): boolean {
    return this.dtState === 'started' && this.sentCount < this.params.k && this.queue.length === this.queueHead;
  }

  /** The transport connected. Arms t3. */
  up(nowMs: number, out: SessionOutput[]): void {
    this.reset();
    this.connectedFlag = true;
    this.lastRxAt = nowMs;
    out.push({ kind: 'arm', id: this.timerIds.t3, ms: this.params.t3Ms });
  }

  /**
   * The transport closed. Returns the I-frames (with headroom) that were sent but not
   * acknowledged, then those still queued, in order: a redundancy group may resend them.
   */
  down(out: SessionOutput[]): Uint8Array[] {
    const unsent: Uint8Array[] = [];
    for (let i = 0; i < this.sentCount; i++) unsent.push(this.sentFrames[(this.sentHead + i) % this.params.k] as Uint8Array);
    for (let i = this.queueHead; i < this.queue.length; i++) unsent.push(this.queue[i] as Uint8Array);
    if (this.connectedFlag) {
      out.push({ kind: 'cancel', id: this.timerIds.t1 }, { kind: 'cancel', id: this.timerIds.t2 }, { kind: 'cancel', id: this.timerIds.t3 });
    }
    this.reset();
    return unsent;
  }

  /** Master: sends STARTDT act. */
  startDt(nowMs: number, out: SessionOutput[]): void {
    if (!this.connectedFlag || this.dtState !== 'stopped') return;
    this.dtState = 'startPending';
    this.sendU('STARTDT_ACT', nowMs, out);
  }

  /** Master: acknowledges what was received, then sends STOPDT act. */
  stopDt(nowMs: number, out: SessionOutput[]): void {
    if (!this.connectedFlag || (this.dtState !== 'started' && this.dtState !== 'startPending')) return;
    this.acks.flush(nowMs, out);
    this.dtState = 'stopPending';
    this.sendU('STOPDT_ACT', nowMs, out);
  }

  /** Sends an I-frame (headroom form), or queues it while k frames are unacknowledged. Returns false when not started. */
  sendAsdu(frame: Uint8Array, nowMs: number, out: SessionOutput[]): boolean {
    if (this.dtState !== 'started') return false;
    if (this.sentCount >= this.params.k || this.queue.length > this.queueHead) this.queue.push(frame);
    else this.transmitI(frame, nowMs, out);
    return true;
  }

  /** Bytes received from the transport. */
  rx(chunk: Uint8Array, nowMs: number, out: SessionOutput[]): void {
    if (!this.connectedFlag) return;
    const r = this.framer.push(chunk);
    for (const frame of r.frames) {
      this.frame(frame, nowMs, out);
      if (!this.connectedFlag) return;
    }
    if (r.error !== null) {
      if (this.analyze) this.handler.onFrame(this.link, 'rx', chunk, r.error.code, out);
      this.close(r.error.code, `${r.error.code}: ${r.error.message}`, nowMs, out);
    }
  }

  /** A timer fired; returns false when the id is not this connection's. */
  timer(id: string, nowMs: number, out: SessionOutput[]): boolean {
    if (id === this.timerIds.t1) this.onT1(nowMs, out);
    else if (id === this.timerIds.t3) this.onT3(nowMs, out);
    else if (id !== this.timerIds.t2) return false;
    else if (this.connectedFlag) this.acks.onT2(nowMs, out);
    return true;
  }

  private frame(frame: Uint8Array, nowMs: number, out: SessionOutput[]): void {
    const d = decodeApci(frame);
    this.frames.rx++;
    if (this.analyze) this.handler.onFrame(this.link, 'rx', frame, d.ok ? null : d.error.code, out);
    if (!d.ok) {
      this.close(d.error.code, `${d.error.code}: ${d.error.message}`, nowMs, out);
      return;
    }
    this.lastRxAt = nowMs;
    const a = d.value;
    if (a.format === 'I') {
      if (this.dtState !== 'started' && this.dtState !== 'stopPending') {
        this.close('I_FRAME_NOT_STARTED', 'I_FRAME_NOT_STARTED: I-format APDU before STARTDT', nowMs, out);
        return;
      }
      if (a.ns !== this.acks.expected) {
        this.close('SEQUENCE_ERROR', `SEQUENCE_ERROR: received N(S)=${a.ns}, expected ${this.acks.expected}`, nowMs, out);
        return;
      }
      if (!this.ack(a.nr, nowMs, out)) return;
      this.acks.received(nowMs, out);
      this.handler.onAsdu(this.link, a.asdu, nowMs, out, frame);
    } else if (a.format === 'S') {
      this.ack(a.nr, nowMs, out);
    } else {
      this.onU(a.fn, nowMs, out);
    }
  }

  private onU(fn: UFunction, nowMs: number, out: SessionOutput[]): void {
    switch (fn) {
      case 'TESTFR_ACT':
        this.sendRawU('TESTFR_CON', out);
        return;
      case 'TESTFR_CON':
        this.testPending = false;
        return;
      case 'STARTDT_ACT':
        if (this.role === 'station') {
          this.dtState = 'started';
          this.sendRawU('STARTDT_CON', out);
          this.handler.onStarted(this.link, nowMs, out);
        }
        return;
      case 'STOPDT_ACT':
        if (this.role === 'station') {
          this.dtState = 'stopPending';
          if (this.sentCount === 0) this.confirmStop(nowMs, out);
          else this.stopConDeferred = true;
        }
        return;
      case 'STARTDT_CON':
        if (this.role === 'master' && this.uPending === 'STARTDT_ACT') {
          this.uPending = null;
          this.dtState = 'started';
          this.handler.onStarted(this.link, nowMs, out);
        }
        return;
      case 'STOPDT_CON':
        if (this.role === 'master' && this.uPending === 'STOPDT_ACT') {
          this.uPending = null;
          this.dtState = 'stopped';
          this.handler.onStopped(this.link, nowMs, out);
        }
        return;
    }
  }

  private confirmStop(nowMs: number, out: SessionOutput[]): void {
    this.stopConDeferred = false;
    this.dtState = 'stopped';
    this.queue = [];
    this.queueHead = 0;
    this.sendRawU('STOPDT_CON', out);
    this.handler.onStopped(this.link, nowMs, out);
  }

  /** Processes a received N(R); closes on an acknowledgement of frames never sent. */
  private ack(nr: number, nowMs: number, out: SessionOutput[]): boolean {
    const d = seqDistance(nr, this.va);
    if (d > this.sentCount) {
      this.close('SEQUENCE_ERROR', `SEQUENCE_ERROR: received N(R)=${nr} outside ${this.va}..${this.vs}`, nowMs, out);
      return false;
    }
    if (d === 0) return true;
    const k = this.params.k;
    for (let i = 0; i < d; i++) this.sentFrames[(this.sentHead + i) % k] = undefined;
    this.sentHead = (this.sentHead + d) % k;
    this.sentCount -= d;
    this.va = nr;
    while (this.sentCount < k && this.queueHead < this.queue.length) {
      const next = this.queue[this.queueHead] as Uint8Array;
      this.queue[this.queueHead++] = undefined as unknown as Uint8Array;
      this.transmitI(next, nowMs, out);
    }
    if (this.queueHead === this.queue.length && this.queueHead > 0) {
      this.queue = [];
      this.queueHead = 0;
    }
    if (this.stopConDeferred && this.sentCount === 0) this.confirmStop(nowMs, out);
    this.handler.onWindow(this.link, nowMs, out);
    return true;
  }

  private transmitI(frame: Uint8Array, nowMs: number, out: SessionOutput[]): void {
    writeIApci(frame, this.vs, this.acks.piggyback(nowMs));
    const k = this.params.k;
    const slot = (this.sentHead + this.sentCount) % k;
    this.sentFrames[slot] = frame;
    this.sentAt[slot] = nowMs;
    this.sentCount++;
    this.vs = (this.vs + 1) % SEQ_MODULO;
    this.armT1(out);
    this.tx(frame, out);
  }

  private sendU(fn: UFunction, nowMs: number, out: SessionOutput[]): void {
    this.uPending = fn;
    this.uSentAt = nowMs;
    this.armT1(out);
    this.tx(encodeU(fn), out);
  }

  private sendRawU(fn: UFunction, out: SessionOutput[]): void {
    this.tx(encodeU(fn), out);
  }

  private tx(bytes: Uint8Array, out: SessionOutput[]): void {
    out.push(this.link === 0 ? { kind: 'tx', bytes } : { kind: 'tx', bytes, link: this.link });
    this.frames.tx++;
    if (this.analyze) this.handler.onFrame(this.link, 'tx', bytes, null, out);
  }

  private armT1(out: SessionOutput[]): void {
    if (this.t1Armed) return;
    this.t1Armed = true;
    out.push({ kind: 'arm', id: this.timerIds.t1, ms: this.params.t1Ms });
  }

  /** Earliest time something sent is still waiting for (I-frame ack, U con, test con), or Infinity. */
  private oldestWait(): number {
    let t = Infinity;
    if (this.sentCount > 0) t = this.sentAt[this.sentHead] as number;
    if (this.uPending !== null && this.uSentAt < t) t = this.uSentAt;
    if (this.testPending && this.testSentAt < t) t = this.testSentAt;
    return t;
  }

  private onT1(nowMs: number, out: SessionOutput[]): void {
    this.t1Armed = false;
    if (!this.connectedFlag) return;
    const since = this.oldestWait();
    if (since === Infinity) return;
    const due = since + this.params.t1Ms;
    if (due <= nowMs) {
      const what = this.sentCount > 0 && since === this.sentAt[this.sentHead] ? 'I-frame acknowledgement' : this.uPending ?? 'TESTFR con';
      this.close('T1_EXPIRED', `T1_EXPIRED: no ${what} within ${this.params.t1Ms} ms`, nowMs, out);
      return;
    }
    this.t1Armed = true;
    out.push({ kind: 'arm', id: this.timerIds.t1, ms: due - nowMs });
  }

  private onT3(nowMs: number, out: SessionOutput[]): void {
    if (!this.connectedFlag) return;
    const due = this.lastRxAt + this.params.t3Ms;
    if (due <= nowMs) {
      if (!this.testPending) {
        this.testPending = true;
        this.testSentAt = nowMs;
        this.armT1(out);
        this.sendRawU('TESTFR_ACT', out);
      }
      out.push({ kind: 'arm', id: this.timerIds.t3, ms: this.params.t3Ms });
    } else {
      out.push({ kind: 'arm', id: this.timerIds.t3, ms: due - nowMs });
    }
  }

  private close(code: ApciCloseCode, reason: string, nowMs: number, out: SessionOutput[]): void {
    out.push(this.link === 0 ? { kind: 'close', reason } : { kind: 'close', reason, link: this.link });
    this.handler.onClosed(this.link, code, reason, nowMs, out);
    if (this.connectedFlag) this.down(out);
  }

  private reset(): void {
    this.connectedFlag = false;
    this.dtState = 'stopped';
    this.framer = new ApduFramer();
    this.vs = this.va = 0;
    this.acks.reset();
    this.sentFrames.fill(undefined);
    this.sentHead = this.sentCount = 0;
    this.queue = [];
    this.queueHead = 0;
    this.uPending = null;
    this.testPending = false;
    this.t1Armed = false;
    this.stopConDeferred = false;
  }
}
