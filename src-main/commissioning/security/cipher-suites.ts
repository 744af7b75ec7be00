/**
 * The TLS 1.2-and-older cipher suites a device accepts, and which of them are weak. The
 * suites are found one handshake at a time: we offer every suite this host's OpenSSL has,
 * the device picks one, and the next handshake offers all but those already picked, until
 * the device refuses. (TLS 1.3 suites are all AEAD with forward secrecy: nothing to find.)
 */
import { getCiphers, type SecureVersion } from 'node:tls';
import type { SecurityFinding, Severity } from '../../../src-shared/ipc/schemas/security';
import { closeGracefully, handshake } from './probe-socket';
import { found, notRun, passed, type PostureResult, type PostureTarget } from './posture';

/** A handshake per accepted suite: a bound for a device that accepts very many. */
const MAX_SUITES = 64;

/** One accepted suite. */
interface AcceptedSuite {
  /** OpenSSL name, e.g. `AES128-SHA`. */
  name: string;
  /** IANA name, e.g. `TLS_RSA_WITH_AES_128_CBC_SHA`. */
  standardName: string;
}

/** A class of weak suites: how to recognise it (OpenSSL name) and what the finding says. */
interface Weakness {
  code: string;
  severity: Severity;
  test: (name: string) => boolean;
  what: string;
  explanation: string;
}

const AEAD = /GCM|CCM|CHACHA20|POLY1305/;

const WEAKNESSES: readonly Weakness[] = [
  { code: 'TLS_NULL_CIPHER', severity: 'high', test: (n) => /NULL/.test(n), what: 'suites without encryption', explanation: 'A NULL suite sends everything in clear text: TLS then only pretends to protect the link.' },
  { code: 'TLS_ANONYMOUS_SUITE', severity: 'high', test: (n) => /^(ADH|AECDH)-/.test(n), what: 'anonymous suites (no server authentication)', explanation: 'Without authentication anyone in the path can stand in for the device (man in the middle).' },
  { code: 'TLS_RC4_SUITE', severity: 'high', test: (n) => /RC4/.test(n), what: 'RC4 suites', explanation: 'RC4 is broken (RFC 7465 prohibits it): recorded traffic can be decrypted.' },
  { code: 'TLS_3DES_SUITE', severity: 'high', test: (n) => /DES/.test(n), what: 'DES / 3DES suites', explanation: '3DES has a 64-bit block: long-lived SCADA connections are open to the Sweet32 attack; single DES is broken outright.' },
  {
    code: 'TLS_RSA_KEY_EXCHANGE',
    severity: 'medium',
    test: (n) => /^(AES|CAMELLIA|ARIA|SEED|IDEA|DES|RC4|NULL)/.test(n),
    what: 'suites with RSA key exchange (no forward secrecy)',
    explanation: 'Whoever obtains the device\'s private key later can decrypt every recorded session; RSA key exchange is also the target of Bleichenbacher-style attacks.',
  },
  { code: 'TLS_CBC_SHA1_SUITE', severity: 'medium', test: (n) => !AEAD.test(n) && /-SHA$/.test(n), what: 'CBC suites with SHA-1 MAC', explanation: 'CBC with HMAC-SHA1 is the legacy construction behind padding-oracle attacks (Lucky 13); current guidance allows only AEAD suites.' },
  { code: 'TLS_CBC_SUITE', severity: 'low', test: (n) => !AEAD.test(n) && /-SHA(256|384)$/.test(n), what: 'CBC suites with SHA-2 MAC', explanation: 'CBC suites remain open to padding-oracle style attacks where AEAD (GCM, ChaCha20-Poly1305) suites are not.' },
];

/** Weak classes this host's OpenSSL cannot offer, so a device accepting them would go unseen. */
function untestableWeaknesses(): string[] {
  const offered = getCiphers().map((c) => c.toUpperCase());
  const missing: string[] = [];
  if (!offered.some((c) => c.includes('RC4'))) missing.push('RC4');
  if (!offered.some((c) => c.includes('DES'))) missing.push('3DES');
  return missing;
}

/** Offers every suite but `excluded` at `version`; the suite the device picked, or null once it refuses. */
async function pick(t: PostureTarget, version: SecureVersion, excluded: readonly string[]): Promise<AcceptedSuite | null> {
  const ciphers = ['ALL:COMPLEMENTOFALL', ...excluded.map((n) => `!${n}`), '@SECLEVEL=0'].join(':');
  const r = await handshake({ host: t.host, port: t.port, ...(t.tls?.servername ? { servername: t.tls.servername } : {}), ...(t.tls ? { material: t.tls } : {}), minVersion: version, maxVersion: version, ciphers, timeoutMs: t.timeoutMs });
  if (!r.ok) return null;
  await closeGracefully(r.socket);
  return { name: r.cipher, standardName: r.standardName };
}

/** Every suite the device accepts at `version` (TLS 1.2 or older). */
async function acceptedSuites(t: PostureTarget, version: SecureVersion): Promise<AcceptedSuite[]> {
  const suites: AcceptedSuite[] = [];
  while (suites.length < MAX_SUITES) {
    const suite = await pick(t, version, suites.map((s) => s.name));
    if (!suite || suites.some((s) => s.name === suite.name)) break;
    suites.push(suite);
  }
  return suites;
}

function weaknessFinding(w: Weakness, suites: readonly AcceptedSuite[], version: string): SecurityFinding {
  return {
    code: w.code,
    severity: w.severity,
    message: `the device accepts ${w.what} over ${version}: ${suites.map((s) => s.standardName).join(', ')}`,
    explanation: w.explanation,
    fix: ['Allow only ECDHE suites with AES-GCM or ChaCha20-Poly1305 in the device\'s TLS settings (IEC 62351-3 recommended suites), or TLS 1.3', 'Update the device firmware if its TLS stack cannot'],
  };
}

/** The cipher-suite part of the check, at the highest TLS version up to 1.2 the device accepts (null: it accepts only TLS 1.3). */
export async function checkSuites(t: PostureTarget, version: SecureVersion | null): Promise<PostureResult> {
  const name = 'cipher suites';
  const untestable = untestableWeaknesses();
  const caveat = untestable.length ? `; ${untestable.join(' and ')} suites not tested (this host's OpenSSL cannot offer them)` : '';
  if (version === null) return passed(name, 'TLS 1.3 only: every TLS 1.3 suite is AEAD with forward secrecy');
  const suites = await acceptedSuites(t, version);
  if (suites.length === 0) return notRun(name, `no suite was accepted over ${version}${caveat}`);
  const findings = WEAKNESSES.map((w) => ({ w, hits: suites.filter((s) => w.test(s.name)) }))
    .filter((x) => x.hits.length > 0)
    .map((x) => weaknessFinding(x.w, x.hits, version));
  const detail = `${suites.length} accepted over ${version}: ${suites.map((s) => s.standardName).join(', ')}${caveat}`;
  return findings.length ? found(name, detail, ...findings) : passed(name, detail);
}
