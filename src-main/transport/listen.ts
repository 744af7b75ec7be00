/**
 * Accepts connections: TCP, TLS (client certificate required and verified) and UDP (one
 * connection per remote address). Used by serveSessions and by the tcp-listen endpoint.
 */
import { createSocket, type RemoteInfo } from 'node:dgram';
import { createServer as createNetServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type SecureVersion, type TLSSocket } from 'node:tls';
import { BufferedConnection, tuneSocket, wrapSocket, type SocketAddress } from './connection';
import { loadTlsMaterial } from './tls-files';
import { clientRejection, type ClientRejection } from './tls-rejection';
import { classifyError, transportError, type TransportResult } from './transport-error';

/** Where to listen. `host` defaults to 127.0.0.1; port 0 picks a free port. */
export type ListenEndpoint =
  | { kind: 'tcp'; host?: string; port: number }
  | {
      kind: 'tls';
      host?: string;
      port: number;
      /** CA that signs the clients' certificates. */
      caFile: string;
      certFile: string;
      keyFile: string;
      /**
       * Versions served; default TLS 1.2 to 1.3. Older ones exist for simulators of badly
       * configured devices (they lower OpenSSL's security level, see `ciphers`).
       */
      minVersion?: SecureVersion;
      maxVersion?: SecureVersion;
      /** OpenSSL cipher list for TLS 1.2 and older; default OpenSSL's, at security level 0 when TLS 1.0/1.1 are served. */
      ciphers?: string;
      /** Ask for and verify a client certificate (default true); false serves any client, as a device without mutual authentication. */
      clientCertificate?: boolean;
    }
  | { kind: 'udp'; host?: string; port: number };

/** A bound listener. */
export interface Listener {
  /** The port actually bound. */
  port: number;
  /** Stops accepting; connections already handed out are the caller's to close. */
  close(): Promise<void>;
}

/** Callbacks of a listener. */
export interface ListenHandlers {
  onConnection(conn: BufferedConnection): void;
  /**
   * A connection refused before it was handed out: a TLS handshake that failed or a client
   * certificate that was not accepted, with the reason a log line gives (`no certificate`,
   * `unknown CA (...)`). `remote` is `address:port`.
   */
  onRejected?(rejection: ClientRejection, remote: string): void;
  /**
   * TLS: asked for each TCP connection before its handshake; false closes it at once (a
   * limit of masters applies to connections, as an RTU's does, not after the handshake,
   * where the close would look like a rejected client certificate).
   */
  admit?(remote: string): boolean;
}

/** The default bind address: loopback only. */
const DEFAULT_LISTEN_HOST = '127.0.0.1';

function bindServer(server: Server, host: string, port: number): Promise<TransportResult<Listener>> {
  return new Promise((resolve) => {
    const onError = (err: Error): void => resolve({ ok: false, error: classifyError(err) });
    server.once('error', onError);
    server.listen({ host, port }, () => {
      server.removeListener('error', onError);
      const address = server.address();
      resolve({
        ok: true,
        value: {
          port: typeof address === 'object' && address ? address.port : port,
          close: () => new Promise<void>((done) => server.close(() => done())),
        },
      });
    });
  });
}

function listenUdp(host: string, port: number, handlers: ListenHandlers): Promise<TransportResult<Listener>> {
  const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
  const peers = new Map<string, BufferedConnection>();
  const local = (): SocketAddress => {
    const a = socket.address();
    return { address: a.address, port: a.port, family: a.family === 'IPv6' ? 'IPv6' : 'IPv4' };
  };
  const peerFor = (rinfo: RemoteInfo): BufferedConnection => {
    const key = `${rinfo.address}|${rinfo.port}`;
    const existing = peers.get(key);
    if (existing) return existing;
    const drop = (): void => {
      peers.delete(key);
      conn.closed(transportError('CLOSED'));
    };
    const conn: BufferedConnection = new BufferedConnection(
      {
        transport: 'udp',
        initiator: 'remote',
        local: local(),
        remote: { address: rinfo.address, port: rinfo.port, family: rinfo.family === 'IPv6' ? 'IPv6' : 'IPv4' },
      },
      { write: (bytes) => socket.send(bytes, rinfo.port, rinfo.address), end: drop, destroy: drop },
    );
    peers.set(key, conn);
    handlers.onConnection(conn);
    return conn;
  };
  socket.on('message', (msg: Buffer, rinfo) => {
    peerFor(rinfo).push(new Uint8Array(msg.buffer, msg.byteOffset, msg.byteLength));
  });
  return new Promise((resolve) => {
    socket.once('error', (err) => resolve({ ok: false, error: classifyError(err) }));
    socket.bind(port, host, () => {
      socket.removeAllListeners('error');
      socket.on('error', () => undefined);
      resolve({
        ok: true,
        value: {
          port: socket.address().port,
          close: () =>
            new Promise<void>((done) => {
              for (const conn of [...peers.values()]) conn.destroy();
              socket.close(() => done());
            }),
        },
      });
    });
  });
}

/** Starts listening; each accepted connection is handed to `onConnection`. */
export async function listen(endpoint: ListenEndpoint, handlers: ListenHandlers): Promise<TransportResult<Listener>> {
  const host = endpoint.host ?? DEFAULT_LISTEN_HOST;
  if (endpoint.kind === 'udp') return listenUdp(host, endpoint.port, handlers);
  if (endpoint.kind === 'tcp') {
    const server = createNetServer((socket: Socket) => {
      tuneSocket(socket);
      handlers.onConnection(wrapSocket(socket, 'remote'));
    });
    return bindServer(server, host, endpoint.port);
  }
  const material = await loadTlsMaterial(endpoint);
  if (!material.ok) return material;
  const minVersion = endpoint.minVersion ?? 'TLSv1.2';
  const legacy = minVersion === 'TLSv1' || minVersion === 'TLSv1.1';
  const ciphers = endpoint.ciphers ?? (legacy ? 'DEFAULT:@SECLEVEL=0' : undefined);
  const clientCertificate = endpoint.clientCertificate ?? true;
  const server = createTlsServer(
    {
      ...material.value,
      requestCert: clientCertificate,
      rejectUnauthorized: clientCertificate,
      minVersion,
      maxVersion: endpoint.maxVersion ?? 'TLSv1.3',
      ...(ciphers ? { ciphers } : {}),
    },
    (socket: TLSSocket) => {
      tuneSocket(socket);
      handlers.onConnection(wrapSocket(socket, 'remote', { tls: socket }));
    },
  );
  // By the time a handshake is reported failed, the TLS socket no longer knows its peer:
  // note each accepted TCP socket's, which Node keeps as the TLS socket's `_parent`.
  const remotes = new WeakMap<object, string>();
  const refused = new WeakSet<object>();
  server.prependListener('connection', (raw: Socket) => {
    const remote = `${raw.remoteAddress ?? ''}:${raw.remotePort ?? 0}`;
    remotes.set(raw, remote);
    if (handlers.admit && !handlers.admit(remote)) {
      refused.add(raw);
      raw.destroy();
    }
  });
  server.on('tlsClientError', (err, socket) => {
    const parent = (socket as unknown as { _parent?: object })._parent;
    if (parent && refused.has(parent)) return;
    const remote = (parent && remotes.get(parent)) ?? `${socket.remoteAddress ?? ''}:${socket.remotePort ?? 0}`;
    handlers.onRejected?.(clientRejection(err, socket.authorizationError), remote);
  });
  return bindServer(server, host, endpoint.port);
}
