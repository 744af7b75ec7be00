/**
 * Ad-hoc commissioning targets through the real IPC router: a connectivity check of a
 * target URL (as the CLI takes it) against the demo simulators on loopback and against a
 * closed loopback port, bad URLs refused naming the problem, and the port sweep of
 * 127.0.0.1; every result lands in the same history as station checks.
 */
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Engine } from '../../../src-main/engine';
import { createClientContext, type ClientContext } from '../../../src-main/ipc/client-context';
import { createEventHub } from '../../../src-main/ipc/event-hub';
import { type Router } from '../../../src-main/ipc/router';
import { routerCalls } from '../helpers/router-calls';
import { startRouterRig } from '../helpers/router-rig';

let dir: string;
let engine: Engine;
let router: Router;
const hub = createEventHub();

const { call, value } = routerCalls(() => router);
function client(): ClientContext {
  const c = createClientContext('headless');
  hub.attach(c, () => undefined);
  return c;
}

/** A loopback port that nothing listens on (bound once, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const admin = client();
const viewer = client();

beforeAll(async () => {
  ({ dir, engine, router } = await startRouterRig('sy-adhoc-it-', hub, admin, viewer));
});
afterAll(async () => {
  await engine?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('ad-hoc connectivity checks by URL', () => {
  it('checks the DNP3 and IEC 104 simulators by URL and keeps the records in the history', async () => {
    const ports = engine.demo!.ports;
    const dnp3 = await value(admin, 'commissioning.check', { url: ` dnp3://127.0.0.1:${ports.dnp3}?master=1&outstation=10 `, probes: 2 });
    expect(dnp3).toMatchObject({ kind: 'check', ok: true, station: null, user: 'admin' });
    expect(dnp3.target).toContain(`127.0.0.1:${ports.dnp3}`);
    expect(dnp3.report).toMatchObject({ kind: 'connectivity', failure: null, protocol: { status: 'passed', latency: { probes: 2 } } });
    const iec104 = await value(admin, 'commissioning.check', { url: `iec104://127.0.0.1:${ports.iec104}?ca=1`, probes: 1 });
    expect(iec104).toMatchObject({ ok: true, station: null, report: { protocol: { status: 'passed' } } });
    const history = await value(viewer, 'commissioning.history', {});
    expect(history.slice(0, 2).map((r) => r.id)).toEqual([iec104.id, dnp3.id]);
  });

  it('reports a refused connection on a closed loopback port as a failed check', async () => {
    const port = await closedPort();
    const record = await value(admin, 'commissioning.check', { url: `dnp3://127.0.0.1:${port}`, timeoutMs: 2000 });
    expect(record).toMatchObject({ ok: false, station: null, report: { failure: { stage: 'tcp', code: 'REFUSED' }, connect: { outcome: 'refused' } } });
    expect((await value(viewer, 'commissioning.history', {}))[0]!.id).toBe(record.id);
  });

  it('refuses bad URLs naming the problem, and viewers', async () => {
    expect(await call(admin, 'commissioning.check', { url: 'modbus://127.0.0.1' })).toMatchObject({ ok: false, error: { code: 'BAD_URL', message: expect.stringMatching(/scheme must be one of dnp3, dnp3\+udp, dnp3\+tls, dnp3\+serial, iec104, iec104\+tls/) } });
    expect(await call(admin, 'commissioning.check', { url: 'dnp3://127.0.0.1?outstation=70000' })).toMatchObject({ ok: false, error: { code: 'BAD_URL', message: expect.stringMatching(/outstation must be 0-65519, got '70000'/) } });
    expect(await call(admin, 'commissioning.check', { url: 'iec104+tls://127.0.0.1' })).toMatchObject({ ok: false, error: { code: 'BAD_URL', message: expect.stringMatching(/needs ca-file, cert and key/) } });
    const empty = await call(admin, 'commissioning.check', { url: '  ' });
    expect(empty.ok).toBe(false);
    expect(await call(viewer, 'commissioning.check', { url: 'dnp3://127.0.0.1' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('port sweep', () => {
  it('sweeps the standard ports of 127.0.0.1 and keeps it in the history', async () => {
    const record = await value(admin, 'commissioning.sweep', { host: '127.0.0.1' });
    expect(record).toMatchObject({ kind: 'sweep', station: null, target: '127.0.0.1', report: { kind: 'port-sweep', address: '127.0.0.1' } });
    const ports = (record.report as { ports: Array<{ port: number; transport: string; state: string }> }).ports;
    expect(ports.map((p) => `${p.port}/${p.transport}`)).toEqual(['20000/tcp', '20000/udp', '2404/tcp', '19998/tcp']);
    for (const p of ports) expect(['open', 'closed', 'open|filtered']).toContain(p.state);
    expect(record.ok).toBe(ports.some((p) => p.state === 'open'));
    expect((await value(viewer, 'commissioning.history', {}))[0]).toMatchObject({ id: record.id, kind: 'sweep' });
  });

  it('takes the host of a URL or a station, and refuses a URL given as a host', async () => {
    const fromUrl = await value(admin, 'commissioning.sweep', { url: 'iec104://127.0.0.1:2405?ca=3' });
    expect(fromUrl).toMatchObject({ target: '127.0.0.1', station: null });
    const fromStation = await value(admin, 'commissioning.sweep', { station: 'demo-dnp3' });
    expect(fromStation).toMatchObject({ target: '127.0.0.1', station: 'demo-dnp3' });
    expect(await call(admin, 'commissioning.sweep', { host: 'dnp3://127.0.0.1' })).toMatchObject({ ok: false, error: { code: 'BAD_HOST' } });
    expect(await call(admin, 'commissioning.sweep', { url: 'dnp3://' })).toMatchObject({ ok: false, error: { code: 'BAD_URL' } });
  });
});
