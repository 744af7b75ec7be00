/**
 * Connection errors classified by cause, as engineers name them. One function maps the
 * many Node/OpenSSL error codes onto these.
 */

/** Why a connection failed or ended. */
export type TransportErrorCode =
  | 'REFUSED'
  | 'TIMEOUT'
  | 'HOST_UNREACHABLE'
  | 'NETWORK_UNREACHABLE'
  | 'DNS'
  | 'RESET'
  | 'CLOSED'
  | 'TLS_CERT_EXPIRED'
  | 'TLS_CERT_NOT_YET_VALID'
  | 'TLS_UNKNOWN_CA'
  | 'TLS_NAME_MISMATCH'
  | 'TLS_HANDSHAKE'
  | 'TLS_CLIENT_CERT_REJECTED'
  /** Serial: no such port (wrong path, adapter unplugged). */
  | 'PORT_MISSING'
  /** Serial: another process holds the port open (locked). */
  | 'PORT_BUSY'
  /** Serial: this user may not open the port. */
  | 'PERMISSION_DENIED'
  /** Serial: the open port went away (adapter unplugged, the virtual line ended). */
  | 'PORT_LOST'
  /** Serial: RS-485 direction control (RTS) is not possible on this port. */
  | 'RS485_UNSUPPORTED'
  /** Local problems that are none of the above (address in use, unreadable key file...). */
  | 'OTHER';

/** A classified connection error. */
export interface TransportError {
  code: TransportErrorCode;
  /** One line for people, naming the cause. */
  message: string;
  /** The underlying Node/OpenSSL code (`ECONNREFUSED`, `CERT_HAS_EXPIRED`...), when any. */
  cause?: string;
  /** The TLS alert the peer sent, as RFC 8446 names it with its number: `alert 48: unknown ca`. */
  alert?: string;
}

/** Success or a classified error. */
export type TransportResult<T> = { ok: true; value: T } | { ok: false; error: TransportError };

const MESSAGES: Record<TransportErrorCode, string> = {
  REFUSED: 'connection refused: nothing is listening on that port',
  TIMEOUT: 'timed out: no answer (packets dropped, e.g. by a firewall)',
  HOST_UNREACHABLE: 'host unreachable: no route to that address',
  NETWORK_UNREACHABLE: 'network unreachable: no route to that network',
  DNS: 'name resolution failed',
  RESET: 'connection reset by peer',
  CLOSED: 'connection closed by peer',
  TLS_CERT_EXPIRED: "TLS: the peer's certificate has expired",
  TLS_CERT_NOT_YET_VALID: "TLS: the peer's certificate is not yet valid",
  TLS_UNKNOWN_CA: "TLS: the peer's certificate is not signed by a trusted CA",
  TLS_NAME_MISMATCH: "TLS: the peer's certificate does not match the expected name",
  TLS_HANDSHAKE: 'TLS handshake failed: no shared protocol version or cipher suite',
  TLS_CLIENT_CERT_REJECTED: 'TLS: the peer rejected our client certificate',
  PORT_MISSING: 'serial port not found',
  PORT_BUSY: 'serial port busy: another program has it open',
  PERMISSION_DENIED: 'permission denied opening the serial port',
  PORT_LOST: 'serial port lost (adapter unplugged or line gone)',
  RS485_UNSUPPORTED: 'RS-485 direction control (RTS) is not supported by this port',
  OTHER: 'connection error',
};

const BY_NODE_CODE: Record<string, TransportErrorCode> = {
  ECONNREFUSED: 'REFUSED',
  ETIMEDOUT: 'TIMEOUT',
  EHOSTUNREACH: 'HOST_UNREACHABLE',
  EHOSTDOWN: 'HOST_UNREACHABLE',
  ENETUNREACH: 'NETWORK_UNREACHABLE',
  ENETDOWN: 'NETWORK_UNREACHABLE',
  ENOTFOUND: 'DNS',
  EAI_AGAIN: 'DNS',
  EAI_FAIL: 'DNS',
  EAI_NODATA: 'DNS',
  EAI_NONAME: 'DNS',
  ECONNRESET: 'RESET',
  EPIPE: 'RESET',
  ECONNABORTED: 'RESET',
  // Local verification of the peer's certificate (OpenSSL X509_V_ERR_* names).
  CERT_HAS_EXPIRED: 'TLS_CERT_EXPIRED',
  CERT_NOT_YET_VALID: 'TLS_CERT_NOT_YET_VALID',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS_UNKNOWN_CA',
  UNABLE_TO_GET_ISSUER_CERT: 'TLS_UNKNOWN_CA',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'TLS_UNKNOWN_CA',
  SELF_SIGNED_CERT_IN_CHAIN: 'TLS_UNKNOWN_CA',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'TLS_UNKNOWN_CA',
  CERT_SIGNATURE_FAILURE: 'TLS_UNKNOWN_CA',
  CERT_UNTRUSTED: 'TLS_UNKNOWN_CA',
  CERT_REJECTED: 'TLS_UNKNOWN_CA',
  ERR_TLS_CERT_ALTNAME_INVALID: 'TLS_NAME_MISMATCH',
  HOSTNAME_MISMATCH: 'TLS_NAME_MISMATCH',
  // Alerts the peer sent about the certificate we presented.
  ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE: 'TLS_CLIENT_CERT_REJECTED',
  ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED: 'TLS_CLIENT_CERT_REJECTED',
  ERR_SSL_SSLV3_ALERT_CERTIFICATE_REVOKED: 'TLS_CLIENT_CERT_REJECTED',
  ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN: 'TLS_CLIENT_CERT_REJECTED',
  ERR_SSL_SSLV3_ALERT_UNSUPPORTED_CERTIFICATE: 'TLS_CLIENT_CERT_REJECTED',
  ERR_SSL_TLSV1_ALERT_UNKNOWN_CA: 'TLS_CLIENT_CERT_REJECTED',
  ERR_SSL_TLSV1_ALERT_ACCESS_DENIED: 'TLS_CLIENT_CERT_REJECTED',
  ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED: 'TLS_CLIENT_CERT_REJECTED',
  ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE: 'TLS_CLIENT_CERT_REJECTED',
};

/** A classified error with the standard message for its code. */
export function transportError(code: TransportErrorCode, detail?: string, cause?: string, alert?: string): TransportError {
  const message = detail ? `${MESSAGES[code]} (${detail})` : MESSAGES[code];
  return { code, message, ...(cause ? { cause } : {}), ...(alert ? { alert } : {}) };
}

/** OpenSSL's codes for an alert received from the peer (`ERR_SSL_TLSV1_ALERT_UNKNOWN_CA`). */
const ALERT_CODE = /^ERR_SSL_(?:SSLV3|TLSV1|TLSV13)_ALERT_([A-Z0-9_]+)$/;

/** `alert 48: unknown ca` from an alert's error code and OpenSSL's message ("SSL alert number 48"); null for other codes. */
function alertText(nodeCode: string, message: string): string | null {
  const name = ALERT_CODE.exec(nodeCode)?.[1];
  if (name === undefined) return null;
  const number = /SSL alert number (\d+)/.exec(message)?.[1];
  return `alert ${number ? `${number}: ` : ''}${name.toLowerCase().replace(/_/g, ' ')}`;
}

/**
 * Maps a Node socket, DNS or TLS error onto a TransportErrorCode with a human message.
 * Any other `ERR_SSL_*` code is a handshake failure (no shared version or cipher, bad
 * record, alert we do not single out).
 */
export function classifyError(err: unknown): TransportError {
  const e = (err ?? {}) as { code?: unknown; message?: unknown; hostname?: unknown; errors?: unknown };
  // Happy-eyeballs connects (several addresses tried) fail with an AggregateError.
  if (e.code === undefined && Array.isArray(e.errors) && e.errors.length > 0) {
    return classifyError(e.errors[e.errors.length - 1]);
  }
  const nodeCode = typeof e.code === 'string' ? e.code : undefined;
  const detail = typeof e.message === 'string' ? e.message : String(err);
  if (nodeCode === undefined) return transportError('OTHER', detail);
  const mapped = BY_NODE_CODE[nodeCode];
  if (mapped === 'DNS' && typeof e.hostname === 'string') {
    return transportError('DNS', `${nodeCode} for ${e.hostname}`, nodeCode);
  }
  const alert = alertText(nodeCode, detail) ?? undefined;
  if (mapped) return transportError(mapped, alert ?? nodeCode, nodeCode, alert);
  if (alert) return transportError('TLS_HANDSHAKE', alert, nodeCode, alert);
  if (nodeCode.startsWith('ERR_SSL_') || nodeCode.startsWith('ERR_TLS_')) {
    return transportError('TLS_HANDSHAKE', `${nodeCode}: ${detail}`, nodeCode);
  }
  return transportError('OTHER', `${nodeCode}: ${detail}`, nodeCode);
}
