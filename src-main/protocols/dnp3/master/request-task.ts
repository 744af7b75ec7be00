/**
 * A one-request task (polls, writes, unsolicited enable/disable, freeze, restart, assign
 * class, attribute reads, raw requests): sends one request and reports the outcome.
 */
import { iinRequestError } from '../app/iin';
import type { MasterTask, TaskContext, TaskRequest, TaskResponse, TaskVerdict } from './task';

/** How a request task reports: as a `task` event (polls) or a `response` event with an id (calls). */
export interface RequestTaskSpec {
  name: string;
  priority: number;
  fc: number;
  objects: Uint8Array;
  retries: number;
  id?: string;
  expectResponse?: boolean;
  /** Keep the response's points for `onSuccess`. */
  collectPoints?: boolean;
  /**
   * What any response says (raw requests): the response value, also when the outstation
   * reports an error, then with the error's detail as `detail`.
   */
  onAnswer?(r: TaskResponse): Record<string, unknown>;
  /** Extra reporting on success (e.g. attributes, restart delay); returns the response value. */
  onSuccess?(ctx: TaskContext, r: TaskResponse): unknown;
  /** Called after the outcome is reported (success or failure). */
  onEnd?(ctx: TaskContext, ok: boolean): void;
}

/** One request, one outcome. */
export class RequestTask implements MasterTask {
  readonly name: string;
  readonly priority: number;
  readonly id?: string;
  readonly collectPoints: boolean;
  retries: number;
  startedAtMs?: number;

  constructor(private readonly spec: RequestTaskSpec) {
    this.name = spec.name;
    this.collectPoints = spec.collectPoints ?? false;
    this.priority = spec.priority;
    if (spec.id !== undefined) this.id = spec.id;
    this.retries = spec.retries;
  }

  request(): TaskRequest {
    return { fc: this.spec.fc, objects: this.spec.objects, expectResponse: this.spec.expectResponse ?? true };
  }

  sent(ctx: TaskContext): void {
    if (this.spec.expectResponse === false) this.report(ctx, true, 'SENT', 'no response expected', undefined);
  }

  response(ctx: TaskContext, r: TaskResponse): TaskVerdict {
    const answer = this.spec.onAnswer?.(r);
    const iinError = iinRequestError(r.head.iin ?? 0);
    const error = iinError ? { code: iinError, message: `outstation IIN ${iinError}` } : r.content.error;
    if (error) {
      this.report(ctx, false, error.code, error.message, answer && { ...answer, detail: error.message });
      return 'done';
    }
    const value = this.spec.onSuccess?.(ctx, r) ?? answer;
    this.report(ctx, true, 'SUCCESS', undefined, value);
    return 'done';
  }

  fail(ctx: TaskContext, result: string, detail: string): void {
    this.report(ctx, false, result, detail, undefined);
  }

  private report(ctx: TaskContext, ok: boolean, result: string, detail: string | undefined, value: unknown): void {
    if (this.id !== undefined) {
      const ev: { type: 'response'; id: string; ok: boolean; result: string; value?: unknown } = { type: 'response', id: this.id, ok, result };
      if (value !== undefined) ev.value = value;
      ctx.emit(ev);
    } else {
      const ev: { type: 'task'; name: string; ok: boolean; result: string; durationMs: number; detail?: string } = {
        type: 'task',
        name: this.name,
        ok,
        result,
        durationMs: ctx.nowMs - (this.startedAtMs ?? ctx.nowMs),
      };
      if (detail !== undefined) ev.detail = detail;
      ctx.emit(ev);
    }
    this.spec.onEnd?.(ctx, ok);
  }
}
