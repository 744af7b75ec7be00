/**
 * Control commands: CROB (g12v1) on `bo:N` and analog output blocks (g41v1-v4) on `ao:N`,
 * by SELECT then OPERATE, DIRECT_OPERATE or DIRECT_OPERATE_NR. The echo must match the
 * request byte for byte except the status octet; the status is reported by name (the
 * outstation's own reason first, its IIN as context); a command never silently succeeds.
 *
 * States: `{ s: 'selecting' } | { s: 'selected' } | { s: 'operating' } | { s: 'done' }`.
 * A confirmed operate hands the command to `CommandFeedback`, which reports `operated`,
 * the output status feedback and `done`.
 */
import type { CommandRequest, PulseTimes } from '../../../../src-shared/session';
import { commandStatusMeaning, commandStatusName } from '../app/command-status';
import { FunctionCode } from '../app/control';
import { iinRequestContext, iinRequestError } from '../app/iin';
import { CrobOp, CrobTcc } from '../app/objects/control';
import { codecFor } from '../app/objects/table';
import type { CommandFeedback } from './command-feedback';
import type { DataCodec, DataValue } from '../app/objects/types';
import { objectsOf } from './requests';
import { Priority, type MasterTask, type TaskContext, type TaskRequest, type TaskResponse, type TaskVerdict } from './task';

type State = { s: 'selecting' } | { s: 'selected'; atMs: number } | { s: 'operating' } | { s: 'done' };

/** A command's encoded control object and where its status octet sits in the object octets. */
export interface EncodedControl {
  objects: Uint8Array;
  statusOffset: number;
}

/** Encodes the control object of a command, or returns an error code and reason. */
export function encodeControl(cmd: CommandRequest, pulseMs: number): EncodedControl | { error: string; detail: string } {
  const m = /^(bo|ao):(\d+)$/.exec(cmd.target);
  if (!m) return { error: 'BAD_TARGET', detail: `target ${cmd.target} is not bo:N or ao:N` };
  const index = Number(m[2]);
  if (index > 0xffff) return { error: 'BAD_TARGET', detail: `index ${index} over 65535` };
  const qualifier = index > 0xff ? 0x28 : 0x17;
  const prefix = index > 0xff ? 2 : 1;
  const a = cmd.action;
  let codec: DataCodec;
  let value: DataValue;
  if (m[1] === 'bo') {
    // Times left out default to the master's pulse time; latches and NUL carry count 1 and no times.
    const pulse = (code: number, x: PulseTimes): DataValue => ({ code, count: x.count ?? 1, onTime: x.onMs ?? pulseMs, offTime: x.offMs ?? pulseMs, status: 0 });
    const plain = (code: number): DataValue => ({ code, count: 1, onTime: 0, offTime: 0, status: 0 });
    if (a.action === 'on') value = plain(CrobOp.LATCH_ON);
    else if (a.action === 'off') value = plain(CrobOp.LATCH_OFF);
    else if (a.action === 'nul') value = plain(CrobOp.NUL);
    else if (a.action === 'pulseOn') value = pulse(CrobOp.PULSE_ON, a);
    else if (a.action === 'pulseOff') value = pulse(CrobOp.PULSE_OFF, a);
    // IEEE 1815 TRIP/CLOSE: the trip-close code on a PULSE_ON, the pulse energising the trip or close coil
    else if (a.action === 'trip') value = pulse(CrobTcc.TRIP | CrobOp.PULSE_ON, a);
    else if (a.action === 'close') value = pulse(CrobTcc.CLOSE | CrobOp.PULSE_ON, a);
    else return { error: 'NOT_SUPPORTED', detail: `action ${a.action} does not apply to a binary output` };
    codec = codecFor(12, 1) as DataCodec;
  } else {
    if (a.action !== 'setpoint') return { error: 'NOT_SUPPORTED', detail: `action ${a.action} does not apply to an analog output` };
    const v = a.value;
    const variation = cmd.type ? Number(/^g41v([1-4])$/.exec(cmd.type)?.[1] ?? 0) : Number.isInteger(v) ? 1 : 3;
    if (variation === 0) return { error: 'BAD_TYPE', detail: `type ${cmd.type} is not g41v1-g41v4` };
    const limits: Record<number, [number, number]> = { 1: [-2147483648, 2147483647], 2: [-32768, 32767], 3: [-3.4028234663852886e38, 3.4028234663852886e38] };
    const lim = limits[variation];
    if (!Number.isFinite(v) || (lim && (v < lim[0] || v > lim[1])) || (variation <= 2 && !Number.isInteger(v))) {
      return { error: 'OUT_OF_RANGE', detail: `value ${v} does not fit g41v${variation}` };
    }
    codec = codecFor(41, variation) as DataCodec;
    value = { value: v, status: 0 };
  }
  const objects = objectsOf((w) => w.data(codec, qualifier, [{ index, value }]));
  // header (3) + count (1 for 0x17, 2 for 0x28) + index prefix, then the object whose last octet is the status
  return { objects, statusOffset: 3 + 2 * prefix + codec.size - 1 };
}

/** Compares an echo with the request ignoring the status octet; returns the status or null on mismatch. */
export function echoStatus(request: EncodedControl, echo: Uint8Array): number | null {
  if (echo.length !== request.objects.length) return null;
  for (let i = 0; i < echo.length; i++) if (i !== request.statusOffset && echo[i] !== request.objects[i]) return null;
  return echo[request.statusOffset]!;
}

/** Why the outstation refused, in words: its status code and meaning, then the IIN bits that say more. */
function refusal(stage: 'select' | 'operate', status: number, iin: number): string {
  const context = iinRequestContext(iin);
  return `${stage} refused: ${commandStatusMeaning(status)} (status ${status})${context.length > 0 ? `; outstation IIN ${context.join(' ')}` : ''}`;
}

/** One control command. */
export class CommandTask implements MasterTask {
  readonly name: string;
  readonly priority = Priority.command;
  readonly id: string;
  retries = 0;
  startedAtMs?: number;
  private state: State;

  constructor(
    private readonly cmd: CommandRequest,
    private readonly control: EncodedControl,
    private readonly selectTimeoutMs: number,
    private readonly feedback: CommandFeedback,
  ) {
    this.id = cmd.id;
    this.name = `command.${cmd.mode}`;
    this.state = cmd.mode === 'sbo' ? { s: 'selecting' } : { s: 'operating' };
  }

  /** True while waiting for an `operate` call after a paused select. */
  get awaitingOperate(): boolean {
    return this.state.s === 'selected';
  }

  request(): TaskRequest {
    const fc = this.state.s === 'selecting' ? FunctionCode.SELECT : this.cmd.mode === 'sbo' ? FunctionCode.OPERATE : this.cmd.mode === 'direct' ? FunctionCode.DIRECT_OPERATE : FunctionCode.DIRECT_OPERATE_NR;
    return { fc, objects: this.control.objects, expectResponse: fc !== FunctionCode.DIRECT_OPERATE_NR };
  }

  sent(ctx: TaskContext): void {
    const stage = this.state.s === 'selecting' ? 'select' : 'operate';
    this.stage(ctx, stage, true, 'SENT');
    if (this.cmd.mode === 'direct-nr') this.done(ctx, true, 'SENT', 'DIRECT_OPERATE_NR: the outstation sends no response');
  }

  response(ctx: TaskContext, r: TaskResponse): TaskVerdict {
    const iin = r.head.iin ?? 0;
    const iinError = iinRequestError(iin);
    const status = echoStatus(this.control, r.objects);
    // The outstation's own reason, the echoed object's status, comes first; the IIN is its context.
    if (status !== null && status !== 0) return this.done(ctx, false, commandStatusName(status), refusal(this.state.s === 'selecting' ? 'select' : 'operate', status, iin));
    if (iinError) return this.done(ctx, false, iinError, `outstation IIN ${iinError}`);
    if (status === null) return this.done(ctx, false, 'ECHO_MISMATCH', 'the echo differs from the request');
    if (this.state.s !== 'selecting') {
      this.state = { s: 'done' };
      this.feedback.operated(ctx, this.id, this.cmd.action.action === 'nul' ? null : this.cmd.target);
      return 'done';
    }
    if (ctx.nowMs - (this.startedAtMs ?? ctx.nowMs) > this.selectTimeoutMs) {
      return this.done(ctx, false, 'SELECT_TIMEOUT', 'select confirmed after the select timeout');
    }
    this.state = { s: 'selected', atMs: ctx.nowMs };
    this.stage(ctx, 'selected', true, 'SUCCESS');
    if (this.cmd.pauseAfterSelect) return 'pause';
    this.state = { s: 'operating' };
    return 'next';
  }

  /** Resumes a paused select (the `operate` call); false when the select timeout has passed. */
  resume(ctx: TaskContext): boolean {
    if (this.state.s !== 'selected') return false;
    if (ctx.nowMs - this.state.atMs > this.selectTimeoutMs) {
      this.done(ctx, false, 'SELECT_TIMEOUT', 'operate requested after the select timeout');
      return false;
    }
    this.state = { s: 'operating' };
    return true;
  }

  fail(ctx: TaskContext, result: string, detail: string): void {
    this.done(ctx, false, result, detail);
  }

  private stage(ctx: TaskContext, stage: 'select' | 'selected' | 'operate', ok: boolean, result: string): void {
    ctx.emit({ type: 'command', id: this.id, stage, result, ok });
  }

  private done(ctx: TaskContext, ok: boolean, result: string, detail?: string): TaskVerdict {
    if (this.state.s === 'done') return 'done';
    this.state = { s: 'done' };
    const ev: { type: 'command'; id: string; stage: 'done'; result: string; ok: boolean; detail?: string } = { type: 'command', id: this.id, stage: 'done', result, ok };
    if (detail !== undefined) ev.detail = detail;
    ctx.emit(ev);
    return 'done';
  }
}
