/**
 * Contract schemas of the `commissioning.*` calls: connectivity checks (the report is the
 * engine's JSON, carried as a record), their history, and point-by-point checkouts.
 */
import * as v from 'valibot';
import { ControlActionSchema } from './commands';

const scalar = v.union([v.number(), v.boolean(), v.string()]);

/** A connectivity check of a workspace station, with the number of latency probes. */
export const CheckRequest = v.strictObject({
  station: v.string(),
  probes: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100))),
});

/** One check in the history: when, who, what and the verdict, with the full report. */
export const CheckRecord = v.object({
  id: v.string(),
  at: v.string(),
  user: v.string(),
  station: v.nullable(v.string()),
  target: v.string(),
  ok: v.boolean(),
  summary: v.string(),
  /** The structured report (see ConnectivityReport). */
  report: v.record(v.string(), v.unknown()),
});

/** What was observed of a point when it was verified. */
export const Observation = v.object({
  value: v.nullable(scalar),
  quality: v.array(v.string()),
  /** Device time (ISO 8601) or null. */
  time: v.nullable(v.string()),
});

/** One line of a checkout. */
export const CheckoutItem = v.object({
  address: v.string(),
  name: v.string(),
  /** `value`: compare the live value; `command`: issue the command and watch the feedback point. */
  kind: v.picklist(['value', 'command']),
  /** Expected value or state as the engineer entered it (number, true/false, on/off or a state label). */
  expected: v.string(),
  /** Allowed numeric deviation. */
  tolerance: v.number(),
  /** Command items: the action, the feedback point and how long it may take to reach `expected`. */
  action: v.optional(ControlActionSchema),
  feedback: v.optional(v.string()),
  withinMs: v.optional(v.number()),
  observed: v.nullable(Observation),
  result: v.picklist(['pending', 'pass', 'fail']),
  detail: v.string(),
  by: v.nullable(v.string()),
  at: v.nullable(v.string()),
});

/** A checkout of one station. */
export const Checkout = v.object({
  id: v.string(),
  station: v.object({ id: v.string(), name: v.string(), protocol: v.picklist(['dnp3', 'iec104']), endpoint: v.string() }),
  createdBy: v.string(),
  createdAt: v.string(),
  updatedAt: v.string(),
  /** Device attributes (DNP3 g0) from the station's latest check, when reported. */
  device: v.record(v.string(), scalar),
  items: v.array(CheckoutItem),
});

/** A checkout in a list. */
export const CheckoutSummary = v.object({
  id: v.string(),
  station: v.string(),
  createdBy: v.string(),
  createdAt: v.string(),
  updatedAt: v.string(),
  passed: v.number(),
  failed: v.number(),
  pending: v.number(),
});

/** Request of commissioning.checkoutCreate. */
export const CheckoutCreateRequest = v.strictObject({ station: v.string() });

/** Addresses one item of one checkout. */
export const CheckoutItemRef = v.strictObject({ id: v.string(), index: v.pipe(v.number(), v.integer(), v.minValue(0)) });

/** Request of commissioning.checkoutUpdate: what the engineer enters for an item. */
export const CheckoutItemUpdate = v.strictObject({
  id: v.string(),
  index: v.pipe(v.number(), v.integer(), v.minValue(0)),
  expected: v.optional(v.pipe(v.string(), v.maxLength(200))),
  tolerance: v.optional(v.pipe(v.number(), v.minValue(0))),
  action: v.optional(ControlActionSchema),
  feedback: v.optional(v.string()),
  withinMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(100), v.maxValue(600_000))),
});

/** Request of commissioning.checkoutExport. */
export const CheckoutExportRequest = v.strictObject({ id: v.string(), format: v.picklist(['html', 'csv']) });

/** An exported report. */
export const CheckoutExport = v.object({ fileName: v.string(), mimeType: v.string(), text: v.string(), sha256: v.string() });

/** Types of the schemas above. */
export type CheckRecord = v.InferOutput<typeof CheckRecord>;
export type Observation = v.InferOutput<typeof Observation>;
export type CheckoutItem = v.InferOutput<typeof CheckoutItem>;
export type Checkout = v.InferOutput<typeof Checkout>;
export type CheckoutSummary = v.InferOutput<typeof CheckoutSummary>;
export type CheckoutItemUpdate = v.InferOutput<typeof CheckoutItemUpdate>;
export type CheckoutExport = v.InferOutput<typeof CheckoutExport>;
