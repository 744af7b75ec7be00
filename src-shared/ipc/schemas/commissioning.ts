/**
 * Contract schemas of the `commissioning.*` calls: connectivity checks and port sweeps of
 * workspace stations or ad-hoc target URLs (the report is the engine's JSON, carried as a
 * record), their history, and point-by-point checkouts (stored in the workspace).
 */
import * as v from 'valibot';
import { ControlActionSchema } from './commands';

export { Checkout, CheckoutItem, Observation } from '../../workspace/checkout';

const probes = v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100)));
/** A target URL as the CLI takes it (CLI.md), e.g. `dnp3://127.0.0.1:20000?outstation=10`. */
const targetUrl = v.pipe(v.string(), v.trim(), v.minLength(1, 'type a target URL, e.g. dnp3://host:20000?outstation=10'), v.maxLength(2048));

/**
 * A connectivity check, with the number of latency probes: of a workspace station, or
 * ad hoc of a target URL (with the connect and answer timeout, default 5000 ms).
 */
export const CheckRequest = v.union([
  v.strictObject({ station: v.string(), probes }),
  v.strictObject({ url: targetUrl, probes, timeoutMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(100), v.maxValue(60_000))) }),
]);

/**
 * A sweep of the standard DNP3 and IEC 104 ports (as `check --sweep`) of a host: named,
 * taken from a target URL, or a workspace station's.
 */
export const SweepRequest = v.union([
  v.strictObject({ host: v.pipe(v.string(), v.trim(), v.minLength(1, 'type a host name or address'), v.maxLength(253)) }),
  v.strictObject({ url: targetUrl }),
  v.strictObject({ station: v.string() }),
]);

/** One check in the history: when, who, what and the verdict, with the full report. */
export const CheckRecord = v.object({
  id: v.string(),
  /** A connectivity check (report: ConnectivityReport), a port sweep (PortSweepReport) or a security posture check (SecurityReport). */
  kind: v.optional(v.picklist(['check', 'sweep', 'security']), 'check'),
  at: v.string(),
  user: v.string(),
  /** The workspace station checked, or null for an ad-hoc target. */
  station: v.nullable(v.string()),
  /** What was checked: the target's description, or the swept host. */
  target: v.string(),
  ok: v.boolean(),
  summary: v.string(),
  /** The structured report (see ConnectivityReport). */
  report: v.record(v.string(), v.unknown()),
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

/** Request of commissioning.checkoutOperate: operate the select `command` of this item. */
export const CheckoutOperateRequest = v.strictObject({ id: v.string(), index: v.pipe(v.number(), v.integer(), v.minValue(0)), command: v.string() });

/** Request of commissioning.checkoutExport. */
export const CheckoutExportRequest = v.strictObject({ id: v.string(), format: v.picklist(['html', 'csv']) });

/** An exported report. */
export const CheckoutExport = v.object({ fileName: v.string(), mimeType: v.string(), text: v.string(), sha256: v.string() });

/** Types of the schemas above. */
export type CheckRequest = v.InferOutput<typeof CheckRequest>;
export type SweepRequest = v.InferOutput<typeof SweepRequest>;
export type CheckRecord = v.InferOutput<typeof CheckRecord>;
export type CheckoutSummary = v.InferOutput<typeof CheckoutSummary>;
export type CheckoutItemUpdate = v.InferOutput<typeof CheckoutItemUpdate>;
export type CheckoutExport = v.InferOutput<typeof CheckoutExport>;
