/**
 * Device tasks (counter freeze, restart, class assignment, unsolicited enable/disable,
 * device attributes, IEC 104 counter and group interrogation, read, test command, reset
 * process) take the same path as commands: the role check (engineer or administrator),
 * the station ready, an explicit confirmation before anything that changes the device
 * (requested -> armed -> confirmed, or cancelled / expired), a guard timeout, the result
 * by name and an audit record for every attempt, refused ones included.
 */
import { randomUUID } from 'node:crypto';
import { changesDevice, TASK_PROTOCOLS, taskCall, taskLabel, type DeviceTask, type DeviceTaskStage, type RawTask, type TaskCompletion } from '../../../src-shared/device-tasks';
import { roleAllows, type Role } from '../../../src-shared/roles';
import type { Protocol, SessionCall, SessionEvent } from '../../../src-shared/session';
import type { AuditStage, StoredAudit } from '../event-log/event-types';
import type { StationConfig } from '../../../src-shared/workspace/station';
import type { StationManager } from '../stations/station-manager';
import type { CommandState } from './command-service';
import { commandStageWaitMs } from './command-timeouts';
import { rawAnswer } from './raw-answer';
import { prepareRawRequest, RAW_COLLECT_MAX_MS } from './raw-request';

/**
 * A device task's state as the clients see it: like a command's (stage `requested`,
 * `armed` waiting for the confirmation, `running`, `done` or `refused`; result `PENDING`,
 * then by name), with the task, its label and what the device answered.
 */
export interface DeviceTaskState extends Pick<CommandState, 'id' | 'station' | 'user' | 'ok' | 'done' | 'detail' | 'startedAt'> {
  /** requested, armed (awaiting the confirmation), running, done or refused. */
  stage: DeviceTaskStage;
  /** `PENDING`, then the task's result by name (a command result, or the protocol task's own). */
  result: string;
  stages: AuditStage[];
  task: DeviceTask | RawTask;
  /** One line naming the task, e.g. `cold restart`. */
  label: string;
  /** What the device answered (restart delay, attributes, the value read; a raw request's RawAnswer), when it answered data. */
  value: unknown;
  /** While armed: when the confirmation expires (ms since the epoch). */
  confirmDeadline: number | null;
}

/** Where device task records go. */
export interface DeviceTaskSink {
  audit(record: StoredAudit): void;
  finished(state: DeviceTaskState): void;
  progress(state: DeviceTaskState): void;
}

/** A task checked against its station: its label, the session call and how it completes. */
interface Prepared {
  label: string;
  changesDevice: boolean;
  call: SessionCall;
  completion: TaskCompletion;
  /** Turns the session's answer into the state's value. */
  value(answer: unknown): unknown;
  /** Extra time the session may take beyond a command stage (IEC 104 raw answers). */
  extraWaitMs: number;
}

interface Running {
  state: DeviceTaskState;
  role: Role;
  prepared: Prepared;
  waitMs: number;
  timer: ReturnType<typeof setTimeout> | null;
  waiters: Array<() => void>;
}

/** How long an armed task waits for its confirmation. */
const CONFIRM_WINDOW_MS = 30_000;
const GUARD_MS = 2_000;

/** Runs device tasks for all stations. */
export class DeviceTaskService {
  private readonly running = new Map<string, Running>();

  constructor(
    private readonly stations: StationManager,
    private readonly sink: DeviceTaskSink,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Asks for a task. With `twoStep`, a task that changes the device stops at `armed` and
   * runs only on {@link confirm}; otherwise resolves with the final result.
   */
  async request(user: { name: string; role: Role }, station: string, task: DeviceTask | RawTask, twoStep: boolean): Promise<DeviceTaskState> {
    const state = this.newState(user.name, station, task);
    const runtime = this.stations.get(station);
    // prepared first (pure), so that even a refused attempt is audited under its own label
    const prepared = runtime ? this.prepare(task, state.id, runtime.config) : null;
    if (prepared && !('refused' in prepared)) state.label = prepared.label;
    const refusal = this.refusal(user.role, station, task);
    if (refusal) return this.refuse(state, user.role, refusal.result, refusal.detail);
    // no refusal: the station exists, so the task was prepared
    const ready = prepared!;
    if ('refused' in ready) return this.refuse(state, user.role, ready.refused, ready.detail);
    const run: Running = { state, role: user.role, prepared: ready, waitMs: commandStageWaitMs(runtime!.config) + ready.extraWaitMs + GUARD_MS, timer: null, waiters: [] };
    this.running.set(state.id, run);
    this.stage(run, 'requested', 'PENDING', true);
    if (twoStep && ready.changesDevice) {
      state.confirmDeadline = this.now() + CONFIRM_WINDOW_MS;
      this.arm(run, CONFIRM_WINDOW_MS, 'CONFIRM_TIMEOUT');
      this.stage(run, 'armed', 'PENDING', true);
      return { ...state };
    }
    return this.execute(run);
  }

  /** A task made ready for a station's protocol, or why it cannot run (a raw request that is not valid). */
  private prepare(task: DeviceTask | RawTask, id: string, config: StationConfig): Prepared | { refused: string; detail: string } {
    const protocol: Protocol = config.protocol;
    if (task.task !== 'raw') {
      const { call, completion } = taskCall(task, id, protocol);
      return { label: taskLabel(task), changesDevice: changesDevice(task), call, completion, value: (v) => v, extraWaitMs: 0 };
    }
    const raw = prepareRawRequest(protocol, task.request, task.function);
    if (!raw.ok) return { refused: raw.error.code, detail: raw.error.message };
    const params = { cotSize: config.iec104.cotSize, caSize: config.iec104.caSize, ioaSize: config.iec104.ioaSize };
    return {
      label: raw.value.label,
      changesDevice: raw.value.changesDevice,
      call: raw.value.call(id),
      completion: { kind: 'response' },
      value: (v) => rawAnswer(protocol, v, params),
      extraWaitMs: protocol === 'iec104' ? RAW_COLLECT_MAX_MS : 0,
    };
  }

  /** Runs an armed task; resolves with the final result. */
  async confirm(user: { name: string }, id: string): Promise<DeviceTaskState | { refused: string }> {
    const run = this.running.get(id);
    if (!run || run.state.done) return { refused: `no armed task ${id} (it may have expired)` };
    if (run.state.user !== user.name) return { refused: `task ${id} was requested by ${run.state.user}` };
    if (run.state.stage !== 'armed') return { refused: `task ${id} is ${run.state.stage}, not armed` };
    run.state.confirmDeadline = null;
    return this.execute(run);
  }

  /** Cancels an armed task. */
  cancel(user: { name: string }, id: string): DeviceTaskState | { refused: string } {
    const run = this.running.get(id);
    if (!run || run.state.done) return { refused: `no armed task ${id}` };
    if (run.state.user !== user.name) return { refused: `task ${id} was requested by ${run.state.user}` };
    if (run.state.stage !== 'armed') return { refused: `task ${id} is ${run.state.stage}: only an armed task can be cancelled` };
    this.finish(run, 'CANCELLED', false, `cancelled by ${user.name}`, undefined);
    return { ...run.state };
  }

  /** A session event of a station: the outcome of a running task. */
  sessionEvent(station: string, event: SessionEvent): void {
    if (event.type === 'response') {
      const run = this.running.get(event.id);
      if (run && !run.state.done && run.state.stage === 'running') this.answered(run, event);
    } else if (event.type === 'task') {
      const run = [...this.running.values()].find((r) => r.state.station === station && r.state.stage === 'running' && r.prepared.completion.kind === 'task' && r.prepared.completion.name === event.name);
      if (run) this.finish(run, event.result, event.ok, event.detail ?? null, undefined);
    }
  }

  /** Fails every task of a station that went away. */
  stationDown(station: string): void {
    for (const run of this.running.values()) {
      if (run.state.station === station && !run.state.done) this.finish(run, 'CONNECTION_LOST', false, 'the station disconnected', undefined);
    }
  }

  private answered(run: Running, event: Extract<SessionEvent, { type: 'response' }>): void {
    const value = run.prepared.value(event.value);
    const said = run.state.task.task === 'raw' ? (value as { detail: string | null }).detail : event.ok ? null : describe(event.value);
    this.finish(run, event.result, event.ok, said, value);
  }

  private refusal(role: Role, station: string, task: DeviceTask | RawTask): { result: string; detail: string } | null {
    if (!roleAllows(role, 'engineer')) return { result: 'REFUSED_ROLE', detail: `role ${role} may not run device tasks (engineer or administrator)` };
    const runtime = this.stations.get(station);
    if (!runtime) return { result: 'NOT_FOUND', detail: `no station ${station}` };
    const protocol = runtime.config.protocol;
    if (task.task !== 'raw' && !TASK_PROTOCOLS[task.task].includes(protocol)) return { result: 'REFUSED_PROTOCOL', detail: `${taskLabel(task)} is not a ${protocol} function` };
    if (task.task === 'interrogation' && protocol === 'dnp3' && task.group !== 0) return { result: 'REFUSED_PROTOCOL', detail: 'DNP3 has no interrogation groups' };
    if (runtime.state !== 'ready') return { result: 'NOT_CONNECTED', detail: `${station} is ${runtime.state}, not ready` };
    return null;
  }

  private async execute(run: Running): Promise<DeviceTaskState> {
    const runtime = this.stations.get(run.state.station);
    const done = new Promise<void>((resolve) => run.waiters.push(resolve));
    this.stage(run, 'running', 'PENDING', true);
    this.arm(run, run.waitMs, 'TIMEOUT');
    if (!runtime?.call(run.prepared.call)) {
      this.finish(run, 'NOT_CONNECTED', false, 'the station is no longer connected', undefined);
    }
    await done;
    return { ...run.state };
  }

  private newState(user: string, station: string, task: DeviceTask | RawTask): DeviceTaskState {
    const at = this.now();
    return { id: randomUUID(), station, task, label: task.task === 'raw' ? 'raw request' : taskLabel(task), user, stage: 'requested', result: 'PENDING', ok: false, done: false, detail: null, value: null, confirmDeadline: null, stages: [], startedAt: at };
  }

  private refuse(state: DeviceTaskState, role: Role, result: string, detail: string): DeviceTaskState {
    Object.assign(state, { stage: 'refused', result, detail, done: true });
    state.stages.push({ stage: 'refused', at: this.now(), result, ok: false, detail });
    this.sink.audit(auditOf(state, role));
    this.sink.finished(state);
    this.sink.progress({ ...state });
    return state;
  }

  private stage(run: Running, stage: DeviceTaskStage, result: string, ok: boolean): void {
    run.state.stage = stage;
    run.state.stages.push({ stage, at: this.now(), result, ok });
    this.sink.audit(auditOf(run.state, run.role));
    this.sink.progress({ ...run.state });
  }

  private finish(run: Running, result: string, ok: boolean, detail: string | null, value: unknown): void {
    if (run.timer) clearTimeout(run.timer);
    Object.assign(run.state, { done: true, result, ok, detail, value: value ?? null, confirmDeadline: null, stage: 'done' });
    run.state.stages.push({ stage: 'done', at: this.now(), result, ok, ...(detail ? { detail } : {}) });
    this.sink.audit(auditOf(run.state, run.role));
    this.sink.finished(run.state);
    this.sink.progress({ ...run.state });
    for (const resolve of run.waiters.splice(0)) resolve();
    setTimeout(() => this.running.delete(run.state.id), 60_000).unref();
  }

  private arm(run: Running, ms: number, result: string): void {
    if (run.timer) clearTimeout(run.timer);
    run.timer = setTimeout(() => this.finish(run, result, false, `no ${run.state.stage === 'armed' ? 'confirmation' : 'answer from the device'} within ${ms} ms`, undefined), ms);
    run.timer.unref?.();
  }
}

function describe(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The audit record of a task: its label is the action, `task` the mode; no point. */
function auditOf(state: DeviceTaskState, role: Role): StoredAudit {
  const { id, user, station, result, ok, detail } = state;
  return { id, time: state.startedAt, user, role, station, point: '', action: state.label, value: null, mode: 'task', result, ok, detail, stages: [...state.stages], feedback: null };
}
