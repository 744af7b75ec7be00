/**
 * What every part of the posture check shares: the target as the check sees it, and the
 * outcome of one part (the lines of what it checked and the findings it made).
 */
import type { SecurityCheckLine, SecurityFinding } from '../../../src-shared/ipc/schemas/security';
import type { Protocol } from '../../../src-shared/session';
import { handshake, openTcp, type TcpOpen } from './probe-socket';

/** The station as the posture check reaches it. */
export interface PostureTarget {
  protocol: Protocol;
  host: string;
  /** The configured port (TLS when `tls` is set). */
  port: number;
  /** Our TLS material when the station is configured for TLS. */
  tls?: { ca: Buffer; cert: Buffer; key: Buffer; servername?: string };
  masterAddress: number;
  outstationAddress: number;
  commonAddress: number;
  /** Connect and answer timeout per probe. */
  timeoutMs: number;
  /** A certificate expiring within this many days is a finding. */
  expiryDays: number;
  /** IEC 104: masters the station should accept at once. */
  maxMasters: number;
  /** The protocol's plain port to look at (default 20000 / 2404). */
  plainPort: number;
  /** The protocol's TLS port to look at (default 19999 DNP3 / 19998 IEC 104). */
  tlsPort: number;
}

/** What one part of the check found. */
export interface PostureResult {
  checks: SecurityCheckLine[];
  findings: SecurityFinding[];
}

/** A part that found nothing wrong. */
export function passed(name: string, detail: string): PostureResult {
  return { checks: [{ name, outcome: 'passed', detail }], findings: [] };
}

/** A part that could not run, and why. */
export function notRun(name: string, detail: string): PostureResult {
  return { checks: [{ name, outcome: 'not-run', detail }], findings: [] };
}

/** A part that made findings. */
export function found(name: string, detail: string, ...findings: SecurityFinding[]): PostureResult {
  return { checks: [{ name, outcome: 'finding', detail }], findings };
}

/** Several parts as one. */
export function merge(results: readonly PostureResult[]): PostureResult {
  return { checks: results.flatMap((r) => r.checks), findings: results.flatMap((r) => r.findings) };
}

/** `host:port`, IPv6 in brackets. */
export function hostPort(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** The protocol's link-level round trip for `roundTrip` (DNP3 link status with the configured addresses, IEC 104 TESTFR). */
export function linkProtocol(t: PostureTarget): { kind: 'dnp3'; master: number; outstation: number } | { kind: 'iec104' } {
  return t.protocol === 'dnp3' ? { kind: 'dnp3', master: t.masterAddress, outstation: t.outstationAddress } : { kind: 'iec104' };
}

/**
 * A connection to the station as its masters reach it: TLS with our certificate (the
 * device's certificate is not verified here: the certificate part judges it) or TCP.
 */
export async function openStation(t: PostureTarget): Promise<TcpOpen> {
  if (!t.tls) return openTcp(t.host, t.port, t.timeoutMs);
  const r = await handshake({ host: t.host, port: t.port, ...(t.tls.servername ? { servername: t.tls.servername } : {}), material: t.tls, timeoutMs: t.timeoutMs });
  return r.ok ? { ok: true, socket: r.socket } : r;
}
