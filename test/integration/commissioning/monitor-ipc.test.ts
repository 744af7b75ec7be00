/**
 * The passive monitor through the real IPC router: engineers only; malformed addresses
 * and addresses beyond loopback refused until an administrator lists one in the
 * `monitorBindAddresses` preference; a relay to the demo's DNP3 simulator pushing its
 * frames (with field trees) and the values a poll through it carried, to engineers only;
 * start and stop in the event log; running relays closed when the engine stops.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload } from '../../../src-shared/ipc/contract';
import { createEngine, type Engine } from '../../../src-main/engine';
import { pollCommand } from '../../../src-main/host/cli/commands/poll';
import { createClientContext, type ClientContext } from '../../../src-main/ipc/client-context';
import { createEventHub } from '../../../src-main/ipc/event-hub';
import { createHandlers } from '../../../src-main/ipc/handlers';
import { createRouter, type Router } from '../../../src-main/ipc/router';
import { runCommand } from '../cli/helpers/cli-run';
import { routerCalls } from '../helpers/router-calls';
import { until } from '../helpers/until';

let dir: string;
let engine: Engine;
let router: Router;
const hub = createEventHub();
const { call, value } = routerCalls(() => router);
const updates: Array<{ to: ClientContext; update: EventPayload<'monitor.update'> }> = [];
function client(): ClientContext {
  const c = createClientContext('headless');
  hub.attach(c, (name, payload) => {
    if (name === 'monitor.update') updates.push({ to: c, update: payload as EventPayload<'monitor.update'> });
  });
  return c;
}
const admin = client();
const viewer = client();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sy-monitor-it-'));
  engine = await createEngine({ dataDir: dir, publish: hub.publisher, log: () => undefined });
  router = createRouter(createHandlers(engine, { name: 'Switchyard', version: 'test', host: 'headless', platform: process.platform }), () => undefined);
  await value(admin, 'session.setupAdmin', { name: 'admin', password: 'admin-pass-1' });
  await value(admin, 'users.create', { name: 'view', role: 'viewer', password: 'view-pass-1' });
  await value(viewer, 'session.login', { name: 'view', password: 'view-pass-1' });
});
afterAll(async () => {
  await engine?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const refused = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port }, () => {
      s.destroy();
      resolve(false);
    });
    s.on('error', () => resolve(true));
  });

describe('monitor.*', () => {
  it('is for engineers, and checks the addresses', async () => {
    expect(await call(viewer, 'monitor.start', { listen: '127.0.0.1:0', forward: '127.0.0.1:20000' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await call(viewer, 'monitor.list', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await call(admin, 'monitor.start', { listen: 'localhost', forward: '127.0.0.1:20000' })).toMatchObject({ ok: false, error: { code: 'BAD_ADDRESS' } });
    expect(await call(admin, 'monitor.start', { listen: '127.0.0.1:0', forward: '127.0.0.1:0' })).toMatchObject({ ok: false, error: { code: 'BAD_ADDRESS', message: "forward: '127.0.0.1:0' has port 0: use 1-65535" } });
  });

  it('listens beyond loopback only on an address the administrator allowed', async () => {
    const forward = '127.0.0.1:20000';
    expect(await call(admin, 'monitor.start', { listen: '0.0.0.0:0', forward })).toMatchObject({ ok: false, error: { code: 'BIND_NOT_ALLOWED' } });
    // an address not written as loopback, yet bound to loopback only (tests stay off the network)
    const mapped = '::ffff:127.0.0.1';
    expect(await call(admin, 'monitor.start', { listen: `[${mapped}]:0`, forward })).toMatchObject({ ok: false, error: { code: 'BIND_NOT_ALLOWED' } });
    const preferences = engine.workspace.workspace.preferences;
    await value(admin, 'workspace.setPreferences', { preferences: { ...preferences, monitorBindAddresses: [mapped] } });
    const status = await value(admin, 'monitor.start', { listen: `[${mapped}]:0`, forward });
    expect(status.listen).toMatch(/^\[::ffff:127\.0\.0\.1\]:\d+$/);
    expect(status.protocol).toBe('dnp3'); // by the forward port
    await value(admin, 'monitor.stop', { id: status.id });
    await value(admin, 'workspace.setPreferences', { preferences });
  });

  it('relays a poll to the demo DNP3 station and pushes its frames and values to engineers', async () => {
    const station = engine.workspace.workspace.stations.find((s) => s.protocol === 'dnp3')!;
    if (station.transport.kind === 'serial') throw new Error('the demo DNP3 station is on TCP');
    const forward = `127.0.0.1:${station.transport.port}`;
    const status = await value(admin, 'monitor.start', { listen: '127.0.0.1:0', forward, protocol: 'auto' });
    expect(status).toMatchObject({ state: 'running', startedBy: 'admin', protocol: null, connections: [] });
    const port = Number(status.listen.split(':')[1]);
    const poll = await runCommand([pollCommand], ['poll', `dnp3://127.0.0.1:${port}?outstation=${station.dnp3.outstationAddress}&master=${station.dnp3.masterAddress}`, '--json']);
    expect(poll.code, poll.stderr.join('\n')).toBe(0);
    const polled = JSON.parse(poll.stdout.join('')) as Array<{ ref: string; value: unknown }>;
    const mine = (): Array<EventPayload<'monitor.update'>> => updates.filter((u) => u.update.status.id === status.id).map((u) => u.update);
    await until('the connection to close', () => mine().some((u) => u.status.connections[0]?.state === 'closed'));
    expect(updates.every((u) => u.to === admin)).toBe(true); // never to the viewer
    const frames = mine().flatMap((u) => u.frames);
    expect(frames.some((f) => f.direction === 'tx' && /READ/.test(f.summary))).toBe(true);
    expect(frames.some((f) => f.direction === 'rx' && /RESPONSE/.test(f.summary) && (f.fields?.length ?? 0) > 0)).toBe(true);
    const last = mine().at(-1)!.status;
    expect(last.protocol).toBe('dnp3'); // told by the first octets
    expect(last.connections[0]).toMatchObject({ state: 'closed', reason: 'CLOSED' });
    expect(last.connections[0]!.framesTx + last.connections[0]!.framesRx).toBe(frames.length);
    const seen = new Map(mine().flatMap((u) => u.values).map((v) => [v.ref, v.value]));
    for (const p of polled) expect(seen.get(p.ref), p.ref).toEqual(p.value);

    const stopped = await value(admin, 'monitor.stop', { id: status.id });
    expect(stopped.state).toBe('stopped');
    expect(await refused(port)).toBe(true);
    const log = await value(admin, 'events.query', { kinds: ['system'], text: `monitor ${status.id}` });
    expect(log.events.map((e) => e.message)).toEqual(
      expect.arrayContaining([expect.stringMatching(new RegExp(`^monitor ${status.id} started: relay 127\\.0\\.0\\.1:${port} -> ${forward}`)), `monitor ${status.id} stopped (1 connection(s) relayed)`]),
    );
  });

  it('names a connection it forwards without decoding', async () => {
    const echo = createServer((s) => s.pipe(s));
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    try {
      const status = await value(admin, 'monitor.start', { listen: '127.0.0.1:0', forward: `127.0.0.1:${(echo.address() as { port: number }).port}` });
      const got = await new Promise<string>((resolve) => {
        const s = connect({ host: '127.0.0.1', port: Number(status.listen.split(':')[1]) }, () => s.end('GET / HTTP/1.1\r\n\r\n'));
        let text = '';
        s.on('data', (c: Buffer) => (text += c.toString()));
        s.on('close', () => resolve(text));
      });
      expect(got).toBe('GET / HTTP/1.1\r\n\r\n'); // forwarded unchanged both ways
      const connection = await until('the note', () => updates.map((u) => u.update).filter((u) => u.status.id === status.id).at(-1)?.status.connections[0]?.undecoded);
      expect(connection).toBe('Forwarded, not decoded: its first octets are neither DNP3 (05 64) nor IEC 104 (68): forwarded, not decoded (give --protocol)');
      await value(admin, 'monitor.stop', { id: status.id });
    } finally {
      await new Promise<void>((resolve) => echo.close(() => resolve()));
    }
  });

  it('closes a running relay when the engine stops', async () => {
    const status = await value(admin, 'monitor.start', { listen: '127.0.0.1:0', forward: '127.0.0.1:20000' });
    const port = Number(status.listen.split(':')[1]);
    expect(await refused(port)).toBe(false);
    await engine.stop();
    expect(await refused(port)).toBe(true);
  });
});
