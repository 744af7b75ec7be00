/**
 * What a TLS handshake settled: version, cipher suite and the peer certificate, as plain
 * JSON-able data for reports.
 */
import type { PeerCertificate, TLSSocket } from 'node:tls';

/** The parts of an X.509 certificate an engineer checks. */
export interface CertificateSummary {
  /** Distinguished name, e.g. `CN=rtu-7, O=Utility`. */
  subject: string;
  issuer: string;
  /** ISO 8601 UTC. */
  validFrom: string;
  validTo: string;
  /** Whole days from now to `validTo` (negative once expired). */
  daysToExpiry: number;
  serialNumber: string;
  /** SHA-256 fingerprint, colon-separated hex. */
  fingerprint256: string;
  /** e.g. `DNS:rtu-7.example, IP Address:10.0.0.7`. */
  subjectAltName?: string;
}

/** The negotiated TLS session. */
export interface TlsDetails {
  /** `TLSv1.2` or `TLSv1.3`. */
  protocol: string | null;
  /** IANA/RFC name of the cipher suite. */
  cipher: string;
  peerCertificate: CertificateSummary | null;
}

/** `CN=a, O=b` from Node's parsed name object. */
function distinguishedName(name: Record<string, string | string[] | undefined> | undefined): string {
  if (!name) return '';
  return Object.entries(name)
    .filter((entry): entry is [string, string | string[]] => entry[1] !== undefined)
    .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join('+') : value}`)
    .join(', ');
}

const DAY_MS = 86_400_000;

/** Summarises a certificate; `nowMs` is wall-clock ms since the epoch. */
export function summariseCertificate(cert: PeerCertificate, nowMs: number = Date.now()): CertificateSummary {
  const validTo = new Date(cert.valid_to);
  const summary: CertificateSummary = {
    subject: distinguishedName(cert.subject as unknown as Record<string, string>),
    issuer: distinguishedName(cert.issuer as unknown as Record<string, string>),
    validFrom: new Date(cert.valid_from).toISOString(),
    validTo: validTo.toISOString(),
    daysToExpiry: Math.floor((validTo.getTime() - nowMs) / DAY_MS),
    serialNumber: cert.serialNumber,
    fingerprint256: cert.fingerprint256,
  };
  if (cert.subjectaltname) summary.subjectAltName = cert.subjectaltname;
  return summary;
}

/** Details of an established TLS socket. */
export function tlsDetails(socket: TLSSocket): TlsDetails {
  const cert = socket.getPeerCertificate();
  const cipher = socket.getCipher();
  return {
    protocol: socket.getProtocol(),
    cipher: cipher.standardName ?? cipher.name,
    peerCertificate: cert && Object.keys(cert).length > 0 ? summariseCertificate(cert) : null,
  };
}
