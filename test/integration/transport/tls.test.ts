import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { connect as connectTls, createServer as createTlsServer } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionOutput } from '../../../src-shared/session';
import {
  dialTls,
  serveSessions,
  SessionDriver,
  type ClientRejection,
  type LinkState,
  type SessionServer,
  type TlsEndpoint,
  type TlsVersion,
  type TransportError,
} from '../../../src-main/transport';
import { freePort } from './helpers/free-port';
import { startOpensslServer } from './helpers/openssl-server';
import { makeTestPki, type CertPair, type TestPki } from './helpers/test-pki';
import { EchoSession, ScriptedSession, waitFor } from './helpers/test-sessions';

let pki: TestPki;
beforeAll(() => {
  pki = makeTestPki();
});
afterAll(() => pki.cleanup());

async function tlsServer(cert: CertPair, options: { clientCa?: CertPair; minVersion?: TlsVersion } = {}): Promise<SessionServer> {
  return serveSessions({
    endpoint: {
      kind: 'tls',
      port: 0,
      caFile: (options.clientCa ?? pki.ca).cert,
      certFile: cert.cert,
      keyFile: cert.key,
      ...(options.minVersion ? { minVersion: options.minVersion } : {}),
    },
    createSession: () => new EchoSession(),
  });
}

/** A TLS session server (the test CA signs its clients) that records why it refuses clients. */
async function recordingServer(maxConnections?: number): Promise<{ server: SessionServer; rejections: Array<[ClientRejection, string]> }> {
  const rejections: Array<[ClientRejection, string]> = [];
  const server = await serveSessions({
    endpoint: { kind: 'tls', port: 0, caFile: pki.ca.cert, certFile: pki.server.cert, keyFile: pki.server.key },
    createSession: () => new EchoSession(),
    onRejected: (rejection, remote) => rejections.push([rejection, remote]),
    ...(maxConnections === undefined ? {} : { maxConnections }),
  });
  return { server, rejections };
}

function clientEndpoint(port: number, overrides: Partial<TlsEndpoint> = {}): TlsEndpoint {
  return {
    kind: 'tls',
    host: '127.0.0.1',
    port,
    caFile: pki.ca.cert,
    certFile: pki.client.cert,
    keyFile: pki.client.key,
    connectTimeoutMs: 3000,
    ...overrides,
  };
}

/**
 * The classified error of a TLS connection attempt: the dial's error, or (TLS 1.3, where
 * the server checks our certificate after our handshake is done) the error that ends the
 * connection right after.
 */
async function failureOf(endpoint: TlsEndpoint): Promise<TransportError> {
  const result = await dialTls(endpoint);
  if (!result.ok) return result.error;
  return new Promise((resolve) =>
    result.value.start({ onData: () => undefined, onClose: (error) => resolve(error) }),
  );
}

describe('TLS with mutual authentication', () => {
  for (const version of ['TLSv1.2', 'TLSv1.3'] as const) {
    it(`connects and exchanges data over ${version}, reporting the session details`, async () => {
      const server = await tlsServer(pki.server);
      const received: string[] = [];
      const states: LinkState[] = [];
      const session = new ScriptedSession((input): SessionOutput[] => {
        if (input.kind === 'up') return [{ kind: 'tx', bytes: new Uint8Array(Buffer.from('secure')), link: 0 }];
        if (input.kind === 'rx') received.push(Buffer.from(input.bytes).toString());
        return [];
      });
      const driver = new SessionDriver({
        session,
        endpoints: clientEndpoint(server.port, { minVersion: version, maxVersion: version }),
        onState: (s) => states.push(s),
        stopGraceMs: 50,
      });
      driver.start();
      await waitFor(() => received.join('') === 'secure', 5000, 'echo over TLS');
      const connection = states.find((s) => s.state === 'connected')?.connection;
      const tls = connection?.transport === 'tcp' ? connection.tls : undefined;
      expect(tls?.protocol).toBe(version);
      expect(tls?.cipher).toMatch(/^TLS_/);
      expect(tls?.peerCertificate).toMatchObject({ subject: 'CN=localhost', issuer: 'CN=Switchyard Test CA' });
      expect(tls?.peerCertificate?.daysToExpiry).toBeGreaterThanOrEqual(363);
      await driver.stop();
      await server.close();
    });
  }

  it('also verifies the name when connecting by DNS name with a servername', async () => {
    const server = await tlsServer(pki.server);
    const result = await dialTls(clientEndpoint(server.port, { host: 'localhost', servername: 'localhost' }));
    expect(result.ok).toBe(true);
    if (result.ok) result.value.destroy();
    await server.close();
  });

  const cases: Array<[string, () => CertPair, Partial<TlsEndpoint>, TransportError['code']]> = [
    ['an expired server certificate', () => pki.serverExpired, {}, 'TLS_CERT_EXPIRED'],
    ['a server certificate not yet valid', () => pki.serverNotYetValid, {}, 'TLS_CERT_NOT_YET_VALID'],
    ['a server certificate from an unknown CA', () => pki.serverOtherCa, {}, 'TLS_UNKNOWN_CA'],
    ['a server certificate for another name', () => pki.serverWrongName, {}, 'TLS_NAME_MISMATCH'],
  ];
  for (const [what, cert, overrides, code] of cases) {
    it(`names ${what}: ${code}`, async () => {
      const server = await tlsServer(cert());
      const error = await failureOf(clientEndpoint(server.port, overrides));
      expect(error.code).toBe(code);
      await server.close();
    });
  }

  for (const version of ['TLSv1.2', 'TLSv1.3'] as const) {
    it(`names a client certificate an OpenSSL peer rejects over ${version}: TLS_CLIENT_CERT_REJECTED`, async () => {
      const server = await startOpensslServer(await freePort(), pki.server, pki.ca.cert);
      try {
        const error = await failureOf(
          clientEndpoint(server.port, { certFile: pki.clientOtherCa.cert, keyFile: pki.clientOtherCa.key, maxVersion: version }),
        );
        expect(error.code).toBe('TLS_CLIENT_CERT_REJECTED');
        expect(error.cause).toBe('ERR_SSL_TLSV1_ALERT_UNKNOWN_CA');
        expect(error.alert).toBe('alert 48: unknown ca');
        expect(error.message).toBe('TLS: the peer rejected our client certificate (alert 48: unknown ca)');
      } finally {
        server.stop();
      }
    });
  }

  for (const version of ['TLSv1.2', 'TLSv1.3'] as const) {
    it(`names a client certificate a Node TLS peer drops without an alert over ${version}: TLS_CLIENT_CERT_REJECTED, not a reset or a close`, async () => {
      const { server, rejections } = await recordingServer();
      try {
        const error = await failureOf(clientEndpoint(server.port, { certFile: pki.clientOtherCa.cert, keyFile: pki.clientOtherCa.key, maxVersion: version }));
        expect(error.code).toBe('TLS_CLIENT_CERT_REJECTED');
        expect(error.message).toMatch(version === 'TLSv1.2' ? /right after our certificate, without an alert/ : /right after the TLS 1\.3 handshake, with no alert, session ticket or data/);
        await waitFor(() => rejections.length > 0, 5000, 'the server reports the rejection');
        expect(rejections).toEqual([[{ code: 'TLS_UNKNOWN_CA', reason: 'unknown CA (UNABLE_TO_VERIFY_LEAF_SIGNATURE)' }, expect.stringMatching(/^127\.0\.0\.1:\d+$/)]]);
        expect(server.connections()).toBe(0);
      } finally {
        await server.close();
      }
    });
  }

  it('a TLS listener says why it refuses a client: no certificate (with the alert a client sees), unknown CA', async () => {
    const { server, rejections } = await recordingServer();
    try {
      const bare = connectTls({ host: '127.0.0.1', port: server.port, ca: readFileSync(pki.ca.cert) });
      const bareError = await new Promise<Error & { code?: string }>((resolve) => bare.once('error', resolve));
      expect(bareError.code).toBe('ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED');
      await waitFor(() => rejections.length === 1, 5000, 'the refusal of a client without certificate');
      expect(rejections.map(([r]) => r.reason)).toEqual(['no certificate']);
      expect(server.connections()).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('a TLS listener at its connection limit closes before the handshake, so the client sees no certificate rejection', async () => {
    const { server, rejections } = await recordingServer(0);
    try {
      for (const version of ['TLSv1.2', 'TLSv1.3'] as const) {
        const error = await failureOf(clientEndpoint(server.port, { maxVersion: version }));
        expect(['RESET', 'CLOSED'], version).toContain(error.code);
      }
      expect(rejections.map(([r]) => r.reason)).toEqual(['limit of 0 concurrent masters reached', 'limit of 0 concurrent masters reached']);
    } finally {
      await server.close();
    }
  });

  it('a TLS 1.3 server that accepted us (session ticket) and then closes is not named a certificate rejection', async () => {
    const peer = createTlsServer(
      { ca: readFileSync(pki.ca.cert), cert: readFileSync(pki.server.cert), key: readFileSync(pki.server.key), requestCert: true, rejectUnauthorized: true },
      (socket) => setTimeout(() => socket.end(), 100),
    );
    await new Promise<void>((resolve) => peer.listen(0, '127.0.0.1', resolve));
    try {
      const error = await failureOf(clientEndpoint((peer.address() as AddressInfo).port, { maxVersion: 'TLSv1.3' }));
      expect(error.code).toBe('CLOSED');
    } finally {
      await new Promise((resolve) => peer.close(resolve));
    }
  });

  it('accepts a connection from an OpenSSL peer with a trusted client certificate', async () => {
    const server = await startOpensslServer(await freePort(), pki.server, pki.ca.cert);
    try {
      const result = await dialTls(clientEndpoint(server.port));
      expect(result.ok && result.value.info.transport === 'tcp' && result.value.info.tls?.protocol).toBe('TLSv1.3');
      if (result.ok) result.value.destroy();
    } finally {
      server.stop();
    }
  });

  it('names a handshake with no shared protocol version: TLS_HANDSHAKE', async () => {
    const server = await tlsServer(pki.server, { minVersion: 'TLSv1.3' });
    const error = await failureOf(clientEndpoint(server.port, { maxVersion: 'TLSv1.2' }));
    expect(error.code).toBe('TLS_HANDSHAKE');
    await server.close();
  });

  it('names a plain TCP port that never answers the TLS handshake: TLS_HANDSHAKE, not TIMEOUT', async () => {
    const plain = await serveSessions({ endpoint: { kind: 'tcp', port: 0 }, createSession: () => new ScriptedSession() });
    const error = await failureOf(clientEndpoint(plain.port, { connectTimeoutMs: 300 }));
    expect(error.code).toBe('TLS_HANDSHAKE');
    expect(error.message).toContain('does this port speak TLS?');
    await plain.close();
  });

  it('reports an unreadable key file as OTHER, naming the file', async () => {
    const error = await failureOf(clientEndpoint(1, { keyFile: `${pki.dir}/missing.key` }));
    expect(error.code).toBe('OTHER');
    expect(error.message).toContain('missing.key');
  });
});
