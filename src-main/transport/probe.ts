/**
 * One-shot connection probes for commissioning checks: a TCP connect (optionally followed
 * by a TLS handshake, each stage classified separately, the peer's certificate reported
 * even when it fails verification) and a UDP port probe. Nothing is sent over TCP.
 */
import { createSocket } from 'node:dgram';
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type PeerCertificate, type TLSSocket } from 'node:tls';
import type { SocketAddress } from './connection';
import type { TlsSettings } from './endpoint';
import { loadTlsMaterial } from './tls-files';
import { summariseCertificate, tlsDetails, type CertificateSummary, type TlsDetails } from './tls-details';
import { TlsClientWatch } from './tls-rejection';
import { classifyError, transportError, type TransportError } from './transport-error';

/** Outcome of the TCP stage. */
export interface TcpProbe {
  ok: boolean;
  durationMs: number;
  error?: TransportError;
  local?: SocketAddress;
  /**
   * The peer closed or reset the connection within the settle window right after
   * accepting it (after the TLS handshake when TLS is used). Absent when not connected.
   */
  closedAfterAccept?: boolean;
}

/** How we know our client certificate was accepted. */
export type ClientCertEvidence =
  /** TLS 1.2: the server verifies it before its Finished message. */
  | 'handshake'
  /** TLS 1.3: the server sent a session ticket after our Finished (sent only after verifying). */
  | 'session-ticket'
  /** TLS 1.3: no alert arrived within the settle window. */
  | 'no-alert';

/** Outcome of the TLS stage. */
export interface TlsProbe {
  ok: boolean;
  durationMs: number;
  error?: TransportError;
  details?: TlsDetails;
  /** The peer certificate as received, also when verification failed. */
  peerCertificate: CertificateSummary | null;
  clientCertificateAccepted: boolean | null;
  clientCertificateEvidence?: ClientCertEvidence;
}

/** TLS settings of a probe: the same as a TLS endpoint's. */
export type TlsProbeOptions = TlsSettings;

/** Timing of a probe. */
export interface ProbeTiming {
  connectTimeoutMs: number;
  /** How long to watch a fresh connection for an immediate close or TLS alert; default 300 ms. */
  settleMs?: number;
}

const since = (start: number): number => Math.round((performance.now() - start) * 10) / 10;

function socketAddress(socket: Socket): SocketAddress {
  const family = socket.localFamily === 'IPv6' ? 'IPv6' : 'IPv4';
  return { address: socket.localAddress ?? '', port: socket.localPort ?? 0, family };
}

/** Connects, resolving with the socket or the classified error (timeout included). */
function connectTcp(address: string, port: number, timeoutMs: number): Promise<{ socket?: Socket; error?: TransportError }> {
  return new Promise((resolve) => {
    const socket = netConnect({ host: address, port });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ error: transportError('TIMEOUT', `no answer within ${timeoutMs} ms`) });
    }, timeoutMs);
    socket.once('error', (err) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ error: classifyError(err) });
    });
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve({ socket });
    });
  });
}

/** Watches `socket` for `ms` (reading and dropping what it sends); resolves with the error that closed it, or null if it stayed open. */
function settle(socket: Socket, ms: number, onData?: () => void): Promise<TransportError | null> {
  return new Promise((resolve) => {
    let error: TransportError | null = null;
    const done = (result: TransportError | null): void => {
      clearTimeout(timer);
      socket.removeAllListeners('close');
      resolve(result);
    };
    const timer = setTimeout(() => done(null), ms);
    socket.on('error', (err) => {
      error ??= classifyError(err);
    });
    socket.once('close', () => done(error ?? transportError('CLOSED', 'right after accepting the connection')));
    if (onData) socket.on('data', onData);
    socket.resume();
  });
}

/** Connects to `address:port` over TCP and watches for an immediate close. */
export async function probeTcp(address: string, port: number, timing: ProbeTiming): Promise<TcpProbe> {
  const start = performance.now();
  const { socket, error } = await connectTcp(address, port, timing.connectTimeoutMs);
  if (!socket) return { ok: false, durationMs: since(start), ...(error ? { error } : {}) };
  const durationMs = since(start);
  const local = socketAddress(socket);
  const closed = await settle(socket, timing.settleMs ?? 300);
  socket.destroy();
  return { ok: true, durationMs, local, closedAfterAccept: closed !== null };
}

/** The outcome of a handshake: the socket, the watch that names how it ends, the peer certificate. */
interface Handshake {
  tls: TLSSocket;
  watch: TlsClientWatch;
  error?: TransportError;
  cert: PeerCertificate | null;
}

/** TLS handshake over a connected socket; captures the peer certificate even on failure. */
function handshake(socket: Socket, address: string, options: TlsProbeOptions, material: { ca: Buffer; cert: Buffer; key: Buffer }, timeoutMs: number) {
  return new Promise<Handshake>((resolve) => {
    const tls = tlsConnect({
      socket,
      ...material,
      host: address,
      ...(options.servername ? { servername: options.servername } : {}),
      minVersion: options.minVersion ?? 'TLSv1.2',
      maxVersion: options.maxVersion ?? 'TLSv1.3',
      rejectUnauthorized: true,
    });
    const watch = new TlsClientWatch(tls);
    let cert: PeerCertificate | null = null;
    // Node emits the internal 'secure' event when the handshake completes and verifies the
    // peer in its own listener; ours runs first, to read the certificate before a failed
    // verification destroys the socket. Verification itself stays on.
    tls.prependListener('secure', () => {
      const peer = tls.getPeerCertificate();
      cert = peer && Object.keys(peer).length > 0 ? peer : null;
    });
    const timer = setTimeout(() => {
      tls.destroy();
      resolve({ tls, watch, cert, error: transportError('TLS_HANDSHAKE', `no TLS answer within ${timeoutMs} ms; does this port speak TLS?`) });
    }, timeoutMs);
    tls.once('error', (err) => {
      clearTimeout(timer);
      tls.destroy();
      resolve({ tls, watch, cert, error: watch.name(classifyError(err)) });
    });
    tls.once('secureConnect', () => {
      clearTimeout(timer);
      tls.removeAllListeners('error');
      resolve({ tls, watch, cert });
    });
  });
}

/**
 * The TLS stage after a completed handshake, from how the settle window ended: still open,
 * closed with a TLS alert or a rejection the watch names (our certificate refused), or
 * closed after the peer showed it accepted us (a connection limit, not the certificate).
 */
function afterHandshake(base: TlsProbe, ended: TransportError | null, watch: TlsClientWatch): TlsProbe {
  const tls13 = base.details?.protocol === 'TLSv1.3';
  if (ended?.code.startsWith('TLS_')) {
    return { ...base, ok: false, error: ended, clientCertificateAccepted: ended.code === 'TLS_CLIENT_CERT_REJECTED' ? false : null };
  }
  const evidence: ClientCertEvidence = !tls13 ? 'handshake' : watch.accepted ? 'session-ticket' : 'no-alert';
  return { ...base, clientCertificateEvidence: evidence };
}

/**
 * TCP connect, then a TLS handshake with our certificate, each stage reported. After a
 * successful handshake the connection is watched for the settle window: a TLS 1.3 server
 * rejects a client certificate only after our side has finished, with an alert or by
 * closing before it sends a session ticket.
 */
export async function probeTls(address: string, port: number, options: TlsProbeOptions, timing: ProbeTiming): Promise<{ tcp: TcpProbe; tls?: TlsProbe }> {
  const material = await loadTlsMaterial(options);
  const tcpStart = performance.now();
  if (!material.ok) return { tcp: { ok: false, durationMs: 0, error: material.error } };
  const { socket, error } = await connectTcp(address, port, timing.connectTimeoutMs);
  const tcpDuration = since(tcpStart);
  if (!socket) return { tcp: { ok: false, durationMs: tcpDuration, ...(error ? { error } : {}) } };
  const local = socketAddress(socket);
  const start = performance.now();
  const shaken = await handshake(socket, address, options, material.value, timing.connectTimeoutMs);
  const durationMs = since(start);
  const peerCertificate = shaken.cert ? summariseCertificate(shaken.cert) : null;
  if (shaken.error) {
    const rejected = shaken.error.code === 'TLS_CLIENT_CERT_REJECTED' ? false : null;
    // Closed before the server answered our hello: the connection itself was refused (a
    // limit of masters, an allow-list, a port without TLS), as a plain TCP close at once.
    const closedAfterAccept = (shaken.error.code === 'RESET' || shaken.error.code === 'CLOSED') && !shaken.watch.answered;
    return {
      tcp: { ok: true, durationMs: tcpDuration, local, ...(closedAfterAccept ? { closedAfterAccept } : {}) },
      tls: { ok: false, durationMs, error: shaken.error, peerCertificate, clientCertificateAccepted: rejected },
    };
  }
  const details = tlsDetails(shaken.tls);
  const closed = await settle(shaken.tls, timing.settleMs ?? 300, () => shaken.watch.received());
  shaken.tls.destroy();
  const ended = closed && shaken.watch.name(closed);
  const tls = afterHandshake({ ok: true, durationMs, details, peerCertificate, clientCertificateAccepted: true }, ended, shaken.watch);
  const closedAfterAccept = ended !== null && !ended.code.startsWith('TLS_');
  return { tcp: { ok: true, durationMs: tcpDuration, local, closedAfterAccept }, tls };
}

/** State of a UDP port as a probe can tell it. */
export type UdpPortState = 'open' | 'closed' | 'open|filtered' | 'unreachable';

/**
 * Sends one empty datagram and waits `waitMs`: an ICMP port unreachable means `closed`, a
 * reply `open`, silence `open|filtered` (UDP cannot tell more without the protocol), an
 * ICMP host/network unreachable `unreachable`.
 */
export function probeUdp(address: string, port: number, waitMs: number): Promise<{ state: UdpPortState; durationMs: number; error?: TransportError }> {
  const start = performance.now();
  const socket = createSocket(address.includes(':') ? 'udp6' : 'udp4');
  return new Promise((resolve) => {
    const done = (state: UdpPortState, error?: TransportError): void => {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      socket.close();
      resolve({ state, durationMs: since(start), ...(error ? { error } : {}) });
    };
    const timer = setTimeout(() => done('open|filtered'), waitMs);
    socket.on('error', (err) => {
      const error = classifyError(err);
      const unreachable = error.code === 'HOST_UNREACHABLE' || error.code === 'NETWORK_UNREACHABLE';
      done(error.code === 'REFUSED' ? 'closed' : unreachable ? 'unreachable' : 'open|filtered', error);
    });
    socket.on('message', () => done('open'));
    socket.connect(port, address, () => socket.send(new Uint8Array(0)));
  });
}
