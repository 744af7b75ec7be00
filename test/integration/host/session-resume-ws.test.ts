/**
 * A login survives a new WebSocket to the headless host (a reloaded page or a dropped and
 * reconnected link): the new socket is a new client, not logged in, until it resumes
 * with the token from the first socket's login.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startHeadlessHost, type HeadlessHost } from '../../../src-main/host/headless/host';

interface WireResult {
  ok: boolean;
  value?: Record<string, unknown>;
  error?: { code: string; message: string };
}
interface Socket {
  call(name: string, request?: unknown): Promise<WireResult>;
  close(): void;
}

let dir: string;
let host: HeadlessHost;

/** Opens a socket to the host, says hello and returns a call function. */
async function connect(): Promise<Socket> {
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ipc`, { origin: `http://127.0.0.1:${host.port}` });
  const pending = new Map<number, (result: WireResult) => void>();
  let nextId = 1;
  await new Promise<void>((resolve, reject) => {
    ws.once('error', reject);
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { t: string; id?: number; result?: WireResult };
      if (message.t === 'welcome') resolve();
      else if (message.t === 'result') pending.get(message.id!)?.(message.result!);
    });
    ws.once('open', () => ws.send(JSON.stringify({ t: 'hello', token: host.token })));
  });
  return {
    call(name, request = {}) {
      const id = nextId++;
      ws.send(JSON.stringify({ t: 'call', id, name, request }));
      return new Promise((resolve) => pending.set(id, resolve));
    },
    close: () => ws.close(),
  };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sy-ws-resume-'));
  const renderer = join(dir, 'renderer');
  mkdirSync(renderer);
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>test</title>');
  host = await startHeadlessHost({ dataDir: join(dir, 'data'), rendererDir: renderer, version: 'test', log: () => undefined });
});
afterAll(async () => {
  await host?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('resuming a login on a new WebSocket', () => {
  it('logs the new socket in with the token, and refuses the token after logout', async () => {
    const first = await connect();
    const setup = await first.call('session.setupAdmin', { name: 'admin', password: 'admin-pass-1' });
    const token = setup.value!.resumeToken as string;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    first.close();

    const second = await connect();
    expect((await second.call('session.status')).value).toMatchObject({ user: null });
    expect((await second.call('stations.list')).error?.code).toBe('UNAUTHENTICATED');
    expect(await second.call('session.resume', { token })).toEqual({ ok: true, value: { name: 'admin', role: 'administrator' } });
    expect((await second.call('stations.list')).ok).toBe(true);
    await second.call('session.logout');
    second.close();

    const third = await connect();
    expect(await third.call('session.resume', { token })).toMatchObject({ ok: false, error: { code: 'SESSION_REVOKED' } });
    third.close();
  });
});
