/**
 * A rejected TLS client certificate, seen from both ends.
 *
 * Our side: servers often reject our certificate without a telling alert. Those that
 * verify it in the application (Node's among them) just drop the connection: under TLS
 * 1.2 right after our certificate flight, as a reset during the handshake; under TLS 1.3
 * after our side of the handshake has completed (the client finishes first), so the drop
 * looks like a device at its limit of concurrent masters. `TlsClientWatch` records how far
 * a connection got and names such an end TLS_CLIENT_CERT_REJECTED.
 *
 * The server's side: why a listener refused a client's handshake, as a log line says it
 * ("no certificate", "unknown CA").
 */
import type { TLSSocket } from 'node:tls';
import { classifyError, transportError, type TransportError, type TransportErrorCode } from './transport-error';

/**
 * How soon after a TLS 1.3 handshake a close without ticket or data counts as a rejection
 * of our certificate. Servers reject within milliseconds of the handshake; a generous
 * window keeps a loaded host from missing it.
 */
export const TLS_REJECTION_WINDOW_MS = 2000;

/** The closes that carry no reason of their own. */
const SILENT: ReadonlySet<string> = new Set(['RESET', 'CLOSED']);

/** TLS 1.2 `handshake_failure` (alert 40): after our certificate went out, it is about the certificate. */
const HANDSHAKE_FAILURE_ALERT = 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE';

/** Watches one TLS client connection from its start and names how it ended. */
export class TlsClientWatch {
  /** The server answered our hello (key material was made: TLS 1.3 ServerHello, TLS 1.2 key exchange). */
  private serverAnswered = false;
  /** TLS 1.2: our key exchange, and the certificate sent before it, went out. */
  private flightSent = false;
  private securedAtMs: number | null = null;
  private protocol: string | null = null;
  /** The peer showed it accepted us: a TLS 1.3 session ticket or data. */
  private peerAccepted = false;

  constructor(socket: TLSSocket) {
    // The 'keylog' event fires as key material is made; only the label of the line is read
    // (CLIENT_RANDOM: the TLS 1.2 master secret, computed with our key exchange), never kept.
    const onKeylog = (line: Buffer): void => {
      this.serverAnswered = true;
      if (line.subarray(0, 14).toString('latin1') !== 'CLIENT_RANDOM ') return;
      this.flightSent = true;
      socket.removeListener('keylog', onKeylog);
    };
    socket.on('keylog', onKeylog);
    socket.once('secureConnect', () => {
      socket.removeListener('keylog', onKeylog);
      this.securedAtMs = performance.now();
      this.protocol = socket.getProtocol();
    });
    socket.on('session', () => {
      this.peerAccepted = true;
    });
  }

  /** Data arrived from the peer: it served us, so our certificate was accepted. */
  received(): void {
    this.peerAccepted = true;
  }

  /** True once a TLS 1.3 session ticket or data showed the peer accepted our certificate. */
  get accepted(): boolean {
    return this.peerAccepted;
  }

  /** False while the server has not answered our hello: a close then refuses the connection, not TLS. */
  get answered(): boolean {
    return this.serverAnswered;
  }

  /**
   * The error that ended the connection, named TLS_CLIENT_CERT_REJECTED when how far the
   * connection got shows the peer rejected our certificate; otherwise unchanged.
   */
  name(error: TransportError): TransportError {
    if (error.code === 'TLS_CLIENT_CERT_REJECTED' || this.peerAccepted) return error;
    const silent = SILENT.has(error.code);
    const failureAlert = error.cause === HANDSHAKE_FAILURE_ALERT;
    if (this.securedAtMs === null) {
      if (!this.flightSent || !(silent || failureAlert)) return error;
      const how = error.alert ? `with ${error.alert}` : 'without an alert';
      return transportError('TLS_CLIENT_CERT_REJECTED', `it ended the TLS 1.2 handshake right after our certificate, ${how}`, error.cause, error.alert);
    }
    const soon = performance.now() - this.securedAtMs <= TLS_REJECTION_WINDOW_MS;
    if (this.protocol !== 'TLSv1.3' || !soon || !(silent || failureAlert)) return error;
    const how = error.alert ? `with ${error.alert}` : 'with no alert, session ticket or data';
    return transportError(
      'TLS_CLIENT_CERT_REJECTED',
      `it closed the connection right after the TLS 1.3 handshake, ${how}: a TLS 1.3 server checks the client certificate after the client has finished`,
      error.cause,
      error.alert,
    );
  }
}

/** Why a listener refused a client's handshake: a code and the reason as a log line says it. */
export interface ClientRejection {
  code: TransportErrorCode;
  /** `no certificate`, `unknown CA (UNABLE_TO_VERIFY_LEAF_SIGNATURE)`, or the handshake error. */
  reason: string;
}

/** Certificate problems as a server's log names them. */
const CERTIFICATE_REASONS: Partial<Record<TransportErrorCode, string>> = {
  TLS_UNKNOWN_CA: 'unknown CA',
  TLS_CERT_EXPIRED: 'certificate expired',
  TLS_CERT_NOT_YET_VALID: 'certificate not yet valid',
};

/**
 * Why a TLS listener refused a client's handshake. `verifyError` is the socket's
 * `authorizationError`: Node verifies a client's certificate after the handshake and drops
 * the socket, so the error it reports for a bad certificate is only a hang-up.
 */
export function clientRejection(error: unknown, verifyError: unknown): ClientRejection {
  // Typed as an Error, but Node sets the OpenSSL code (`UNABLE_TO_VERIFY_LEAF_SIGNATURE`).
  const verifyCode = typeof verifyError === 'string' ? verifyError : (verifyError as { code?: unknown } | undefined)?.code;
  if (typeof verifyCode === 'string' && verifyCode !== '') {
    const code = classifyError({ code: verifyCode, message: verifyCode }).code;
    return { code, reason: `${CERTIFICATE_REASONS[code] ?? 'certificate not accepted'} (${verifyCode})` };
  }
  const classified = classifyError(error);
  if (classified.cause === 'ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE') return { code: 'TLS_CLIENT_CERT_REJECTED', reason: 'no certificate' };
  // OpenSSL's own text spans lines; its code says enough for a log line.
  if (classified.code === 'TLS_HANDSHAKE' && classified.cause) return { code: classified.code, reason: `TLS handshake failed (${classified.alert ?? classified.cause})` };
  return { code: classified.code, reason: classified.message };
}
