/**
 * What the Security tab and the station details show of a security posture check: the
 * report read with its schema, severity by word and shape (never by colour alone), and the
 * one-line summary of a station's latest check.
 */
import * as v from 'valibot';
import type { CallRequest } from '../../../src-shared/ipc/contract';
import { countsText, SecurityReport, SEVERITIES, type Severity } from '../../../src-shared/ipc/schemas/security';

/** A history record as the store keeps it. */
export interface SecurityRecordFields {
  kind: 'check' | 'sweep' | 'security';
  at: string;
  station: string | null;
  report: Record<string, unknown>;
}

/** Severity as a word and a shape: ▲ high, ◆ medium, ▼ low, ○ info. */
export const SEVERITY_MARK: Record<Severity, { shape: string; word: string }> = {
  high: { shape: '▲', word: 'HIGH' },
  medium: { shape: '◆', word: 'MEDIUM' },
  low: { shape: '▼', word: 'LOW' },
  info: { shape: '○', word: 'INFO' },
};

/** Outcome of one check line, by word and mark. */
export const OUTCOME_MARK = { passed: '✔ passed', finding: '✖ finding', 'not-run': '– not run' } as const;

/** The report of a security record, or null when it is not one (an older or foreign record). */
export function securityReport(record: SecurityRecordFields): SecurityReport | null {
  if (record.kind !== 'security') return null;
  const parsed = v.safeParse(SecurityReport, record.report);
  return parsed.success ? parsed.output : null;
}

/** The verdict of a security record in words: `2 high, 1 medium`, `no findings`, `not reached`. */
export function securityVerdict(record: SecurityRecordFields): string {
  const report = securityReport(record);
  if (!report) return 'unreadable report';
  return report.reached ? countsText(report.counts) : 'not reached';
}

/** The mark of a record's verdict: the shape of its worst finding, ✔ without findings, ✖ when not reached or unreadable. */
export function verdictMark(record: SecurityRecordFields): string {
  const report = securityReport(record);
  if (!report?.reached) return '✖';
  const worst = SEVERITIES.find((s) => report.counts[s] > 0);
  return worst ? SEVERITY_MARK[worst].shape : '✔';
}

/** The station's latest security check, newest first in `history`, or null. */
export function latestSecurity<R extends SecurityRecordFields>(history: readonly R[], station: string): R | null {
  return history.find((r) => r.kind === 'security' && r.station === station) ?? null;
}

/** `Security: 2 high, 1 medium -- checked 10:32` for the station details, `time` formatting the check's time. */
export function securitySummary(record: SecurityRecordFields | null, time: (iso: string) => string): string {
  if (!record) return 'Security: not checked yet (Commissioning, Security tab)';
  return `Security: ${securityVerdict(record)} — checked ${time(record.at)}`;
}

/** What the engineer fills in on the Security tab. */
export interface SecurityForm {
  mode: 'station' | 'url';
  station: string;
  url: string;
  /** A certificate expiring within this many days is a finding. */
  expiryDays: number;
  /** IEC 104: masters the station should accept at once. */
  maxMasters: number;
  /** Plain and TLS ports to look at; empty (null) for the protocol's standard ones. */
  plainPort: number | null;
  tlsPort: number | null;
}

/** A blank form: the first station when there is one, else a URL. */
export function newSecurityForm(firstStation: string | undefined): SecurityForm {
  return { mode: firstStation ? 'station' : 'url', station: firstStation ?? '', url: '', expiryDays: 30, maxMasters: 1, plainPort: null, tlsPort: null };
}

/** The request of the form, or why it cannot be sent yet. */
export function securityRequest(form: SecurityForm): { ok: true; request: CallRequest<'commissioning.security'> } | { ok: false; message: string } {
  if (!Number.isInteger(form.expiryDays) || form.expiryDays < 0 || form.expiryDays > 3650) return { ok: false, message: 'Expiry warning must be a whole number of days from 0 to 3650' };
  if (!Number.isInteger(form.maxMasters) || form.maxMasters < 1 || form.maxMasters > 16) return { ok: false, message: 'Masters at once must be a whole number from 1 to 16' };
  const ports: Record<string, number> = {};
  for (const [key, label] of [['plainPort', 'Plain port'], ['tlsPort', 'TLS port']] as const) {
    const n = form[key];
    // an emptied number field reads as '' or null: the standard port
    if (n === null || (n as unknown) === '') continue;
    if (!Number.isInteger(n) || n < 1 || n > 65535) return { ok: false, message: `${label} must be a whole number from 1 to 65535, or empty for the standard one` };
    ports[key] = n;
  }
  const settings = { expiryDays: form.expiryDays, maxMasters: form.maxMasters, ...ports };
  if (form.mode === 'station') return form.station ? { ok: true, request: { station: form.station, ...settings } } : { ok: false, message: 'Choose a station' };
  const url = form.url.trim();
  return url ? { ok: true, request: { url, ...settings } } : { ok: false, message: 'Type a target URL, e.g. iec104+tls://rtu:19998?ca=1&ca-file=ca.pem&cert=me.pem&key=me.key' };
}
