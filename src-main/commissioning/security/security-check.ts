/**
 * The security posture check of one station: its ports, its TLS (versions, suites,
 * certificate, clients without a certificate) and the protocol's own exposure (DNP3: other
 * master addresses, Secure Authentication; IEC 104: simultaneous masters). Read-only: it
 * sends nothing that changes the device (DNP3 class 0 reads, IEC 104 STARTDT and TESTFR).
 */
import { SEVERITIES, countsText, severityCounts, type SecurityReport } from '../../../src-shared/ipc/schemas/security';
import { loadTlsMaterial } from '../../transport/tls-files';
import type { Target } from '../target/target';
import { checkMasterAddress } from './dnp3-master-address';
import { checkSecureAuth } from './dnp3-secure-auth';
import { checkMasterLimit } from './iec104-master-limit';
import { checkPorts } from './port-exposure';
import { closeGracefully, openTcp } from './probe-socket';
import { hostPort, merge, type PostureResult, type PostureTarget } from './posture';
import { checkTls } from './tls-posture';

/** Settings of a posture check. */
export interface SecurityCheckSettings {
  /** Connect and answer timeout per probe (default 5000 ms). */
  timeoutMs?: number;
  /** A certificate expiring within this many days is a finding (default 30). */
  expiryDays?: number;
  /** IEC 104: masters the station should accept at once (default 1). */
  maxMasters?: number;
  /** The protocol's plain port to look at (default 20000 DNP3 / 2404 IEC 104). */
  plainPort?: number;
  /** The protocol's TLS port to look at (default 19999 DNP3, IANA dnp-sec / 19998 IEC 104). */
  tlsPort?: number;
}

/** A posture check that could not start: a UDP or serial station, or TLS files that cannot be read. */
export interface SecurityCheckError {
  code: 'NOT_CHECKABLE' | 'TLS_FILES';
  message: string;
}

/** The protocols' standard plain and TLS ports. */
const STANDARD_SECURITY_PORTS = { dnp3: { plain: 20000, tls: 19999 }, iec104: { plain: 2404, tls: 19998 } } as const;

async function postureTarget(target: Target, s: SecurityCheckSettings): Promise<PostureTarget | SecurityCheckError> {
  if (target.transport === 'udp') return { code: 'NOT_CHECKABLE', message: 'the posture check covers TCP and TLS stations; DNP3 over UDP has no connection to examine' };
  const ports = STANDARD_SECURITY_PORTS[target.protocol];
  const base = {
    protocol: target.protocol,
    host: target.host,
    port: target.port,
    masterAddress: target.masterAddress,
    outstationAddress: target.outstationAddress,
    commonAddress: target.commonAddress,
    timeoutMs: s.timeoutMs ?? 5000,
    expiryDays: s.expiryDays ?? 30,
    maxMasters: s.maxMasters ?? 1,
    plainPort: s.plainPort ?? ports.plain,
    tlsPort: s.tlsPort ?? ports.tls,
  };
  if (!target.tls) return base;
  const material = await loadTlsMaterial(target.tls);
  if (!material.ok) return { code: 'TLS_FILES', message: material.error.message };
  return { ...base, tls: { ...material.value, ...(target.tls.servername ? { servername: target.tls.servername } : {}) } };
}

async function protocolParts(t: PostureTarget): Promise<PostureResult> {
  if (t.protocol === 'dnp3') return merge([await checkMasterAddress(t), await checkSecureAuth(t)]);
  return checkMasterLimit(t);
}

async function run(t: PostureTarget): Promise<{ reached: boolean; result: PostureResult }> {
  const first = await openTcp(t.host, t.port, t.timeoutMs);
  if (!first.ok) return { reached: false, result: { checks: [{ name: 'connection', outcome: 'not-run', detail: `${hostPort(t.host, t.port)}: ${first.code} (${first.message})` }], findings: [] } };
  await closeGracefully(first.socket);
  const ports = await checkPorts(t);
  if (!t.tls) return { reached: true, result: merge([ports, await protocolParts(t)]) };
  const tls = await checkTls(t);
  if (!tls.reached) return { reached: false, result: merge([ports, tls]) };
  return { reached: true, result: merge([ports, tls, await protocolParts(t)]) };
}

/** Runs the check of `target`; network outcomes are the report, never thrown. */
export async function runSecurityCheck(target: Target, settings: SecurityCheckSettings = {}): Promise<{ ok: true; value: SecurityReport } | { ok: false; error: SecurityCheckError }> {
  const startedAt = new Date().toISOString();
  const start = performance.now();
  const t = await postureTarget(target, settings);
  if ('code' in t) return { ok: false, error: t };
  const { reached, result } = await run(t);
  const findings = [...result.findings].sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
  const counts = severityCounts(findings);
  const where = `${t.protocol} ${hostPort(t.host, t.port)}${t.tls ? '+tls' : ''}`;
  const reason = result.checks.at(-1)?.detail ?? '';
  return {
    ok: true,
    value: {
      kind: 'security',
      version: 1,
      target: { protocol: t.protocol, host: t.host, port: t.port, tls: t.tls !== undefined },
      startedAt,
      durationMs: Math.round(performance.now() - start),
      reached,
      checks: result.checks,
      findings,
      counts,
      summary: reached ? `${where}: ${countsText(counts)}` : `${where}: not reached: ${reason}`,
    },
  };
}
