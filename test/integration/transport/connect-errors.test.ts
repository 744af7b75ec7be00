import { readlinkSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialTcp, SessionDriver, type LinkState } from '../../../src-main/transport';
import { freePort } from './helpers/free-port';
import { assertInsideTestNetns, createTestNetns, NETNS_ADDRESSES, netnsUnavailable, type TestNetns } from './helpers/netns';
import { startStalledListener, type StalledListener } from './helpers/stalled-listener';
import { ScriptedSession, waitFor } from './helpers/test-sessions';

describe('connection errors on loopback', () => {
  it('a closed port is REFUSED', async () => {
    const port = await freePort();
    const result = await dialTcp({ kind: 'tcp', host: '127.0.0.1', port, connectTimeoutMs: 1000 });
    expect(result.ok ? 'connected' : result.error).toMatchObject({ code: 'REFUSED', cause: 'ECONNREFUSED' });
  });

  it('a closed port on ::1 is REFUSED too', async () => {
    const port = await freePort();
    const result = await dialTcp({ kind: 'tcp', host: '::1', port, connectTimeoutMs: 1000 });
    expect(result.ok ? 'connected' : result.error.code).toMatch(/REFUSED|NETWORK_UNREACHABLE/);
  });

  describe('a listener whose accept queue is full', () => {
    let stalled: StalledListener;
    beforeAll(async () => {
      stalled = await startStalledListener();
    });
    afterAll(() => stalled.close());

    it('times out: TIMEOUT', async () => {
      const started = performance.now();
      const result = await dialTcp({ kind: 'tcp', host: '127.0.0.1', port: stalled.port, connectTimeoutMs: 300 });
      expect(result.ok ? 'connected' : result.error.code).toBe('TIMEOUT');
      expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    });

    it('the driver reports TIMEOUT and backs off', async () => {
      const states: LinkState[] = [];
      const driver = new SessionDriver({
        session: new ScriptedSession(),
        endpoints: { kind: 'tcp', host: '127.0.0.1', port: stalled.port, connectTimeoutMs: 200 },
        backoff: { initialMs: 10_000 },
        onState: (s) => states.push(s),
      });
      driver.start();
      await waitFor(() => states.some((s) => s.state === 'backoff'), 3000, 'backoff');
      expect(states.at(-1)).toMatchObject({ state: 'backoff', error: { code: 'TIMEOUT' }, retryInMs: 10_000 });
      await driver.stop();
    });
  });

  it('the driver cancels a pending connect on stop', async () => {
    const stalled = await startStalledListener();
    try {
      const states: string[] = [];
      const driver = new SessionDriver({
        session: new ScriptedSession(),
        endpoints: { kind: 'tcp', host: '127.0.0.1', port: stalled.port, connectTimeoutMs: 10_000 },
        onState: (s) => states.push(s.state),
      });
      driver.start();
      const started = performance.now();
      await driver.stop();
      expect(performance.now() - started).toBeLessThan(500);
      expect(states).toEqual(['connecting']);
    } finally {
      stalled.close();
    }
  });
});

const skipNetns = netnsUnavailable();
if (skipNetns) console.warn(`skipping network-namespace error tests: ${skipNetns}`);

describe.skipIf(skipNetns !== null)('connection errors inside a test network namespace', () => {
  let netns: TestNetns;
  beforeAll(() => {
    netns = createTestNetns();
  });
  afterAll(() => netns.destroy());

  it('refuses to dial the namespace addresses from the host network namespace', () => {
    const refusal = 'refusing to dial test-namespace addresses from the host network namespace';
    expect(() => assertInsideTestNetns()).toThrow(refusal);
    process.env.SWY_HOST_NETNS = readlinkSync('/proc/self/ns/net');
    try {
      expect(() => assertInsideTestNetns()).toThrow(refusal);
    } finally {
      delete process.env.SWY_HOST_NETNS;
    }
  });

  it('classifies silent drop, host unreachable, network unreachable and DNS failure', () => {
    const results = netns.runScript<Array<{ ok: boolean; code?: string; cause?: string | null }>>(
      'test/integration/transport/helpers/netns-dial.ts',
      [
        { host: NETNS_ADDRESSES.silent, port: 20000, connectTimeoutMs: 400 },
        { host: NETNS_ADDRESSES.hostUnreachable, port: 2404, connectTimeoutMs: 2000 },
        { host: NETNS_ADDRESSES.networkUnreachable, port: 19998, connectTimeoutMs: 2000 },
        { host: 'rtu-7.invalid', port: 20000, connectTimeoutMs: 5000 },
      ],
    );
    expect(results).toEqual([
      { ok: false, code: 'TIMEOUT', cause: null },
      { ok: false, code: 'HOST_UNREACHABLE', cause: 'EHOSTUNREACH' },
      { ok: false, code: 'NETWORK_UNREACHABLE', cause: 'ENETUNREACH' },
      { ok: false, code: 'DNS', cause: expect.stringMatching(/^(EAI_AGAIN|ENOTFOUND)$/) },
    ]);
  });
});
