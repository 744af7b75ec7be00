/**
 * The security posture check of a station (`commissioning.security`, `security <url>`):
 * its request and its report. The report is carried in a check record (kind `security`)
 * like the connectivity report; the renderer reads it with `SecurityReport`.
 *
 * A finding is named like a connectivity diagnosis (`code`, `message`) and adds what a
 * posture needs: its severity, a plain explanation of why it matters, and the fix.
 */
import * as v from 'valibot';

/** Severities, most urgent first. */
export const SEVERITIES = ['high', 'medium', 'low', 'info'] as const;

/** How much a finding matters. */
export type Severity = (typeof SEVERITIES)[number];

/** One finding of the posture check. */
export const SecurityFinding = v.object({
  /** Stable name, e.g. `PLAIN_PORT_OPEN`, `TLS_VERSION_OLD`, `CLIENT_CERT_NOT_REQUIRED`. */
  code: v.string(),
  severity: v.picklist(SEVERITIES),
  /** What was found, with the evidence (ports, versions, dates). */
  message: v.string(),
  /** Why it matters, in plain words. */
  explanation: v.string(),
  /** What to change, step by step. */
  fix: v.array(v.string()),
});

/** A finding as the engine reports it. */
export type SecurityFinding = v.InferOutput<typeof SecurityFinding>;

/** One check the posture check ran (or could not run), with its outcome. */
export const SecurityCheckLine = v.object({
  /** e.g. `plain port 2404`, `TLS versions`, `client without certificate`. */
  name: v.string(),
  outcome: v.picklist(['passed', 'finding', 'not-run']),
  detail: v.string(),
});

/** A check line as the engine reports it. */
export type SecurityCheckLine = v.InferOutput<typeof SecurityCheckLine>;

/** Findings by severity. */
export const SeverityCounts = v.object({ high: v.number(), medium: v.number(), low: v.number(), info: v.number() });

/** Findings by severity. */
export type SeverityCounts = v.InferOutput<typeof SeverityCounts>;

/** The whole report (JSON-able; the CLI's `security --json` prints it). */
export const SecurityReport = v.object({
  kind: v.literal('security'),
  version: v.literal(1),
  target: v.object({ protocol: v.picklist(['dnp3', 'iec104']), host: v.string(), port: v.number(), tls: v.boolean() }),
  /** ISO 8601 UTC. */
  startedAt: v.string(),
  durationMs: v.number(),
  /** False when the station's port accepted no connection: nothing else could be checked. */
  reached: v.boolean(),
  /** Every check, in the order run. */
  checks: v.array(SecurityCheckLine),
  /** Findings, most severe first. */
  findings: v.array(SecurityFinding),
  counts: SeverityCounts,
  /** One line for people, e.g. `iec104 127.0.0.1:19998+tls: 2 high, 1 medium`. */
  summary: v.string(),
});

/** The report as the engine produces it. */
export type SecurityReport = v.InferOutput<typeof SecurityReport>;

const days = v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(3650)));
const masters = v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(16)));
const port = v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(65535)));

/** Settings of a posture check, as the CLI's flags give them. */
const SecuritySettings = {
  /** A certificate expiring within this many days is a finding (default 30). */
  expiryDays: days,
  /** IEC 104: masters the station should accept at once (default 1); one more is tried. */
  maxMasters: masters,
  /** The protocol's plain port to look at (default 20000 DNP3 / 2404 IEC 104). */
  plainPort: port,
  /** The protocol's TLS port to look at (default 19999 DNP3 / 19998 IEC 104). */
  tlsPort: port,
};

/** Request of commissioning.security: a workspace station or an ad-hoc target URL. */
export const SecurityRequest = v.union([
  v.strictObject({ station: v.string(), ...SecuritySettings }),
  v.strictObject({ url: v.pipe(v.string(), v.trim(), v.minLength(1, 'type a target URL'), v.maxLength(2048)), ...SecuritySettings }),
]);

/** Counts the findings by severity. */
export function severityCounts(findings: ReadonlyArray<{ severity: Severity }>): SeverityCounts {
  const counts: SeverityCounts = { high: 0, medium: 0, low: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

/** `2 high, 1 medium` (severities with findings only), or `no findings`. */
export function countsText(counts: SeverityCounts): string {
  const parts = SEVERITIES.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`);
  return parts.length > 0 ? parts.join(', ') : 'no findings';
}
