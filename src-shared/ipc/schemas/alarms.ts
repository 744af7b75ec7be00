/** Contract schemas of the `alarms.*` calls and events. */
import * as v from 'valibot';

/** One alarm of the alarm list. */
export const AlarmInfo = v.object({
  /** `<station>/<address>#<kind>` or `<station>#DISCONNECTED`. */
  id: v.string(),
  station: v.string(),
  address: v.nullable(v.string()),
  kind: v.picklist(['HH', 'H', 'L', 'LL', 'STATE', 'INVALID', 'COMM_LOST', 'DISCONNECTED']),
  /** 1 = most urgent .. 4. */
  priority: v.number(),
  message: v.string(),
  value: v.nullable(v.number()),
  raisedAt: v.number(),
  clearedAt: v.nullable(v.number()),
  /** Condition still present. */
  active: v.boolean(),
  acknowledged: v.boolean(),
  ackBy: v.nullable(v.string()),
  ackAt: v.nullable(v.number()),
});

/** The alarm list. */
export const AlarmList = v.object({ alarms: v.array(AlarmInfo), unacknowledged: v.number() });

/** A change of one alarm. `removed` = cleared and acknowledged, gone from the list. */
export const AlarmChange = v.object({
  alarm: AlarmInfo,
  transition: v.picklist(['raised', 'cleared', 'acknowledged', 'removed']),
  unacknowledged: v.number(),
});

/** How many alarms an acknowledge call acknowledged. */
export const AckResult = v.object({ acknowledged: v.number() });
