/**
 * A checkout as a report: CSV and a self-contained HTML page (inline style, no external
 * resources), both carrying the station, the device attributes (DNP3 g0) where reported,
 * the users, the dates and a SHA-256 digest. The digest is of the CSV body (every CSV
 * line before the digest line), so anyone can verify either file's content: the HTML
 * page carries that very CSV as a download link (a data: URL), so it verifies on its own.
 */
import { createHash } from 'node:crypto';
import type { Checkout, CheckoutExport } from '../../../src-shared/ipc/schemas/commissioning';
import type { SecurityFinding } from '../../../src-shared/ipc/schemas/security';
import { csvField, toCsv } from '../../engine/points/csv';

/** The station's latest security posture check, as the report carries it. */
export interface CheckoutSecurity {
  /** ISO 8601 UTC. */
  at: string;
  by: string;
  summary: string;
  findings: SecurityFinding[];
}

const COLUMNS = ['#', 'address', 'name', 'kind', 'expected', 'tolerance', 'observed', 'quality', 'device time', 'result', 'detail', 'by', 'at'];

function rowsOf(c: Checkout): unknown[][] {
  return c.items.map((item, i) => [
    i + 1,
    item.address,
    item.name,
    item.kind === 'command' && item.action ? `command ${item.action.action} -> ${item.feedback ?? item.address}` : item.kind,
    item.expected,
    item.tolerance,
    item.observed?.value ?? '',
    item.observed?.quality.join(' ') ?? '',
    item.observed?.time ?? '',
    item.result.toUpperCase(),
    item.detail,
    item.by ?? '',
    item.at ?? '',
  ]);
}

function metaOf(c: Checkout, exportedBy: string, exportedAt: string): Array<[string, string]> {
  return [
    ['station', `${c.station.name} (${c.station.id})`],
    ['protocol', c.station.protocol],
    ['endpoint', c.station.endpoint],
    ...Object.entries(c.device).map(([k, v]): [string, string] => [`device ${k}`, String(v)]),
    ['created by', c.createdBy],
    ['created at', c.createdAt],
    ['updated at', c.updatedAt],
    ['exported by', exportedBy],
    ['exported at', exportedAt],
  ];
}

/** The security section as label/value pairs: the check that was run, then one pair per finding. */
function securityOf(security: CheckoutSecurity | null): Array<[string, string]> {
  if (!security) return [['security check', 'not run for this station']];
  return [
    ['security check', `${security.summary} (${security.at} by ${security.by})`],
    ...security.findings.map((f): [string, string] => [`security ${f.severity}`, `${f.code}: ${f.message}. Fix: ${f.fix.join('; ')}`]),
  ];
}

function csvBody(c: Checkout, exportedBy: string, exportedAt: string, security: CheckoutSecurity | null): string {
  const pairs = (list: Array<[string, string]>): string => list.map(([k, v]) => `${csvField(k)},${csvField(v)}`).join('\r\n');
  return `${pairs(metaOf(c, exportedBy, exportedAt))}\r\n\r\n${pairs(securityOf(security))}\r\n\r\n${toCsv(COLUMNS, rowsOf(c))}`;
}

/** SHA-256 (hex) of a text's UTF-8 bytes. */
export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

const STYLE = `body{font:14px system-ui,sans-serif;color:#222;background:#f4f4f4;margin:24px}
h1{font-size:20px}table{border-collapse:collapse;background:#fff;margin:12px 0}
th,td{border:1px solid #bbb;padding:4px 8px;text-align:left;vertical-align:top}th{background:#e4e4e4}
.fail{background:#fde2e2;font-weight:bold}.pass{background:#fff}.pending{color:#666}
code{font-size:12px;word-break:break-all}`;

function securityHtml(security: CheckoutSecurity | null): string {
  if (!security) return '<h2>Security posture</h2>\n<p>No security posture check was run for this station.</p>';
  const rows = security.findings
    .map((f) => `<tr class="${f.severity === 'high' ? 'fail' : 'pass'}"><td>${f.severity.toUpperCase()}</td><td>${escapeHtml(f.code)}</td><td>${escapeHtml(f.message)}</td><td>${escapeHtml(f.fix.join('; '))}</td></tr>`)
    .join('\n');
  const table = rows ? `<table><thead><tr><th>severity</th><th>finding</th><th>what was found</th><th>fix</th></tr></thead><tbody>\n${rows}\n</tbody></table>` : '';
  return `<h2>Security posture</h2>\n<p>${escapeHtml(security.summary)} (checked ${escapeHtml(security.at)} by ${escapeHtml(security.by)})</p>\n${table}`;
}

function html(c: Checkout, exportedBy: string, exportedAt: string, digest: string, csv: { fileName: string; text: string }, security: CheckoutSecurity | null): string {
  const counts = { pass: 0, fail: 0, pending: 0 };
  for (const item of c.items) counts[item.result]++;
  const meta = metaOf(c, exportedBy, exportedAt)
    .map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`)
    .join('\n');
  const head = COLUMNS.map((col) => `<th>${escapeHtml(col)}</th>`).join('');
  const rows = rowsOf(c)
    .map((row, i) => `<tr class="${c.items[i]!.result}">${row.map((cell) => `<td>${escapeHtml(String(cell))}</td>`).join('')}</tr>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Checkout ${escapeHtml(c.station.name)} ${escapeHtml(c.createdAt)}</title>
<style>${STYLE}</style></head>
<body>
<h1>Point-by-point checkout: ${escapeHtml(c.station.name)}</h1>
<table>${meta}</table>
${securityHtml(security)}
<h2>Points</h2>
<p>${counts.pass} passed, ${counts.fail} failed, ${counts.pending} not checked, of ${c.items.length} items.</p>
<table><thead><tr>${head}</tr></thead><tbody>
${rows}
</tbody></table>
<p>SHA-256 of the report content (the CSV export's body): <code id="sha256">${digest}</code></p>
<p><a id="content" download="${escapeHtml(csv.fileName)}" href="data:text/csv;base64,${Buffer.from(csv.text, 'utf8').toString('base64')}">The digested content as CSV</a>:
its last line repeats the digest, which is the SHA-256 of every byte before that line.</p>
</body></html>
`;
}

/** Exports a checkout as CSV or HTML, exported by `user` at `now`, with the station's latest security posture check. */
export function exportCheckout(c: Checkout, format: 'html' | 'csv', user: string, now: Date, security: CheckoutSecurity | null): CheckoutExport {
  const exportedAt = now.toISOString();
  const body = csvBody(c, user, exportedAt, security);
  const digest = sha256(body);
  const base = `checkout-${c.station.id}-${c.createdAt.slice(0, 10)}`;
  const csv = { fileName: `${base}.csv`, text: `${body}${csvField('sha256')},${digest}\r\n` };
  if (format === 'csv') return { ...csv, mimeType: 'text/csv', sha256: digest };
  return { fileName: `${base}.html`, mimeType: 'text/html', text: html(c, user, exportedAt, digest, csv, security), sha256: digest };
}
