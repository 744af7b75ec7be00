/**
 * The receive side of one IEC 104 connection's sequence numbers: V(R), the N(R) last sent,
 * acknowledgement after w I-frames or t2, and (master option `confirmAfterCommit`)
 * acknowledgements held until the owner has stored what the frames carried. The owner
 * marks each batch of received frames it handed on, with a token when the batch carried
 * events to store; N(R) only advances over a prefix of batches that are stored, because it
 * acknowledges every frame before it.
 */
import type { SessionOutput } from '../../../../src-shared/session';
import { SEQ_MODULO, seqDistance } from './apdu';

interface Batch {
  /** N(R) that acknowledges this batch and every one before it. */
  nr: number;
  /** Token to wait for, or null once stored (or when there was nothing to store). */
  token: number | null;
  /** When the batch's frames arrived. */
  atMs: number;
}

/** The marked batches not yet acknowledgeable, oldest first. */
class AckHolds {
  private batches: Batch[] = [];
  private markedNr = 0;

  /** Forgets every batch (a new connection starts at N(R) 0). */
  reset(): void {
    this.batches = [];
    this.markedNr = 0;
  }

  /** Frames before `nr` were handed on; `token` is what their storing is released with (null: nothing to store). */
  mark(nr: number, token: number | null, atMs: number): void {
    if (nr === this.markedNr) return;
    this.batches.push({ nr, token, atMs });
    this.markedNr = nr;
  }

  /** The batch of `token` is stored; false when the token is not one of this connection's. */
  stored(token: number): boolean {
    const batch = this.batches.find((b) => b.token === token);
    if (!batch) return false;
    batch.token = null;
    return true;
  }

  /** Takes the stored batches at the head; returns the N(R) that now may be sent, or null. */
  takeReleasable(): number | null {
    let nr: number | null = null;
    while (this.batches.length > 0 && this.batches[0]!.token === null) nr = this.batches.shift()!.nr;
    return nr;
  }

  /** Arrival time of the oldest batch still held, or null. */
  oldestAtMs(): number | null {
    return this.batches[0]?.atMs ?? null;
  }
}

/** Sends an S-frame acknowledging every I-frame before `nr`. */
export type SendAck = (nr: number, nowMs: number, out: SessionOutput[]) => void;

/** V(R) and the acknowledgements of received I-frames. */
export class ReceiveAcks {
  /** Acknowledge only what the owner released (`markBatch`, `stored`). */
  hold = false;
  private readonly holds = new AckHolds();
  private vr = 0;
  /** N(R) last sent, and the N(R) we may send (vr unless acknowledgements are held). */
  private ackedNr = 0;
  private releasedNr = 0;
  /** When the oldest unacknowledged frame arrived. */
  private firstAtMs = 0;
  private t2Armed = false;

  constructor(
    private readonly params: { w: number; t2Ms: number },
    private readonly t2Id: string,
    private readonly sendAck: SendAck,
  ) {}

  /** V(R): the N(S) expected next. */
  get expected(): number {
    return this.vr;
  }

  /** I-frames received and not yet acknowledged. */
  get unacked(): number {
    return seqDistance(this.vr, this.ackedNr);
  }

  /** A new connection: everything starts at 0. */
  reset(): void {
    this.holds.reset();
    this.vr = this.ackedNr = this.releasedNr = 0;
    this.t2Armed = false;
  }

  /** An I-frame arrived in sequence: counts it, acknowledges after w (or arms t2). */
  received(nowMs: number, out: SessionOutput[]): void {
    if (this.vr === this.ackedNr) this.firstAtMs = nowMs;
    this.vr = (this.vr + 1) % SEQ_MODULO;
    if (!this.hold) this.releasedNr = this.vr;
    this.ackIfDue(nowMs, out);
  }

  /** The N(R) for an I-frame being sent now (it acknowledges as an S-frame would). */
  piggyback(nowMs: number): number {
    this.acknowledged(nowMs);
    return this.releasedNr;
  }

  /** Sends an S-frame for whatever may be acknowledged and is not yet (before STOPDT). */
  flush(nowMs: number, out: SessionOutput[]): void {
    if (this.releasedNr !== this.ackedNr) this.sendS(nowMs, out);
  }

  /** With `hold`: the frames received so far were handed on; `token` releases them, null when nothing needs storing. */
  markBatch(token: number | null, nowMs: number, out: SessionOutput[]): void {
    if (!this.hold) return;
    this.holds.mark(this.vr, token, nowMs);
    this.release(nowMs, out);
  }

  /** With `hold`: the batch of `token` is stored; false when the token is not one of these. */
  stored(token: number, nowMs: number, out: SessionOutput[]): boolean {
    if (!this.holds.stored(token)) return false;
    this.release(nowMs, out);
    return true;
  }

  /** t2 fired: acknowledges what may be; frames still held past t2 are reported (ACK_WITHHELD). */
  onT2(nowMs: number, out: SessionOutput[]): void {
    this.t2Armed = false;
    if (this.vr === this.ackedNr) return;
    const due = this.firstAtMs + this.params.t2Ms;
    if (due > nowMs) {
      this.armT2(due - nowMs, out);
      return;
    }
    this.flush(nowMs, out);
    if (this.vr === this.ackedNr) return;
    // held frames past t2 stay unacknowledged until stored (the peer's t1 may close the connection)
    out.push({ kind: 'event', event: { type: 'error', code: 'ACK_WITHHELD', message: `${this.unacked} I-frame(s) not stored within t2 (${this.params.t2Ms} ms): not acknowledged yet` } });
    this.armT2(this.params.t2Ms, out);
  }

  private release(nowMs: number, out: SessionOutput[]): void {
    const nr = this.holds.takeReleasable();
    if (nr === null) return;
    this.releasedNr = nr;
    this.ackIfDue(nowMs, out);
  }

  /** Sends an S-frame once w frames may be acknowledged (or t2 has passed), else makes sure t2 runs. */
  private ackIfDue(nowMs: number, out: SessionOutput[]): void {
    const releasable = seqDistance(this.releasedNr, this.ackedNr);
    if (releasable >= this.params.w || (releasable > 0 && this.firstAtMs + this.params.t2Ms <= nowMs)) this.sendS(nowMs, out);
    else if (this.vr !== this.ackedNr && !this.t2Armed) this.armT2(this.params.t2Ms, out);
  }

  private sendS(nowMs: number, out: SessionOutput[]): void {
    const nr = this.releasedNr;
    this.acknowledged(nowMs);
    this.sendAck(nr, nowMs, out);
  }

  /** N(R) = releasedNr goes out; t2 now runs from the oldest frame still held. */
  private acknowledged(nowMs: number): void {
    this.ackedNr = this.releasedNr;
    if (this.vr !== this.ackedNr) this.firstAtMs = this.holds.oldestAtMs() ?? nowMs;
  }

  private armT2(ms: number, out: SessionOutput[]): void {
    this.t2Armed = true;
    out.push({ kind: 'arm', id: this.t2Id, ms });
  }
}
