/**
 * The Secure Authentication session key change as a master task (IEEE 1815-2012 clause
 * 7.5.2.2): a session key status request, then the session key change, each an
 * AUTHENTICATE_REQ answered by a key status. Reported as task `saKeyChange`.
 */
import type { CommandResult } from '../../../../src-shared/command-results';
import { FunctionCode } from '../app/control';
import type { MasterSecureAuth, SaFailure } from '../secure-auth/master-auth';
import { Priority, type MasterTask, type TaskContext, type TaskRequest, type TaskResponse, type TaskVerdict } from './task';

/** Asks for the key status and changes the session keys. */
export class SaKeyChangeTask implements MasterTask {
  readonly name = 'saKeyChange';
  readonly priority = Priority.secureAuth;
  retries: number;
  startedAtMs?: number;
  private change: Uint8Array | null = null;
  private sentChange: Uint8Array | null = null;

  /** `onEnd` hears the outcome: null on success, else the failure by name. */
  constructor(
    private readonly sa: MasterSecureAuth,
    retries: number,
    private readonly onEnd: (failure: SaFailure | null) => void,
  ) {
    this.retries = retries;
  }

  request(): TaskRequest {
    return { fc: FunctionCode.AUTHENTICATE_REQ, objects: this.change ?? this.sa.keyStatusRequest(), expectResponse: true };
  }

  sent(_ctx: TaskContext, fragment: Uint8Array): void {
    if (this.change) this.sentChange = fragment;
  }

  response(ctx: TaskContext, r: TaskResponse): TaskVerdict {
    if (!this.change) {
      const c = this.sa.keyChange(r.fragment);
      if (!c.ok) return this.end(ctx, c.failure);
      this.change = c.objects;
      return 'next';
    }
    const done = this.sa.confirmKeyChange(r.fragment, this.sentChange ?? new Uint8Array(0), ctx.nowMs);
    return this.end(ctx, done.ok ? null : done.failure);
  }

  fail(ctx: TaskContext, result: CommandResult, detail: string): void {
    this.end(ctx, { result, detail });
  }

  private end(ctx: TaskContext, failure: SaFailure | null): TaskVerdict {
    const ev: { type: 'task'; name: string; ok: boolean; result: string; durationMs: number; detail?: string } = {
      type: 'task',
      name: this.name,
      ok: failure === null,
      result: failure?.result ?? 'SUCCESS',
      durationMs: ctx.nowMs - (this.startedAtMs ?? ctx.nowMs),
    };
    if (failure) ev.detail = failure.detail;
    ctx.emit(ev);
    this.onEnd(failure);
    return 'done';
  }
}
