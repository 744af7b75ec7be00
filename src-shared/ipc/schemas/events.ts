/** Contract schemas of the `events.*` and `audit.*` calls and events. */
import * as v from 'valibot';

/** Kinds of logged event. */
const EventKind = v.picklist(['soe', 'connection', 'alarm', 'command', 'timeSync', 'config', 'session', 'task', 'system']);

/** One logged event. */
const EventRecord = v.object({
  id: v.number(),
  time: v.number(),
  /** Device time for SOE (ms since the epoch). */
  deviceTime: v.nullable(v.number()),
  kind: v.string(),
  station: v.nullable(v.string()),
  point: v.nullable(v.string()),
  user: v.nullable(v.string()),
  message: v.string(),
  data: v.unknown(),
});

/**
 * Whether a logged event's `data` marks it as a possible repeat after reconnect: an IEC 104
 * event without time tag equal to one the lost connection had not acknowledged.
 */
export function isPossibleRepeat(data: unknown): boolean {
  return typeof data === 'object' && data !== null && (data as { possibleRepeat?: unknown }).possibleRepeat === true;
}

/** A live event notification (not yet given an id). */
export const EventNotice = v.object({
  time: v.number(),
  deviceTime: v.nullable(v.number()),
  kind: v.string(),
  station: v.nullable(v.string()),
  point: v.nullable(v.string()),
  user: v.nullable(v.string()),
  message: v.string(),
});

const time = v.pipe(v.number(), v.minValue(0));
const page = {
  offset: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(10_000))),
};

/** Filter of events.query / events.exportCsv. */
export const EventQuery = v.strictObject({
  from: v.optional(time),
  to: v.optional(time),
  station: v.optional(v.string()),
  point: v.optional(v.string()),
  kinds: v.optional(v.array(EventKind)),
  text: v.optional(v.pipe(v.string(), v.maxLength(200))),
  order: v.optional(v.picklist(['asc', 'desc'])),
  ...page,
});

/** A page of events. */
export const EventPage = v.object({ total: v.number(), events: v.array(EventRecord) });

/** One stage of a command. */
export const CommandStageRecord = v.object({ stage: v.string(), at: v.number(), result: v.string(), ok: v.boolean(), detail: v.optional(v.string()) });

/** One audited command attempt. */
const AuditRecord = v.object({
  id: v.string(),
  time: v.number(),
  user: v.string(),
  role: v.nullable(v.string()),
  station: v.string(),
  point: v.string(),
  action: v.string(),
  value: v.nullable(v.string()),
  mode: v.string(),
  result: v.string(),
  ok: v.boolean(),
  detail: v.nullable(v.string()),
  stages: v.array(CommandStageRecord),
  feedback: v.unknown(),
});

/** Filter of audit.query. */
export const AuditQuery = v.strictObject({
  from: v.optional(time),
  to: v.optional(time),
  station: v.optional(v.string()),
  point: v.optional(v.string()),
  user: v.optional(v.string()),
  result: v.optional(v.string()),
  ...page,
});

/** A page of audit records. */
export const AuditPage = v.object({ total: v.number(), records: v.array(AuditRecord) });

/** CSV text. */
export const CsvText = v.object({ csv: v.string() });
