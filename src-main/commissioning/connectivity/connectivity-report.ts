/**
 * The connectivity check's report: JSON-able, one section per stage (DNS, TCP, TLS,
 * protocol), each failure with its likely causes and what to check.
 */
import type { Protocol } from '../../../src-shared/session';
import type { CertificateSummary, ClientCertEvidence, Endpoint, SerialLineSettings, SerialLineStats, SocketAddress } from '../../transport';

/** TLS settings of a target (file paths). */
export interface TargetTls {
  caFile: string;
  certFile: string;
  keyFile: string;
  servername?: string;
  minVersion?: 'TLSv1.2' | 'TLSv1.3';
  maxVersion?: 'TLSv1.2' | 'TLSv1.3';
}

/** What to check. */
export interface ConnectivityTarget {
  protocol: Protocol;
  host: string;
  port: number;
  transport: 'tcp' | 'udp' | 'serial';
  tls?: TargetTls;
  /** DNP3 over a serial line: its settings (`host` is the port path, `port` 0). */
  serial?: SerialLineSettings;
  /** Protocol addresses, for the protocol section (DNP3 master/outstation, IEC 104 common address). */
  addresses?: { master?: number; outstation?: number; commonAddress?: number };
  /** TCP connect (and TLS handshake) timeout; default 5000 ms. */
  connectTimeoutMs?: number;
}

/** A failure explained: the classified error, likely causes, and what to check. */
export interface Diagnosis {
  code: string;
  message: string;
  /** The underlying Node/OpenSSL code, when any. */
  cause?: string;
  likelyCauses: string[];
  checks: string[];
}

/** The DNS stage. */
export type DnsSection =
  | { ok: true; literal: boolean; addresses: Array<{ address: string; family: 'IPv4' | 'IPv6' }>; durationMs: number }
  | { ok: false; durationMs: number; diagnosis: Diagnosis };

/** TCP connect outcome, as engineers name it. */
export type ConnectOutcome =
  | 'connected'
  | 'closed-after-accept'
  | 'refused'
  | 'timed-out'
  | 'host-unreachable'
  | 'network-unreachable'
  | 'dns-failure'
  | 'reset'
  | 'error'
  /** UDP: there is no connection; reachability shows only at the protocol level. */
  | 'not-applicable';

/** One TCP connect attempt (one per resolved address until one connects). */
export interface ConnectAttempt {
  address: string;
  outcome: ConnectOutcome;
  durationMs: number;
  local?: SocketAddress;
  diagnosis?: Diagnosis;
}

/** The TCP stage. */
export interface ConnectSection {
  outcome: ConnectOutcome;
  /** The address that connected, or the last one tried. */
  address: string | null;
  port: number;
  attempts: ConnectAttempt[];
  /** Present when the outcome is a failure or a warning (closed after accept). */
  diagnosis?: Diagnosis;
  note?: string;
}

/** The TLS stage. */
export interface TlsSection {
  ok: boolean;
  durationMs: number;
  /** `TLSv1.2` / `TLSv1.3` when negotiated. */
  protocol: string | null;
  cipher: string | null;
  /** As received, also when it failed verification. */
  peerCertificate: CertificateSummary | null;
  /** True accepted, false rejected, null unknown. */
  clientCertificateAccepted: boolean | null;
  clientCertificateEvidence?: ClientCertEvidence;
  diagnosis?: Diagnosis;
}

/** One step of a protocol-level probe (e.g. `REQUEST_LINK_STATUS`, `STARTDT`, `GI`). */
export interface ProtocolStep {
  name: string;
  ok: boolean;
  durationMs: number | null;
  detail?: string;
}

/** What a protocol stack's probe reports (filled by the DNP3 / IEC 104 probes). */
export interface ProtocolProbeResult {
  status: 'passed' | 'failed';
  protocol: Protocol;
  steps: ProtocolStep[];
  /** Protocol-level round trips over N probes. */
  latency?: { probes: number; minMs: number; avgMs: number; maxMs: number };
  /** Objects seen by type (`g30v1`, `M_ME_NC_1`...). */
  objectCounts?: Record<string, number>;
  /** Device identification where reported (DNP3 g0 attributes). */
  device?: Record<string, string | number | boolean>;
  problems: Diagnosis[];
}

/** The protocol section: not run yet, or a protocol probe's result. */
export type ProtocolSection = { status: 'not-run'; reason: string } | ProtocolProbeResult;

/** What a protocol probe gets: the target and an endpoint that reached it. */
export interface ProtocolProbeContext {
  target: ConnectivityTarget;
  endpoint: Endpoint;
}

/** A protocol-level probe supplied by a protocol stack. */
export type ProtocolProber = (context: ProtocolProbeContext) => Promise<ProtocolProbeResult>;

/** The serial stage: opening the port, and the line's counters after the probe. */
export interface SerialSection {
  ok: boolean;
  path: string;
  /** `9600 8N1`. */
  format: string;
  durationMs: number;
  /** Octets, frames, CRC errors and noise on the line during the probe; null when it did not run. */
  line: SerialLineStats | null;
  diagnosis?: Diagnosis;
}

/** Stage that decided the verdict. */
export type FailureStage = 'dns' | 'tcp' | 'tls' | 'serial' | 'protocol';

/** The whole report. */
export interface ConnectivityReport {
  kind: 'connectivity';
  version: 1;
  target: {
    protocol: Protocol;
    host: string;
    port: number;
    transport: 'tcp' | 'udp' | 'serial';
    tls: boolean;
    addresses?: ConnectivityTarget['addresses'];
  };
  /** ISO 8601 UTC. */
  startedAt: string;
  durationMs: number;
  /** Null for a serial target (no host name to resolve). */
  dns: DnsSection | null;
  connect: ConnectSection | null;
  /** Serial targets: the port stage. */
  serial?: SerialSection;
  tls: TlsSection | null;
  protocol: ProtocolSection;
  /** The first stage that failed, or null when every stage that ran passed. */
  failure: { stage: FailureStage; code: string; message: string } | null;
  /** One line for people. */
  summary: string;
}
