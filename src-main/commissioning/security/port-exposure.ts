/**
 * Which of the protocol's plain and TLS ports answer. Beside TLS, a plain port that still
 * answers the protocol undoes the TLS (anyone reaching it talks to the device without a
 * certificate); a plain station whose TLS port answers could use TLS and does not.
 */
import type { SecurityFinding } from '../../../src-shared/ipc/schemas/security';
import { exchangeOf } from '../probes/link-probe';
import { closeGracefully, handshake, openTcp, roundTrip, type RoundTripOutcome } from './probe-socket';
import { found, hostPort, linkProtocol, notRun, passed, type PostureResult, type PostureTarget } from './posture';

const NAME = { dnp3: 'DNP3', iec104: 'IEC 104' } as const;

/** Connects to `port` over TCP and tries the protocol's round trip: null when nothing accepts the connection. */
async function plainAnswer(t: PostureTarget, port: number): Promise<RoundTripOutcome | null> {
  const opened = await openTcp(t.host, port, t.timeoutMs);
  if (!opened.ok) return null;
  const outcome = await roundTrip(opened.socket, exchangeOf(linkProtocol(t))(), t.timeoutMs);
  await closeGracefully(opened.socket);
  return outcome;
}

function plainBesideTls(t: PostureTarget, answered: boolean): SecurityFinding {
  const at = hostPort(t.host, t.plainPort);
  const tlsAt = hostPort(t.host, t.port);
  return answered
    ? {
        code: 'PLAIN_PORT_OPEN',
        severity: 'high',
        message: `plain ${NAME[t.protocol]} answers on ${at} while ${tlsAt} serves TLS`,
        explanation: `Anyone who reaches ${at} talks ${NAME[t.protocol]} to the device without a certificate and unencrypted, so the TLS port protects nothing.`,
        fix: [`Disable the plain ${NAME[t.protocol]} service (port ${t.plainPort}) on the device`, `Until then, block TCP ${t.plainPort} to the device on the firewall in front of it`],
      }
    : {
        code: 'PLAIN_PORT_LISTENING',
        severity: 'medium',
        message: `${at} accepts TCP connections beside TLS on ${tlsAt} (it did not answer plain ${NAME[t.protocol]})`,
        explanation: 'A listening port beside the TLS port is attack surface: whatever serves it is reachable without a certificate.',
        fix: [`Find what listens on port ${t.plainPort} and disable it`, `Block TCP ${t.plainPort} to the device on the firewall in front of it`],
      };
}

async function tlsStation(t: PostureTarget): Promise<PostureResult> {
  const name = `plain port ${t.plainPort}`;
  if (t.plainPort === t.port) return notRun(name, `the plain port is the TLS port ${t.port}`);
  const outcome = await plainAnswer(t, t.plainPort);
  if (outcome === null) return passed(name, 'closed: no TCP connection accepted');
  const answered = outcome === 'answered';
  return found(name, answered ? `open: answers plain ${NAME[t.protocol]}` : 'open: accepts TCP connections', plainBesideTls(t, answered));
}

/** True when `port` completes a TLS handshake or answers with a TLS alert. */
async function servesTls(t: PostureTarget, port: number): Promise<boolean> {
  const result = await handshake({ host: t.host, port, timeoutMs: t.timeoutMs });
  if (!result.ok) return result.tlsAlert;
  await closeGracefully(result.socket);
  return true;
}

async function plainStation(t: PostureTarget): Promise<PostureResult> {
  const name = `plain port ${t.port}`;
  const outcome = await plainAnswer(t, t.port);
  if (outcome !== 'answered') return notRun(name, `the station did not answer plain ${NAME[t.protocol]} on ${hostPort(t.host, t.port)} (${outcome ?? 'no connection'})`);
  const tlsAvailable = t.tlsPort !== t.port && (await servesTls(t, t.tlsPort));
  const at = hostPort(t.host, t.port);
  if (tlsAvailable) {
    return found(name, `answers plain ${NAME[t.protocol]}; TLS port ${t.tlsPort} serves TLS`, {
      code: 'PLAIN_WHILE_TLS_AVAILABLE',
      severity: 'high',
      message: `the station is used over plain ${NAME[t.protocol]} on ${at} while ${hostPort(t.host, t.tlsPort)} serves TLS`,
      explanation: 'Commands and measurements cross the network unencrypted and unauthenticated although the device could protect them with TLS.',
      fix: [`Configure the station for TLS on port ${t.tlsPort} with mutual certificates`, `Then disable the plain service on port ${t.port}, or block it on the firewall`],
    });
  }
  return found(name, `answers plain ${NAME[t.protocol]}; no TLS on port ${t.tlsPort}`, {
    code: 'NO_TLS',
    severity: 'medium',
    message: `the station speaks plain ${NAME[t.protocol]} on ${at} and serves no TLS on port ${t.tlsPort}`,
    explanation: 'Without TLS anyone on the path can read and alter commands and measurements, and any host that reaches the port can act as a master.',
    fix: [
      t.protocol === 'iec104' ? 'Enable IEC 62351-3 TLS on the device (port 19998) with mutual certificates' : 'Enable DNP3 over TLS (IEC 62351-3) or Secure Authentication on the device',
      'Where the device cannot, carry the link in an encrypted tunnel (IPsec, a VPN) and allow only the masters on the firewall',
    ],
  });
}

/** Looks at the plain and TLS ports of the protocol. */
export function checkPorts(t: PostureTarget): Promise<PostureResult> {
  return t.tls ? tlsStation(t) : plainStation(t);
}
