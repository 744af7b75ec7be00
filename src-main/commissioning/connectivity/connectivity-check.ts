/**
 * The connectivity check of one target: DNS, TCP connect (or a UDP port probe), TLS, then
 * the protocol-level probe a protocol stack supplies. Every stage is timed and every
 * failure classified and explained.
 */
import {
  probeTcp,
  probeTls,
  probeUdp,
  resolveHost,
  transportError,
  type Endpoint,
  type TcpProbe,
  type TlsProbe,
  type TransportError,
  type TransportErrorCode,
} from '../../transport';
import type {
  ConnectAttempt,
  ConnectOutcome,
  ConnectSection,
  ConnectivityReport,
  ConnectivityTarget,
  DnsSection,
  ProtocolProber,
  ProtocolSection,
  TlsSection,
} from './connectivity-report';
import { diagnose, type DiagnosisContext } from './diagnosis';
import { checkSerial } from './serial-check';

/** Options of a check. */
export interface ConnectivityCheckOptions {
  /** The protocol-level probe; without one the protocol section says it was not run. */
  protocolProber?: ProtocolProber;
  /** How long a fresh connection is watched for an immediate close; default 300 ms. */
  settleMs?: number;
  /** UDP targets: how long to wait for an ICMP error; default 1000 ms. */
  udpWaitMs?: number;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 5000;

const OUTCOME: Partial<Record<TransportErrorCode, ConnectOutcome>> = {
  REFUSED: 'refused',
  TIMEOUT: 'timed-out',
  HOST_UNREACHABLE: 'host-unreachable',
  NETWORK_UNREACHABLE: 'network-unreachable',
  DNS: 'dns-failure',
  RESET: 'reset',
  CLOSED: 'reset',
};

const since = (start: number): number => Math.round(performance.now() - start);

/** The endpoint that reached the target, for the protocol probe. */
function endpointOf(target: ConnectivityTarget, address: string, timeoutMs: number): Endpoint {
  if (target.transport === 'udp') return { kind: 'udp', host: address, port: target.port };
  if (!target.tls) return { kind: 'tcp', host: address, port: target.port, connectTimeoutMs: timeoutMs };
  const servername = target.tls.servername ?? (address === target.host ? undefined : target.host);
  return { kind: 'tls', host: address, port: target.port, ...target.tls, ...(servername ? { servername } : {}), connectTimeoutMs: timeoutMs };
}

function tlsSection(probe: TlsProbe, context: DiagnosisContext): TlsSection {
  const section: TlsSection = {
    ok: probe.ok,
    durationMs: probe.durationMs,
    protocol: probe.details?.protocol ?? null,
    cipher: probe.details?.cipher ?? null,
    peerCertificate: probe.peerCertificate,
    clientCertificateAccepted: probe.clientCertificateAccepted,
  };
  if (probe.clientCertificateEvidence) section.clientCertificateEvidence = probe.clientCertificateEvidence;
  if (probe.error) section.diagnosis = diagnose(probe.error, { ...context, peerCertificate: probe.peerCertificate });
  return section;
}

/** TCP (and TLS) attempts over the resolved addresses until one connects. */
async function connectStage(
  target: ConnectivityTarget,
  addresses: string[],
  options: ConnectivityCheckOptions,
): Promise<{ connect: ConnectSection; tls: TlsSection | null }> {
  const timing = { connectTimeoutMs: target.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS, settleMs: options.settleMs ?? 300 };
  const attempts: ConnectAttempt[] = [];
  let tls: TlsSection | null = null;
  for (const address of addresses) {
    const context: DiagnosisContext = { protocol: target.protocol, host: target.host, address, port: target.port };
    let tcp: TcpProbe;
    let tlsProbe: TlsProbe | undefined;
    if (target.tls) {
      const servername = target.tls.servername ?? (address === target.host ? undefined : target.host);
      ({ tcp, tls: tlsProbe } = await probeTls(address, target.port, { ...target.tls, ...(servername ? { servername } : {}) }, timing));
    } else {
      tcp = await probeTcp(address, target.port, timing);
    }
    const local = tcp.local ? { ...context, localAddress: tcp.local.address } : context;
    const attempt: ConnectAttempt = { address, outcome: 'connected', durationMs: tcp.durationMs };
    if (tcp.local) attempt.local = tcp.local;
    if (!tcp.ok) {
      const error = tcp.error ?? transportError('OTHER');
      attempt.outcome = OUTCOME[error.code] ?? 'error';
      attempt.diagnosis = diagnose(error, local);
    } else if (tcp.closedAfterAccept) {
      attempt.outcome = 'closed-after-accept';
      attempt.diagnosis = diagnose(transportError('CLOSED', 'right after accepting the connection'), local);
    }
    attempts.push(attempt);
    if (tlsProbe) tls = tlsSection(tlsProbe, local);
    if (tcp.ok) break;
  }
  const last = attempts[attempts.length - 1]!;
  const connect: ConnectSection = { outcome: last.outcome, address: last.address, port: target.port, attempts };
  if (last.diagnosis) connect.diagnosis = last.diagnosis;
  return { connect, tls };
}

/** UDP has no connection: an ICMP port/host unreachable is the only thing to learn. */
async function udpStage(target: ConnectivityTarget, address: string, waitMs: number): Promise<ConnectSection> {
  const probe = await probeUdp(address, target.port, waitMs);
  const attempt: ConnectAttempt = { address, outcome: 'not-applicable', durationMs: probe.durationMs };
  const section: ConnectSection = { outcome: 'not-applicable', address, port: target.port, attempts: [attempt] };
  if (probe.error && (probe.state === 'closed' || probe.state === 'unreachable')) {
    attempt.outcome = section.outcome = OUTCOME[probe.error.code] ?? 'error';
    attempt.diagnosis = section.diagnosis = diagnose(probe.error, { protocol: target.protocol, host: target.host, address, port: target.port, transport: 'udp' });
  } else {
    section.note = 'UDP is connectionless: no ICMP error came back; reachability shows only at the protocol level';
  }
  return section;
}

function failureOf(dns: DnsSection, connect: ConnectSection | null, tls: TlsSection | null, protocol: ProtocolSection): ConnectivityReport['failure'] {
  if (dns && !dns.ok) return { stage: 'dns', code: dns.diagnosis.code, message: dns.diagnosis.message };
  if (connect?.diagnosis) {
    const code = connect.outcome === 'closed-after-accept' ? 'CLOSED_AFTER_ACCEPT' : connect.diagnosis.code;
    if (connect.outcome !== 'connected') return { stage: 'tcp', code, message: connect.diagnosis.message };
  }
  if (tls && !tls.ok && tls.diagnosis) return { stage: 'tls', code: tls.diagnosis.code, message: tls.diagnosis.message };
  if (protocol.status === 'failed') {
    const problem = protocol.problems[0];
    return { stage: 'protocol', code: problem?.code ?? 'PROTOCOL_FAILED', message: problem?.message ?? 'protocol-level probe failed' };
  }
  return null;
}

/** The failed stage as engineers say it: the connection stage of a UDP target is `udp`, not `tcp`. */
export function failedStageName(report: Pick<ConnectivityReport, 'failure' | 'target'>): string | null {
  if (!report.failure) return null;
  return report.failure.stage === 'tcp' && report.target.transport === 'udp' ? 'udp' : report.failure.stage;
}

function summaryOf(report: Omit<ConnectivityReport, 'summary'>): string {
  if (report.serial) {
    const where = `${report.target.protocol} serial ${report.serial.path} ${report.serial.format}`;
    if (report.failure) return `${where}: ${report.failure.stage} failed: ${report.failure.code} (${report.failure.message})`;
    return `${where}: port opened in ${report.serial.durationMs} ms, ${report.protocol.status === 'not-run' ? 'protocol not checked' : `protocol ${report.protocol.status}`}`;
  }
  const where = `${report.target.protocol} ${report.target.host}:${report.target.port}/${report.target.transport}${report.target.tls ? '+tls' : ''}`;
  if (report.failure) return `${where}: ${failedStageName(report)} failed: ${report.failure.code} (${report.failure.message})`;
  const parts = [report.connect?.outcome === 'not-applicable' ? 'no ICMP error (UDP)' : `connected in ${Math.round(report.connect?.attempts.at(-1)?.durationMs ?? 0)} ms`];
  if (report.tls) parts.push(`${report.tls.protocol} ${report.tls.cipher}`);
  parts.push(report.protocol.status === 'not-run' ? 'protocol not checked' : `protocol ${report.protocol.status}`);
  return `${where}: ${parts.join(', ')}`;
}

/** Runs the check; never throws for network outcomes (they are the report). */
export async function checkConnectivity(target: ConnectivityTarget, options: ConnectivityCheckOptions = {}): Promise<ConnectivityReport> {
  const startedAt = new Date().toISOString();
  const start = performance.now();
  if (target.serial) {
    const partial = { kind: 'connectivity' as const, version: 1 as const, startedAt, ...(await checkSerial(target, target.serial, options.protocolProber)) };
    const done = { ...partial, durationMs: since(start) };
    return { ...done, summary: summaryOf(done) };
  }
  const resolution = await resolveHost(target.host);
  const context: DiagnosisContext = { protocol: target.protocol, host: target.host, address: null, port: target.port };
  const dns: DnsSection = resolution.ok
    ? { ok: true, literal: resolution.literal, addresses: resolution.addresses, durationMs: resolution.durationMs }
    : { ok: false, durationMs: resolution.durationMs, diagnosis: diagnose(resolution.error, context) };
  let connect: ConnectSection | null = null;
  let tls: TlsSection | null = null;
  if (!dns.ok) {
    connect = { outcome: 'dns-failure', address: null, port: target.port, attempts: [], diagnosis: dns.diagnosis };
  } else if (target.transport === 'udp') {
    connect = await udpStage(target, dns.addresses[0]!.address, options.udpWaitMs ?? 1000);
  } else {
    ({ connect, tls } = await connectStage(target, dns.addresses.map((a) => a.address), options));
  }
  const reached = connect.outcome === 'connected' || connect.outcome === 'not-applicable';
  const protocol = await protocolStage(target, reached && (tls?.ok ?? true) ? connect.address : null, options);
  const partial = {
    kind: 'connectivity' as const,
    version: 1 as const,
    target: {
      protocol: target.protocol,
      host: target.host,
      port: target.port,
      transport: target.transport,
      tls: target.tls !== undefined,
      ...(target.addresses ? { addresses: target.addresses } : {}),
    },
    startedAt,
    durationMs: since(start),
    dns,
    connect,
    tls,
    protocol,
    failure: failureOf(dns, connect, tls, protocol),
  };
  return { ...partial, summary: summaryOf(partial) };
}

async function protocolStage(target: ConnectivityTarget, address: string | null, options: ConnectivityCheckOptions): Promise<ProtocolSection> {
  if (address === null) return { status: 'not-run', reason: 'the connection stage failed' };
  if (!options.protocolProber) return { status: 'not-run', reason: `no ${target.protocol} protocol probe is available yet` };
  const endpoint = endpointOf(target, address, target.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS);
  try {
    return await options.protocolProber({ target, endpoint });
  } catch (err) {
    const error: TransportError = transportError('OTHER', err instanceof Error ? err.message : String(err));
    return { status: 'failed', protocol: target.protocol, steps: [], problems: [{ code: 'PROBE_FAILED', message: error.message, likelyCauses: [], checks: [] }] };
  }
}
