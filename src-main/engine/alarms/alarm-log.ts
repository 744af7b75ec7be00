/**
 * How an alarm transition reads in the event log: who did it, and for a shelf its reason
 * and expiry, so that shelving is audited as well as acknowledgement.
 */
import type { LogEvent } from '../event-log/event-types';
import type { Alarm, AlarmTransition } from './alarm-service';

/** ISO 8601 UTC time of an expiry, to the second. */
function until(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** What follows the message: who, and for a shelf its reason and expiry. */
function detail(alarm: Alarm, transition: AlarmTransition, by: string | null): string {
  switch (transition) {
    case 'acknowledged':
      return ` (by ${by})`;
    case 'shelved': {
      const shelf = alarm.shelf!;
      return ` (by ${by} for ${Math.round((shelf.until - shelf.at) / 60_000)} min until ${until(shelf.until)}; reason: ${shelf.reason})`;
    }
    case 'unshelved':
      return ` (${by ? `by ${by}` : 'shelf expired'}${alarm.active ? '; active again, unacknowledged' : ''})`;
    default:
      return alarm.shelf ? ' (shelved)' : '';
  }
}

/** The event-log entry of an alarm transition (`removed` is not logged: it follows ack or clear). */
export function alarmLogEvent(alarm: Alarm, transition: AlarmTransition, by: string | null): LogEvent {
  const data: Record<string, unknown> = { id: alarm.id, kind: alarm.kind, priority: alarm.priority, transition };
  if (transition === 'shelved') data.shelf = alarm.shelf;
  return { kind: 'alarm', station: alarm.station, point: alarm.address, user: by, message: `${transition}: ${alarm.message}${detail(alarm, transition, by)}`, data };
}
