/**
 * The device's certificate as a TLS handshake shows it: the chain, the key type and size,
 * whether it names the host, its expiry, whether it is self-signed and whether our CA
 * file trusts it.
 */
import { X509Certificate } from 'node:crypto';
import { checkServerIdentity, type DetailedPeerCertificate, type TLSSocket } from 'node:tls';
import { found, merge, passed, type PostureResult, type PostureTarget } from './posture';

const DAY_MS = 86_400_000;
/** Smallest RSA modulus and EC curve size accepted (NIST SP 800-131A; IEC 62351-3 asks for at least 2048-bit RSA). */
const MIN_RSA_BITS = 2048;
const MIN_EC_BITS = 256;

const RENEW = (t: PostureTarget): string[] => [
  'Issue the device a new certificate from the utility\'s CA and install it on the device',
  `Note its expiry in the maintenance plan; this check warns ${t.expiryDays} days ahead`,
];

/** Subjects of the chain as the handshake delivered it, leaf first. */
function chainOf(peer: DetailedPeerCertificate): string[] {
  const subjects: string[] = [];
  const seen = new Set<string>();
  for (let c: DetailedPeerCertificate | undefined = peer; c && !seen.has(c.fingerprint256); c = c.issuerCertificate) {
    seen.add(c.fingerprint256);
    subjects.push(c.subject?.CN ? `CN=${String(c.subject.CN)}` : c.fingerprint256);
  }
  return subjects;
}

function keyPart(t: PostureTarget, x509: X509Certificate): PostureResult {
  const key = x509.publicKey;
  const details = key.asymmetricKeyDetails ?? {};
  const type = key.asymmetricKeyType ?? 'unknown';
  const bits = details.modulusLength ?? (details.namedCurve ? curveBits(details.namedCurve) : null);
  const text = `${type}${details.modulusLength ? ` ${details.modulusLength} bits` : ''}${details.namedCurve ? ` ${details.namedCurve}` : ''}`;
  const weak = bits !== null && ((type.startsWith('rsa') && bits < MIN_RSA_BITS) || (type === 'ec' && bits < MIN_EC_BITS));
  if (!weak) return passed('certificate key', text);
  return found('certificate key', text, {
    code: 'WEAK_KEY',
    severity: 'high',
    message: `the device's certificate key is ${text}`,
    explanation: `Keys below ${MIN_RSA_BITS}-bit RSA or ${MIN_EC_BITS}-bit EC can be broken with today's means; whoever does can impersonate the device.`,
    fix: [`Generate a new key on the device (RSA ${MIN_RSA_BITS} bits or more, or EC P-256) and have the CA certify it`, ...RENEW(t).slice(1)],
  });
}

function curveBits(curve: string): number | null {
  const m = /(\d{3})/.exec(curve);
  return m ? Number(m[1]) : null;
}

function expiryPart(t: PostureTarget, x509: X509Certificate, nowMs: number): PostureResult {
  const to = Date.parse(x509.validTo);
  const from = Date.parse(x509.validFrom);
  const days = Math.floor((to - nowMs) / DAY_MS);
  const dates = `valid ${new Date(from).toISOString()} to ${new Date(to).toISOString()}`;
  const finding = (code: string, severity: 'high' | 'medium', message: string, explanation: string): PostureResult =>
    found('certificate validity', dates, { code, severity, message, explanation, fix: RENEW(t) });
  if (to <= nowMs) return finding('CERT_EXPIRED', 'high', `the device's certificate expired on ${new Date(to).toISOString()}`, 'Masters that verify certificates refuse the device: the link is down, or someone turned verification off to keep it up.');
  if (from > nowMs) return finding('CERT_NOT_YET_VALID', 'high', `the device's certificate is valid only from ${new Date(from).toISOString()}`, 'Masters that verify certificates refuse the device until then; often a clock is wrong.');
  if (days < t.expiryDays) return finding('CERT_EXPIRING', 'medium', `the device's certificate expires in ${days} days (${new Date(to).toISOString()})`, 'When it expires, masters that verify certificates lose the station.');
  return passed('certificate validity', `${dates} (${days} days left)`);
}

function selfSignedPart(x509: X509Certificate): PostureResult {
  if (!(x509.checkIssued(x509) && x509.verify(x509.publicKey))) return passed('self-signed', `issued by ${x509.issuer.replace(/\n/g, ', ')}`);
  return found('self-signed', 'the certificate signs itself', {
    code: 'CERT_SELF_SIGNED',
    severity: 'medium',
    message: `the device's certificate is self-signed (${x509.subject.replace(/\n/g, ', ')})`,
    explanation: 'No CA vouches for it: every master must pin this very certificate, it cannot be revoked, and a replaced device goes unnoticed only if someone pins the new one by hand.',
    fix: ['Issue the device a certificate signed by the utility\'s SCADA CA', 'Trust that CA, not the single certificate, in the masters'],
  });
}

function namePart(t: PostureTarget, peer: DetailedPeerCertificate): PostureResult {
  const name = t.tls?.servername ?? t.host;
  const error = checkServerIdentity(name, peer);
  const names = peer.subjectaltname ?? (peer.subject?.CN ? `CN=${String(peer.subject.CN)}` : 'no names');
  if (!error) return passed('certificate name', `names ${name} (${names})`);
  return found('certificate name', `does not name ${name} (${names})`, {
    code: 'CERT_NAME_MISMATCH',
    severity: 'medium',
    message: `the device's certificate does not name ${name}: it names ${names}`,
    explanation: 'A master that checks the name refuses the device; one that does not cannot tell this device from any other holding a certificate of the same CA.',
    fix: [`Issue the certificate with ${name} in its subjectAltName (${/^[\d.:]+$/.test(name) ? 'IP' : 'DNS'}:${name})`, 'Or configure the station with the name the certificate carries'],
  });
}

function trustPart(socket: TLSSocket): PostureResult {
  const name = 'trusted by our CA file';
  const error = socket.authorizationError as unknown as (Error & { code?: string }) | string | null;
  const code = typeof error === 'string' ? error : (error?.code ?? null);
  // Node also marks a name mismatch as unauthorized; the name part judges the name.
  if (socket.authorized || code === 'ERR_TLS_CERT_ALTNAME_INVALID') return passed(name, "the chain verifies against the station's CA file");
  const reason = code ?? 'not verified';
  return found(name, reason, {
    code: 'CERT_UNTRUSTED',
    severity: 'high',
    message: `the device's certificate does not verify against the station's CA file (${reason})`,
    explanation: 'A master that verifies refuses the device; one that accepts it anyway cannot tell the device from an impostor.',
    fix: ['Install a certificate on the device that the SCADA CA signed, with its intermediate CAs', 'Or configure the station with the CA file of the CA that signed it'],
  });
}

/** The certificate part of the check, from a completed handshake (with our CA file). */
export function checkCertificate(t: PostureTarget, socket: TLSSocket, nowMs: number = Date.now()): PostureResult {
  // Read the detailed certificate first: on Node 20 a getPeerX509Certificate() call before
  // it leaves getPeerCertificate() empty.
  const peer = socket.getPeerCertificate(true);
  if (Object.keys(peer).length === 0 || !peer.raw) return { checks: [{ name: 'certificate', outcome: 'not-run', detail: 'the device sent no certificate' }], findings: [] };
  const x509 = new X509Certificate(peer.raw);
  const chain = passed('certificate chain', chainOf(peer).join(' <- '));
  return merge([chain, keyPart(t, x509), expiryPart(t, x509, nowMs), selfSignedPart(x509), namePart(t, peer), trustPart(socket)]);
}
