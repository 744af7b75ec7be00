/**
 * Opens client connections: TCP, TLS (mutual authentication, peer always verified) and
 * connected UDP. Failures come back classified, never thrown.
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { lookup } from 'node:dns/promises';
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { BufferedConnection, tuneSocket, wrapSocket } from './connection';
import { DEFAULT_TLS_CONNECT_TIMEOUT_MS, type SerialEndpoint, type TcpEndpoint, type TlsEndpoint, type UdpEndpoint } from './endpoint';
import { SlabReads } from './slab-reads';
import { attachSerialStation } from './serial-channel';
import { loadTlsMaterial } from './tls-files';
import { TlsClientWatch } from './tls-rejection';
import { classifyError, transportError, type TransportError, type TransportResult } from './transport-error';

/** Endpoints we connect out to. */
export type DialEndpoint = TcpEndpoint | TlsEndpoint | UdpEndpoint | SerialEndpoint;

type Outcome = TransportResult<BufferedConnection>;

const fail = (error: TransportError): Outcome => ({ ok: false, error });

/**
 * Connects a socket (TCP or TLS): resolves once `readyEvent` fires, or with the first
 * error, a timeout, or a cancel through `signal`.
 */
function settleSocket(
  socket: Socket,
  readyEvent: 'connect' | 'secureConnect',
  timeoutMs: number,
  signal: AbortSignal | undefined,
  onReady: () => BufferedConnection,
): Promise<Outcome> {
  return new Promise((resolve) => {
    const done = (outcome: Outcome): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.removeListener('error', onError);
      socket.removeListener(readyEvent, onConnected);
      if (!outcome.ok) socket.destroy();
      resolve(outcome);
    };
    const onError = (err: Error): void => done(fail(classifyError(err)));
    const onAbort = (): void => done(fail(transportError('CLOSED', 'cancelled')));
    const onConnected = (): void => {
      tuneSocket(socket);
      done({ ok: true, value: onReady() });
    };
    const onTimeout = (): void => {
      // A TCP connection that was accepted but gave no TLS answer is a handshake failure.
      const tlsStalled = readyEvent === 'secureConnect' && !socket.connecting;
      done(
        fail(
          tlsStalled
            ? transportError('TLS_HANDSHAKE', `no TLS answer within ${timeoutMs} ms after the TCP connect; does this port speak TLS?`)
            : transportError('TIMEOUT', `no answer within ${timeoutMs} ms`),
        ),
      );
    };
    const timer = setTimeout(onTimeout, timeoutMs);
    socket.once('error', onError);
    socket.once(readyEvent, onConnected);
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Opens a TCP connection, read through `onread` slabs (see SlabReads). */
export function dialTcp(endpoint: TcpEndpoint, signal?: AbortSignal): Promise<Outcome> {
  const reads = new SlabReads();
  const socket = netConnect({ host: endpoint.host, port: endpoint.port, onread: reads.onread });
  return settleSocket(socket, 'connect', endpoint.connectTimeoutMs, signal, () => wrapSocket(socket, 'local', { reads }));
}

/** Opens a TLS connection with our certificate; the peer's certificate and name are verified. */
export async function dialTls(endpoint: TlsEndpoint, signal?: AbortSignal): Promise<Outcome> {
  const material = await loadTlsMaterial(endpoint);
  if (!material.ok) return material;
  const socket: TLSSocket = tlsConnect({
    host: endpoint.host,
    port: endpoint.port,
    ...material.value,
    ...(endpoint.servername ? { servername: endpoint.servername } : {}),
    minVersion: endpoint.minVersion ?? 'TLSv1.2',
    maxVersion: endpoint.maxVersion ?? 'TLSv1.3',
    rejectUnauthorized: true,
  });
  const timeoutMs = endpoint.connectTimeoutMs ?? DEFAULT_TLS_CONNECT_TIMEOUT_MS;
  // Names a certificate rejection the peer did not announce, during and after the handshake.
  const watch = new TlsClientWatch(socket);
  const outcome = await settleSocket(socket, 'secureConnect', timeoutMs, signal, () => wrapSocket(socket, 'local', { tls: socket, watch }));
  return outcome.ok ? outcome : fail(watch.name(outcome.error));
}

/**
 * Wraps a connected UDP socket; a socket error ends the connection with its class.
 * Closing is idempotent: `end`, `destroy` and a socket error may each ask to close, but
 * dgram throws `ERR_SOCKET_DGRAM_NOT_RUNNING` on a second `close()`, so only the first
 * request reaches the socket.
 */
function wrapUdp(socket: UdpSocket): BufferedConnection {
  const local = socket.address();
  const remote = socket.remoteAddress();
  let closing = false;
  const close = (): void => {
    if (closing) return;
    closing = true;
    socket.close();
  };
  const conn = new BufferedConnection(
    {
      transport: 'udp',
      initiator: 'local',
      local: { address: local.address, port: local.port, family: local.family === 'IPv6' ? 'IPv6' : 'IPv4' },
      remote: { address: remote.address, port: remote.port, family: remote.family === 'IPv6' ? 'IPv6' : 'IPv4' },
    },
    {
      write: (bytes) => socket.send(bytes),
      end: close,
      destroy: close,
    },
  );
  let error: TransportError | null = null;
  socket.on('message', (msg: Buffer) => conn.push(new Uint8Array(msg.buffer, msg.byteOffset, msg.byteLength)));
  socket.on('error', (err) => {
    error ??= classifyError(err);
    close();
  });
  socket.on('close', () => conn.closed(error ?? transportError('CLOSED')));
  return conn;
}

/** Resolves the host, binds a UDP socket and connects it to the remote address. */
export async function dialUdp(endpoint: UdpEndpoint, signal?: AbortSignal): Promise<Outcome> {
  let resolved: { address: string; family: number };
  try {
    resolved = await lookup(endpoint.host);
  } catch (err) {
    return fail(classifyError(err));
  }
  if (signal?.aborted) return fail(transportError('CLOSED', 'cancelled'));
  const socket = createSocket(resolved.family === 6 ? 'udp6' : 'udp4');
  return new Promise((resolve) => {
    socket.once('error', (err) => {
      socket.close();
      resolve(fail(classifyError(err)));
    });
    socket.bind(endpoint.localPort ?? 0, () => {
      socket.connect(endpoint.port, resolved.address, () => {
        socket.removeAllListeners('error');
        resolve({ ok: true, value: wrapUdp(socket) });
      });
    });
  });
}

/** Opens a client connection to any dialable endpoint. */
export function dialEndpoint(endpoint: DialEndpoint, signal?: AbortSignal): Promise<Outcome> {
  switch (endpoint.kind) {
    case 'tcp':
      return dialTcp(endpoint, signal);
    case 'tls':
      return dialTls(endpoint, signal);
    case 'udp':
      return dialUdp(endpoint, signal);
    case 'serial':
      return attachSerialStation(endpoint);
  }
}
