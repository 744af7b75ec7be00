/**
 * Human-readable text of the security posture report, and its exit code (0 without a
 * finding of high severity, 4 with one, 3 when the station could not be reached).
 */
import type { SecurityReport } from '../../../src-shared/ipc/schemas/security';
import { EXIT } from './exit-codes';

/** Exit code of a posture report. */
export function securityExitCode(report: SecurityReport): number {
  if (!report.reached) return EXIT.CONNECTION;
  return report.counts.high > 0 ? EXIT.PROTOCOL : EXIT.OK;
}

const OUTCOME = { passed: 'ok   ', finding: 'FOUND', 'not-run': 'n/a  ' } as const;
/** Severity by word and mark, so it reads without colour. */
const MARK = { high: '!!! HIGH  ', medium: '!!  MEDIUM', low: '!   LOW   ', info: 'i   INFO  ' } as const;

/** The report as lines: the summary, every check, then every finding with why and the fix. */
export function securityLines(r: SecurityReport): string[] {
  const lines = [r.summary, ''];
  for (const c of r.checks) lines.push(`  ${OUTCOME[c.outcome]} ${c.name.padEnd(28)} ${c.detail}`);
  if (r.findings.length > 0) lines.push('', 'findings:');
  for (const f of r.findings) {
    lines.push(`${MARK[f.severity]} ${f.code}: ${f.message}`, `           why: ${f.explanation}`, ...f.fix.map((x) => `           fix: ${x}`));
  }
  return lines;
}
