/**
 * The calls one-shot target users make, each waiting for its outcome: interrogation
 * (DNP3 integrity poll / IEC 104 GI) collecting the points, clock synchronisation and one
 * command with its stages, and one device task. Each starts waiting before it calls: a
 * session answers some calls at once, inside `call()` (a value it refuses locally, a busy point).
 */
import { taskCall, type DeviceTask } from '../../../src-shared/device-tasks';
import type { CommandRequest, PointUpdate, SessionEvent } from '../../../src-shared/session';
import { ACT_TERM_WINDOW_MS } from '../../protocols/iec104';
import type { Target, TargetError, TargetResult } from './target';
import type { TargetSession } from './target-session';

/** Maps a failed task or request result onto a TargetError. */
function resultError(result: string, detail: string): TargetError {
  if (result === 'UNKNOWN_CA') return { code: 'WRONG_COMMON_ADDRESS', message: `wrong common address: the station answered COT 46 (unknown common address): ${detail}` };
  if (result === 'RESPONSE_TIMEOUT' || result === 'TIMEOUT') return { code: 'NO_ANSWER', message: `no answer: ${detail}` };
  return { code: 'PROTOCOL_ERROR', message: `${result}: ${detail}` };
}

/** An interrogation's outcome. */
export interface Interrogation {
  points: PointUpdate[];
  durationMs: number;
}

/**
 * Runs an integrity poll / general interrogation (IEC 104: or the interrogation of group
 * 1-16) and collects the points it reports: one entry per point, its last value, in the
 * order the points first came. (A DNP3 integrity poll reads buffered events before the
 * static data, and an IEC 104 station may send spontaneous changes during the GI: a point
 * can be reported more than once.) A group interrogation collects only the points reported
 * with the group's cause (`inro3`), not spontaneous changes of other points meanwhile.
 */
export async function interrogate(session: TargetSession, timeoutMs: number, group = 0): Promise<TargetResult<Interrogation>> {
  const latest = new Map<string, PointUpdate>();
  const { call, completion } = taskCall({ task: 'interrogation', group }, 'cli-interrogation', session.target.protocol);
  const task = completion.kind === 'task' ? completion.name : 'interrogation';
  const ca = session.target.commonAddress;
  const groupCause = group === 0 ? undefined : `inro${group}`;
  const off = session.onEvent((e) => {
    if (e.type !== 'points') return;
    for (const u of e.updates) if ((u.commonAddress === undefined || u.commonAddress === ca) && (groupCause === undefined || u.cause === groupCause)) latest.set(u.ref, u);
  });
  const waiting = session.waitFor((e) => (e.type === 'task' && e.name === task ? e : undefined), timeoutMs, `${task} completion`);
  session.call(call);
  const done = await waiting;
  off();
  if (!done.ok) return done;
  const t = done.value;
  if (!t.ok) return { ok: false, error: resultError(t.result, t.detail ?? t.name) };
  return { ok: true, value: { points: [...latest.values()], durationMs: t.durationMs } };
}

/** A clock synchronisation's outcome (the session's event). */
export type TimeSyncOutcome = Extract<SessionEvent, { type: 'timeSync' }>;

/** Synchronises the device's clock. */
export async function timeSync(session: TargetSession, procedure: 'lan' | 'non-lan' | 'write' | undefined, timeoutMs: number): Promise<TargetResult<TimeSyncOutcome>> {
  const waiting = session.waitFor((e) => (e.type === 'timeSync' ? e : undefined), timeoutMs, 'time synchronisation answer');
  session.call(procedure ? { op: 'timeSync', procedure } : { op: 'timeSync' });
  return waiting;
}

/** One stage event of a command. */
export type CommandEvent = Extract<SessionEvent, { type: 'command' }>;

/**
 * How long a command over a target session may take before it counts as unanswered: more
 * than the session's own waits (select, execute and ACTTERM answers of `answerMs` each,
 * plus the IEC 104 `auto` ACTTERM window), so the session names the failure itself.
 */
export function commandWaitMs(target: Target, answerMs: number): number {
  return 4 * answerMs + (target.protocol === 'iec104' ? (target.actTermWindowMs ?? ACT_TERM_WINDOW_MS) : 0);
}

/** Issues one command; `onStage` sees every stage; resolves with the final (`done`) event. */
export async function operate(
  session: TargetSession,
  command: CommandRequest,
  timeoutMs: number,
  onStage: (event: CommandEvent) => void,
): Promise<TargetResult<CommandEvent>> {
  const off = session.onEvent((e) => {
    if (e.type === 'command' && e.id === command.id) onStage(e);
  });
  const waiting = session.waitFor((e) => (e.type === 'command' && e.id === command.id && e.stage === 'done' ? e : undefined), timeoutMs, 'command result');
  session.call({ op: 'command', command });
  const done = await waiting;
  off();
  return done;
}

/** A device task's outcome as the session reported it. */
export interface TaskOutcome {
  ok: boolean;
  result: string;
  detail: string | null;
  /** What the device answered (restart delay, attributes, the value read), or null. */
  value: unknown;
}

/** Runs one device task (freeze, restart, attributes, counter interrogation...) and waits for its outcome. */
export async function runDeviceTask(session: TargetSession, task: DeviceTask, timeoutMs: number): Promise<TargetResult<TaskOutcome>> {
  const id = 'cli-task';
  const { call, completion } = taskCall(task, id, session.target.protocol);
  // Listening before the call: a no-ack request is reported as sent while the call is made.
  const outcome = session.waitFor(
    (e): TaskOutcome | undefined => {
      if (completion.kind === 'response' && e.type === 'response' && e.id === id) {
        return { ok: e.ok, result: e.result, detail: e.ok || typeof e.value !== 'string' ? null : e.value, value: e.value ?? null };
      }
      if (completion.kind === 'task' && e.type === 'task' && e.name === completion.name) return { ok: e.ok, result: e.result, detail: e.detail ?? null, value: null };
      return undefined;
    },
    timeoutMs,
    `${task.task} outcome`,
  );
  session.call(call);
  return outcome;
}
