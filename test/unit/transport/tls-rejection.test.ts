/**
 * How a TLS client connection that ended is named, from how far it got (a fake socket
 * emitting the events Node emits), and how a listener words why it refused a client.
 */
import { EventEmitter } from 'node:events';
import type { TLSSocket } from 'node:tls';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { transportError } from '../../../src-main/transport';
import { clientRejection, TLS_REJECTION_WINDOW_MS, TlsClientWatch } from '../../../src-main/transport/tls-rejection';

/** A socket that plays the events of a handshake. */
function fakeSocket(protocol: 'TLSv1.2' | 'TLSv1.3') {
  const socket = Object.assign(new EventEmitter(), { getProtocol: () => protocol });
  const watch = new TlsClientWatch(socket as unknown as TLSSocket);
  const keylog = (label: string): boolean => socket.emit('keylog', Buffer.from(`${label} 00112233 44556677\n`));
  return { socket, watch, keylog };
}

const reset = transportError('RESET', 'ECONNRESET', 'ECONNRESET');
const closed = transportError('CLOSED');

afterEach(() => vi.useRealTimers());

describe('TlsClientWatch', () => {
  it('TLS 1.2: a reset after our key exchange (and certificate) went out is a rejected certificate', () => {
    const { watch, keylog } = fakeSocket('TLSv1.2');
    keylog('CLIENT_RANDOM');
    expect(watch.answered).toBe(true);
    expect(watch.name(reset)).toMatchObject({ code: 'TLS_CLIENT_CERT_REJECTED', cause: 'ECONNRESET', message: expect.stringContaining('right after our certificate, without an alert') });
    const failure = { ...transportError('TLS_HANDSHAKE', 'alert 40: handshake failure', 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE'), alert: 'alert 40: handshake failure' };
    expect(watch.name(failure)).toMatchObject({ code: 'TLS_CLIENT_CERT_REJECTED', alert: 'alert 40: handshake failure', message: expect.stringContaining('with alert 40: handshake failure') });
  });

  it('a reset before the server answered our hello stays a reset (a limit of masters, an allow-list)', () => {
    const { watch } = fakeSocket('TLSv1.2');
    expect(watch.answered).toBe(false);
    expect(watch.name(reset)).toBe(reset);
  });

  it('TLS 1.3: a close right after the handshake with no ticket or data is a rejected certificate', () => {
    const { socket, watch, keylog } = fakeSocket('TLSv1.3');
    keylog('SERVER_HANDSHAKE_TRAFFIC_SECRET');
    socket.emit('secureConnect');
    expect(watch.name(closed)).toMatchObject({ code: 'TLS_CLIENT_CERT_REJECTED', message: expect.stringContaining('right after the TLS 1.3 handshake, with no alert, session ticket or data') });
  });

  it('TLS 1.3: after a session ticket or data, or once the window has passed, a close is only a close', () => {
    for (const accept of ['session', 'data'] as const) {
      const { socket, watch } = fakeSocket('TLSv1.3');
      socket.emit('secureConnect');
      if (accept === 'session') socket.emit('session', Buffer.alloc(1));
      else watch.received();
      expect(watch.accepted, accept).toBe(true);
      expect(watch.name(closed), accept).toBe(closed);
    }
    vi.useFakeTimers({ toFake: ['performance'] });
    const late = fakeSocket('TLSv1.3');
    late.socket.emit('secureConnect');
    vi.advanceTimersByTime(TLS_REJECTION_WINDOW_MS + 1);
    expect(late.watch.name(closed)).toBe(closed);
  });

  it('TLS 1.2: a close after a completed handshake is not about the certificate (it was checked in the handshake)', () => {
    const { socket, watch, keylog } = fakeSocket('TLSv1.2');
    keylog('CLIENT_RANDOM');
    socket.emit('secureConnect');
    expect(watch.name(closed)).toBe(closed);
  });

  it('keeps an alert that already names the rejection, and other errors as they are', () => {
    const { socket, watch } = fakeSocket('TLSv1.3');
    socket.emit('secureConnect');
    const alert = { ...transportError('TLS_CLIENT_CERT_REJECTED', 'alert 48: unknown ca', 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA'), alert: 'alert 48: unknown ca' };
    expect(watch.name(alert)).toBe(alert);
    const other = transportError('TLS_CERT_EXPIRED', 'CERT_HAS_EXPIRED', 'CERT_HAS_EXPIRED');
    expect(watch.name(other)).toBe(other);
  });
});

describe('clientRejection', () => {
  it('words a listener refusal as a log line: the certificate check, no certificate, a handshake error', () => {
    expect(clientRejection(new Error('socket hang up'), 'UNABLE_TO_VERIFY_LEAF_SIGNATURE')).toEqual({ code: 'TLS_UNKNOWN_CA', reason: 'unknown CA (UNABLE_TO_VERIFY_LEAF_SIGNATURE)' });
    expect(clientRejection(new Error('x'), 'CERT_HAS_EXPIRED')).toEqual({ code: 'TLS_CERT_EXPIRED', reason: 'certificate expired (CERT_HAS_EXPIRED)' });
    const noCert = Object.assign(new Error('peer did not return a certificate'), { code: 'ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE' });
    expect(clientRejection(noCert, undefined)).toEqual({ code: 'TLS_CLIENT_CERT_REJECTED', reason: 'no certificate' });
    const version = Object.assign(new Error('error:0A00010B:SSL routines::wrong version number\n'), { code: 'ERR_SSL_WRONG_VERSION_NUMBER' });
    expect(clientRejection(version, undefined)).toEqual({ code: 'TLS_HANDSHAKE', reason: 'TLS handshake failed (ERR_SSL_WRONG_VERSION_NUMBER)' });
  });
});
