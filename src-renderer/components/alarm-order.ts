/**
 * The order of the alarm list's rows. Sorted (unacknowledged, active, priority, newest)
 * while nobody is pointing at the list; while the pointer or the focus is on it, the order
 * is held so that no row moves under the cursor: rows keep their places, a row that left
 * the list stays as a placeholder, and new rows are added below.
 */
import { compareAlarms, type Alarm } from '../stores/alarm-state';

/** One row of the list: the alarm, or the last seen copy of one that has left the list. */
export interface AlarmRow {
  alarm: Alarm;
  /** The alarm has left the list (cleared and acknowledged) while the order was held. */
  gone: boolean;
}

/**
 * The rows to show: `alarms` sorted, or, when `held`, in the order of `previous` with the
 * alarms that left it kept as gone rows and the new ones (sorted) after them.
 */
export function alarmRows(previous: readonly AlarmRow[], alarms: readonly Alarm[], held: boolean): AlarmRow[] {
  if (!held) return [...alarms].sort(compareAlarms).map((alarm) => ({ alarm, gone: false }));
  const now = new Map(alarms.map((alarm) => [alarm.id, alarm]));
  const kept = previous.map((row) => {
    const alarm = now.get(row.alarm.id);
    return alarm ? { alarm, gone: false } : { alarm: row.alarm, gone: true };
  });
  const known = new Set(previous.map((row) => row.alarm.id));
  const added = alarms.filter((alarm) => !known.has(alarm.id)).sort(compareAlarms);
  return [...kept, ...added.map((alarm) => ({ alarm, gone: false }))];
}
