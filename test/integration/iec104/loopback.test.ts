/**
 * The master against the simulator over loopback TCP and TLS (127.0.0.1 only), through the
 * transport's SessionDriver and serveSessions: GI, commands, connection loss in the middle
 * of a GI with failover inside a redundancy group, and no spontaneous value lost or
 * duplicated (counted by their sequence values).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionEvent } from '../../../src-shared/session';
import { createIec104Master, createIec104Station, createIec104StationDatabase, type Iec104StationConfig } from '../../../src-main/protocols/iec104';
import { serveSessions, SessionDriver, type Endpoint } from '../../../src-main/transport';
import { makePki, type Pki } from './pki';

const epochOffsetMs = Date.now() - performance.now();

async function waitFor(cond: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function collect(events: SessionEvent[]) {
  return {
    tasks: () => events.filter((e): e is Extract<SessionEvent, { type: 'task' }> => e.type === 'task'),
    updates: () => events.flatMap((e) => (e.type === 'points' ? e.updates : [])),
    commands: (id: string) => events.filter((e): e is Extract<SessionEvent, { type: 'command' }> => e.type === 'command' && e.id === id),
    states: () => events.filter((e): e is Extract<SessionEvent, { type: 'state' }> => e.type === 'state'),
  };
}

let pki: Pki;
beforeAll(() => {
  pki = makePki();
});
afterAll(() => pki.remove());

describe('IEC 104 over loopback', () => {
  for (const kind of ['tcp', 'tls'] as const) {
    it(`${kind}: STARTDT, GI and a select-before-execute command against the simulator`, async () => {
      const server = await serveSessions({
        endpoint:
          kind === 'tcp'
            ? { kind: 'tcp', host: '127.0.0.1', port: 0 }
            : { kind: 'tls', host: '127.0.0.1', port: 0, caFile: pki.caFile, certFile: pki.serverCert, keyFile: pki.serverKey },
        createSession: () => createIec104Station({ epochOffsetMs }),
      });
      const endpoint: Endpoint =
        kind === 'tcp'
          ? { kind: 'tcp', host: '127.0.0.1', port: server.port, connectTimeoutMs: 30_000 }
          : { kind: 'tls', host: '127.0.0.1', port: server.port, caFile: pki.caFile, certFile: pki.clientCert, keyFile: pki.clientKey };
      const events: SessionEvent[] = [];
      const c = collect(events);
      const driver = new SessionDriver({ session: createIec104Master({ epochOffsetMs }), endpoints: endpoint, onEvent: (e) => events.push(e), stopGraceMs: 200 });
      driver.start();
      await waitFor(() => c.tasks().length > 0, 5_000, 'GI');
      expect(c.tasks()[0]).toMatchObject({ name: 'GI', ok: true, result: 'SUCCESS', detail: 'CA 1: 16 object(s)' });
      driver.call({ op: 'command', command: { id: 'k', target: 'ioa:5002', action: { action: 'close' }, mode: 'sbo' } });
      await waitFor(() => c.commands('k').some((e) => e.stage === 'done'), 5_000, 'command');
      expect(c.commands('k').at(-1)).toMatchObject({ result: 'SUCCESS', ok: true, feedback: { ref: 'ioa:1002', value: 2 } });
      await driver.stop();
      expect(c.states().at(-1)).toMatchObject({ state: 'stopped' });
      await server.close();
    });
  }

  it('loses the connection mid-GI, reconnects with backoff and completes a new GI on the same link', async () => {
    const points = Array.from({ length: 20_000 }, (_, i) => ({ ioa: 10_000 + i, type: 'M_ME_NC_1' }));
    const config: Iec104StationConfig = { points, epochOffsetMs, commands: [] };
    let sent = 0;
    let cutDone: Promise<void> | null = null;
    const first: Awaited<ReturnType<typeof serveSessions>> = await serveSessions({
      endpoint: { kind: 'tcp', host: '127.0.0.1', port: 0 },
      createSession: () => createIec104Station(config),
      onBytes: (dir, _link, bytes) => {
        if (dir === 'tx') sent += bytes.length;
        if (sent > 2_000 && cutDone === null) cutDone = first.close();
      },
    });
    const port = first.port;
    const events: SessionEvent[] = [];
    const c = collect(events);
    const driver = new SessionDriver({
      session: createIec104Master({ epochOffsetMs }),
      endpoints: { kind: 'tcp', host: '127.0.0.1', port, connectTimeoutMs: 30_000 },
      onEvent: (e) => events.push(e),
      backoff: { initialMs: 50, maxMs: 200 },
      stopGraceMs: 200,
    });
    driver.start();
    await waitFor(() => cutDone !== null, 5_000, 'GI data');
    await cutDone;
    const second = await serveSessions({ endpoint: { kind: 'tcp', host: '127.0.0.1', port }, createSession: () => createIec104Station(config) });
    await waitFor(() => c.tasks().length >= 2, 10_000, 'GI after reconnect');
    await driver.stop();
    await second.close();
    expect(c.tasks().map((t) => [t.name, t.result, t.detail])).toEqual([
      ['GI', 'CONNECTION_LOST', expect.any(String)],
      ['GI', 'SUCCESS', 'CA 1: 20000 object(s)'],
    ]);
    // The second GI delivered every point exactly once.
    const second20k = c.updates().filter((u) => u.cause === 'inrogen').slice(-20_000);
    expect(new Set(second20k.map((u) => u.ref)).size).toBe(20_000);
  });

  it('loses the started connection mid-GI, fails over within the redundancy group, runs GI again, and loses or duplicates no spontaneous value', async () => {
    const points = Array.from({ length: 20_000 }, (_, i) => ({ ioa: 10_000 + i, type: 'M_ME_NC_1' }));
    points.unshift({ ioa: 1, type: 'M_IT_NA_1' });
    // Only the counter (IOA 1) changes spontaneously: each change is the next sequence value.
    const config: Iec104StationConfig = { points, epochOffsetMs, changes: { everyMs: 20, count: 1, ioas: [1] }, commands: [] };
    const db = createIec104StationDatabase(config);
    let sentOnA = 0;
    let cutDone: Promise<void> | null = null;
    // The station cuts its connection (destroys the socket) after some 2000 octets of GI data.
    const serverA: Awaited<ReturnType<typeof serveSessions>> = await serveSessions({
      endpoint: { kind: 'tcp', host: '127.0.0.1', port: 0 },
      createSession: () => createIec104Station(config, db),
      onBytes: (dir, _link, bytes) => {
        if (dir === 'tx') sentOnA += bytes.length;
        if (sentOnA > 2_000 && cutDone === null) cutDone = serverA.close();
      },
    });
    const serverB = await serveSessions({ endpoint: { kind: 'tcp', host: '127.0.0.1', port: 0 }, createSession: () => createIec104Station(config, db) });
    const events: SessionEvent[] = [];
    const c = collect(events);
    const driver = new SessionDriver({
      session: createIec104Master({ links: 2, w: 1, epochOffsetMs, giIntervalMs: 0 }),
      endpoints: [
        { kind: 'tcp', host: '127.0.0.1', port: serverA.port, connectTimeoutMs: 30_000 },
        { kind: 'tcp', host: '127.0.0.1', port: serverB.port, connectTimeoutMs: 30_000 },
      ],
      onEvent: (e) => events.push(e),
      reconnect: false,
      stopGraceMs: 200,
    });
    driver.start();
    await waitFor(() => cutDone !== null, 5_000, 'GI data on link 0');
    await cutDone;
    await waitFor(() => c.tasks().some((t) => t.ok), 10_000, 'GI after failover');
    await new Promise((r) => setTimeout(r, 500));
    await driver.stop();
    await serverB.close();

    const tasks = c.tasks().map((t) => [t.name, t.result]);
    expect(tasks).toEqual([['GI', 'CONNECTION_LOST'], ['GI', 'SUCCESS']]);
    expect(c.tasks()[1]?.detail).toBe('CA 1: 20000 object(s)');
    expect(c.states().map((s) => s.detail)).toContain('link 1 started');
    const spont = c.updates().filter((u) => u.cause === 'spont' && u.ref === 'ioa:1').map((u) => u.value as number);
    expect(spont.length).toBeGreaterThan(10);
    expect(spont).toEqual(Array.from({ length: spont.length }, (_, i) => i + 1));
  });
});
