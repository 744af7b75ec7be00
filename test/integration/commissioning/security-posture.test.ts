/**
 * The security posture check against the built-in simulators on loopback, configured well
 * (no finding) and badly (one finding each).
 *
 * What this machine can verify: TLS 1.0 and 1.1 both ways (client and simulator lower
 * OpenSSL's security level to 0); weak TLS 1.2 suites with RSA key exchange and CBC/SHA-1.
 * Node's OpenSSL here has no RC4 or 3DES suites, so a device accepting those cannot be
 * simulated nor detected from this host (the report says so in its cipher-suite line).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SecurityReport } from '../../../src-shared/ipc/schemas/security';
import { runSecurityCheck, type SecurityCheckSettings } from '../../../src-main/commissioning/security';
import type { Simulator, SimulatorOptions } from '../../../src-main/commissioning/target/simulator';
import { parseTargetUrl } from '../../../src-main/commissioning/target/target-url';
import { closedPort, startSim } from '../cli/helpers/sims';
import { issueServerCert, makeTestPki, selfSignedServerCert, type CertPair, type TestPki } from '../transport/helpers/test-pki';

let pki: TestPki;
/** A port nothing listens on: the plain / TLS port of the well-configured stations. */
let nothing: number;
beforeAll(async () => {
  pki = makeTestPki();
  nothing = await closedPort();
});
afterAll(() => pki.cleanup());

/**
 * A well-configured device's TLS 1.2 suites: ECDHE with AEAD only (Node's default list
 * also has CBC suites, which the check rightly reports).
 */
const AEAD_SUITES = 'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384';

const tlsFiles = (server: CertPair = pki.server) => ({ caFile: pki.ca.cert, certFile: server.cert, keyFile: server.key });
const query = () => `ca-file=${encodeURIComponent(pki.ca.cert)}&cert=${encodeURIComponent(pki.client.cert)}&key=${encodeURIComponent(pki.client.key)}`;

/** Starts a simulator, runs the check against its URL (our client certificate when TLS), closes it. */
async function check(options: Omit<SimulatorOptions, 'port'>, settings: SecurityCheckSettings = {}): Promise<{ report: SecurityReport; sim: Simulator }> {
  const sim = await startSim({ rate: 0, points: 2, ...options });
  try {
    const url = options.tls ? `${sim.url}&${query()}` : sim.url;
    const target = parseTargetUrl(url);
    if (!target.ok) throw new Error(target.error.message);
    const result = await runSecurityCheck(target.value, { timeoutMs: 2000, plainPort: nothing, tlsPort: nothing, ...settings });
    if (!result.ok) throw new Error(result.error.message);
    expect(JSON.parse(JSON.stringify(result.value))).toEqual(result.value);
    return { report: result.value, sim };
  } finally {
    await sim.close();
  }
}

const codes = (r: SecurityReport): string[] => r.findings.map((f) => f.code);
const finding = (r: SecurityReport, code: string) => {
  const f = r.findings.find((x) => x.code === code);
  if (!f) throw new Error(`no ${code} among ${codes(r).join(', ')}`);
  expect(f.explanation.length).toBeGreaterThan(20);
  expect(f.fix.length).toBeGreaterThan(0);
  return f;
};

describe('security posture check: well configured', () => {
  it('IEC 104 over TLS 1.2/1.3 with mutual authentication, limit of one master: no finding', async () => {
    const { report } = await check({ protocol: 'iec104', tls: tlsFiles(), tlsCiphers: AEAD_SUITES, maxConnections: 1 });
    expect(report.reached).toBe(true);
    expect(codes(report)).toEqual([]);
    expect(report.counts).toEqual({ high: 0, medium: 0, low: 0, info: 0 });
    expect(report.summary).toMatch(/^iec104 127\.0\.0\.1:\d+\+tls: no findings$/);
    const passed = report.checks.filter((c) => c.outcome === 'passed').map((c) => c.name);
    expect(passed).toEqual(expect.arrayContaining(['TLS versions', 'certificate key', 'certificate validity', 'self-signed', 'certificate name', 'trusted by our CA file', 'cipher suites', 'client without certificate', 'simultaneous masters']));
    expect(report.checks.find((c) => c.name === 'TLS versions')?.detail).toBe('accepted: TLSv1.2, TLSv1.3; refused: TLSv1, TLSv1.1');
    expect(report.checks.find((c) => c.name === 'certificate key')?.detail).toBe('ec prime256v1');
  });

  it('DNP3 over TLS with Secure Authentication, ignoring other master addresses: no finding', async () => {
    const secureAuth = { user: 1, updateKey: new Uint8Array(32).fill(7), role: 'engineer' as const, aggressive: false };
    const { report } = await check({ protocol: 'dnp3', tls: tlsFiles(), tlsCiphers: AEAD_SUITES, secureAuth });
    expect(codes(report)).toEqual([]);
    expect(report.checks.find((c) => c.name === 'Secure Authentication')).toMatchObject({ outcome: 'passed', detail: expect.stringMatching(/answers a session key status request \(g120v5\)/) });
    expect(report.checks.find((c) => c.name === 'other master address')).toMatchObject({ outcome: 'passed', detail: expect.stringMatching(/from master 2 was ignored; master 1 is answered/) });
  });

  it('DNP3 over TLS without Secure Authentication: controls not protected is high', async () => {
    const { report } = await check({ protocol: 'dnp3', tls: tlsFiles(), tlsCiphers: AEAD_SUITES });
    expect(codes(report)).toEqual(['SA_NOT_PROTECTED']);
    expect(finding(report, 'SA_NOT_PROTECTED')).toMatchObject({ severity: 'high', message: expect.stringMatching(/refuses AUTHENTICATE_REQ \(IIN2\.0 NO_FUNC_CODE_SUPPORT\)/) });
  });
});

describe('security posture check: badly configured, one finding each', () => {
  it('a plain port open beside TLS (IEC 104 2404 beside 19998)', async () => {
    const sim = await startSim({ protocol: 'iec104', rate: 0, tls: tlsFiles(), tlsCiphers: AEAD_SUITES, plainPort: 0, maxConnections: 1 });
    try {
      const target = parseTargetUrl(`${sim.url}&${query()}`);
      if (!target.ok) throw new Error(target.error.message);
      const result = await runSecurityCheck(target.value, { timeoutMs: 2000, plainPort: sim.plainPort! });
      if (!result.ok) throw new Error(result.error.message);
      expect(codes(result.value)).toEqual(['PLAIN_PORT_OPEN']);
      expect(finding(result.value, 'PLAIN_PORT_OPEN')).toMatchObject({ severity: 'high', message: `plain IEC 104 answers on 127.0.0.1:${sim.plainPort} while 127.0.0.1:${sim.port} serves TLS` });
    } finally {
      await sim.close();
    }
  });

  it('a plain station whose TLS port answers, and one with no TLS at all', async () => {
    const tlsSim = await startSim({ protocol: 'iec104', rate: 0, tls: tlsFiles() });
    try {
      const { report } = await check({ protocol: 'iec104', maxConnections: 1 }, { tlsPort: tlsSim.port });
      expect(finding(report, 'PLAIN_WHILE_TLS_AVAILABLE').severity).toBe('high');
    } finally {
      await tlsSim.close();
    }
    const { report } = await check({ protocol: 'iec104', maxConnections: 1 });
    expect(codes(report)).toEqual(['NO_TLS']);
    expect(report.checks.find((c) => c.name.startsWith('cipher'))).toBeUndefined();
  });

  it('TLS 1.1 only: the old version is named, TLS 1.0 is not; its CBC/SHA-1 suites are found', async () => {
    const { report } = await check({ protocol: 'iec104', tls: tlsFiles(), tlsMinVersion: 'TLSv1.1', tlsMaxVersion: 'TLSv1.1', maxConnections: 1 });
    expect(finding(report, 'TLS_VERSION_OLD')).toMatchObject({ severity: 'high', message: 'the device accepts TLSv1.1' });
    expect(finding(report, 'TLS13_NOT_SUPPORTED').severity).toBe('info');
    expect(finding(report, 'TLS_CBC_SHA1_SUITE').message).toMatch(/over TLSv1\.1: .*TLS_ECDHE_\w+_CBC_SHA/);
    expect(report.checks.find((c) => c.name === 'TLS versions')?.detail).toBe('accepted: TLSv1.1; refused: TLSv1, TLSv1.2, TLSv1.3');
  });

  it('weak TLS 1.2 suites: RSA key exchange and CBC with SHA-1, each suite named', async () => {
    // RSA key exchange needs an RSA certificate
    const rsa = issueServerCert(pki, 'server-rsa', -1, 365, 2048);
    const { report } = await check({ protocol: 'iec104', tls: tlsFiles(rsa), tlsMaxVersion: 'TLSv1.2', tlsCiphers: 'AES128-SHA:ECDHE-RSA-AES128-GCM-SHA256', maxConnections: 1 });
    expect(finding(report, 'TLS_RSA_KEY_EXCHANGE')).toMatchObject({ severity: 'medium', message: 'the device accepts suites with RSA key exchange (no forward secrecy) over TLSv1.2: TLS_RSA_WITH_AES_128_CBC_SHA' });
    expect(finding(report, 'TLS_CBC_SHA1_SUITE').message).toMatch(/TLS_RSA_WITH_AES_128_CBC_SHA$/);
    expect(report.checks.find((c) => c.name === 'cipher suites')?.detail).toMatch(/^2 accepted over TLSv1\.2: (TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TLS_RSA_WITH_AES_128_CBC_SHA|TLS_RSA_WITH_AES_128_CBC_SHA, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)/);
    expect(codes(report).sort()).toEqual(['TLS13_NOT_SUPPORTED', 'TLS_CBC_SHA1_SUITE', 'TLS_RSA_KEY_EXCHANGE']);
  });

  it('a certificate expiring in 5 days (configurable warning: none at 3 days)', async () => {
    const soon = issueServerCert(pki, 'server-soon', -1, 5);
    const { report } = await check({ protocol: 'iec104', tls: tlsFiles(soon), tlsCiphers: AEAD_SUITES, maxConnections: 1 });
    expect(codes(report)).toEqual(['CERT_EXPIRING']);
    expect(finding(report, 'CERT_EXPIRING')).toMatchObject({ severity: 'medium', message: expect.stringMatching(/expires in [45] days/) });
    const { report: relaxed } = await check({ protocol: 'iec104', tls: tlsFiles(soon), tlsCiphers: AEAD_SUITES, maxConnections: 1 }, { expiryDays: 3 });
    expect(codes(relaxed)).toEqual([]);
  });

  it('an expired certificate is high', async () => {
    const { report } = await check({ protocol: 'iec104', tls: tlsFiles(pki.serverExpired), tlsCiphers: AEAD_SUITES, maxConnections: 1 });
    expect(finding(report, 'CERT_EXPIRED').severity).toBe('high');
    expect(finding(report, 'CERT_UNTRUSTED').message).toMatch(/CERT_HAS_EXPIRED/);
  });

  it('a self-signed certificate (which our CA file does not trust either)', async () => {
    const own = selfSignedServerCert(pki, 'server-self');
    const { report } = await check({ protocol: 'iec104', tls: tlsFiles(own), tlsCiphers: AEAD_SUITES, maxConnections: 1 });
    expect(finding(report, 'CERT_SELF_SIGNED').severity).toBe('medium');
    expect(finding(report, 'CERT_UNTRUSTED').severity).toBe('high');
    expect(codes(report).sort()).toEqual(['CERT_SELF_SIGNED', 'CERT_UNTRUSTED']);
  });

  it('an RSA 1024 key is high; RSA 2048 passes', async () => {
    const small = issueServerCert(pki, 'server-rsa1024', -1, 365, 1024);
    const { report } = await check({ protocol: 'iec104', tls: tlsFiles(small), tlsCiphers: `${AEAD_SUITES}:@SECLEVEL=0`, maxConnections: 1 });
    expect(codes(report)).toEqual(['WEAK_KEY']);
    expect(finding(report, 'WEAK_KEY')).toMatchObject({ severity: 'high', message: "the device's certificate key is rsa 1024 bits" });
    const fine = issueServerCert(pki, 'server-rsa2048', -1, 365, 2048);
    const { report: ok } = await check({ protocol: 'iec104', tls: tlsFiles(fine), tlsCiphers: AEAD_SUITES, maxConnections: 1 });
    expect(ok.checks.find((c) => c.name === 'certificate key')).toMatchObject({ outcome: 'passed', detail: 'rsa 2048 bits' });
  });

  it('a certificate that does not name the host', async () => {
    const { report } = await check({ protocol: 'iec104', tls: tlsFiles(pki.serverWrongName), tlsCiphers: AEAD_SUITES, maxConnections: 1 });
    expect(codes(report)).toEqual(['CERT_NAME_MISMATCH']);
    expect(finding(report, 'CERT_NAME_MISMATCH').message).toBe("the device's certificate does not name 127.0.0.1: it names DNS:rtu-9.example");
  });

  it('no client certificate required (no mutual authentication) is high', async () => {
    const { report } = await check({ protocol: 'iec104', tls: tlsFiles(), tlsCiphers: AEAD_SUITES, clientCertificate: false, maxConnections: 1 });
    expect(codes(report)).toEqual(['CLIENT_CERT_NOT_REQUIRED']);
    expect(finding(report, 'CLIENT_CERT_NOT_REQUIRED').severity).toBe('high');
  });

  it('a DNP3 outstation that answers any master address', async () => {
    const { report } = await check({ protocol: 'dnp3', anyMaster: true });
    expect(finding(report, 'ANY_MASTER_ANSWERED')).toMatchObject({ severity: 'medium', message: 'outstation 10 answered a read from master address 2; the configured master is 1' });
    expect(codes(report).sort()).toEqual(['ANY_MASTER_ANSWERED', 'NO_TLS', 'SA_NOT_PROTECTED']);
  });

  it('an IEC 104 station that starts data transfer with more masters than expected; at its limit it passes', async () => {
    const { report } = await check({ protocol: 'iec104', tls: tlsFiles(), tlsCiphers: AEAD_SUITES });
    expect(codes(report)).toEqual(['TOO_MANY_MASTERS']);
    expect(finding(report, 'TOO_MANY_MASTERS').message).toBe('the station started data transfer with 2 masters at once; it should accept at most 1');
    const { report: two } = await check({ protocol: 'iec104', tls: tlsFiles(), tlsCiphers: AEAD_SUITES, maxConnections: 2 }, { maxMasters: 2 });
    expect(two.checks.find((c) => c.name === 'simultaneous masters')).toMatchObject({ outcome: 'passed', detail: '2 of 3 simultaneous connections confirmed STARTDT (expected at most 2)' });
  });

  it('a station that accepts no connection is not reached, and nothing else is claimed', async () => {
    const target = parseTargetUrl(`iec104://127.0.0.1:${nothing}`);
    if (!target.ok) throw new Error(target.error.message);
    const result = await runSecurityCheck(target.value, { timeoutMs: 1000 });
    expect(result.ok && result.value).toMatchObject({ reached: false, findings: [], summary: expect.stringMatching(/not reached: .*ECONNREFUSED/) });
  });
});
