/**
 * Coalescing of alarm changes for the clients: the changes of one interval go out as one
 * `alarms.changed` event, in the order they happened, so an alarm flood costs the
 * renderer one message per interval instead of one per change.
 */
import type { EventPayload } from '../../../src-shared/ipc/contract';
import type { Alarm, AlarmTransition } from './alarm-service';

/** One interval's changes as the contract carries them. */
export type AlarmChangesPayload = EventPayload<'alarms.changed'>;

/** Collects alarm changes and hands them on together. */
export class AlarmChangeBatch {
  private pending: AlarmChangesPayload['changes'] = [];

  /**
   * @param send receives each non-empty batch
   * @param unacknowledged the current count of unacknowledged alarms, read when a batch goes out
   */
  constructor(
    private readonly send: (batch: AlarmChangesPayload) => void,
    private readonly unacknowledged: () => number,
  ) {}

  /** Queues one change (the alarm as it was at the change: pass a snapshot). */
  add(alarm: Alarm, transition: AlarmTransition): void {
    this.pending.push({ alarm, transition });
  }

  /** Sends the queued changes as one batch, if there are any. */
  flush(): void {
    if (this.pending.length === 0) return;
    const changes = this.pending;
    this.pending = [];
    this.send({ changes, unacknowledged: this.unacknowledged() });
  }
}
