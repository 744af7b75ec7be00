import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ok } from '../../../src-shared/ipc/result';
import { CONTENT_SECURITY_POLICY } from '../../../src-main/host/content-security-policy';
import { MAX_PRE_AUTH_BYTES, startHeadlessServer, type HeadlessServer } from '../../../src-main/host/headless/server';
import { createEventHub } from '../../../src-main/ipc/event-hub';
import { createRouter, type Handlers } from '../../../src-main/ipc/router';

const info = { name: 'Switchyard', version: '9.9.9', host: 'headless' as const, platform: 'linux', demo: true, secretStorage: { kind: 'file-0600' as const, warning: null } };
let server: HeadlessServer | undefined;
const hub = createEventHub();

async function start(): Promise<HeadlessServer> {
  const dir = mkdtempSync(join(tmpdir(), 'sy-renderer-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Switchyard</title>');
  const router = createRouter({ 'app.info': () => ok(info), 'stations.list': () => ok([]) } as unknown as Handlers, () => {});
  server = await startHeadlessServer({ router, hub, rendererDir: dir });
  return server;
}

afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Opens a socket as our page would, collecting every message. */
function connect(port: number, origin = `http://127.0.0.1:${port}`) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ipc`, { origin });
  const messages: Array<Record<string, unknown>> = [];
  const waiters: Array<() => void> = [];
  ws.on('message', (data) => {
    messages.push(JSON.parse(data.toString()) as Record<string, unknown>);
    waiters.splice(0).forEach((w) => w());
  });
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  const closeReason = new Promise<string>((resolve) => ws.on('close', (_code, reason) => resolve(reason.toString())));
  const next = async (count: number) => {
    while (messages.length < count) await new Promise<void>((resolve) => waiters.push(resolve));
    return messages[count - 1]!;
  };
  const opened = new Promise<void>((resolve, reject) => {
    ws.on('open', () => resolve());
    ws.on('error', reject);
  });
  return { ws, next, closed, closeReason, opened };
}

describe('headless host', () => {
  it('listens on 127.0.0.1 only and serves the renderer with the CSP', async () => {
    const { port, url } = await start();
    expect(url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/#token=[A-Za-z0-9_-]{32}$`));
    const response = await fetch(`http://127.0.0.1:${port}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await response.text()).toContain('<title>Switchyard</title>');
    expect((await fetch(`http://127.0.0.1:${port}/../../etc/passwd`)).status).toBe(404);
  });

  it('round-trips app.info after the token and pushes events', async () => {
    const { port, token } = await start();
    const client = connect(port);
    await client.opened;
    client.ws.send(JSON.stringify({ t: 'hello', token }));
    expect(await client.next(1)).toEqual({ t: 'welcome' });
    client.ws.send(JSON.stringify({ t: 'call', id: 7, name: 'app.info', request: {} }));
    expect(await client.next(2)).toEqual({ t: 'result', id: 7, result: { ok: true, value: info } });
    client.ws.send(JSON.stringify({ t: 'call', id: 8, name: 'app.info', request: { x: 1 } }));
    expect(await client.next(3)).toMatchObject({ t: 'result', id: 8, result: { ok: false, error: { code: 'INVALID_REQUEST' } } });
    const station = { id: 's', name: 'S', protocol: 'iec104' as const, target: 't', enabled: true, state: 'ready' as const, lastError: null, demo: false, iin: null, protocolState: null };
    hub.publish('stations.state', station);
    expect(await client.next(4)).toEqual({ t: 'event', name: 'stations.state', payload: station });
    client.ws.close();
  });

  it('closes a socket with a wrong token before dispatching anything', async () => {
    const { port } = await start();
    const client = connect(port);
    await client.opened;
    client.ws.send(JSON.stringify({ t: 'call', id: 1, name: 'app.info', request: {} }));
    expect(await client.closed).toBe(4003);
    const second = connect(port);
    await second.opened;
    second.ws.send(JSON.stringify({ t: 'hello', token: 'guess' }));
    expect(await second.closed).toBe(4003);
  });

  it('refuses a WebSocket opened by another origin (a web page in the browser)', async () => {
    const { port } = await start();
    const client = connect(port, 'https://evil.example');
    await expect(client.opened).rejects.toThrow(/401/);
  });

  it('closes on a malformed message', async () => {
    const { port, token } = await start();
    const client = connect(port);
    await client.opened;
    client.ws.send(JSON.stringify({ t: 'hello', token }));
    await client.next(1);
    client.ws.send('{not json');
    expect(await client.closed).toBe(4002);
  });

  it('closes a socket that sends more than a small hello before its token (1009, with the reason)', async () => {
    const { port } = await start();
    for (const size of [MAX_PRE_AUTH_BYTES + 1, 16 * 1024 * 1024]) {
      const client = connect(port);
      await client.opened;
      client.ws.on('error', () => undefined); // the host may end the connection while this side still sends
      const started = performance.now();
      client.ws.send(JSON.stringify({ t: 'hello', token: 'x'.repeat(size) }));
      expect(await client.closed).toBe(1009);
      expect(await client.closeReason).toBe(`at most ${MAX_PRE_AUTH_BYTES} bytes before the hello with the token`);
      console.log(`pre-auth message of ${size} bytes closed after ${(performance.now() - started).toFixed(0)} ms`);
    }
  });

  it('still takes large messages once the token was accepted', async () => {
    const { port, token } = await start();
    const client = connect(port);
    await client.opened;
    client.ws.send(JSON.stringify({ t: 'hello', token }));
    expect(await client.next(1)).toEqual({ t: 'welcome' });
    client.ws.send(JSON.stringify({ t: 'call', id: 1, name: 'app.info', request: {}, padding: 'p'.repeat(1024 * 1024) }));
    expect(await client.next(2)).toEqual({ t: 'result', id: 1, result: { ok: true, value: info } });
    client.ws.close();
  });
});
