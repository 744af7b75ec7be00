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
import type { CommandRequest, ControlAction, PulseTimes } from '../../../../src-shared/session';
import { commandStatusMeaning, commandStatusName } from '../app/command-status';
import { FunctionCode } from '../app/control';
import { iinRequestContext, iinRequestError } from '../app/iin';
import { CrobOp, CrobTcc } from '../app/objects/control';
import { codecFor } from '../app/objects/table';
import type { CommandFeedback } from './command-feedback';
import type { DataCodec, DataValue } from '../app/objects/types';
import { objectsOf } from '../app/raw-objects';
import { Priority, type MasterTask, type TaskContext, type TaskRequest, type TaskResponse, type TaskVerdict } from './task';
import type { CommandResult } from '../../../../src-shared/command-results';

type State = { s: 'selecting' } | { s: 'selected'; atMs: number } | { s: 'operating' } | { s: 'done' };

/** A command's encoded control object and where its status octet sits in the object octets. */
export interface EncodedControl {
  objects: Uint8Array;
  statusOffset: number;
}

/** Why a command cannot be encoded: its target, its action for that target, its type or its value. */
export interface ControlProblem {
  error: 'BAD_TARGET' | 'NOT_SUPPORTED' | 'BAD_TYPE' | 'BAD_VALUE';
  detail: string;
}

const AO_LIMITS: Record<number, [number, number]> = { 1: [-2147483648, 2147483647], 2: [-32768, 32767], 3: [-3.4028234663852886e38, 3.4028234663852886e38] };

/** The g41 variation of a set-point: from its type, else g41v1 for integers and g41v3 otherwise; 0 for a type that is not g41v1-g41v4. */
function aoVariation(type: string | undefined, value: number): number {
  if (type === undefined) return Number.isInteger(value) ? 1 : 3;
  return Number(/^g41v([1-4])$/.exec(type)?.[1] ?? 0);
}

/**
 * Checks a command before anything is encoded or sent: a CROB action on `bo:N` (type
 * absent or g12v1), a set-point on `ao:N` (type absent or g41v1-g41v4) whose value fits
 * the variation. Null when it can be sent.
 */
export function controlProblem(cmd: Pick<CommandRequest, 'target' | 'action' | 'type'>): ControlProblem | null {
  const m = /^(bo|ao):(\d+)$/.exec(cmd.target);
  if (!m) return { error: 'BAD_TARGET', detail: `target ${cmd.target} is not bo:N or ao:N` };
  if (Number(m[2]) > 0xffff) return { error: 'BAD_TARGET', detail: `index ${m[2]} over 65535` };
  const a = cmd.action;
  if (m[1] === 'bo') {
    if (a.action === 'setpoint' || a.action === 'step') return { error: 'NOT_SUPPORTED', detail: `action ${a.action} does not apply to a binary output` };
    if (cmd.type !== undefined && cmd.type !== 'g12v1') return { error: 'BAD_TYPE', detail: `type ${cmd.type} is not a CROB (g12v1)` };
    return null;
  }
  if (a.action !== 'setpoint') return { error: 'NOT_SUPPORTED', detail: `action ${a.action} does not apply to an analog output` };
  const variation = aoVariation(cmd.type, a.value);
  if (variation === 0) return { error: 'BAD_TYPE', detail: `type ${cmd.type} is not g41v1-g41v4` };
  const lim = AO_LIMITS[variation];
  if (!Number.isFinite(a.value) || (lim && (a.value < lim[0] || a.value > lim[1])) || (variation <= 2 && !Number.isInteger(a.value))) {
    return { error: 'BAD_VALUE', detail: `value ${a.value} does not fit g41v${variation}` };
  }
  return null;
}

/** The CROB of a binary output action; `controlProblem` has refused every other action before. */
function crobValue(a: ControlAction, pulseMs: number): DataValue {
  // Times left out default to the master's pulse time; latches and NUL carry count 1 and no times.
  const pulse = (code: number, x: PulseTimes): DataValue => ({ code, count: x.count ?? 1, onTime: x.onMs ?? pulseMs, offTime: x.offMs ?? pulseMs, status: 0 });
  const plain = (code: number): DataValue => ({ code, count: 1, onTime: 0, offTime: 0, status: 0 });
  switch (a.action) {
    case 'on':
      return plain(CrobOp.LATCH_ON);
    case 'off':
      return plain(CrobOp.LATCH_OFF);
    case 'nul':
      return plain(CrobOp.NUL);
    case 'pulseOn':
      return pulse(CrobOp.PULSE_ON, a);
    case 'pulseOff':
      return pulse(CrobOp.PULSE_OFF, a);
    // IEEE 1815 TRIP/CLOSE: the trip-close code on a PULSE_ON, the pulse energising the trip or close coil
    case 'trip':
      return pulse(CrobTcc.TRIP | CrobOp.PULSE_ON, a);
    case 'close':
      return pulse(CrobTcc.CLOSE | CrobOp.PULSE_ON, a);
    default:
      throw new Error(`${a.action} is not a CROB action`);
  }
}

/** Encodes the control object of a command, or returns the problem (see controlProblem). */
export function encodeControl(cmd: CommandRequest, pulseMs: number): EncodedControl | ControlProblem {
  const problem = controlProblem(cmd);
  if (problem) return problem;
  const index = Number(cmd.target.slice(3));
  const qualifier = index > 0xff ? 0x28 : 0x17;
  const prefix = index > 0xff ? 2 : 1;
  const a = cmd.action;
  // controlProblem ties set-points to ao:N and every CROB action to bo:N.
  const codec = (a.action === 'setpoint' ? codecFor(41, aoVariation(cmd.type, a.value)) : codecFor(12, 1)) as DataCodec;
  const value: DataValue = a.action === 'setpoint' ? { value: a.value, status: 0 } : crobValue(a, pulseMs);
  const objects = objectsOf((w) => w.data(codec, qualifier, [{ index, value }]));
  // header (3) + count (1 for 0x17, 2 for 0x28) + index prefix, then the object whose last octet is the status
  return { objects, statusOffset: 3 + 2 * prefix + codec.size - 1 };
}

/** Compares an echo with the request ignoring the status octet; returns the status or null on mismatch. */
function echoStatus(request: EncodedControl, echo: Uint8Array): number | null {
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
    if (this.cmd.mode === 'direct-no-ack') this.done(ctx, true, 'SENT', 'DIRECT_OPERATE_NR: sent; the outstation sends no response, so nothing confirms it');
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

  fail(ctx: TaskContext, result: CommandResult, detail: string): void {
    this.done(ctx, false, result, detail);
  }

  private stage(ctx: TaskContext, stage: 'select' | 'selected' | 'operate', ok: boolean, result: CommandResult): void {
    ctx.emit({ type: 'command', id: this.id, stage, result, ok });
  }

  private done(ctx: TaskContext, ok: boolean, result: CommandResult, detail?: string): TaskVerdict {
    if (this.state.s === 'done') return 'done';
    this.state = { s: 'done' };
    const ev: { type: 'command'; id: string; stage: 'done'; result: CommandResult; ok: boolean; detail?: string } = { type: 'command', id: this.id, stage: 'done', result, ok };
    if (detail !== undefined) ev.detail = detail;
    ctx.emit(ev);
    return 'done';
  }
}
