/**
 * The master's periodic work: integrity polls, time synchronisation and class 1/2/3 event
 * polls, each on its own timer armed at link up and re-armed when it fires.
 */
import { FunctionCode } from '../app/control';
import type { EventClass, ResolvedMasterConfig } from './config';
import { RequestTask } from './request-task';
import { classHeaders } from './requests';
import { integrityTask } from './startup';
import { Priority, type MasterTask } from './task';
import { TimeSyncTask } from './time-sync-task';

const T_INTEGRITY = 'dnp3.poll.integrity';
const T_TIME_SYNC = 'dnp3.timeSync';
const CLASSES: readonly EventClass[] = [1, 2, 3];
const T_CLASS = (c: EventClass): string => `dnp3.poll.class${c}`;

/** Every schedule timer id (cancelled at link down). */
export const SCHEDULE_TIMERS: readonly string[] = [T_INTEGRITY, T_TIME_SYNC, ...CLASSES.map(T_CLASS)];

/** Schedule timer id -> period in ms, for the schedules this configuration turns on. */
export function schedulePeriods(cfg: ResolvedMasterConfig): Map<string, number> {
  const periods = new Map<string, number>();
  if (cfg.integrityPollMs > 0) periods.set(T_INTEGRITY, cfg.integrityPollMs);
  if (cfg.timeSync.periodMs > 0) periods.set(T_TIME_SYNC, cfg.timeSync.periodMs);
  for (const c of CLASSES) {
    const ms = cfg.classPollMs[c] ?? 0;
    if (ms > 0) periods.set(T_CLASS(c), ms);
  }
  return periods;
}

/** The task a schedule timer asks for. */
export function scheduledTask(cfg: ResolvedMasterConfig, id: string): MasterTask {
  if (id === T_INTEGRITY) return integrityTask(cfg.retries);
  if (id === T_TIME_SYNC) return new TimeSyncTask(cfg.timeSync.procedure);
  const c = Number(id.slice(-1)) as EventClass;
  return new RequestTask({ name: `class${c}Poll`, priority: Priority.eventPoll, fc: FunctionCode.READ, objects: classHeaders([c]), retries: cfg.retries });
}
