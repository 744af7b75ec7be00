/**
 * Who may talk on a shared (multidrop) DNP3 serial line, and when. Pure: time comes in as
 * an argument, the caller sends what `pump` returns and calls it again at `wakeAtMs`.
 *
 * One outstanding transaction at a time: a master frame that asks for an answer makes its
 * station the owner of the line until the answer is complete (a secondary link frame for
 * link requests; the final application fragment for requests, and then the master's
 * CONFIRM when the outstation asked for one), or until the line has been silent for the
 * hold timeout (the response timeout plus the wire time of the longest frame). Frames of
 * other stations wait in order. Before any transmission the line must have been quiet for
 * the inter-frame gap.
 */
import type { LinkFrame } from '../protocols/dnp3';

/** Primary link functions (PRM = 1) that the outstation answers at the link layer. */
const LINK_REQUESTS: ReadonlySet<number> = new Set([0, 2, 9]); // RESET_LINK_STATES, TEST_LINK_STATES, REQUEST_LINK_STATUS
const CONFIRMED_USER_DATA = 3;
const UNCONFIRMED_USER_DATA = 4;
/** Application functions after which the outstation sends no response (the _NR codes, CONFIRM). */
const NO_RESPONSE_FUNCTIONS: ReadonlySet<number> = new Set([0x00, 0x06, 0x08, 0x0a, 0x0c]);
const APP_CONFIRM = 0x00;
// Transport header: bit7 FIN, bit6 FIR. Application control: bit7 FIR, bit6 FIN, bit5 CON, bit4 UNS.
const TH_FIR = 0x40;
const TH_FIN = 0x80;
const AC_FIN = 0x40;
const AC_CON = 0x20;
const AC_UNS = 0x10;

/** What the owner is waiting for. */
type Awaiting = 'link' | 'response' | 'confirm';

/** Timing of the line. */
export interface ArbiterTiming {
  /** Silence (no frame from the owner's outstation, nothing sent by it) after which the owner loses the line. */
  holdTimeoutMs: number;
  /** Minimum quiet time on the line before a transmission. */
  gapMs: number;
  /** Wire time of `octets` at the line's baud rate. */
  wireMs: (octets: number) => number;
}

/** A frame waiting for the line. */
interface Pending {
  station: number;
  frame: LinkFrame;
  bytes: Uint8Array;
  queuedAt: number;
}

/** Frames to put on the wire now, and when to call `pump` again (null: only on new input). */
export interface PumpResult {
  send: Array<{ station: number; bytes: Uint8Array }>;
  wakeAtMs: number | null;
}

/** Counters of the arbiter. */
export interface ArbiterStats {
  /** Transactions started (requests that held the line). */
  transactions: number;
  /** Transactions ended by the hold timeout rather than by an answer. */
  holdTimeouts: number;
  /** Longest time a frame waited for the line, in ms. */
  maxWaitMs: number;
}

/** What a master frame asks of the line: nothing, a link answer or an application response. */
function expectation(frame: LinkFrame): Awaiting | null {
  if (!frame.prm) return null;
  if (LINK_REQUESTS.has(frame.func)) return 'link';
  if (frame.func !== CONFIRMED_USER_DATA && frame.func !== UNCONFIRMED_USER_DATA) return null;
  const p = frame.payload;
  // Only the first segment of a fragment carries the application header.
  if (p.length < 3 || (p[0]! & TH_FIR) === 0) return frame.func === CONFIRMED_USER_DATA ? 'link' : null;
  return NO_RESPONSE_FUNCTIONS.has(p[2]!) ? (frame.func === CONFIRMED_USER_DATA ? 'link' : null) : 'response';
}

/** True for a master frame carrying an application CONFIRM. */
function isAppConfirm(frame: LinkFrame): boolean {
  const p = frame.payload;
  return frame.prm && p.length >= 3 && (p[0]! & TH_FIR) !== 0 && p[2] === APP_CONFIRM;
}

/** Arbitrates one shared serial line between the stations on it. */
export class SerialLineArbiter {
  private owner: { station: number; awaiting: Awaiting; lastActivity: number; finalPending: boolean; confirmAsked: boolean } | null = null;
  private readonly queue: Pending[] = [];
  /** The line is quiet from this time on (end of our last transmission, or of the last octet received). */
  private quietFrom = -Infinity;
  readonly stats: ArbiterStats = { transactions: 0, holdTimeouts: 0, maxWaitMs: 0 };

  constructor(private timing: ArbiterTiming) {}

  /** Changes the hold timeout (a station with a longer response timeout joined the line). */
  setHoldTimeout(ms: number): void {
    this.timing = { ...this.timing, holdTimeoutMs: ms };
  }

  /** The station that holds the line, or null. */
  get holder(): number | null {
    return this.owner?.station ?? null;
  }

  /** A station's master wants to send one link frame. */
  submit(station: number, frame: LinkFrame, bytes: Uint8Array, nowMs: number): void {
    this.queue.push({ station, frame, bytes, queuedAt: nowMs });
  }

  /** Octets arrived on the line (any station, or noise): the line is busy until now. */
  heard(nowMs: number): void {
    this.quietFrom = Math.max(this.quietFrom, nowMs);
  }

  /** A whole frame from outstation `source` arrived. */
  received(source: number, frame: LinkFrame, nowMs: number): void {
    this.heard(nowMs);
    const owner = this.owner;
    if (!owner || owner.station !== source) return;
    owner.lastActivity = nowMs;
    if (owner.awaiting === 'link') {
      if (!frame.prm) this.owner = null;
      return;
    }
    if (owner.awaiting !== 'response' || !frame.prm) return;
    const p = frame.payload;
    if (p.length >= 2 && (p[0]! & TH_FIR) !== 0 && (p[1]! & AC_UNS) === 0) {
      owner.finalPending = (p[1]! & AC_FIN) !== 0;
      owner.confirmAsked = (p[1]! & AC_CON) !== 0;
    }
    if (p.length >= 1 && (p[0]! & TH_FIN) !== 0 && owner.finalPending) {
      if (owner.confirmAsked) owner.awaiting = 'confirm';
      else this.owner = null;
    }
  }

  /** A station left the line: its queued frames are dropped and it gives up the line. */
  remove(station: number): void {
    for (let i = this.queue.length - 1; i >= 0; i--) if (this.queue[i]!.station === station) this.queue.splice(i, 1);
    if (this.owner?.station === station) this.owner = null;
  }

  /** Frames that may go out now, in order, and when to look again. */
  pump(nowMs: number): PumpResult {
    this.expire(nowMs);
    const send: PumpResult['send'] = [];
    for (;;) {
      const index = this.nextIndex();
      if (index < 0) return { send, wakeAtMs: this.owner ? this.owner.lastActivity + this.timing.holdTimeoutMs : null };
      const readyAt = this.quietFrom + this.timing.gapMs;
      if (nowMs < readyAt) return { send, wakeAtMs: readyAt };
      const [next] = this.queue.splice(index, 1) as [Pending];
      this.stats.maxWaitMs = Math.max(this.stats.maxWaitMs, nowMs - next.queuedAt);
      this.take(next, nowMs);
      send.push({ station: next.station, bytes: next.bytes });
      this.quietFrom = nowMs + this.timing.wireMs(next.bytes.length);
    }
  }

  /** The queue position allowed to go next: the owner's frames, or any frame when the line is free. */
  private nextIndex(): number {
    if (!this.owner) return this.queue.length > 0 ? 0 : -1;
    const station = this.owner.station;
    return this.queue.findIndex((p) => p.station === station);
  }

  private take(next: Pending, nowMs: number): void {
    const owner = this.owner;
    const confirm = isAppConfirm(next.frame);
    const awaiting = expectation(next.frame);
    if (owner) {
      owner.lastActivity = nowMs;
      if (awaiting !== null && !confirm) {
        // A new request from the owner starts a new wait.
        owner.awaiting = awaiting;
        owner.finalPending = false;
      } else if (confirm && owner.awaiting === 'confirm') {
        // The CONFIRM that ends the transaction; sent as confirmed user data it still awaits the link ACK.
        if (next.frame.func === CONFIRMED_USER_DATA) owner.awaiting = 'link';
        else this.owner = null;
      }
      return;
    }
    if (awaiting === null || confirm) return;
    this.stats.transactions++;
    this.owner = { station: next.station, awaiting, lastActivity: nowMs, finalPending: false, confirmAsked: false };
  }

  private expire(nowMs: number): void {
    if (this.owner && nowMs >= this.owner.lastActivity + this.timing.holdTimeoutMs) {
      this.stats.holdTimeouts++;
      this.owner = null;
    }
  }
}
