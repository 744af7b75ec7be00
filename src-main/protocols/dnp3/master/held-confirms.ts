/**
 * Application CONFIRMs held back until the engine has stored the events they acknowledge
 * (master option `confirmAfterCommit`). An outstation drops events from its buffer when
 * their response is confirmed, so a CONFIRM sent before the events are on disk loses them
 * on a crash. At most one solicited and one unsolicited response wait at a time (an
 * outstation sends nothing further of either kind before their confirm). A held CONFIRM
 * not released within `waitMs` is withheld for good: the outstation keeps the events and
 * reports them again, and the engine suppresses the repeat.
 */
import type { SessionOutput } from '../../../../src-shared/session';

/** Timer of the held solicited CONFIRM. */
export const T_COMMIT_SOLICITED = 'dnp3.commit.solicited';
/** Timer of the held unsolicited CONFIRM. */
export const T_COMMIT_UNSOLICITED = 'dnp3.commit.unsolicited';

/** One CONFIRM waiting for its commit. */
export interface HeldConfirm {
  token: number;
  seq: number;
  uns: boolean;
  heldAtMs: number;
}

/** The solicited and unsolicited CONFIRM slots. */
export class HeldConfirms {
  private nextToken = 1;
  private solicited: HeldConfirm | null = null;
  private unsolicited: HeldConfirm | null = null;

  constructor(private readonly waitMs: number) {}

  /** True while a solicited response's CONFIRM waits: the master sends no new request meanwhile. */
  get solicitedWaiting(): boolean {
    return this.solicited !== null;
  }

  /** Whether the CONFIRM of this unsolicited sequence number is held (a retry of it must not be confirmed early). */
  holdsUnsolicited(seq: number): boolean {
    return this.unsolicited?.seq === seq;
  }

  /** Holds the CONFIRM of a response; returns the token the engine releases it with. */
  hold(seq: number, uns: boolean, nowMs: number, out: SessionOutput[]): number {
    const held: HeldConfirm = { token: this.nextToken++, seq, uns, heldAtMs: nowMs };
    if (uns) this.unsolicited = held;
    else this.solicited = held;
    out.push({ kind: 'arm', id: uns ? T_COMMIT_UNSOLICITED : T_COMMIT_SOLICITED, ms: this.waitMs });
    return held.token;
  }

  /** The engine stored the events of `token`: returns the CONFIRM to send now, or null for an unknown or stale token. */
  release(token: number, out: SessionOutput[]): HeldConfirm | null {
    const held = this.solicited?.token === token ? this.solicited : this.unsolicited?.token === token ? this.unsolicited : null;
    if (held) this.drop(held.uns, out);
    return held;
  }

  /** A timer fired: the CONFIRM given up on, or null when the timer is not one of these. */
  timer(id: string): HeldConfirm | null {
    const uns = id === T_COMMIT_UNSOLICITED;
    if (!uns && id !== T_COMMIT_SOLICITED) return null;
    const held = uns ? this.unsolicited : this.solicited;
    if (uns) this.unsolicited = null;
    else this.solicited = null;
    return held;
  }

  /** The link dropped: nothing is confirmed any more (the outstation reports the events again). */
  clear(out: SessionOutput[]): void {
    if (this.solicited) this.drop(false, out);
    if (this.unsolicited) this.drop(true, out);
  }

  private drop(uns: boolean, out: SessionOutput[]): void {
    if (uns) this.unsolicited = null;
    else this.solicited = null;
    out.push({ kind: 'cancel', id: uns ? T_COMMIT_UNSOLICITED : T_COMMIT_SOLICITED });
  }
}
