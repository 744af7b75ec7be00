import { connect as netConnect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionOutput } from '../../../src-shared/session';
import {
  SESSION_EXCEPTION,
  serveSessions,
  SessionDriver,
  type LinkState,
  type SessionServer,
} from '../../../src-main/transport';
import { freePort } from './helpers/free-port';
import { EchoSession, ScriptedSession, waitFor } from './helpers/test-sessions';

const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString();
const bytesOf = (s: string): Uint8Array => new Uint8Array(Buffer.from(s));


const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function track<T extends { close(): Promise<void> } | SessionDriver>(thing: T): T {
  cleanups.push(() => (thing instanceof SessionDriver ? thing.stop() : thing.close()));
  return thing;
}

/** A client session that sends `hello` on up and collects what comes back. */
function helloClient(): { session: ScriptedSession; received: string[] } {
  const received: string[] = [];
  const session = new ScriptedSession((input): SessionOutput[] => {
    if (input.kind === 'up') return [{ kind: 'tx', bytes: bytesOf(`hello ${input.link ?? 0}`), link: input.link ?? 0 }];
    if (input.kind === 'rx') received.push(text(input.bytes));
    return [];
  });
  return { session, received };
}

describe('SessionDriver over TCP', () => {
  it('connects, feeds up/rx with the link, taps bytes and reports states', async () => {
    const server = track(await serveSessions({ endpoint: { kind: 'tcp', port: 0 }, createSession: () => new EchoSession() }));
    const { session, received } = helloClient();
    const states: LinkState[] = [];
    const taps: string[] = [];
    const driver = track(
      new SessionDriver({
        stopGraceMs: 50,
        session,
        endpoints: { kind: 'tcp', host: '127.0.0.1', port: server.port, connectTimeoutMs: 1000 },
        onState: (s) => states.push(s),
        onBytes: (direction, link, bytes, nowMs, conn) => {
          expect(nowMs).toBeGreaterThan(0);
          expect(conn.transport === 'tcp' && conn.remote.port).toBe(server.port);
          taps.push(`${direction}:${link}:${text(bytes)}`);
        },
      }),
    );
    driver.start();
    await waitFor(() => received.join('') === 'hello 0', 3000, 'echo');
    expect(states.map((s) => s.state)).toEqual(['connecting', 'connected']);
    expect(states[1]?.connection).toMatchObject({ remote: { address: '127.0.0.1', port: server.port, family: 'IPv4' } });
    expect(taps).toEqual(['tx:0:hello 0', 'rx:0:hello 0']);
    expect(session.kinds().slice(0, 2)).toEqual(['up:0', 'rx:0']);
    expect(server.connections()).toBe(1);
  });

  it('runs session timers: fires, re-arm replaces, cancel cancels', async () => {
    const session = new ScriptedSession((input): SessionOutput[] => {
      if (input.kind === 'up') {
        return [
          { kind: 'arm', id: 'a', ms: 10 },
          { kind: 'arm', id: 'a', ms: 40 },
          { kind: 'arm', id: 'b', ms: 10 },
          { kind: 'cancel', id: 'b' },
        ];
      }
      return [];
    });
    const server = track(await serveSessions({ endpoint: { kind: 'tcp', port: 0 }, createSession: () => new EchoSession() }));
    const driver = track(
      new SessionDriver({ session, endpoints: { kind: 'tcp', host: '127.0.0.1', port: server.port, connectTimeoutMs: 1000 } }),
    );
    driver.start();
    await waitFor(() => session.kinds().includes('timer'), 2000, 'timer');
    await new Promise((resolve) => setTimeout(resolve, 60));
    const timers = session.inputs.filter((i) => i.input.kind === 'timer');
    expect(timers.map((t) => (t.input.kind === 'timer' ? t.input.id : ''))).toEqual(['a']);
    const up = session.inputs.find((i) => i.input.kind === 'up');
    expect(timers[0]!.nowMs - up!.nowMs).toBeGreaterThanOrEqual(35);
  });

  it('stop() sends the session a stop call, waits for its close, then feeds down', async () => {
    const server = track(await serveSessions({ endpoint: { kind: 'tcp', port: 0 }, createSession: () => new EchoSession() }));
    const session = new ScriptedSession((input): SessionOutput[] =>
      input.kind === 'call' && input.call.op === 'stop' ? [{ kind: 'close', reason: 'STOPDT done', link: 0 }] : [],
    );
    const states: LinkState[] = [];
    const driver = new SessionDriver({
        stopGraceMs: 50,
      session,
      endpoints: { kind: 'tcp', host: '127.0.0.1', port: server.port, connectTimeoutMs: 1000 },
      onState: (s) => states.push(s),
    });
    driver.start();
    await waitFor(() => driver.connected, 2000, 'connected');
    const started = performance.now();
    await driver.stop();
    expect(performance.now() - started).toBeLessThan(900);
    expect(session.kinds()).toEqual(['up:0', 'call', 'down:0']);
    const down = session.inputs[2]!.input;
    expect(down.kind === 'down' && down.reason).toBe('STOPDT done');
    expect(states.at(-1)).toMatchObject({ state: 'disconnected', error: { code: 'CLOSED' } });
    await waitFor(() => server.connections() === 0, 2000, 'server side closed');
  });

  it('a session that throws is reported as an error event and its link is dropped, then reconnected', async () => {
    const server = track(await serveSessions({ endpoint: { kind: 'tcp', port: 0 }, createSession: () => new EchoSession() }));
    let throwOnce = true;
    const session = new ScriptedSession((input): SessionOutput[] => {
      if (input.kind === 'up') return [{ kind: 'tx', bytes: bytesOf('x'), link: 0 }];
      if (input.kind === 'rx' && throwOnce) {
        throwOnce = false;
        throw new Error('decoder bug');
      }
      return [];
    });
    const events: string[] = [];
    const states: string[] = [];
    const driver = track(
      new SessionDriver({
        stopGraceMs: 50,
        session,
        endpoints: { kind: 'tcp', host: '127.0.0.1', port: server.port, connectTimeoutMs: 1000 },
        backoff: { initialMs: 20 },
        onEvent: (e) => events.push(e.type === 'error' ? `${e.code}: ${e.message}` : e.type),
        onState: (s) => states.push(s.state),
      }),
    );
    driver.start();
    await waitFor(() => states.filter((s) => s === 'connected').length === 2, 3000, 'reconnect');
    expect(events).toEqual([`${SESSION_EXCEPTION}: session threw on 'rx': decoder bug`]);
    expect(states).toEqual(['connecting', 'connected', 'disconnected', 'backoff', 'connecting', 'connected']);
  });

  it('reconnects with capped exponential backoff while the server is away, and resumes when it returns', async () => {
    let server: SessionServer | null = await serveSessions({ endpoint: { kind: 'tcp', port: 0 }, createSession: () => new EchoSession() });
    const port = server.port;
    cleanups.push(() => server?.close());
    const { session, received } = helloClient();
    const states: LinkState[] = [];
    const driver = track(
      new SessionDriver({
        stopGraceMs: 50,
        session,
        endpoints: { kind: 'tcp', host: '127.0.0.1', port, connectTimeoutMs: 1000 },
        backoff: { initialMs: 20, maxMs: 80, factor: 2 },
        onState: (s) => states.push(s),
      }),
    );
    driver.start();
    await waitFor(() => received.length === 1, 3000, 'first echo');
    await server.close();
    server = null;
    await waitFor(() => states.filter((s) => s.state === 'backoff').length >= 5, 5000, 'backoff attempts');
    const backoffs = states.filter((s) => s.state === 'backoff');
    expect(backoffs[0]!.error?.code).toBe('CLOSED');
    expect(backoffs.slice(1).every((s) => s.error?.code === 'REFUSED')).toBe(true);
    expect(backoffs.slice(0, 5).map((s) => s.retryInMs)).toEqual([20, 40, 80, 80, 80]);
    server = await serveSessions({ endpoint: { kind: 'tcp', port }, createSession: () => new EchoSession() });
    await waitFor(() => received.length === 2, 3000, 'echo after the server returned');
    expect(session.kinds().filter((k) => k.startsWith('up') || k.startsWith('down'))).toEqual(['up:0', 'down:0', 'up:0']);
    const after = states.filter((s) => s.state === 'backoff').length;
    server.close();
    await waitFor(() => states.filter((s) => s.state === 'backoff').length > after, 3000, 'backoff after the second loss');
    expect(states.filter((s) => s.state === 'backoff').at(-1)?.retryInMs).toBe(20);
  });

  it('applies deterministic jitter from the injected random source', async () => {
    const port = await freePort();
    const states: LinkState[] = [];
    const driver = track(
      new SessionDriver({
        stopGraceMs: 50,
        session: new ScriptedSession(),
        endpoints: { kind: 'tcp', host: '127.0.0.1', port, connectTimeoutMs: 1000 },
        backoff: { initialMs: 40, maxMs: 1000, jitter: 0.5, random: () => 0.5 },
        onState: (s) => states.push(s),
      }),
    );
    driver.start();
    await waitFor(() => states.filter((s) => s.state === 'backoff').length >= 2, 3000, 'two attempts');
    expect(states.filter((s) => s.state === 'backoff').map((s) => s.retryInMs).slice(0, 2)).toEqual([30, 60]);
  });

  it('drives several links (a redundancy group) with the link index as the list position', async () => {
    const servedA: string[] = [];
    const servedB: string[] = [];
    const recorder = (into: string[]) => () =>
      new ScriptedSession((input): SessionOutput[] => {
        if (input.kind === 'rx') into.push(text(input.bytes));
        return [];
      });
    const a = track(await serveSessions({ endpoint: { kind: 'tcp', port: 0 }, createSession: recorder(servedA) }));
    const b = track(await serveSessions({ endpoint: { kind: 'tcp', port: 0 }, createSession: recorder(servedB) }));
    const { session } = helloClient();
    const driver = track(
      new SessionDriver({
        stopGraceMs: 50,
        session,
        endpoints: [
          { kind: 'tcp', host: '127.0.0.1', port: a.port, connectTimeoutMs: 1000 },
          { kind: 'tcp', host: '127.0.0.1', port: b.port, connectTimeoutMs: 1000 },
        ],
      }),
    );
    driver.start();
    await waitFor(() => servedA.length === 1 && servedB.length === 1, 3000, 'both links');
    expect(servedA).toEqual(['hello 0']);
    expect(servedB).toEqual(['hello 1']);
    await b.close();
    await waitFor(() => session.kinds().includes('down:1'), 3000, 'link 1 down');
    expect(session.kinds()).not.toContain('down:0');
  });

  it('stop() closes every link of a group even when the session ignores the stop call', async () => {
    const a = track(await serveSessions({ endpoint: { kind: 'tcp', port: 0 }, createSession: () => new EchoSession() }));
    const b = track(await serveSessions({ endpoint: { kind: 'tcp', port: 0 }, createSession: () => new EchoSession() }));
    const session = new ScriptedSession();
    const driver = new SessionDriver({
      session,
      stopGraceMs: 50,
      endpoints: [a, b].map((s) => ({ kind: 'tcp', host: '127.0.0.1', port: s.port, connectTimeoutMs: 1000 }) as const),
    });
    driver.start();
    await waitFor(() => a.connections() === 1 && b.connections() === 1, 3000, 'both links');
    await driver.stop();
    expect(session.kinds().filter((k) => k.startsWith('down')).sort()).toEqual(['down:0', 'down:1']);
    expect(driver.connected).toBe(false);
  });

  it('tcp-listen: accepts the outstation, and a newer connection replaces the current one', async () => {
    const port = await freePort();
    const session = new ScriptedSession((input): SessionOutput[] =>
      input.kind === 'rx' ? [{ kind: 'tx', bytes: input.bytes, link: input.link ?? 0 }] : [],
    );
    const states: string[] = [];
    const driver = track(
      new SessionDriver({ session, endpoints: { kind: 'tcp-listen', host: '127.0.0.1', port }, onState: (s) => states.push(s.state) }),
    );
    driver.start();
    const outstation = async (): Promise<{ reply: Promise<string>; closed: Promise<void>; socket: ReturnType<typeof netConnect> }> => {
      await waitFor(() => states.includes('connecting'), 2000, 'listening');
      const socket = netConnect({ host: '127.0.0.1', port });
      await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
      socket.write('ping');
      const reply = new Promise<string>((resolve) => socket.once('data', (d) => resolve(d.toString())));
      const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      return { reply, closed, socket };
    };
    const first = await outstation();
    expect(await first.reply).toBe('ping');
    const second = await outstation();
    expect(await second.reply).toBe('ping');
    await first.closed;
    expect(session.kinds().filter((k) => /^(up|down)/.test(k))).toEqual(['up:0', 'down:0', 'up:0']);
    second.socket.destroy();
    await waitFor(() => session.kinds().filter((k) => k === 'down:0').length === 2, 2000, 'second down');
    expect(states.at(-1)).toBe('connecting');
  });
});

describe('SessionDriver over UDP', () => {
  it('exchanges datagrams with a UDP server hosting one session per remote address', async () => {
    const server = track(await serveSessions({ endpoint: { kind: 'udp', port: 0 }, createSession: () => new EchoSession() }));
    const one = helloClient();
    const two = helloClient();
    const endpoint = { kind: 'udp', host: '127.0.0.1', port: server.port } as const;
    track(new SessionDriver({ session: one.session, endpoints: endpoint })).start();
    track(new SessionDriver({ session: two.session, endpoints: endpoint })).start();
    await waitFor(() => one.received.length === 1 && two.received.length === 1, 3000, 'udp echoes');
    expect(one.received).toEqual(['hello 0']);
    expect(server.connections()).toBe(2);
  });
});

describe('serveSessions', () => {
  it('accepts and at once closes connections beyond maxConnections', async () => {
    const server = track(
      await serveSessions({ endpoint: { kind: 'tcp', port: 0 }, createSession: () => new EchoSession(), maxConnections: 1 }),
    );
    const states: LinkState[][] = [[], []];
    const drivers = [0, 1].map((i) =>
      track(
        new SessionDriver({
        stopGraceMs: 50,
          session: new ScriptedSession(),
          endpoints: { kind: 'tcp', host: '127.0.0.1', port: server.port, connectTimeoutMs: 1000 },
          backoff: { initialMs: 5000 },
          onState: (s) => states[i]!.push(s),
        }),
      ),
    );
    drivers[0]!.start();
    await waitFor(() => server.connections() === 1, 2000, 'first connection');
    drivers[1]!.start();
    await waitFor(() => states[1]!.some((s) => s.state === 'disconnected'), 2000, 'second closed');
    expect(states[1]!.map((s) => s.state)).toEqual(['connecting', 'connected', 'disconnected', 'backoff']);
    expect(['CLOSED', 'RESET']).toContain(states[1]!.at(-1)?.error?.code);
    expect(server.connections()).toBe(1);
  });
});
