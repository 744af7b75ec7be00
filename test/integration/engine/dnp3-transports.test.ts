/**
 * The engine running a DNP3 station over each transport but plain TCP: UDP (with a command
 * through the command service, to its output status feedback), TLS with mutual
 * authentication, and listen mode, where the outstation simulator dials the master.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { StationConfigInput } from '../../../src-shared/workspace/station';
import { createDnp3Outstation } from '../../../src-main/protocols/dnp3';
import { serveSessions, SessionDriver, type Endpoint } from '../../../src-main/transport';
import { freePort } from '../transport/helpers/free-port';
import { makeTestPki } from '../transport/helpers/test-pki';
import { engineWith, readyWithPoints } from './helpers/engine-station';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** The simulator's default database: 70 points. */
const POINTS = 70;
const outstation = () => createDnp3Outstation({ epochOffsetMs: Date.now() - performance.now() });

async function serve(endpoint: Parameters<typeof serveSessions>[0]['endpoint']): Promise<number> {
  const server = await serveSessions({ endpoint, createSession: outstation });
  cleanups.push(() => server.close());
  return server.port;
}

async function station(transport: StationConfigInput['transport'], extra: Partial<StationConfigInput> = {}) {
  const { engine, close } = await engineWith({ id: 'rtu', name: 'RTU', protocol: 'dnp3', transport: { reconnectDelayMs: 100, ...transport }, ...extra });
  cleanups.push(close);
  return engine;
}

describe('engine with a DNP3 station', () => {
  it('over UDP: points arrive and a direct CROB reports operated and its output status feedback', async () => {
    const port = await serve({ kind: 'udp', host: '127.0.0.1', port: 0 });
    const engine = await station(
      { kind: 'udp', host: '127.0.0.1', port },
      { commands: [{ address: 'bo:1', mode: 'direct', actions: ['on', 'off'] }] },
    );
    const points = await readyWithPoints(engine, 'rtu', POINTS);
    expect(points.some((p) => p.address === 'ai:0')).toBe(true);
    const state = await engine.commands.start({ name: 'eng', role: 'engineer' }, { station: 'rtu', address: 'bo:1', action: { action: 'on' } }, false);
    expect(state).toMatchObject({ result: 'SUCCESS', ok: true, done: true, feedback: { value: true } });
    expect(state.stages.map((s) => s.stage)).toEqual(['request', 'operate', 'operated', 'feedback', 'done']);
  });

  it('over TLS with mutual authentication', async () => {
    const pki = makeTestPki();
    cleanups.push(() => pki.cleanup());
    const port = await serve({ kind: 'tls', host: '127.0.0.1', port: 0, caFile: pki.ca.cert, certFile: pki.server.cert, keyFile: pki.server.key });
    const engine = await station({
      kind: 'tls',
      host: '127.0.0.1',
      port,
      tls: { caFile: pki.ca.cert, certFile: pki.client.cert, keyFile: pki.client.key, servername: 'localhost' },
    });
    await readyWithPoints(engine, 'rtu', POINTS);
    expect(engine.stations.get('rtu')?.state).toBe('ready');
  });

  it('in listen mode: the outstation simulator dials the master', async () => {
    const port = await freePort();
    const engine = await station({ kind: 'tcp-listen', host: '127.0.0.1', port });
    const endpoint: Endpoint = { kind: 'tcp', host: '127.0.0.1', port, connectTimeoutMs: 1000 };
    const dialer = new SessionDriver({ session: outstation(), endpoints: endpoint, backoff: { initialMs: 50, maxMs: 200 }, stopGraceMs: 50 });
    cleanups.push(() => dialer.stop());
    dialer.start();
    await readyWithPoints(engine, 'rtu', POINTS);
  });
});
