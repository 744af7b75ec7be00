/**
 * IIN-driven master tasks (IEEE 1815-2012 clause 5.1.x): which tasks a response's IIN
 * calls for, given what is already queued.
 * - DEVICE_RESTART -> WRITE g80v1 index 7 = 0, then an integrity poll;
 * - NEED_TIME -> time synchronisation (when configured);
 * - EVENT_BUFFER_OVERFLOW -> integrity poll;
 * - CLASS_n_EVENTS for a class not reported unsolicited -> event poll of those classes.
 * A restart clear or time sync that failed is held back for a while, so an outstation that
 * rejects it is not asked again on every response.
 */
import { Iin } from '../app/iin';
import type { EventClass } from './config';

/** What the session knows when deciding. */
export interface IinContext {
  /** Names of queued tasks (and of the running one, for `running`). */
  queued: ReadonlySet<string>;
  running: string | null;
  timeSyncQueuedOrRunning: boolean;
  syncOnNeedTime: boolean;
  unsolicitedClasses: ReadonlySet<EventClass>;
  /** IIN-driven tasks that failed recently and are held back (`clearRestart`, `timeSync`). */
  heldBack: ReadonlySet<string>;
}

/** Tasks to queue, by kind. */
export interface IinTasks {
  clearRestart: boolean;
  integrity: boolean;
  timeSync: boolean;
  eventPoll: EventClass[];
}

/** Decides the IIN-driven tasks. A running poll may predate the cause, so only queued ones count. */
export function iinTasks(iin: number, c: IinContext): IinTasks {
  const clearRestart = (iin & Iin.DEVICE_RESTART) !== 0 && !c.queued.has('clearRestart') && c.running !== 'clearRestart' && !c.heldBack.has('clearRestart');
  const integrity = (clearRestart || (iin & Iin.EVENT_BUFFER_OVERFLOW) !== 0) && !c.queued.has('integrity');
  const timeSync = (iin & Iin.NEED_TIME) !== 0 && c.syncOnNeedTime && !c.timeSyncQueuedOrRunning && !c.heldBack.has('timeSync');
  const pending = ([1, 2, 3] as EventClass[]).filter((k) => iin & (Iin.CLASS_1_EVENTS << (k - 1)) && !c.unsolicitedClasses.has(k));
  const eventPoll = pending.length > 0 && !integrity && !c.queued.has('integrity') && !c.queued.has('eventPoll') ? pending : [];
  return { clearRestart, integrity, timeSync, eventPoll };
}
