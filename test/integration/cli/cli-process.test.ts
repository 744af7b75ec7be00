import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestPki, type TestPki } from '../transport/helpers/test-pki';
import { startStalledListener } from '../transport/helpers/stalled-listener';
import { runProcess, startProcess } from './helpers/cli-process';

let pki: TestPki;
beforeAll(() => {
  pki = makeTestPki();
});
afterAll(() => pki.cleanup());

function tlsUrl(scheme: string, port: number, query: string): string {
  return `${scheme}://127.0.0.1:${port}?${query}&ca-file=${pki.ca.cert}&cert=${pki.client.cert}&key=${pki.client.key}`;
}

describe('the CLI as a process', () => {
  it('exits 0 for --version and 2 with one line for an unknown command', async () => {
    expect((await runProcess(['--version'])).code).toBe(0);
    const unknown = await runProcess(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('runs sim dnp3 until SIGINT, printing its URL, and polls it', async () => {
    const sim = await startProcess(['sim', 'dnp3', '--port', '0', '--points', '2']);
    try {
      const url = /(dnp3:\/\/\S+)/.exec(sim.firstLine)![1]!;
      expect(url).toMatch(/^dnp3:\/\/127\.0\.0\.1:\d+\?master=1&outstation=10$/);
      const poll = await runProcess(['poll', url, '--json']);
      expect(poll.code).toBe(0);
      expect((JSON.parse(poll.stdout) as unknown[]).length).toBe(14);
    } finally {
      expect(await sim.interrupt()).toBe(0);
    }
  });

  it('serves IEC 104 over TLS with sim --tls and polls it with iec104+tls://', async () => {
    const sim = await startProcess(['sim', 'iec104', '--tls', '--port', '0', '--ca-file', pki.ca.cert, '--cert', pki.server.cert, '--key', pki.server.key]);
    try {
      const port = Number(/:(\d+)\?/.exec(sim.firstLine)![1]);
      expect(sim.firstLine).toContain('iec104+tls://');
      const poll = await runProcess(['poll', tlsUrl('iec104+tls', port, 'ca=1')]);
      expect(poll.code).toBe(0);
      expect(poll.stdout).toMatch(/points in/);
    } finally {
      await sim.interrupt();
    }
  });

  it('exits 4 naming the TLS failure for an expired server certificate', async () => {
    const sim = await startProcess(['sim', 'dnp3', '--tls', '--port', '0', '--ca-file', pki.ca.cert, '--cert', pki.serverExpired.cert, '--key', pki.serverExpired.key]);
    try {
      const port = Number(/:(\d+)\?/.exec(sim.firstLine)![1]);
      const poll = await runProcess(['poll', tlsUrl('dnp3+tls', port, 'outstation=10'), '--timeout', '2']);
      expect(poll.code).toBe(4);
      expect(poll.stderr).toMatch(/TLS failure \(TLS_CERT_EXPIRED\)/);
    } finally {
      await sim.interrupt();
    }
  });

  it('exits 4 naming TLS_CLIENT_CERT_REJECTED for a client certificate the sim refuses, and the sim prints why', async () => {
    const sim = await startProcess(['sim', 'iec104', '--tls', '--port', '0', '--ca-file', pki.ca.cert, '--cert', pki.server.cert, '--key', pki.server.key]);
    try {
      const port = Number(/:(\d+)\?/.exec(sim.firstLine)![1]);
      const url = `iec104+tls://127.0.0.1:${port}?ca=1&ca-file=${pki.ca.cert}&cert=${pki.clientOtherCa.cert}&key=${pki.clientOtherCa.key}`;
      const poll = await runProcess(['poll', url, '--timeout', '2']);
      expect(poll.code).toBe(4);
      expect(poll.stderr.trim()).toMatch(/^switchyard: TLS failure \(TLS_CLIENT_CERT_REJECTED\): TLS: the peer rejected our client certificate/);
      expect(poll.stderr).not.toMatch(/CLOSED_AFTER_ACCEPT|concurrent masters/);
      await waitUntil(() => /rejected TLS client from 127\.0\.0\.1:\d+: unknown CA \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\)/.test(sim.stderr()), 'the sim names the rejection');
    } finally {
      await sim.interrupt();
    }
  });

  it('exits 3 naming timed out for a listener that never accepts', async () => {
    const stalled = await startStalledListener();
    try {
      const poll = await runProcess(['poll', `iec104://127.0.0.1:${stalled.port}`, '--timeout', '1']);
      expect(poll.code).toBe(3);
      expect(poll.stderr).toMatch(/TIMEOUT.*timed out/);
    } finally {
      stalled.close();
    }
  });

  it('exits 3 from sim when the port is taken', async () => {
    const first = await startProcess(['sim', 'iec104', '--port', '0']);
    try {
      const port = /:(\d+)\?/.exec(first.firstLine)![1]!;
      const second = await runProcess(['sim', 'iec104', '--port', port]);
      expect(second.code).toBe(3);
      expect(second.stderr).toMatch(/cannot listen/);
    } finally {
      await first.interrupt();
    }
  });
});

/** Polls `check` until it holds (the child's output arrives asynchronously). */
async function waitUntil(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
