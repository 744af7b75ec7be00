/**
 * The TLS part of the posture check: which of TLS 1.0, 1.1, 1.2 and 1.3 the device
 * accepts (one handshake per version, each pinned to that version), its certificate, its
 * cipher suites, and whether it serves a client that has no certificate (IEC 62351-3
 * requires mutual authentication).
 */
import type { SecureVersion } from 'node:tls';
import { exchangeOf } from '../probes/link-probe';
import { checkCertificate } from './certificate-posture';
import { checkSuites } from './cipher-suites';
import { closeGracefully, handshake, roundTrip, type HandshakeOffer } from './probe-socket';
import { found, hostPort, linkProtocol, merge, notRun, passed, type PostureResult, type PostureTarget } from './posture';

/** The versions probed, oldest first. */
const TLS_VERSIONS: readonly SecureVersion[] = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];

/** Alerts that mean the device refused what we offered (the version, or every suite at it). */
const REFUSAL = /PROTOCOL_VERSION|HANDSHAKE_FAILURE|INSUFFICIENT_SECURITY|ILLEGAL_PARAMETER/;

function offer(t: PostureTarget, extra: Partial<HandshakeOffer> = {}): HandshakeOffer {
  return { host: t.host, port: t.port, ...(t.tls?.servername ? { servername: t.tls.servername } : {}), ...(t.tls ? { material: t.tls } : {}), timeoutMs: t.timeoutMs, ...extra };
}

/**
 * True when the device accepts `version`: the handshake completed, or the device refused
 * only our certificate (an alert other than a refusal of the version, after its hello).
 */
async function accepts(t: PostureTarget, version: SecureVersion): Promise<{ accepted: boolean; error?: string }> {
  const r = await handshake(offer(t, { minVersion: version, maxVersion: version }));
  if (r.ok) {
    await closeGracefully(r.socket);
    return { accepted: true };
  }
  return { accepted: r.tlsAlert && !REFUSAL.test(r.code), error: r.code };
}

function versionsPart(accepted: readonly SecureVersion[]): PostureResult {
  const name = 'TLS versions';
  const detail = `accepted: ${accepted.join(', ')}; refused: ${TLS_VERSIONS.filter((v) => !accepted.includes(v)).join(', ') || 'none'}`;
  const old = accepted.filter((v) => v === 'TLSv1' || v === 'TLSv1.1');
  const results: PostureResult[] = [];
  if (old.length > 0) {
    results.push(
      found(name, detail, {
        code: 'TLS_VERSION_OLD',
        severity: 'high',
        message: `the device accepts ${old.join(' and ')}`,
        explanation: 'TLS 1.0 and 1.1 are deprecated (RFC 8996) and not allowed by IEC 62351-3: an attacker in the path can force the weakest version both sides accept.',
        fix: ['Set the device\'s minimum TLS version to 1.2 (1.3 where supported)', 'Update the firmware if the device offers no such setting'],
      }),
    );
  } else {
    results.push(passed(name, detail));
  }
  if (!accepted.includes('TLSv1.3')) {
    results.push(
      found('TLS 1.3', 'not accepted', {
        code: 'TLS13_NOT_SUPPORTED',
        severity: 'info',
        message: 'the device does not accept TLS 1.3',
        explanation: 'TLS 1.2 with the right suites is still acceptable; TLS 1.3 removes the weak options altogether and is what IEC 62351-3 moves to.',
        fix: ['Enable TLS 1.3 when the device\'s firmware supports it'],
      }),
    );
  }
  return merge(results);
}

/** Whether the device serves a TLS client without a certificate: it answers the protocol over such a connection. */
async function clientWithoutCertificate(t: PostureTarget, lowest: SecureVersion, highest: SecureVersion): Promise<PostureResult> {
  const name = 'client without certificate';
  const { material: _ours, ...bare } = offer(t, { minVersion: lowest, maxVersion: highest });
  const r = await handshake(t.tls ? { ...bare, material: { ca: t.tls.ca } } : bare);
  if (!r.ok) return passed(name, `refused in the handshake (${r.code})`);
  const outcome = await roundTrip(r.socket, exchangeOf(linkProtocol(t))(), t.timeoutMs);
  await closeGracefully(r.socket);
  if (outcome === 'closed') return passed(name, `closed after the handshake (${r.protocol})`);
  if (outcome === 'silent') return notRun(name, `${r.protocol} handshake completed without a certificate, but the protocol did not answer: cannot tell`);
  return found(name, `served over ${r.protocol} without a certificate`, {
    code: 'CLIENT_CERT_NOT_REQUIRED',
    severity: 'high',
    message: `the device completed ${r.protocol} with a client that sent no certificate and answered it at the protocol level`,
    explanation: 'IEC 62351-3 requires mutual authentication: without it any host that reaches the port can act as a master, and TLS only hides the traffic.',
    fix: ['Require and verify client certificates on the device (mutual TLS)', 'Trust only the CA that issues the masters\' certificates'],
  });
}

/** The TLS part of the check; `reached` is false when no TLS handshake completed at all. */
export async function checkTls(t: PostureTarget): Promise<PostureResult & { reached: boolean }> {
  const accepted: SecureVersion[] = [];
  let lastError = '';
  for (const version of TLS_VERSIONS) {
    const r = await accepts(t, version);
    if (r.accepted) accepted.push(version);
    else lastError = r.error ?? lastError;
  }
  if (accepted.length === 0) return { ...notRun('TLS', `no TLS handshake on ${hostPort(t.host, t.port)} (${lastError})`), reached: false };
  const highest = accepted.at(-1)!;
  const parts: PostureResult[] = [versionsPart(accepted)];
  const full = await handshake(offer(t, { minVersion: highest, maxVersion: highest }));
  if (full.ok) {
    parts.push(checkCertificate(t, full.socket));
    await closeGracefully(full.socket);
  } else {
    parts.push(notRun('certificate', `the ${highest} handshake with our certificate failed (${full.code})`));
  }
  parts.push(await checkSuites(t, [...accepted].reverse().find((v) => v !== 'TLSv1.3') ?? null));
  parts.push(await clientWithoutCertificate(t, accepted[0]!, highest));
  return { ...merge(parts), reached: true };
}
