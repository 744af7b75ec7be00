/**
 * Human-readable text of the connectivity report and the port sweep, and the exit code of
 * a report (0 answered at the protocol level, 3 connection failure, 4 protocol or TLS).
 */
import type { ConnectivityReport, Diagnosis, PortSweepReport } from '../../commissioning/connectivity';
import { EXIT } from './exit-codes';

/** Exit code of a connectivity report. */
export function checkExitCode(report: ConnectivityReport): number {
  const f = report.failure;
  if (f === null) return EXIT.OK;
  if ((f.stage === 'dns' || f.stage === 'tcp' || f.stage === 'serial') && f.code !== 'CLOSED_AFTER_ACCEPT') return EXIT.CONNECTION;
  return EXIT.PROTOCOL;
}

function advice(d: Diagnosis, indent: string): string[] {
  return [
    ...d.likelyCauses.map((c) => `${indent}likely: ${c}`),
    ...d.checks.map((c) => `${indent}check:  ${c}`),
  ];
}

const ms = (n: number | null | undefined): string => (n === null || n === undefined ? '-' : `${n} ms`);

/** The serial port stage and the line's counters. */
function serialLines(s: NonNullable<ConnectivityReport['serial']>): string[] {
  if (s.diagnosis) return [`port      FAILED ${s.diagnosis.code}: ${s.diagnosis.message}`, ...advice(s.diagnosis, '          ')];
  const lines = [`port      opened ${s.path} ${s.format} (${ms(s.durationMs)})`];
  const l = s.line;
  if (l) lines.push(`line      ${l.framesTx} frames sent, ${l.framesRx} received, ${l.crcErrors} CRC errors, ${l.discardedOctets} octets outside frames, ${l.unroutedFrames} from other addresses`);
  return lines;
}

/** The DNS and connect stages. */
function networkLines(r: ConnectivityReport): string[] {
  const lines: string[] = [];
  if (!r.dns) return lines;
  if (r.dns.ok) lines.push(`DNS       ${r.dns.literal ? 'address literal' : 'resolved'}: ${r.dns.addresses.map((a) => a.address).join(', ')} (${ms(r.dns.durationMs)})`);
  else lines.push(`DNS       FAILED ${r.dns.diagnosis.code}: ${r.dns.diagnosis.message}`, ...advice(r.dns.diagnosis, '          '));
  if (r.connect && r.dns.ok) {
    const last = r.connect.attempts.at(-1);
    lines.push(`connect   ${r.connect.outcome} ${r.connect.address ?? ''}:${r.connect.port}${last ? ` (${ms(last.durationMs)})` : ''}${r.connect.note ? ` ${r.connect.note}` : ''}`);
    if (r.connect.diagnosis) lines.push(`          ${r.connect.diagnosis.message}`, ...advice(r.connect.diagnosis, '          '));
  }
  return lines;
}

/** The report as lines. */
export function checkLines(r: ConnectivityReport): string[] {
  const lines = [r.summary, ...networkLines(r), ...(r.serial ? serialLines(r.serial) : [])];
  if (r.tls) {
    const cert = r.tls.peerCertificate;
    lines.push(`TLS       ${r.tls.ok ? 'ok' : 'FAILED'} ${r.tls.protocol ?? ''} ${r.tls.cipher ?? ''}`.trimEnd());
    if (cert) lines.push(`          peer ${cert.subject}, issued by ${cert.issuer}, valid ${cert.validFrom} to ${cert.validTo} (${cert.daysToExpiry} days to expiry)`);
    if (r.tls.clientCertificateAccepted !== null) lines.push(`          our client certificate ${r.tls.clientCertificateAccepted ? 'accepted' : 'rejected'}`);
    if (r.tls.diagnosis) lines.push(`          ${r.tls.diagnosis.message}`, ...advice(r.tls.diagnosis, '          '));
  }
  const p = r.protocol;
  if (p.status === 'not-run') {
    lines.push(`protocol  not run: ${p.reason}`);
    return lines;
  }
  lines.push(`protocol  ${p.status}`);
  for (const s of p.steps) lines.push(`  ${s.ok ? 'ok  ' : 'FAIL'} ${s.name.padEnd(30)} ${ms(s.durationMs).padStart(10)}  ${s.detail ?? ''}`.trimEnd());
  if (p.latency) lines.push(`  latency over ${p.latency.probes} probes: min ${p.latency.minMs} ms, avg ${p.latency.avgMs} ms, max ${p.latency.maxMs} ms`);
  if (p.objectCounts) lines.push(`  objects by type: ${Object.entries(p.objectCounts).map(([t, n]) => `${t} ${n}`).join(', ')}`);
  if (p.device) lines.push(`  device: ${Object.entries(p.device).map(([k, v]) => `${k}=${String(v)}`).join(', ')}`);
  for (const d of p.problems) lines.push(`  problem ${d.code}: ${d.message}`, ...advice(d, '    '));
  return lines;
}

/** The sweep as lines. */
export function sweepLines(r: PortSweepReport): string[] {
  const lines = [r.summary];
  if (r.dnsFailure) return [...lines, `DNS FAILED ${r.dnsFailure.code}: ${r.dnsFailure.message}`];
  for (const p of r.ports) {
    const note = p.closedAfterAccept ? ' (closed right after accept)' : p.diagnosis ? ` (${p.diagnosis.message})` : '';
    lines.push(`${String(p.port).padStart(5)}/${p.transport}  ${p.service.padEnd(10)} ${p.state.padEnd(13)} ${ms(p.durationMs)}${note}`);
  }
  return lines;
}
