import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkConnectivity,
  sweepPorts,
  type ConnectivityReport,
  type ConnectivityTarget,
  type PortSweepReport,
} from '../../../src-main/commissioning/connectivity';
import { serveSessions, type SessionServer } from '../../../src-main/transport';
import { freePort } from '../transport/helpers/free-port';
import { createTestNetns, NETNS_ADDRESSES, netnsUnavailable } from '../transport/helpers/netns';
import { startOpensslServer } from '../transport/helpers/openssl-server';
import { startStalledListener } from '../transport/helpers/stalled-listener';
import { makeTestPki, type CertPair, type TestPki } from '../transport/helpers/test-pki';
import { EchoSession, ScriptedSession } from '../transport/helpers/test-sessions';

const tcpTarget = (port: number, extra: Partial<ConnectivityTarget> = {}): ConnectivityTarget => ({
  protocol: 'dnp3',
  host: '127.0.0.1',
  port,
  transport: 'tcp',
  connectTimeoutMs: 1000,
  ...extra,
});

/** The report survives JSON unchanged. */
const jsonable = (report: unknown): void => expect(JSON.parse(JSON.stringify(report))).toEqual(report);

describe('connectivity check over TCP on loopback', () => {
  let server: SessionServer;
  beforeAll(async () => {
    server = await serveSessions({ endpoint: { kind: 'tcp', port: 0 }, createSession: () => new EchoSession() });
  });
  afterAll(() => server.close());

  it('connected: every stage passes, the protocol section says it was not run', async () => {
    const report = await checkConnectivity(tcpTarget(server.port, { addresses: { master: 1, outstation: 10 } }), { settleMs: 100 });
    expect(report).toMatchObject({
      kind: 'connectivity',
      target: { protocol: 'dnp3', host: '127.0.0.1', port: server.port, transport: 'tcp', tls: false, addresses: { master: 1, outstation: 10 } },
      dns: { ok: true, literal: true, addresses: [{ address: '127.0.0.1', family: 'IPv4' }] },
      connect: { outcome: 'connected', address: '127.0.0.1', attempts: [{ outcome: 'connected', local: { address: '127.0.0.1' } }] },
      tls: null,
      protocol: { status: 'not-run', reason: 'no dnp3 protocol probe is available yet' },
      failure: null,
    });
    expect(report.summary).toMatch(/connected in \d+ ms, protocol not checked/);
    jsonable(report);
  });

  it('resolves a name (localhost) and tries each address until one connects', async () => {
    const report = await checkConnectivity(tcpTarget(server.port, { host: 'localhost' }), { settleMs: 50 });
    expect(report.dns).toMatchObject({ ok: true, literal: false });
    expect(report.connect?.outcome).toBe('connected');
    expect(report.connect?.attempts.at(-1)?.address).toBe('127.0.0.1');
  });

  it('refused: names the service and the port, with what to check', async () => {
    const report = await checkConnectivity(tcpTarget(await freePort(), { protocol: 'iec104' }));
    expect(report.connect?.outcome).toBe('refused');
    expect(report.failure).toMatchObject({ stage: 'tcp', code: 'REFUSED' });
    expect(report.connect?.diagnosis?.likelyCauses.join(' ')).toMatch(/IEC 104 controlled station service is not running/);
    expect(report.connect?.diagnosis?.checks.join(' ')).toMatch(/check --sweep 127\.0\.0\.1/);
    expect(report.protocol).toEqual({ status: 'not-run', reason: 'the connection stage failed' });
    jsonable(report);
  });

  it('timed out: a listener whose accept queue is full', async () => {
    const stalled = await startStalledListener();
    try {
      const report = await checkConnectivity(tcpTarget(stalled.port, { connectTimeoutMs: 300 }));
      expect(report.connect?.outcome).toBe('timed-out');
      expect(report.failure?.code).toBe('TIMEOUT');
      expect(report.connect?.diagnosis?.likelyCauses[0]).toMatch(/firewall drops the packets: no rule allows TCP \d+/);
    } finally {
      stalled.close();
    }
  });

  it('closed right after accept: the RTU is at its limit of concurrent masters', async () => {
    const limited = await serveSessions({ endpoint: { kind: 'tcp', port: 0 }, createSession: () => new ScriptedSession(), maxConnections: 0 });
    try {
      const report = await checkConnectivity(tcpTarget(limited.port));
      expect(report.connect?.outcome).toBe('closed-after-accept');
      expect(report.failure).toMatchObject({ stage: 'tcp', code: 'CLOSED_AFTER_ACCEPT' });
      expect(report.connect?.diagnosis?.likelyCauses.join(' ')).toMatch(/limit on concurrent masters/);
    } finally {
      await limited.close();
    }
  });

  it('hands a reachable target to the protocol probe and keeps its result; a throwing probe is a failure', async () => {
    const seen: string[] = [];
    const report = await checkConnectivity(tcpTarget(server.port), {
      settleMs: 50,
      protocolProber: async ({ endpoint }) => {
        seen.push(`${endpoint.kind}:${endpoint.kind === 'serial' ? endpoint.line.path : endpoint.port}`);
        return { status: 'passed', protocol: 'dnp3', steps: [{ name: 'REQUEST_LINK_STATUS', ok: true, durationMs: 3 }], problems: [] };
      },
    });
    expect(seen).toEqual([`tcp:${server.port}`]);
    expect(report.protocol).toMatchObject({ status: 'passed', steps: [{ name: 'REQUEST_LINK_STATUS' }] });
    const failed = await checkConnectivity(tcpTarget(server.port), {
      settleMs: 50,
      protocolProber: () => Promise.reject(new Error('no link status answer')),
    });
    expect(failed.failure).toMatchObject({ stage: 'protocol', code: 'PROBE_FAILED', message: expect.stringContaining('no link status answer') });
  });
});

describe('connectivity check over UDP on loopback', () => {
  it('a UDP service that is there: no ICMP error, not applicable at the connection level', async () => {
    const server = await serveSessions({ endpoint: { kind: 'udp', port: 0 }, createSession: () => new ScriptedSession() });
    try {
      const report = await checkConnectivity({ ...tcpTarget(server.port), transport: 'udp' }, { udpWaitMs: 200 });
      expect(report.connect).toMatchObject({ outcome: 'not-applicable', note: expect.stringContaining('connectionless') });
      expect(report.failure).toBeNull();
    } finally {
      await server.close();
    }
  });

  it('a closed UDP port answers ICMP port unreachable: refused', async () => {
    const report = await checkConnectivity({ ...tcpTarget(await freePort()), transport: 'udp' }, { udpWaitMs: 500 });
    expect(report.connect?.outcome).toBe('refused');
    expect(report.failure?.code).toBe('REFUSED');
    expect(report.summary).toMatch(/\/udp: udp failed: REFUSED/);
    expect(report.connect?.diagnosis?.likelyCauses).toContain('A firewall rejects the datagrams actively (ICMP port unreachable) instead of dropping them');
  });
});

describe('connectivity check with TLS', () => {
  let pki: TestPki;
  beforeAll(() => {
    pki = makeTestPki();
  });
  afterAll(() => pki.cleanup());

  const tlsServer = (cert: CertPair): Promise<SessionServer> =>
    serveSessions({
      endpoint: { kind: 'tls', port: 0, caFile: pki.ca.cert, certFile: cert.cert, keyFile: cert.key },
      createSession: () => new EchoSession(),
    });
  const tlsTarget = (port: number, extra: Partial<NonNullable<ConnectivityTarget['tls']>> = {}, host = '127.0.0.1'): ConnectivityTarget => ({
    ...tcpTarget(port, { protocol: 'iec104', host }),
    tls: { caFile: pki.ca.cert, certFile: pki.client.cert, keyFile: pki.client.key, ...extra },
  });

  for (const version of ['TLSv1.2', 'TLSv1.3'] as const) {
    it(`reports version, cipher, peer certificate and client certificate acceptance (${version})`, async () => {
      const server = await tlsServer(pki.server);
      try {
        const report = await checkConnectivity(tlsTarget(server.port, { minVersion: version, maxVersion: version }), { settleMs: 200 });
        expect(report.failure).toBeNull();
        expect(report.tls).toMatchObject({
          ok: true,
          protocol: version,
          cipher: expect.stringMatching(/^TLS_/),
          peerCertificate: { subject: 'CN=localhost', issuer: 'CN=Switchyard Test CA', subjectAltName: expect.stringContaining('IP Address:127.0.0.1') },
          clientCertificateAccepted: true,
          clientCertificateEvidence: version === 'TLSv1.2' ? 'handshake' : 'session-ticket',
        });
        expect(report.tls?.peerCertificate?.daysToExpiry).toBeGreaterThan(360);
        expect(report.summary).toContain(version);
        jsonable(report);
      } finally {
        await server.close();
      }
    });
  }

  const failures: Array<[string, () => CertPair, string, RegExp]> = [
    ['expired', () => pki.serverExpired, 'TLS_CERT_EXPIRED', /expired on \d{4}-/],
    ['not yet valid', () => pki.serverNotYetValid, 'TLS_CERT_NOT_YET_VALID', /valid only from \d{4}-/],
    ['from an unknown CA', () => pki.serverOtherCa, 'TLS_UNKNOWN_CA', /issued by CN=Untrusted Test CA/],
    ['for another name', () => pki.serverWrongName, 'TLS_NAME_MISMATCH', /it names DNS:rtu-9\.example/],
  ];
  for (const [what, cert, code, cause] of failures) {
    it(`names a server certificate ${what} (${code}) and still shows the certificate`, async () => {
      const server = await tlsServer(cert());
      try {
        const report = await checkConnectivity(tlsTarget(server.port));
        expect(report.connect?.outcome).toBe('connected');
        expect(report.failure).toMatchObject({ stage: 'tls', code });
        expect(report.tls?.peerCertificate?.issuer).toMatch(/Test CA/);
        expect(report.tls?.diagnosis?.likelyCauses[0]).toMatch(cause);
        expect(report.protocol.status).toBe('not-run');
      } finally {
        await server.close();
      }
    });
  }

  it('a port that does not speak TLS: connected at TCP, TLS_HANDSHAKE at TLS', async () => {
    const plain = await serveSessions({ endpoint: { kind: 'tcp', port: 0 }, createSession: () => new ScriptedSession() });
    try {
      const report = await checkConnectivity({ ...tlsTarget(plain.port), connectTimeoutMs: 300 });
      expect(report.connect?.outcome).toBe('connected');
      expect(report.failure).toMatchObject({ stage: 'tls', code: 'TLS_HANDSHAKE' });
      expect(report.tls?.diagnosis?.likelyCauses).toContain('The port does not speak TLS');
    } finally {
      await plain.close();
    }
  });

  it('no TLS version in common (an RTU limited to TLS 1.2, we require 1.3): TLS_HANDSHAKE naming the version', async () => {
    const rtu = createTlsServer({ cert: readFileSync(pki.server.cert), key: readFileSync(pki.server.key), maxVersion: 'TLSv1.2' });
    rtu.on('tlsClientError', () => undefined);
    await new Promise<void>((resolve) => rtu.listen(0, '127.0.0.1', resolve));
    try {
      const report = await checkConnectivity(tlsTarget((rtu.address() as AddressInfo).port, { minVersion: 'TLSv1.3' }));
      expect(report.connect?.outcome).toBe('connected');
      expect(report.failure).toMatchObject({ stage: 'tls', code: 'TLS_HANDSHAKE' });
      expect(report.failure?.message).toMatch(/protocol version/i);
      expect(report.tls).toMatchObject({ ok: false, peerCertificate: null });
      expect(report.tls?.diagnosis?.likelyCauses[0]).toMatch(/No TLS version or cipher suite in common/);
    } finally {
      await new Promise((resolve) => rtu.close(resolve));
    }
  });

  for (const version of ['TLSv1.2', 'TLSv1.3'] as const) {
    it(`our client certificate rejected by an OpenSSL RTU (${version}): TLS_CLIENT_CERT_REJECTED, accepted false`, async () => {
      const server = await startOpensslServer(await freePort(), pki.server, pki.ca.cert);
      try {
        const report = await checkConnectivity(
          tlsTarget(server.port, { certFile: pki.clientOtherCa.cert, keyFile: pki.clientOtherCa.key, maxVersion: version }),
        );
        expect(report.failure).toMatchObject({ stage: 'tls', code: 'TLS_CLIENT_CERT_REJECTED' });
        expect(report.failure?.message).toContain('alert 48: unknown ca');
        expect(report.tls).toMatchObject({ ok: false, clientCertificateAccepted: false });
      } finally {
        server.stop();
      }
    });

    it(`our client certificate rejected without an alert by a Node-based RTU (${version}): TLS_CLIENT_CERT_REJECTED at TLS, not CLOSED_AFTER_ACCEPT`, async () => {
      const server = await tlsServer(pki.server);
      try {
        const report = await checkConnectivity(tlsTarget(server.port, { certFile: pki.clientOtherCa.cert, keyFile: pki.clientOtherCa.key, maxVersion: version }), { settleMs: 300 });
        expect(report.connect?.outcome).toBe('connected');
        expect(report.failure).toMatchObject({ stage: 'tls', code: 'TLS_CLIENT_CERT_REJECTED' });
        expect(report.tls).toMatchObject({ ok: false, clientCertificateAccepted: false, diagnosis: { code: 'TLS_CLIENT_CERT_REJECTED' } });
        expect(report.tls?.diagnosis?.likelyCauses[0]).toMatch(/does not trust our client certificate/);
        expect(report.summary).toMatch(/tls failed: TLS_CLIENT_CERT_REJECTED/);
        expect(report.summary).not.toMatch(/CLOSED_AFTER_ACCEPT|limit/);
        expect(report.protocol.status).toBe('not-run');
      } finally {
        await server.close();
      }
    });
  }

  it('a TLS RTU at its limit of masters closes before answering our hello: CLOSED_AFTER_ACCEPT at TCP, not a rejected certificate', async () => {
    const server = await serveSessions({
      endpoint: { kind: 'tls', port: 0, caFile: pki.ca.cert, certFile: pki.server.cert, keyFile: pki.server.key },
      createSession: () => new EchoSession(),
      maxConnections: 0,
    });
    try {
      const report = await checkConnectivity(tlsTarget(server.port), { settleMs: 300 });
      expect(report.connect?.outcome).toBe('closed-after-accept');
      expect(report.failure).toMatchObject({ stage: 'tcp', code: 'CLOSED_AFTER_ACCEPT' });
      expect(report.tls?.clientCertificateAccepted).toBeNull();
    } finally {
      await server.close();
    }
  });
});

describe('port sweep on loopback', () => {
  it('tells open, closed and filtered TCP ports and closed / answering UDP ports apart', async () => {
    const tcp = await serveSessions({ endpoint: { kind: 'tcp', port: 0 }, createSession: () => new ScriptedSession() });
    const udp = await serveSessions({ endpoint: { kind: 'udp', port: 0 }, createSession: () => new EchoSession() });
    const stalled = await startStalledListener();
    const closedTcp = await freePort();
    const closedUdp = await freePort();
    try {
      const report = await sweepPorts('127.0.0.1', {
        connectTimeoutMs: 300,
        udpWaitMs: 300,
        ports: [
          { port: tcp.port, transport: 'tcp', service: 'dnp3' },
          { port: closedTcp, transport: 'tcp', service: 'iec104' },
          { port: stalled.port, transport: 'tcp', service: 'iec104-tls' },
          { port: udp.port, transport: 'udp', service: 'dnp3' },
          { port: closedUdp, transport: 'udp', service: 'dnp3' },
        ],
      });
      expect(report.ports.map((p) => [p.port, p.transport, p.state])).toEqual([
        [tcp.port, 'tcp', 'open'],
        [closedTcp, 'tcp', 'closed'],
        [stalled.port, 'tcp', 'filtered'],
        [udp.port, 'udp', 'open'],
        [closedUdp, 'udp', 'closed'],
      ]);
      expect(report.ports[1]?.diagnosis?.code).toBe('REFUSED');
      jsonable(report);
    } finally {
      stalled.close();
      await tcp.close();
      await udp.close();
    }
  });
});

const skipNetns = netnsUnavailable();
if (skipNetns) console.warn(`skipping network-namespace connectivity tests: ${skipNetns}`);

describe.skipIf(skipNetns !== null)('connectivity check inside a test network namespace', () => {
  it('classifies timed out, host unreachable, network unreachable and DNS failure; sweeps the standard ports', () => {
    const netns = createTestNetns();
    try {
      const target = (host: string, port: number): ConnectivityTarget => ({ protocol: 'dnp3', host, port, transport: 'tcp', connectTimeoutMs: 500 });
      const { checks, sweep } = netns.runScript<{ checks: ConnectivityReport[]; sweep: PortSweepReport }>(
        'test/integration/commissioning/helpers/netns-check.ts',
        [
          target(NETNS_ADDRESSES.silent, 20000),
          target(NETNS_ADDRESSES.hostUnreachable, 2404),
          target(NETNS_ADDRESSES.networkUnreachable, 19998),
          target('rtu-7.invalid', 20000),
        ],
      );
      expect(checks.map((c) => [c.connect?.outcome, c.failure?.stage, c.failure?.code])).toEqual([
        ['timed-out', 'tcp', 'TIMEOUT'],
        ['host-unreachable', 'tcp', 'HOST_UNREACHABLE'],
        ['network-unreachable', 'tcp', 'NETWORK_UNREACHABLE'],
        ['dns-failure', 'dns', 'DNS'],
      ]);
      expect(checks[0]?.connect?.diagnosis?.checks[0]).toMatch(/Firewall rules for TCP 20000 from this host/);
      expect(checks[3]?.dns).toMatchObject({ ok: false, diagnosis: { likelyCauses: [expect.stringContaining('rtu-7.invalid')] } });
      expect(sweep.ports.map((p) => `${p.port}/${p.transport} ${p.state}`)).toEqual([
        '20000/tcp open',
        '20000/udp closed',
        '2404/tcp open',
        '19998/tcp closed',
      ]);
    } finally {
      netns.destroy();
    }
  });
});
