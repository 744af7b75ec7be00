import { createHash, randomBytes } from 'node:crypto';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startRelay, type Relay, type RelayConnection, type TransportError } from '../../../src-main/transport';
import { until } from '../../integration/helpers/until';

interface Seen {
  opened: RelayConnection[];
  closed: Array<{ id: number; reason: TransportError }>;
  octets: { tx: number; rx: number };
}

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

async function listen(onSocket: (s: Socket) => void): Promise<{ server: Server; port: number }> {
  const server = createServer({ allowHalfOpen: true }, onSocket);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { server, port: (server.address() as { port: number }).port };
}

async function relayTo(port: number): Promise<{ relay: Relay; seen: Seen }> {
  const seen: Seen = { opened: [], closed: [], octets: { tx: 0, rx: 0 } };
  const started = await startRelay({
    listen: { host: '127.0.0.1', port: 0 },
    forward: { host: '127.0.0.1', port },
    tap: {
      opened: (c) => seen.opened.push(c),
      data: (_c, direction, bytes) => (seen.octets[direction] += bytes.length),
      closed: (c, reason) => seen.closed.push({ id: c.id, reason }),
    },
  });
  if (!started.ok) throw new Error(started.error.message);
  cleanup.push(() => started.value.close());
  return { relay: started.value, seen };
}

const dial = (port: number): Promise<Socket> =>
  new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port }, () => resolve(s));
    s.once('error', reject);
  });

const digest = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

describe('startRelay', () => {
  it('copies 8 MiB each way unchanged while the outstation side reads slowly (the master is paused, not buffered without end)', async () => {
    const upload = randomBytes(8 << 20);
    const download = randomBytes(8 << 20);
    const received: Buffer[] = [];
    let outstationSocket: Socket | null = null;
    const { port } = await listen((s) => {
      outstationSocket = s;
      s.pause(); // a slow reader: nothing is read until the master has written everything
      s.on('data', (c: Buffer) => received.push(c));
      s.on('end', () => s.end(download));
    });
    const { relay, seen } = await relayTo(port);
    const master = await dial(relay.address.port);
    const back: Buffer[] = [];
    master.on('data', (c: Buffer) => back.push(c));
    const closed = new Promise<void>((resolve) => master.on('close', () => resolve()));
    master.end(upload);
    await until('the outstation to be connected', () => outstationSocket);
    // while the outstation does not read, the relay holds only what socket buffers take
    await until('the relay to stop reading', async () => {
      const before = seen.octets.tx;
      await new Promise((r) => setTimeout(r, 100));
      return seen.octets.tx === before;
    });
    expect(seen.octets.tx).toBeLessThan(upload.length);
    outstationSocket!.resume();
    await closed;
    expect(digest(Buffer.concat(received))).toBe(digest(upload));
    expect(digest(Buffer.concat(back))).toBe(digest(download));
    expect(seen.octets).toEqual({ tx: upload.length, rx: download.length });
    await until('the close to be reported', () => seen.closed.length === 1);
    expect(seen.closed[0]!.reason.code).toBe('CLOSED');
    expect(relay.open).toBe(0);
  });

  it('passes a half-close on: the master ends its side and still gets the answer', async () => {
    const { port } = await listen((s) => {
      const got: Buffer[] = [];
      s.on('data', (c: Buffer) => got.push(c));
      s.on('end', () => s.end(Buffer.concat([Buffer.from('got '), ...got])));
    });
    const { relay } = await relayTo(port);
    const master = await dial(relay.address.port);
    const answer: Buffer[] = [];
    master.on('data', (c: Buffer) => answer.push(c));
    master.end('request');
    await new Promise((resolve) => master.on('close', resolve));
    expect(Buffer.concat(answer).toString()).toBe('got request');
  });

  it('closes the master with the reason when the outstation refuses, and sends nothing', async () => {
    const { port, server } = await listen(() => undefined);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const { relay, seen } = await relayTo(port);
    const master = await dial(relay.address.port);
    const got: Buffer[] = [];
    master.on('data', (c: Buffer) => got.push(c));
    master.on('error', () => undefined);
    await new Promise((resolve) => master.on('close', resolve));
    expect(got).toEqual([]);
    await until('the refusal to be reported', () => seen.closed.length === 1);
    expect(seen.closed[0]!.reason.code).toBe('REFUSED');
    expect(seen.opened).toEqual([]);
  });

  it('destroys the master side when the outstation resets', async () => {
    const { port } = await listen((s) => s.on('data', () => s.resetAndDestroy()));
    const { relay, seen } = await relayTo(port);
    const master = await dial(relay.address.port);
    master.on('error', () => undefined);
    master.write('x');
    await new Promise((resolve) => master.on('close', resolve));
    await until('the reset to be reported', () => seen.closed.length === 1);
    expect(seen.closed[0]!.reason.code).toBe('RESET');
  });
});
