/**
 * Command state machines: select-before-execute (select S/E=1 -> ACTCON -> execute S/E=0
 * -> ACTCON -> ACTTERM) and direct execute, deactivation (COT 8) of a pending select,
 * a timeout per stage, outcomes by name, and the status point's return information
 * (COT 11/12) attached as feedback. A command never silently succeeds.
 *
 * After the execute ACTCON the station's activation termination mode decides (see
 * ActTermMode): wait for ACTTERM (`expected`, NO_ACTTERM when it stays away), succeed at
 * once (`none`), or wait a short window and then succeed saying no ACTTERM came (`auto`).
 * ACTTERM counts only after the command's own execute ACTCON, so a late ACTTERM of an
 * earlier command on the same IOA is ignored.
 */
import type { CommandRequest, PointUpdate, SessionOutput } from '../../../../src-shared/session';
import { Cot, causeName, unknownCauseCode } from '../asdu/cause';
import { cp56FromEpoch } from '../asdu/time-tags';
import type { Asdu, InfoObject } from '../asdu/types';
import { buildCommand, type BuiltCommand } from './command-build';
import { arm, cancel, type MasterContext } from './context';
import { deviceTime } from './points';
import type { CommandResult, CommandStage } from '../../../../src-shared/command-results';

/** Where a command is: waiting for the select ACTCON, selected (paused), waiting for the execute ACTCON, for ACTTERM, or for DEACTCON. */
type Stage = 'selecting' | 'selected' | 'executing' | 'executed' | 'deactivating';

interface Cmd {
  id: string;
  pause: boolean;
  built: BuiltCommand;
  stage: Stage;
  timerId: string;
  feedback: PointUpdate | undefined;
}

/** Runs the master's commands, one at a time per common address and IOA. */
export class Commands {
  private readonly byId = new Map<string, Cmd>();
  private readonly byTarget = new Map<string, Cmd>();

  constructor(private readonly ctx: MasterContext) {}

  /** Starts a command: select (sbo) or execute (direct). */
  start(req: CommandRequest, nowMs: number, out: SessionOutput[]): void {
    const built = buildCommand(req, this.ctx.config);
    if (!built.ok) return this.event(req.id, 'done', built.error.code, false, out, built.error.message);
    const b = built.value;
    const key = `${b.ca}:${b.ioa}`;
    if (this.byId.has(req.id) || this.byTarget.has(key)) return this.event(req.id, 'done', 'BUSY', false, out, `a command on CA ${b.ca} IOA ${b.ioa} is pending`);
    const cmd: Cmd = { id: req.id, pause: req.pauseAfterSelect === true, built: b, stage: b.sbo ? 'selecting' : 'executing', timerId: `cmd:${req.id}`, feedback: undefined };
    if (!this.send(cmd, Cot.ACTIVATION, b.sbo, nowMs, out)) return this.event(req.id, 'done', 'NOT_CONNECTED', false, out, 'no started connection');
    this.byId.set(cmd.id, cmd);
    this.byTarget.set(key, cmd);
    this.event(cmd.id, b.sbo ? 'select' : 'operate', 'SENT', true, out, `${b.typeName} IOA ${b.ioa}`);
    arm(out, cmd.timerId, b.sbo ? this.ctx.config.selectTimeoutMs : this.ctx.config.executeTimeoutMs);
  }

  /** Executes a command paused after its select was confirmed. */
  operate(id: string, nowMs: number, out: SessionOutput[]): void {
    const cmd = this.byId.get(id);
    if (cmd === undefined || cmd.stage !== 'selected') return this.event(id, 'done', 'NOT_SELECTED', false, out, 'no confirmed select to operate');
    this.execute(cmd, nowMs, out);
  }

  /** Deactivates (COT 8) a pending select. */
  cancelCommand(id: string, nowMs: number, out: SessionOutput[]): void {
    const cmd = this.byId.get(id);
    if (cmd === undefined || (cmd.stage !== 'selected' && cmd.stage !== 'selecting')) {
      return this.event(id, 'done', 'NOT_SELECTED', false, out, 'no pending select to deactivate');
    }
    if (!this.send(cmd, Cot.DEACTIVATION, true, nowMs, out)) return this.finish(cmd, 'CONNECTION_LOST', false, out);
    cmd.stage = 'deactivating';
    arm(out, cmd.timerId, this.ctx.config.selectTimeoutMs);
  }

  /** A command ASDU (types 45-64) from the station: confirmation, termination or refusal. */
  onResponse(a: Asdu, nowMs: number, out: SessionOutput[]): void {
    const obj = a.objects[0];
    if (obj === undefined) return;
    const cmd = this.byTarget.get(`${a.commonAddress}:${obj.ioa}`);
    if (cmd === undefined || cmd.built.typeId !== a.typeId) return;
    const unknown = unknownCauseCode(a.cause);
    if (unknown !== undefined) return this.finish(cmd, unknown, false, out, `station answered ${causeName(a.cause)}`);
    switch (a.cause) {
      case Cot.ACTIVATION_CON:
        return this.onActCon(cmd, a.negative, obj, nowMs, out);
      case Cot.DEACTIVATION_CON:
        if (cmd.stage === 'deactivating') this.finish(cmd, a.negative ? 'NEGATIVE_DEACTCON' : 'DEACTIVATED', false, out);
        return;
      case Cot.ACTIVATION_TERM:
        if (cmd.stage !== 'executed') return;
        if (a.negative) return this.finish(cmd, 'NEGATIVE_ACTTERM', false, out, 'the station terminated the command negatively');
        this.event(cmd.id, 'terminated', 'ACTTERM', true, out);
        return this.finish(cmd, 'SUCCESS', true, out);
    }
  }

  /** Monitor data with COT 11/12: the feedback of a command being executed on that CA. */
  onReturnInfo(a: Asdu, nowMs: number, out: SessionOutput[]): void {
    for (const cmd of this.byId.values()) {
      if (cmd.built.ca !== a.commonAddress || (cmd.stage !== 'executing' && cmd.stage !== 'executed') || cmd.feedback !== undefined) continue;
      const obj = a.objects.find((o) => cmd.built.feedbackIoa === null || o.ioa === cmd.built.feedbackIoa);
      if (obj === undefined) continue;
      cmd.feedback = {
        ref: `ioa:${obj.ioa}`,
        commonAddress: a.commonAddress,
        type: a.typeName,
        value: obj.value,
        quality: obj.quality,
        deviceTime: deviceTime(obj, this.ctx.wallMs(nowMs)),
        isEvent: true,
        cause: causeName(a.cause),
      };
      this.ctx.emit({ type: 'command', id: cmd.id, stage: 'feedback', result: 'RETURN_INFO', ok: true, feedback: cmd.feedback }, out);
    }
  }

  /** A timer fired; false when it is not a command timer. */
  timer(id: string, nowMs: number, out: SessionOutput[]): boolean {
    if (!id.startsWith('cmd:')) return false;
    const cmd = this.byId.get(id.slice(4));
    if (cmd === undefined) return true;
    if (cmd.stage === 'executed') {
      this.noActTerm(cmd, out);
      return true;
    }
    const result: Record<Exclude<Stage, 'executed'>, CommandResult> = {
      selecting: 'SELECT_TIMEOUT',
      selected: 'SELECT_TIMEOUT',
      executing: 'EXECUTE_TIMEOUT',
      deactivating: 'DEACTIVATE_TIMEOUT',
    };
    this.finish(cmd, result[cmd.stage], false, out, `in stage ${cmd.stage}`);
    return true;
  }

  /** Fails every pending command (e.g. CONNECTION_LOST). */
  failAll(result: CommandResult, out: SessionOutput[]): void {
    for (const cmd of [...this.byId.values()]) this.finish(cmd, result, false, out);
  }

  private onActCon(cmd: Cmd, negative: boolean, obj: InfoObject, nowMs: number, out: SessionOutput[]): void {
    if (cmd.stage === 'selecting') {
      if (negative) return this.finish(cmd, 'NEGATIVE_ACTCON', false, out, 'select refused');
      if (obj.select === false) return this.finish(cmd, 'ECHO_MISMATCH', false, out, 'select confirmed as execute');
      this.event(cmd.id, 'selected', 'ACTCON', true, out);
      if (!cmd.pause) return this.execute(cmd, nowMs, out);
      cmd.stage = 'selected';
      arm(out, cmd.timerId, this.ctx.config.selectTimeoutMs);
    } else if (cmd.stage === 'executing') {
      if (negative) return this.finish(cmd, 'NEGATIVE_ACTCON', false, out, 'execute refused');
      if (obj.select === true) return this.finish(cmd, 'ECHO_MISMATCH', false, out, 'execute confirmed as select');
      this.event(cmd.id, 'operated', 'ACTCON', true, out);
      this.awaitActTerm(cmd, out);
    }
  }

  /** After a positive execute ACTCON: succeed at once (`none`) or wait for ACTTERM. */
  private awaitActTerm(cmd: Cmd, out: SessionOutput[]): void {
    const c = this.ctx.config;
    if (c.actTerm === 'none') return this.finish(cmd, 'SUCCESS', true, out, 'confirmed by ACTCON; ACTTERM not awaited (activation termination: none)');
    cmd.stage = 'executed';
    arm(out, cmd.timerId, c.actTerm === 'auto' ? c.actTermWindowMs : c.termTimeoutMs);
  }

  /** No ACTTERM within the wait: a success noting it (`auto`) or NO_ACTTERM (`expected`). */
  private noActTerm(cmd: Cmd, out: SessionOutput[]): void {
    const c = this.ctx.config;
    if (c.actTerm === 'expected') {
      return this.finish(cmd, 'NO_ACTTERM', false, out, `no ACTTERM within ${c.termTimeoutMs} ms of the execute ACTCON (activation termination: expected)`);
    }
    this.event(cmd.id, 'terminated', 'NOT_RECEIVED', true, out, `no ACTTERM from this station within ${c.actTermWindowMs} ms`);
    this.finish(cmd, 'SUCCESS', true, out, 'confirmed by ACTCON; no ACTTERM from this station (activation termination: auto)');
  }

  private execute(cmd: Cmd, nowMs: number, out: SessionOutput[]): void {
    if (!this.send(cmd, Cot.ACTIVATION, false, nowMs, out)) return this.finish(cmd, 'CONNECTION_LOST', false, out);
    cmd.stage = 'executing';
    this.event(cmd.id, 'operate', 'SENT', true, out);
    arm(out, cmd.timerId, this.ctx.config.executeTimeoutMs);
  }

  private send(cmd: Cmd, cause: number, select: boolean, nowMs: number, out: SessionOutput[]): boolean {
    const b = cmd.built;
    const obj: InfoObject = { ...b.obj };
    if (b.obj.qualifier !== undefined) obj.select = select;
    if (b.typeId >= 58) obj.time = cp56FromEpoch(this.ctx.wallMs(nowMs));
    return this.ctx.send({ typeId: b.typeId, cause, commonAddress: b.ca, objects: [obj] }, nowMs, out);
  }

  private finish(cmd: Cmd, result: CommandResult, ok: boolean, out: SessionOutput[], detail?: string): void {
    this.byId.delete(cmd.id);
    this.byTarget.delete(`${cmd.built.ca}:${cmd.built.ioa}`);
    cancel(out, cmd.timerId);
    const ev = { type: 'command' as const, id: cmd.id, stage: 'done' as const, result, ok };
    this.ctx.emit({ ...ev, ...(detail === undefined ? {} : { detail }), ...(cmd.feedback === undefined ? {} : { feedback: cmd.feedback }) }, out);
  }

  private event(id: string, stage: CommandStage, result: CommandResult, ok: boolean, out: SessionOutput[], detail?: string): void {
    this.ctx.emit(detail === undefined ? { type: 'command', id, stage, result, ok } : { type: 'command', id, stage, result, ok, detail }, out);
  }
}
