/**
 * Runs one sans-IO Session: feeds it inputs in order (never re-entrantly), keeps its timers
 * and hands its tx/close/event outputs to the transport. Shared by SessionDriver and
 * serveSessions.
 */
import type { Session, SessionEvent, SessionInput, TimerId } from '../../src-shared/session';

/** Where a runner sends a session's outputs. */
export interface RunnerIo {
  tx(link: number, bytes: Uint8Array): void;
  close(link: number, reason: string): void;
  event(event: SessionEvent): void;
  /** The session threw on an input; `link` is that input's link, undefined for timers/calls. */
  failed(link: number | undefined): void;
}

/** Error code of the event reported when a session throws. */
export const SESSION_EXCEPTION = 'SESSION_EXCEPTION';

/** Drives one Session's step function and timers. */
export class SessionRunner {
  private readonly timers = new Map<TimerId, ReturnType<typeof setTimeout>>();
  private readonly queue: SessionInput[] = [];
  private running = false;
  private disposed = false;

  constructor(
    private readonly session: Session,
    private readonly io: RunnerIo,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** Queues an input; processes the queue unless already inside a step. */
  feed(input: SessionInput): void {
    if (this.disposed) return;
    this.queue.push(input);
    if (this.running) return;
    this.running = true;
    try {
      for (let next = this.queue.shift(); next; next = this.queue.shift()) {
        if (!this.disposed) this.stepOnce(next);
      }
    } finally {
      this.running = false;
    }
  }

  /** Cancels every timer and ignores further input. */
  dispose(): void {
    this.disposed = true;
    this.queue.length = 0;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private stepOnce(input: SessionInput): void {
    let outputs;
    try {
      outputs = this.session.step(input, this.clock());
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.io.event({ type: 'error', code: SESSION_EXCEPTION, message: `session threw on '${input.kind}': ${message}` });
      this.io.failed('link' in input ? (input.link ?? 0) : undefined);
      return;
    }
    for (const out of outputs) {
      switch (out.kind) {
        case 'tx':
          this.io.tx(out.link ?? 0, out.bytes);
          break;
        case 'arm':
          this.arm(out.id, out.ms);
          break;
        case 'cancel':
          this.cancel(out.id);
          break;
        case 'close':
          this.io.close(out.link ?? 0, out.reason);
          break;
        case 'event':
          this.io.event(out.event);
          break;
      }
    }
  }

  private arm(id: TimerId, ms: number): void {
    this.cancel(id);
    const timer = setTimeout(() => {
      this.timers.delete(id);
      this.feed({ kind: 'timer', id });
    }, Math.max(0, ms));
    this.timers.set(id, timer);
  }

  private cancel(id: TimerId): void {
    const timer = this.timers.get(id);
    if (timer !== undefined) clearTimeout(timer);
    this.timers.delete(id);
  }
}
