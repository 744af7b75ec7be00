/**
 * The end of a DNP3 command after its OPERATE / DIRECT_OPERATE echo confirmed SUCCESS:
 * stage `operated`, then the next reported value of the matching output status point as
 * stage `feedback` (binary output status g10/g11 `bo:N` for a CROB on index N, analog
 * output status g40/g42 `ao:N` for g41 on index N), then `done`. When no value is
 * reported within the feedback window the command is still done with `SUCCESS` (the
 * device accepted it), with a detail saying the feedback is missing; this mirrors the
 * IEC 104 master, where return information is optional too. The window runs on a timer
 * input, so the module stays sans-IO.
 */
import type { PointUpdate } from '../../../../src-shared/session';
import type { TaskContext } from './task';

/** Prefix of the feedback window timers, followed by the command id. */
const T_FEEDBACK = 'dnp3.feedback:';

interface Awaiting {
  id: string;
  /** Point reference of the output status that reports the command's effect (`bo:N`, `ao:N`). */
  ref: string;
}

/** Commands that operated and wait for their output status point. */
export class CommandFeedback {
  private readonly awaiting = new Map<string, Awaiting>();

  /** @param windowMs how long after the echo a status value counts as feedback; 0 ends at the echo. */
  constructor(private readonly windowMs: number) {}

  /**
   * The operate of command `id` on `target` was confirmed with status SUCCESS; `target` is
   * null when the command changes no output (a CROB NUL), so it ends at the echo.
   */
  operated(ctx: TaskContext, id: string, target: string | null): void {
    ctx.emit({ type: 'command', id, stage: 'operated', result: 'SUCCESS', ok: true });
    if (this.windowMs === 0 || target === null) return ctx.emit({ type: 'command', id, stage: 'done', result: 'SUCCESS', ok: true });
    this.awaiting.set(id, { id, ref: target });
    ctx.out.push({ kind: 'arm', id: T_FEEDBACK + id, ms: this.windowMs });
  }

  /** Points the outstation reported (any response or unsolicited): the first match is the feedback. */
  points(ctx: TaskContext, updates: readonly PointUpdate[]): void {
    for (const a of this.awaiting.values()) {
      const feedback = updates.find((u) => u.ref === a.ref);
      if (feedback === undefined) continue;
      this.awaiting.delete(a.id);
      ctx.out.push({ kind: 'cancel', id: T_FEEDBACK + a.id });
      ctx.emit({ type: 'command', id: a.id, stage: 'feedback', result: 'OUTPUT_STATUS', ok: true, feedback });
      ctx.emit({ type: 'command', id: a.id, stage: 'done', result: 'SUCCESS', ok: true, feedback });
    }
  }

  /** A timer fired; false when it is not a feedback window. */
  timer(ctx: TaskContext, timerId: string): boolean {
    if (!timerId.startsWith(T_FEEDBACK)) return false;
    const a = this.awaiting.get(timerId.slice(T_FEEDBACK.length));
    if (a) this.end(ctx, a, `no ${a.ref} status reported within ${this.windowMs} ms`);
    return true;
  }

  /** The link went down: every waiting command ends without feedback. */
  linkDown(ctx: TaskContext): void {
    for (const a of [...this.awaiting.values()]) {
      ctx.out.push({ kind: 'cancel', id: T_FEEDBACK + a.id });
      this.end(ctx, a, `the link went down before ${a.ref} reported a status`);
    }
  }

  private end(ctx: TaskContext, a: Awaiting, detail: string): void {
    this.awaiting.delete(a.id);
    ctx.emit({ type: 'command', id: a.id, stage: 'done', result: 'SUCCESS', ok: true, detail });
  }
}
