/**
 * Point-by-point checkouts as the workspace stores them (format 3 on): one checklist per
 * checkout of a station, with the engineer's expected values, the observed values and
 * every verdict with who and when. The same shapes travel over the `commissioning.*` calls.
 */
import * as v from 'valibot';
import { ControlActionSchema } from '../ipc/schemas/commands';

const scalar = v.union([v.number(), v.boolean(), v.string()]);

/** What was observed of a point when it was verified. */
export const Observation = v.object({
  value: v.nullable(scalar),
  /** The state label the HMI shows for the value (point list or default), when it has one. */
  label: v.optional(v.string()),
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
  tolerance: v.pipe(v.number(), v.minValue(0)),
  /** Command items: the action, the feedback point and how long it may take to reach `expected`. */
  action: v.optional(ControlActionSchema),
  feedback: v.optional(v.string()),
  withinMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  observed: v.nullable(Observation),
  result: v.picklist(['pending', 'pass', 'fail']),
  detail: v.string(),
  /** Who gave the verdict and when (ISO 8601); null while pending. */
  by: v.nullable(v.string()),
  at: v.nullable(v.string()),
});

/** A checkout of one station. */
export const Checkout = v.object({
  id: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ or -, 1 to 64')),
  /** The station as it was when the checkout started (it may change or go later). */
  station: v.object({ id: v.string(), name: v.string(), protocol: v.picklist(['dnp3', 'iec104']), endpoint: v.string() }),
  createdBy: v.string(),
  createdAt: v.string(),
  updatedAt: v.string(),
  /** Device attributes (DNP3 g0) from the station's latest check, when reported. */
  device: v.record(v.string(), scalar),
  items: v.array(CheckoutItem),
});

/** Types of the schemas above. */
export type Observation = v.InferOutput<typeof Observation>;
export type CheckoutItem = v.InferOutput<typeof CheckoutItem>;
export type Checkout = v.InferOutput<typeof Checkout>;
