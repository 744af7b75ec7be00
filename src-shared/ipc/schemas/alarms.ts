/** Contract schemas of the `alarms.*` calls and events. */
import * as v from 'valibot';

/** Who shelved an alarm, why, when and until when (ms since the epoch). */
const ShelfInfo = v.object({ by: v.string(), reason: v.string(), at: v.number(), until: v.number() });

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
  /** Set while shelved: hidden from the active list, not counted as unacknowledged. */
  shelf: v.nullable(ShelfInfo),
});

/** The alarm list. */
export const AlarmList = v.object({ alarms: v.array(AlarmInfo), unacknowledged: v.number() });

/** A change of one alarm. `removed` = cleared and acknowledged, gone from the list. */
const AlarmChange = v.object({
  alarm: AlarmInfo,
  transition: v.picklist(['raised', 'cleared', 'acknowledged', 'removed', 'shelved', 'unshelved']),
});

/**
 * The alarm changes of one interval in the order they happened (an alarm may change more
 * than once: apply them in order), and the count of unacknowledged alarms after the last.
 */
export const AlarmChanges = v.object({
  changes: v.pipe(v.array(AlarmChange), v.minLength(1)),
  unacknowledged: v.number(),
});

/** How many alarms an acknowledge call acknowledged. */
export const AckResult = v.object({ acknowledged: v.number() });

/** The longest shelf: one day. */
const MAX_SHELF_MINUTES = 24 * 60;

/** Shelves one alarm: a reason (required) and how long, in minutes (1 to a day). */
export const ShelveRequest = v.strictObject({
  id: v.string(),
  reason: v.pipe(v.string(), v.trim(), v.minLength(1, 'a reason is required'), v.maxLength(200)),
  minutes: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_SHELF_MINUTES)),
});
