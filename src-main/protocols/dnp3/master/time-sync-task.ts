/**
 * Time synchronisation (IEEE 1815-2012 clause 5.1.2.3 / 5.1.2.4):
 * - 'lan': RECORD_CURRENT_TIME, then WRITE g50v3 (last recorded time) with the UTC at
 *   which the record request was sent;
 * - 'non-lan': DELAY_MEASURE (response g52v2 = outstation turnaround), then WRITE g50v1
 *   with now + (round trip - turnaround) / 2;
 * - 'write': WRITE g50v1 with now.
 * Every procedure starts with a best-effort READ g50v1 to measure the offset the device
 * had (a device that cannot report its time still gets synchronised; the offset is null).
 */
import { FunctionCode } from '../app/control';
import { iinRequestError } from '../app/iin';
import { codecFor } from '../app/objects/table';
import type { DataCodec } from '../app/objects/types';
import type { TimeSyncProcedure } from './config';
import { objectsOf } from '../app/raw-objects';
import { Priority, type MasterTask, type TaskContext, type TaskRequest, type TaskResponse, type TaskVerdict } from './task';

type Step = 'read' | 'record' | 'delay' | 'write';

const READ_TIME = objectsOf((w) => w.header({ group: 50, variation: 1, qualifier: 0x07, count: 1 }));

function writeTime(variation: 1 | 3, time: number): Uint8Array {
  return objectsOf((w) => w.data(codecFor(50, variation) as DataCodec, 0x07, [{ index: 0, value: { time } }]));
}

/** The time synchronisation task. */
export class TimeSyncTask implements MasterTask {
  readonly name: string;
  readonly priority = Priority.timeSync;
  retries = 0;
  startedAtMs?: number;
  private step: Step = 'read';
  private offsetMs: number | null = null;
  private deviceTime: number | null = null;
  private recordedUtc = 0;
  private propagationMs = 0;
  private sentUtc = 0;

  /** `onEnd` hears the outcome (the session backs off IIN-driven syncs that failed). */
  constructor(
    private readonly procedure: TimeSyncProcedure,
    private readonly onEnd?: (ok: boolean) => void,
  ) {
    this.name = `timeSync.${procedure}`;
  }

  request(ctx: TaskContext): TaskRequest {
    switch (this.step) {
      case 'read':
        return { fc: FunctionCode.READ, objects: READ_TIME, expectResponse: true };
      case 'record':
        return { fc: FunctionCode.RECORD_CURRENT_TIME, objects: new Uint8Array(0), expectResponse: true };
      case 'delay':
        return { fc: FunctionCode.DELAY_MEASURE, objects: new Uint8Array(0), expectResponse: true };
      case 'write':
        return this.procedure === 'lan'
          ? { fc: FunctionCode.WRITE, objects: writeTime(3, this.recordedUtc), expectResponse: true }
          : { fc: FunctionCode.WRITE, objects: writeTime(1, ctx.utcNow() + this.propagationMs), expectResponse: true };
    }
  }

  sent(ctx: TaskContext): void {
    this.sentUtc = ctx.utcNow();
    if (this.step === 'record') this.recordedUtc = this.sentUtc;
  }

  response(ctx: TaskContext, r: TaskResponse): TaskVerdict {
    const iinError = iinRequestError(r.head.iin ?? 0);
    const now = ctx.utcNow();
    if (this.step === 'read') {
      const t = r.content.data.find((d) => d.group === 50 && d.variation === 1);
      if (!iinError && t && typeof t.value.time === 'number') {
        this.deviceTime = t.value.time;
        this.offsetMs = Math.round(t.value.time - (this.sentUtc + now) / 2);
      }
      this.step = this.procedure === 'lan' ? 'record' : this.procedure === 'non-lan' ? 'delay' : 'write';
      return 'next';
    }
    if (iinError) return this.finish(ctx, false, iinError);
    if (this.step === 'delay') {
      const d = r.content.data.find((x) => x.group === 52);
      if (!d) return this.finish(ctx, false, 'NO_DELAY_OBJECT');
      const turnaround = d.variation === 1 ? Number(d.value.seconds) * 1000 : Number(d.value.milliseconds);
      this.propagationMs = Math.max(0, (now - this.sentUtc - turnaround) / 2);
      this.step = 'write';
      return 'next';
    }
    if (this.step === 'record') {
      this.step = 'write';
      return 'next';
    }
    return this.finish(ctx, true, 'SUCCESS');
  }

  fail(ctx: TaskContext, result: string): void {
    this.finish(ctx, false, result);
  }

  private finish(ctx: TaskContext, ok: boolean, result: string): TaskVerdict {
    ctx.emit({ type: 'timeSync', ok, result, offsetMs: this.offsetMs, deviceTime: this.deviceTime });
    ctx.emit({ type: 'task', name: this.name, ok, result, durationMs: ctx.nowMs - (this.startedAtMs ?? ctx.nowMs) });
    this.onEnd?.(ok);
    return 'done';
  }
}
