/**
 * Live notices of logged events (`events.appended`) held until their batch is committed,
 * so the UI never shows an event that a crash could still lose.
 */
import type { LogEvent } from './event-types';

/** An event as the live notice shows it (the contract's EventNotice). */
export type EventNoticeRow = Omit<Required<LogEvent>, 'data'>;

/** Notices waiting for their batch's commit, oldest first, at most `cap`. */
export class CommittedNotices {
  private pending: Array<{ batch: number; notice: EventNoticeRow }> = [];

  constructor(private readonly cap = 1000) {}

  /** Holds the notice of an event queued in `batch`; beyond the cap it is not shown live (it is still logged). */
  add(batch: number, event: LogEvent): void {
    if (this.pending.length >= this.cap) return;
    this.pending.push({
      batch,
      notice: { time: event.time ?? Date.now(), deviceTime: event.deviceTime ?? null, kind: event.kind, station: event.station ?? null, point: event.point ?? null, user: event.user ?? null, message: event.message },
    });
  }

  /** Takes the notices of every batch up to `committed`, in order. */
  take(committed: number): EventNoticeRow[] {
    let n = 0;
    while (n < this.pending.length && this.pending[n]!.batch <= committed) n++;
    return this.pending.splice(0, n).map((p) => p.notice);
  }
}
