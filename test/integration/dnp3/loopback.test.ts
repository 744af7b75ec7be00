import { createServer, connect as netConnect, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Session, SessionEvent } from '../../../src-shared/session';
import { createDnp3Master, createDnp3Outstation, type Dnp3OutstationConfig } from '../../../src-main/protocols/dnp3';
import { serveSessions, SessionDriver, type Endpoint, type SessionServer } from '../../../src-main/transport';
import { makeTestPki } from '../transport/helpers/test-pki';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function until(cond: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function serve(endpoint: Parameters<typeof serveSessions>[0]['endpoint'], createSession: () => Session): Promise<SessionServer> {
  const server = await serveSessions({ endpoint, createSession });
  cleanups.push(() => server.close());
  return server;
}

function master(endpoint: Endpoint): { driver: SessionDriver; events: SessionEvent[] } {
  const events: SessionEvent[] = [];
  const epochOffsetMs = Date.now() - performance.now();
  const session = createDnp3Master({ epochOffsetMs });
  const driver = new SessionDriver({
    session,
    endpoints: endpoint,
    onEvent: (e) => events.push(e),
    backoff: { initialMs: 50, maxMs: 200 },
    stopGraceMs: 50,
  });
  cleanups.push(() => driver.stop());
  driver.start();
  return { driver, events };
}

const outstation = (extra: Dnp3OutstationConfig = {}): Session => createDnp3Outstation({ epochOffsetMs: Date.now() - performance.now() - 3_600_000, ...extra });
const ready = (events: SessionEvent[], n = 1) => () => events.filter((e) => e.type === 'state' && e.state === 'ready').length >= n;
const refs = (events: SessionEvent[]) => new Set(events.flatMap((e) => (e.type === 'points' ? e.updates.map((u) => u.ref) : [])));

async function exercise(endpoint: Endpoint): Promise<void> {
  const { driver, events } = master(endpoint);
  await until(ready(events));
  expect(refs(events).size).toBe(70);
  const ts = events.find((e) => e.type === 'timeSync');
  expect(ts).toMatchObject({ ok: true });
  driver.call({ op: 'command', command: { id: 'c', target: 'bo:1', action: { action: 'on' }, mode: 'sbo' } });
  await until(() => events.some((e) => e.type === 'command' && e.stage === 'done'));
  expect(events.filter((e) => e.type === 'command').map((e) => (e.type === 'command' ? e.stage : ''))).toEqual(['select', 'selected', 'operate', 'operated', 'feedback', 'done']);
  expect(events.find((e) => e.type === 'command' && e.stage === 'done')).toMatchObject({ result: 'SUCCESS', ok: true });
  await until(() => events.some((e) => e.type === 'points' && e.updates.some((u) => u.ref === 'bo:1' && u.isEvent && u.value === true)));
}

describe('DNP3 master against the simulator over loopback', () => {
  it('TCP: startup, integrity, time sync, SBO, unsolicited events', async () => {
    const server = await serve({ kind: 'tcp', host: '127.0.0.1', port: 0 }, () => outstation());
    await exercise({ kind: 'tcp', host: '127.0.0.1', port: server.port, connectTimeoutMs: 2000 });
  });

  it('UDP: the same exchange over datagrams', async () => {
    const server = await serve({ kind: 'udp', host: '127.0.0.1', port: 0 }, () => outstation());
    await exercise({ kind: 'udp', host: '127.0.0.1', port: server.port });
  });

  it('TLS with mutual authentication: the same exchange', async () => {
    const pki = makeTestPki();
    cleanups.push(() => pki.cleanup());
    const server = await serve({ kind: 'tls', host: '127.0.0.1', port: 0, caFile: pki.ca.cert, certFile: pki.server.cert, keyFile: pki.server.key }, () => outstation());
    await exercise({ kind: 'tls', host: '127.0.0.1', port: server.port, caFile: pki.ca.cert, certFile: pki.client.cert, keyFile: pki.client.key, servername: 'localhost' });
  });

  it('outstation restart: the master reconnects, clears DEVICE_RESTART and polls again', async () => {
    const first = await serveSessions({ endpoint: { kind: 'tcp', host: '127.0.0.1', port: 0 }, createSession: () => outstation() });
    const port = first.port;
    const { events } = master({ kind: 'tcp', host: '127.0.0.1', port, connectTimeoutMs: 2000 });
    await until(ready(events));
    await first.close();
    await until(() => events.some((e) => e.type === 'state' && e.state === 'stopped'));
    await serve({ kind: 'tcp', host: '127.0.0.1', port }, () => outstation());
    await until(ready(events, 2));
    const restarts = events.filter((e) => e.type === 'task' && e.name === 'clearRestart' && e.ok);
    expect(restarts).toHaveLength(2);
    const lastIin = events.filter((e) => e.type === 'iin').at(-1);
    expect(lastIin && lastIin.type === 'iin' && lastIin.words.includes('DEVICE_RESTART')).toBe(false);
  });

  it('disconnect mid-fragment: no event lost or duplicated across the reconnect', async () => {
    // one outstation device that outlives its TCP connections, flooding analog events
    const device = outstation({ counts: { ai: 50, bi: 0, dbi: 0, bo: 0, ao: 0, ctr: 0, fc: 0 }, flood: { eventsPerSecond: 20_000, tickMs: 5 }, eventBufferSize: 1_000_000 });
    const upstream = await serve({ kind: 'tcp', host: '127.0.0.1', port: 0 }, () => device);
    // a proxy that can cut the outstation -> master stream in the middle of a fragment
    let cutNext = false;
    let cuts = 0;
    const pairs = new Set<[Socket, Socket]>();
    const proxy: Server = createServer((down) => {
      const up = netConnect(upstream.port, '127.0.0.1');
      const pair: [Socket, Socket] = [down, up];
      pairs.add(pair);
      down.on('data', (d) => up.write(d));
      up.on('data', (d) => {
        if (cutNext && d.length > 300) {
          cutNext = false;
          cuts++;
          down.write(d.subarray(0, Math.floor(d.length / 2)), () => {
            down.destroy();
            up.destroy();
          });
          return;
        }
        down.write(d);
      });
      const end = () => {
        down.destroy();
        up.destroy();
        pairs.delete(pair);
      };
      down.on('close', end);
      up.on('close', end);
      down.on('error', end);
      up.on('error', end);
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise<void>((r) => { for (const [a, b] of pairs) { a.destroy(); b.destroy(); } proxy.close(() => r()); }));
    const port = (proxy.address() as { port: number }).port;
    const { events } = master({ kind: 'tcp', host: '127.0.0.1', port, connectTimeoutMs: 2000 });
    await until(ready(events));
    await new Promise((r) => setTimeout(r, 300));
    cutNext = true;
    await until(() => cuts === 1);
    await until(ready(events, 2));
    await new Promise((r) => setTimeout(r, 500));
    // per point, event values must run 1, 2, 3, ... with no gap and no repeat
    const seen = new Map<string, number[]>();
    for (const e of events) {
      if (e.type !== 'points') continue;
      for (const u of e.updates) {
        if (!u.isEvent) continue;
        const list = seen.get(u.ref) ?? [];
        list.push(u.value as number);
        seen.set(u.ref, list);
      }
    }
    let total = 0;
    for (const [ref, values] of seen) {
      total += values.length;
      expect(values, ref).toEqual(values.map((_, i) => i + 1));
    }
    expect(total).toBeGreaterThan(2000);
    expect(events.some((e) => e.type === 'state' && e.state === 'stopped')).toBe(true);
  });
});
