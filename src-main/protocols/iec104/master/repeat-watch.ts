/**
 * Marks events that may be a station's resending after a reconnect. A controlled station
 * keeps the I-frames we had not acknowledged when a connection was lost and may send them
 * again on the next one; an event without time tag cannot be told apart from a new change
 * with the same value. So the events without time tag of the frames left unacknowledged
 * are remembered, and a matching event among as many frames after the next start is
 * marked `possibleRepeat` (each remembered event marks at most one).
 */
import type { PointUpdate } from '../../../../src-shared/session';

/** Received frames remembered (the most a peer's k can leave unacknowledged is 32767). */
const RECENT_FRAMES = 32_768;

function keyOf(u: PointUpdate): string {
  return `${u.commonAddress ?? ''}|${u.ref}|${u.type}|${String(u.value)}|${u.quality.join(',')}`;
}

function timeless(u: PointUpdate): boolean {
  return u.isEvent && u.deviceTime === null;
}

/** The recent frames' timeless events and the suspects after a loss. */
export class RepeatWatch {
  /** Per received frame: the keys of its timeless events, or null (most frames). */
  private recent: Array<string[] | null> = [];
  private suspects = new Map<string, number>();
  /** Frames after the restart still to compare with the suspects. */
  private toCheck = 0;

  /** One I-frame of the started link was handled; its updates are `updates[from..]`. */
  frame(updates: readonly PointUpdate[], from: number): void {
    let keys: string[] | null = null;
    for (let i = from; i < updates.length; i++) {
      const u = updates[i]!;
      if (!timeless(u)) continue;
      const key = keyOf(u);
      (keys ??= []).push(key);
      if (this.toCheck > 0) this.mark(u, key);
    }
    if (this.toCheck > 0 && --this.toCheck === 0) this.suspects.clear();
    this.recent.push(keys);
    if (this.recent.length >= 2 * RECENT_FRAMES) this.recent = this.recent.slice(-RECENT_FRAMES);
  }

  /** The connection was lost with `unacked` received frames not acknowledged. */
  lost(unacked: number): void {
    const n = Math.min(unacked, this.recent.length);
    for (const keys of this.recent.slice(this.recent.length - n)) {
      for (const key of keys ?? []) this.suspects.set(key, (this.suspects.get(key) ?? 0) + 1);
    }
    this.recent = [];
    this.toCheck = this.suspects.size > 0 ? this.toCheck + n : 0;
  }

  private mark(u: PointUpdate, key: string): void {
    const left = this.suspects.get(key);
    if (left === undefined) return;
    u.possibleRepeat = true;
    if (left > 1) this.suspects.set(key, left - 1);
    else this.suspects.delete(key);
  }
}
