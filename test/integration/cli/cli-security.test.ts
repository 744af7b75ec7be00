/**
 * `security <url>`: exit 0 without a finding of high severity, 4 with one, 3 when the
 * station cannot be reached, 2 on usage errors; severity by word in the text output.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SecurityReport } from '../../../src-shared/ipc/schemas/security';
import type { Simulator } from '../../../src-main/commissioning/target/simulator';
import { COMMANDS } from '../../../src-main/host/cli/commands';
import { EXIT } from '../../../src-main/host/cli/exit-codes';
import { makeTestPki, type TestPki } from '../transport/helpers/test-pki';
import { runCommand } from './helpers/cli-run';
import { closedPort, startSim } from './helpers/sims';

const AEAD = 'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384';
let pki: TestPki;
let nothing: number;
let good: Simulator;
let open: Simulator;
const url = (sim: Simulator): string => `${sim.url}&ca-file=${pki.ca.cert}&cert=${pki.client.cert}&key=${pki.client.key}`;
const ports = (): string[] => ['--plain-port', String(nothing), '--tls-port', String(nothing), '--timeout', '2'];

beforeAll(async () => {
  pki = makeTestPki();
  nothing = await closedPort();
  const tls = { caFile: pki.ca.cert, certFile: pki.server.cert, keyFile: pki.server.key };
  good = await startSim({ protocol: 'iec104', rate: 0, tls, tlsCiphers: AEAD, maxConnections: 1 });
  open = await startSim({ protocol: 'iec104', rate: 0, tls, tlsCiphers: AEAD, maxConnections: 1, clientCertificate: false });
});
afterAll(async () => {
  await good.close();
  await open.close();
  pki.cleanup();
});

describe('security', () => {
  it('exit 0 for a well configured station; --json prints the report', async () => {
    const run = await runCommand(COMMANDS, ['security', url(good), '--json', ...ports()]);
    expect(run.code).toBe(EXIT.OK);
    const report = JSON.parse(run.stdout[0]!) as SecurityReport;
    expect(report).toMatchObject({ kind: 'security', reached: true, findings: [], counts: { high: 0, medium: 0, low: 0, info: 0 } });
  });

  it('exit 4 with a finding of high severity, named by word and mark with why and fix', async () => {
    const run = await runCommand(COMMANDS, ['security', url(open), ...ports()]);
    expect(run.code).toBe(EXIT.PROTOCOL);
    expect(run.stdout[0]).toMatch(/^iec104 127\.0\.0\.1:\d+\+tls: 1 high$/);
    expect(run.stdout).toContain('findings:');
    const at = run.stdout.findIndex((l) => l.startsWith('!!! HIGH   CLIENT_CERT_NOT_REQUIRED: '));
    expect(at).toBeGreaterThan(0);
    expect(run.stdout[at + 1]).toMatch(/^ {11}why: IEC 62351-3 requires mutual authentication/);
    expect(run.stdout[at + 2]).toMatch(/^ {11}fix: Require and verify client certificates/);
    expect(run.stdout.some((l) => /^ {2}FOUND client without certificate/.test(l))).toBe(true);
  });

  it('a medium finding alone still exits 0 (a certificate within --expiry-days 400)', async () => {
    const run = await runCommand(COMMANDS, ['security', url(good), '--json', ...ports(), '--expiry-days', '400']);
    expect(run.code).toBe(EXIT.OK);
    expect((JSON.parse(run.stdout[0]!) as SecurityReport).findings.map((f) => [f.code, f.severity])).toEqual([['CERT_EXPIRING', 'medium']]);
  });

  it('exit 3 when the station accepts no connection', async () => {
    const run = await runCommand(COMMANDS, ['security', `iec104://127.0.0.1:${nothing}`, '--timeout', '1']);
    expect(run.code).toBe(EXIT.CONNECTION);
    expect(run.stderr[0]).toMatch(/^switchyard: security: iec104 127\.0\.0\.1:\d+: not reached: .*ECONNREFUSED/);
  });

  it.each([
    [['security', 'modbus://127.0.0.1'], "bad URL 'modbus://127.0.0.1': scheme must be one of dnp3, dnp3+udp, dnp3+tls, dnp3+serial, iec104, iec104+tls"],
    [['security', 'iec104://127.0.0.1', '--max-masters', '0'], "--max-masters must be a whole number 1-16, got '0'"],
    [['security', 'dnp3+udp://127.0.0.1'], 'security: NOT_CHECKABLE: the posture check covers TCP and TLS stations; DNP3 over UDP has no connection to examine'],
    [['sim', 'iec104', '--plain-port', '2404'], 'sim: --plain-port needs --tls'],
    [['sim', 'iec104', '--any-master'], 'sim: --any-master is for DNP3'],
    [['sim', 'dnp3', '--tls', '--ca-file', 'a', '--cert', 'b', '--key', 'c', '--tls-min-version', 'SSLv3'], "sim: --tls-min-version must be one of TLSv1, TLSv1.1, TLSv1.2, TLSv1.3, got 'SSLv3'"],
  ])('usage error %j', async (argv, reason) => {
    const run = await runCommand(COMMANDS, argv);
    expect(run.code).toBe(EXIT.USAGE);
    expect(run.stderr).toEqual([`switchyard: ${reason}`]);
  });
});
