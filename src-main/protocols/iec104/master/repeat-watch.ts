/**
 * Marks events that may be a station's resending after a reconnect. A controlled station
 * keeps the I-frames we had not acknowledged when a connection was lost and may send them
 * again on the next one; an event without time tag cannot be told apart from a new change
 * with the same value. So the events without time tag of the frames left unacknowledged
 * are remembered, and a matching event among as many frames after the next start is
 * marked `possibleRepeat` (each remembered event marks at most one). Only the ASDUs (views
 * of the received chunks, which drivers never reuse) of frames not yet acknowledged are
 * kept; they are decoded again into keys only when a connection is lost.
 */
import type { PointUpdate } from '../../../../src-shared/session';

/** Decodes a kept ASDU again into its point updates. */
export type RedecodeAsdu = (asdu: Uint8Array) => PointUpdate[];

function keyOf(u: PointUpdate): string {
  return `${u.commonAddress ?? ''}|${u.ref}|${u.type}|${String(u.value)}|${u.quality.join(',')}`;
}

function timeless(u: PointUpdate): boolean {
  return u.isEvent && u.deviceTime === null;
}

/** The unacknowledged frames' timeless events and the suspects after a loss. */
export class RepeatWatch {
  /** ASDUs of received frames; from `start` on not yet acknowledged; null: no timeless event in it. */
  private recent: Array<Uint8Array | null> = [];
  private start = 0;
  private suspects = new Map<string, number>();
  /** Frames after the restart still to compare with the suspects. */
  private toCheck = 0;

  /**
   * One I-frame of the started link was handled: its ASDU, and the updates it produced,
   * `updates[from..]`; `unacked` frames (this one included) are not acknowledged.
   */
  frame(asdu: Uint8Array, updates: readonly PointUpdate[], from: number, unacked: number): void {
    let any = false;
    for (let i = from; i < updates.length; i++) {
      const u = updates[i]!;
      if (!timeless(u)) continue;
      any = true;
      if (this.toCheck > 0) this.mark(u);
    }
    if (this.toCheck > 0 && --this.toCheck === 0) this.suspects.clear();
    this.recent.push(any ? asdu : null);
    this.start = Math.max(this.start, this.recent.length - unacked);
    if (this.start > 1024 && this.start * 2 > this.recent.length) {
      this.recent = this.recent.slice(this.start);
      this.start = 0;
    }
  }

  /** The connection was lost with `unacked` received frames not acknowledged. */
  lost(unacked: number, redecode: RedecodeAsdu): void {
    const n = Math.min(unacked, this.recent.length - this.start);
    for (const asdu of this.recent.slice(this.recent.length - n)) {
      if (asdu === null) continue;
      for (const u of redecode(asdu)) {
        if (!timeless(u)) continue;
        const key = keyOf(u);
        this.suspects.set(key, (this.suspects.get(key) ?? 0) + 1);
      }
    }
    this.recent = [];
    this.start = 0;
    this.toCheck = this.suspects.size > 0 ? this.toCheck + n : 0;
  }

  private mark(u: PointUpdate): void {
    const key = keyOf(u);
    const left = this.suspects.get(key);
    if (left === undefined) return;
    u.possibleRepeat = true;
    if (left > 1) this.suspects.set(key, left - 1);
    else this.suspects.delete(key);
  }
}
