/**
 * The sockets of the posture check: a TCP connect, a TLS handshake that does not verify
 * the peer (the check wants to see what the device offers, also when it is wrong) with
 * the versions, suites and client certificate chosen per probe, a protocol round trip
 * over either, and an orderly close that waits for the device to see it (a station with a
 * limit of one master must have let go before the next probe connects).
 */
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type SecureVersion, type TLSSocket } from 'node:tls';
import type { Exchange } from '../probes/link-probe';

/** Cipher list of every probing client: also old suites and versions, which OpenSSL's default security level would not offer. */
const PROBE_CIPHERS = 'DEFAULT:@SECLEVEL=0';

/** A failed connect or handshake, by Node/OpenSSL code. */
export interface SocketFailure {
  ok: false;
  code: string;
  message: string;
  /** The peer answered with a TLS alert: it speaks TLS, it refused what we offered. */
  tlsAlert: boolean;
}

/** A TCP connection, or why there is none. */
export type TcpOpen = { ok: true; socket: Socket } | SocketFailure;

/** What a probing TLS client offers. */
export interface HandshakeOffer {
  host: string;
  port: number;
  servername?: string;
  minVersion?: SecureVersion;
  maxVersion?: SecureVersion;
  /** OpenSSL cipher list for TLS 1.2 and older; default PROBE_CIPHERS. */
  ciphers?: string;
  /** Our CA bundle (to tell whether the peer is trusted), certificate and key; none for a client without a certificate. */
  material?: { ca?: Buffer; cert?: Buffer; key?: Buffer };
  timeoutMs: number;
}

/** A completed handshake: the socket (still open) and what was negotiated. */
export interface Handshaken {
  ok: true;
  socket: TLSSocket;
  /** `TLSv1.2` ... */
  protocol: string;
  /** OpenSSL name of the suite, e.g. `AES128-SHA`. */
  cipher: string;
  /** IANA name, e.g. `TLS_RSA_WITH_AES_128_CBC_SHA`. */
  standardName: string;
}

const failure = (err: Error & { code?: string }): SocketFailure => ({
  ok: false,
  code: err.code ?? 'ERROR',
  message: err.message.split('\n')[0] ?? err.message,
  tlsAlert: /ALERT/.test(err.code ?? ''),
});

/** Resolves with `socket` once `ready` fires, or with the first error or a timeout (the socket destroyed). */
function settle<S extends Socket>(socket: S, ready: 'connect' | 'secureConnect', timeoutMs: number, silence: string): Promise<{ ok: true; socket: S } | SocketFailure> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ ok: false, code: 'TIMEOUT', message: silence, tlsAlert: false });
    }, timeoutMs);
    socket.once('error', (err) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(failure(err));
    });
    socket.once(ready, () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      socket.on('error', () => undefined);
      resolve({ ok: true, socket });
    });
  });
}

/** Connects over TCP within `timeoutMs`. */
export function openTcp(host: string, port: number, timeoutMs: number): Promise<TcpOpen> {
  return settle(netConnect({ host, port }), 'connect', timeoutMs, `no answer within ${timeoutMs} ms`);
}

/** A TLS handshake with what `offer` offers; the peer is not verified (its trust is read from `authorized`). */
export async function handshake(offer: HandshakeOffer): Promise<Handshaken | SocketFailure> {
  let socket: TLSSocket;
  try {
    socket = tlsConnect({
      host: offer.host,
      port: offer.port,
      ...(offer.servername ? { servername: offer.servername } : {}),
      ...offer.material,
      minVersion: offer.minVersion ?? 'TLSv1',
      maxVersion: offer.maxVersion ?? 'TLSv1.3',
      ciphers: offer.ciphers ?? PROBE_CIPHERS,
      rejectUnauthorized: false,
    });
  } catch (err) {
    // e.g. a cipher list that matches nothing this host's OpenSSL can offer
    return failure(err as Error);
  }
  const r = await settle(socket, 'secureConnect', offer.timeoutMs, `no TLS answer within ${offer.timeoutMs} ms`);
  if (!r.ok) return r;
  const cipher = socket.getCipher();
  return { ok: true, socket, protocol: socket.getProtocol() ?? '', cipher: cipher.name, standardName: cipher.standardName ?? cipher.name };
}

/** Ends our side and waits (at most `timeoutMs`) until the connection is closed. */
export function closeGracefully(socket: Socket, timeoutMs = 1000): Promise<void> {
  if (socket.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      socket.destroy();
      resolve();
    }, timeoutMs);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.resume();
    socket.end();
  });
}

/** How a protocol round trip ended. */
export type RoundTripOutcome = 'answered' | 'closed' | 'silent';

/** Sends the exchange's request and waits `timeoutMs` for its answer, a close, or nothing. */
export function roundTrip(socket: Socket, exchange: Exchange, timeoutMs: number): Promise<RoundTripOutcome> {
  return new Promise((resolve) => {
    const done = (outcome: RoundTripOutcome): void => {
      clearTimeout(timer);
      socket.removeListener('data', onData);
      socket.removeListener('close', onClose);
      resolve(outcome);
    };
    const onData = (chunk: Buffer): void => {
      if (exchange.feed(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)) !== 'pending') done('answered');
    };
    const onClose = (): void => done('closed');
    const timer = setTimeout(() => done('silent'), timeoutMs);
    socket.on('data', onData);
    socket.once('close', onClose);
    socket.write(exchange.request);
  });
}
