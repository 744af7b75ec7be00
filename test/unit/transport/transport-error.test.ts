import { describe, expect, it } from 'vitest';
import { classifyError, transportError } from '../../../src-main/transport';

const err = (code: string, message = 'boom'): Error => Object.assign(new Error(message), { code });

describe('classifyError', () => {
  const table: Array<[string, string]> = [
    ['ECONNREFUSED', 'REFUSED'],
    ['ETIMEDOUT', 'TIMEOUT'],
    ['EHOSTUNREACH', 'HOST_UNREACHABLE'],
    ['ENETUNREACH', 'NETWORK_UNREACHABLE'],
    ['ENOTFOUND', 'DNS'],
    ['EAI_AGAIN', 'DNS'],
    ['ECONNRESET', 'RESET'],
    ['EPIPE', 'RESET'],
    ['CERT_HAS_EXPIRED', 'TLS_CERT_EXPIRED'],
    ['CERT_NOT_YET_VALID', 'TLS_CERT_NOT_YET_VALID'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'TLS_UNKNOWN_CA'],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'TLS_UNKNOWN_CA'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'TLS_UNKNOWN_CA'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'TLS_NAME_MISMATCH'],
    ['ERR_SSL_TLSV1_ALERT_UNKNOWN_CA', 'TLS_CLIENT_CERT_REJECTED'],
    ['ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE', 'TLS_CLIENT_CERT_REJECTED'],
    ['ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED', 'TLS_CLIENT_CERT_REJECTED'],
    ['ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION', 'TLS_HANDSHAKE'],
    ['ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE', 'TLS_HANDSHAKE'],
    ['ERR_SSL_NO_PROTOCOLS_AVAILABLE', 'TLS_HANDSHAKE'],
    ['EADDRINUSE', 'OTHER'],
  ];
  for (const [nodeCode, code] of table) {
    it(`${nodeCode} -> ${code}`, () => {
      const classified = classifyError(err(nodeCode));
      expect(classified.code).toBe(code);
      expect(classified.cause).toBe(nodeCode);
      expect(classified.message.length).toBeGreaterThan(10);
    });
  }

  it('keeps the alert the peer sent, by number and RFC 8446 name', () => {
    const unknownCa = classifyError(err('ERR_SSL_TLSV1_ALERT_UNKNOWN_CA', 'error:0A000418:SSL routines::tlsv1 alert unknown ca:SSL alert number 48'));
    expect(unknownCa).toEqual({
      code: 'TLS_CLIENT_CERT_REJECTED',
      message: 'TLS: the peer rejected our client certificate (alert 48: unknown ca)',
      cause: 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA',
      alert: 'alert 48: unknown ca',
    });
    expect(classifyError(err('ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED', 'SSL alert number 116')).alert).toBe('alert 116: certificate required');
    expect(classifyError(err('ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION', 'SSL alert number 70'))).toMatchObject({ code: 'TLS_HANDSHAKE', alert: 'alert 70: protocol version' });
    expect(classifyError(err('ECONNRESET')).alert).toBeUndefined();
  });

  it('names the host of a DNS failure', () => {
    const e = Object.assign(err('ENOTFOUND'), { hostname: 'rtu-7.example' });
    expect(classifyError(e).message).toContain('rtu-7.example');
  });

  it('classifies a happy-eyeballs AggregateError by its last attempt', () => {
    const aggregate = new AggregateError([err('ECONNREFUSED'), err('ETIMEDOUT')], 'all failed');
    expect(classifyError(aggregate).code).toBe('TIMEOUT');
  });

  it('anything without a code is OTHER with its message', () => {
    expect(classifyError(new Error('weird'))).toEqual({ code: 'OTHER', message: 'connection error (weird)' });
    expect(classifyError(undefined).code).toBe('OTHER');
  });

  it('transportError builds the standard message with a detail', () => {
    expect(transportError('REFUSED', 'port 20000', 'ECONNREFUSED')).toEqual({
      code: 'REFUSED',
      message: 'connection refused: nothing is listening on that port (port 20000)',
      cause: 'ECONNREFUSED',
    });
  });
});
