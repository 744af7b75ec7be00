/**
 * Primary station sending in confirmed mode (IEEE 1815-2012 clause 9.2.6): RESET_LINK_STATES
 * first, then each payload as CONFIRMED_USER_DATA with FCV set and the FCB alternating,
 * one frame outstanding, retransmitted with the same FCB after the link timeout, and the
 * link reset again after a NACK. Gives up after the configured retries.
 */
import type { SessionOutput } from '../../../../src-shared/session';
import { LinkFunction, type LinkFrame } from './frame';

/** Timer id of the link confirm timeout. */
export const LINK_TIMER = 'dnp3.link';

/** What the sender reports to its owner. */
export type SendOutcome = 'ok' | 'failed';

/** Confirmed-mode sender state machine. */
export class ConfirmedSender {
  private queue: Uint8Array[] = [];
  private state: { s: 'unreset' } | { s: 'resetting'; tries: number } | { s: 'idle' } | { s: 'waiting'; tries: number } = { s: 'unreset' };
  private fcb = true;

  constructor(
    private readonly opts: { timeoutMs: number; retries: number; frame: (func: number, fcb: boolean, fcv: boolean, payload: Uint8Array) => LinkFrame },
    private readonly send: (f: LinkFrame, out: SessionOutput[]) => void,
  ) {}

  /** Queues payloads (transport segments) for confirmed delivery. */
  enqueue(payloads: Uint8Array[], out: SessionOutput[]): void {
    this.queue.push(...payloads);
    this.pump(out);
  }

  /** Handles a secondary frame (ACK, NACK...). */
  onSecondary(func: number, out: SessionOutput[]): void {
    if (this.state.s === 'resetting' && func === LinkFunction.ACK) {
      this.fcb = true;
      this.state = { s: 'idle' };
    } else if (this.state.s === 'waiting' && func === LinkFunction.ACK) {
      this.queue.shift();
      this.fcb = !this.fcb;
      this.state = { s: 'idle' };
    } else if (this.state.s === 'waiting' && func === LinkFunction.NACK) {
      this.state = { s: 'unreset' };
    } else return;
    out.push({ kind: 'cancel', id: LINK_TIMER });
    this.pump(out);
  }

  /** The link timer fired: retransmit, or report failure after the retries. */
  onTimer(out: SessionOutput[]): SendOutcome {
    const st = this.state;
    if (st.s !== 'resetting' && st.s !== 'waiting') return 'ok';
    if (st.tries > this.opts.retries) {
      this.reset();
      return 'failed';
    }
    this.transmit(out, st.tries + 1);
    return 'ok';
  }

  /** Forgets everything (link down). */
  reset(): void {
    this.queue = [];
    this.state = { s: 'unreset' };
  }

  private pump(out: SessionOutput[]): void {
    if (this.queue.length === 0 || this.state.s === 'resetting' || this.state.s === 'waiting') return;
    this.transmit(out, 1);
  }

  private transmit(out: SessionOutput[], tries: number): void {
    const resetting = this.state.s === 'unreset' || this.state.s === 'resetting';
    if (resetting) {
      this.state = { s: 'resetting', tries };
      this.send(this.opts.frame(LinkFunction.RESET_LINK_STATES, false, false, new Uint8Array(0)), out);
    } else {
      this.state = { s: 'waiting', tries };
      this.send(this.opts.frame(LinkFunction.CONFIRMED_USER_DATA, this.fcb, true, this.queue[0]!), out);
    }
    out.push({ kind: 'arm', id: LINK_TIMER, ms: this.opts.timeoutMs });
  }
}
