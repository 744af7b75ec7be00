/**
 * The one path every command takes: role check, point policy, one command per point at a
 * time, the session's select-before-operate (two deliberate steps from the UI, or in one
 * go) or direct execution, timeouts, result by name, feedback value, and an audit record
 * for every attempt, refused ones included, updated at every stage.
 */
import { randomUUID } from 'node:crypto';
import type { Role } from '../../../src-shared/roles';
import type { CommandMode, PointUpdate, SessionEvent } from '../../../src-shared/session';
import { askValue, buildRequest, checkCommand, type CommandAsk } from './command-policy';
import { commandStageWaitMs } from './command-timeouts';
import type { AuditStage, StoredAudit } from '../event-log/event-types';
import { pointId } from '../points/point-address';
import type { StationManager } from '../stations/station-manager';
import type { CommandResult, CommandStateStage } from '../../../src-shared/command-results';

/** One stage of a command as recorded and audited. */
export interface CommandStageRecord extends AuditStage {
  stage: CommandStateStage;
  result: CommandResult;
}

/** A command's state as the clients see it. */
export interface CommandState {
  id: string;
  station: string;
  address: string;
  action: string;
  value: string | null;
  mode: CommandMode;
  user: string;
  /** Last stage reached (`refused` when it never reached the session). */
  stage: CommandStateStage;
  /** `PENDING` while running, then the result by name. */
  result: CommandResult;
  ok: boolean;
  done: boolean;
  detail: string | null;
  stages: CommandStageRecord[];
  /** With a paused select: the time (ms since the epoch) the select expires. */
  selectDeadline: number | null;
  /** Feedback / echo value reported by the device. */
  feedback: { value: number | boolean | string; quality: string[]; type: string } | null;
  startedAt: number;
}

/** Where command records go. */
export interface CommandSink {
  audit(record: StoredAudit): void;
  /** The command finished (or was refused): one event-log line. */
  finished(state: CommandState): void;
  /** Any change, for the clients. */
  progress(state: CommandState): void;
}

interface Running {
  state: CommandState;
  role: Role;
  pointKey: string;
  selectTimeoutMs: number;
  /** Most ms from one stage the session reports to the next (see command-timeouts.ts). */
  stageWaitMs: number;
  waitSelected: Array<() => void>;
  waitDone: Array<() => void>;
  timer: ReturnType<typeof setTimeout> | null;
}

/** Grace added to the protocol's own timeouts before the engine gives up. */
const GUARD_MS = 2_000;

/** Runs commands for all stations. */
export class CommandService {
  private readonly running = new Map<string, Running>();
  private readonly busyPoints = new Map<string, string>();

  constructor(
    private readonly stations: StationManager,
    private readonly sink: CommandSink,
    private readonly now: () => number = Date.now,
  ) {}

  /** A running or recently finished command. */
  get(id: string): CommandState | undefined {
    return this.running.get(id)?.state;
  }

  /**
   * Starts a command. With `twoStep` and SBO, resolves once the select is confirmed (or
   * failed); otherwise resolves with the final result.
   */
  async start(user: { name: string; role: Role }, ask: CommandAsk, twoStep: boolean): Promise<CommandState> {
    const station = this.stations.get(ask.station);
    const checked = checkCommand(user.role, station?.config, ask);
    const base = this.newState(user.name, ask, checked.ok ? checked.mode : (ask.mode ?? 'sbo'));
    if (!checked.ok) return this.refuse(base, user.role, checked.refusal.result, checked.refusal.detail);
    const key = pointId(ask.station, ask.address);
    const holder = this.busyPoints.get(key);
    if (holder) return this.refuse(base, user.role, 'REFUSED_BUSY', `another command (${holder}) is in progress on ${key}`);
    if (!station || station.state !== 'ready') return this.refuse(base, user.role, 'NOT_CONNECTED', `${ask.station} is ${station?.state ?? 'unknown'}, not ready`);
    const config = station.config;
    const selectTimeoutMs = config.protocol === 'dnp3' ? config.dnp3.selectTimeoutMs : config.iec104.selectTimeoutMs;
    const run: Running = { state: base, role: user.role, pointKey: key, selectTimeoutMs, stageWaitMs: commandStageWaitMs(config), waitSelected: [], waitDone: [], timer: null };
    this.running.set(base.id, run);
    this.busyPoints.set(key, base.id);
    this.stage(run, { stage: 'request', at: this.now(), result: 'PENDING', ok: true });
    const pause = twoStep && checked.mode === 'sbo';
    const answered = new Promise<void>((resolve) => (pause ? run.waitSelected : run.waitDone).push(resolve));
    this.arm(run, run.stageWaitMs + GUARD_MS);
    station.call({ op: 'command', command: buildRequest(base.id, ask, checked.mode, checked.policy, pause) });
    await answered;
    return { ...run.state };
  }

  /**
   * Operates a command whose select was confirmed; resolves with the final result. An
   * operate at or after the select deadline is refused as SELECT_TIMEOUT and audited, even
   * when the expiry timer has not run yet (or has already ended the command).
   */
  async operate(user: { name: string; role: Role }, id: string): Promise<CommandState | { refused: string }> {
    const run = this.running.get(id);
    if (run && run.state.user !== user.name) return { refused: `command ${id} was selected by ${run.state.user}` };
    if (run && this.selectExpired(run)) return this.refuseLateOperate(run);
    if (!run || run.state.done) return { refused: `no selected command ${id} (it may have timed out)` };
    if (run.state.stage !== 'selected') return { refused: `command ${id} is at stage ${run.state.stage}, not selected` };
    const station = this.stations.get(run.state.station);
    this.stage(run, { stage: 'operate-request', at: this.now(), result: 'PENDING', ok: true });
    const answered = new Promise<void>((resolve) => run.waitDone.push(resolve));
    this.arm(run, run.stageWaitMs + GUARD_MS);
    if (!station?.call({ op: 'operate', id })) {
      this.finish(run, 'NOT_CONNECTED', false, 'the station is no longer connected');
      return { ...run.state };
    }
    await answered;
    return { ...run.state };
  }

  /** Whether the command's select has run out: its deadline passed, or it ended as SELECT_TIMEOUT. */
  private selectExpired(run: Running): boolean {
    if (run.state.done) return run.state.result === 'SELECT_TIMEOUT';
    return run.state.stage === 'selected' && run.state.selectDeadline !== null && this.now() >= run.state.selectDeadline;
  }

  /** Refuses an operate that came after the select deadline: audited as a refused operate stage, never sent. */
  private refuseLateOperate(run: Running): CommandState {
    const detail = 'operate refused: the select had expired; select again';
    run.state.stages.push({ stage: 'operate-request', at: this.now(), result: 'SELECT_TIMEOUT', ok: false, detail });
    if (run.state.done) {
      this.sink.audit(this.auditOf(run.state, run.role));
      this.sink.progress({ ...run.state });
    } else {
      // Finish first: the session answers the cancel at once, and that answer must not name the result.
      this.finish(run, 'SELECT_TIMEOUT', false, detail);
      this.stations.get(run.state.station)?.call({ op: 'cancelCommand', id: run.state.id });
    }
    return { ...run.state };
  }

  /** Cancels a selected command. */
  cancel(user: { name: string }, id: string): CommandState | { refused: string } {
    const run = this.running.get(id);
    if (!run || run.state.done) return { refused: `no pending command ${id}` };
    if (run.state.user !== user.name) return { refused: `command ${id} was selected by ${run.state.user}` };
    this.stations.get(run.state.station)?.call({ op: 'cancelCommand', id });
    this.finish(run, 'CANCELLED', false, `cancelled by ${user.name}`);
    return { ...run.state };
  }

  /** A session's command event. */
  sessionEvent(event: Extract<SessionEvent, { type: 'command' }>): void {
    const run = this.running.get(event.id);
    if (!run || run.state.done) return;
    const stage: CommandStageRecord = { stage: event.stage, at: this.now(), result: event.result, ok: event.ok, ...(event.detail ? { detail: event.detail } : {}) };
    if (event.feedback) run.state.feedback = feedbackOf(event.feedback);
    if (event.stage === 'done' || !event.ok) {
      this.stage(run, stage);
      this.finish(run, event.result, event.ok, event.detail ?? null);
      return;
    }
    if (event.stage === 'selected') {
      run.state.selectDeadline = this.now() + run.selectTimeoutMs;
      if (run.waitSelected.length) this.arm(run, run.selectTimeoutMs);
      this.stage(run, stage);
      for (const resolve of run.waitSelected.splice(0)) resolve();
      return;
    }
    // The session moved on (e.g. DNP3 operated, waiting for feedback; IEC 104 ACTCON, waiting for ACTTERM).
    if (!run.waitSelected.length) this.arm(run, run.stageWaitMs + GUARD_MS);
    this.stage(run, stage);
  }

  /**
   * Refuses and audits a command that a caller's own rule refused before the service's
   * checks (a Sparkplug DCMD for a point not enabled), so that it is audited like any other.
   */
  refuseFrom(user: { name: string; role: Role }, ask: CommandAsk, result: 'REFUSED_POLICY' | 'REFUSED_ACTION', detail: string): CommandState {
    return this.refuse(this.newState(user.name, ask, ask.mode ?? 'sbo'), user.role, result, detail);
  }

  /** Fails every running command of a station that went away. */
  stationDown(station: string): void {
    for (const run of this.running.values()) {
      if (run.state.station === station && !run.state.done) this.finish(run, 'CONNECTION_LOST', false, 'the station disconnected');
    }
  }

  private newState(user: string, ask: CommandAsk, mode: CommandMode): CommandState {
    return {
      id: randomUUID(),
      station: ask.station,
      address: ask.address,
      action: ask.action.action,
      value: askValue(ask),
      mode,
      user,
      stage: 'request',
      result: 'PENDING',
      ok: false,
      done: false,
      detail: null,
      stages: [],
      selectDeadline: null,
      feedback: null,
      startedAt: this.now(),
    };
  }

  private refuse(state: CommandState, role: Role, result: CommandResult, detail: string): CommandState {
    state.stage = 'refused';
    state.result = result;
    state.detail = detail;
    state.done = true;
    state.stages.push({ stage: 'refused', at: this.now(), result, ok: false, detail });
    this.sink.audit(this.auditOf(state, role));
    this.sink.finished(state);
    this.sink.progress(state);
    return state;
  }

  private stage(run: Running, stage: CommandStageRecord): void {
    run.state.stages.push(stage);
    run.state.stage = stage.stage;
    this.sink.audit(this.auditOf(run.state, run.role));
    this.sink.progress({ ...run.state });
  }

  private finish(run: Running, result: CommandResult, ok: boolean, detail: string | null): void {
    if (run.state.done) return;
    if (run.timer) clearTimeout(run.timer);
    run.state.done = true;
    run.state.result = result;
    run.state.ok = ok;
    run.state.detail = detail;
    run.state.selectDeadline = null;
    if (run.state.stages.at(-1)?.stage !== 'done') run.state.stages.push({ stage: 'done', at: this.now(), result, ok, ...(detail ? { detail } : {}) });
    run.state.stage = 'done';
    this.busyPoints.delete(run.pointKey);
    this.sink.audit(this.auditOf(run.state, run.role));
    this.sink.finished(run.state);
    this.sink.progress({ ...run.state });
    for (const resolve of [...run.waitSelected.splice(0), ...run.waitDone.splice(0)]) resolve();
    setTimeout(() => this.running.delete(run.state.id), 60_000).unref();
  }

  private arm(run: Running, ms: number): void {
    if (run.timer) clearTimeout(run.timer);
    run.timer = setTimeout(() => {
      const expired = run.state.stage === 'selected';
      // Finish first: the session answers the cancel at once, and that answer must not name the result.
      this.finish(run, expired ? 'SELECT_TIMEOUT' : 'TIMEOUT', false, expired ? `the select expired after ${ms} ms without an operate` : `no result from the device within ${ms} ms`);
      this.stations.get(run.state.station)?.call({ op: 'cancelCommand', id: run.state.id });
    }, ms);
    run.timer.unref?.();
  }

  private auditOf(state: CommandState, role: Role): StoredAudit {
    return {
      id: state.id,
      time: state.startedAt,
      user: state.user,
      role,
      station: state.station,
      point: state.address,
      action: state.action,
      value: state.value,
      mode: state.mode,
      result: state.result,
      ok: state.ok,
      detail: state.detail,
      stages: [...state.stages],
      feedback: state.feedback,
    };
  }
}

function feedbackOf(update: PointUpdate): CommandState['feedback'] {
  return { value: update.value, quality: [...update.quality], type: update.type };
}
