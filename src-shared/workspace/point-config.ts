/**
 * Configured points: what a point list adds to what devices report (names, units,
 * scaling, state labels, alarm settings).
 */
import * as v from 'valibot';

/** Alarm priority, 1 = most urgent. */
const AlarmPriority = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(4));

/** Analog limit alarms (engineering units) with a deadband applied when clearing. */
const AnalogAlarms = v.object({
  hh: v.optional(v.number()),
  h: v.optional(v.number()),
  l: v.optional(v.number()),
  ll: v.optional(v.number()),
  deadband: v.optional(v.pipe(v.number(), v.minValue(0)), 0),
  /** Priority of H/L; HH/LL are one step more urgent. */
  priority: v.optional(AlarmPriority, 3),
});

/** A digital state alarm: raised while the point's value equals `state`. */
const StateAlarm = v.object({
  state: v.number(),
  priority: v.optional(AlarmPriority, 2),
});

/** One configured point of a station. */
export const PointConfig = v.object({
  /** Point address: DNP3 `bi:3`, `ai:7`...; IEC 104 `ioa:3001@1` (IOA at common address), `ioa:1008.5@1` (bit 5, 0-15, of an M_PS_NA_1 status word). */
  address: v.pipe(v.string(), v.regex(/^((bi|dbi|bo|ai|ao|ctr|fc|os):\d+|ioa:\d+(\.(1[0-5]|\d))?)(@\d+)?$/, 'e.g. bi:3, ai:7, ioa:3001@1 or ioa:1008.5@1')),
  name: v.pipe(v.string(), v.maxLength(120)),
  description: v.optional(v.string(), ''),
  unit: v.optional(v.string(), ''),
  /** Linear scaling: engineering = raw * scale + offset. */
  scale: v.optional(v.number(), 1),
  offset: v.optional(v.number(), 0),
  /** Labels of digital states by value, e.g. { "0": "Open", "1": "Closed" }. */
  stateLabels: v.optional(v.record(v.string(), v.string()), {}),
  alarms: v.optional(AnalogAlarms),
  stateAlarms: v.optional(v.array(StateAlarm), []),
  /** Raise a quality alarm when the point turns invalid. */
  qualityAlarm: v.optional(v.boolean(), false),
  /**
   * Analogs and counters: a reported change becomes an SOE event only when it moved this
   * far (engineering units) from the last logged value, or its quality changed. Absent:
   * 1% of the largest alarm limit, else 1% of the last logged value; 0 logs every change.
   */
  eventDeadband: v.optional(v.pipe(v.number(), v.minValue(0))),
});

/** A configured point after defaults. */
export type PointConfig = v.InferOutput<typeof PointConfig>;
/** A configured point as written. */
export type PointConfigInput = v.InferInput<typeof PointConfig>;
