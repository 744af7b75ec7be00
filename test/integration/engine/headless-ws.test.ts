/**
 * The engine's contract over the lead's headless host: a WebSocket client on 127.0.0.1
 * sets up the administrator, sees the demo stations become ready, subscribes and receives
 * point batches, and runs an SBO command.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as v from 'valibot';
import { startHeadlessHost, type HeadlessHost } from '../../../src-main/host/headless/host';
import { decodeBinaryFrame } from '../../../src-shared/ipc/binary-frames';
import { events as contractEvents, type EventPayload } from '../../../src-shared/ipc/contract';

let dir: string;
let host: HeadlessHost;
let socket: WebSocket;
const events: Array<{ name: string; payload: unknown }> = [];
/** A call's Result as it arrives over the socket (values read loosely in this test). */
interface WireResult {
  ok: boolean;
  value?: { id: string; state: string; stage: string; every(test: (s: { state: string }) => boolean): boolean };
  error?: { code: string };
}
const pending = new Map<number, (result: WireResult) => void>();
let nextId = 1;

function call(name: string, request: unknown = {}): Promise<WireResult> {
  const id = nextId++;
  socket.send(JSON.stringify({ t: 'call', id, name, request }));
  return new Promise((resolve) => pending.set(id, resolve));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sy-ws-'));
  const renderer = join(dir, 'renderer');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(renderer);
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>test</title>');
  host = await startHeadlessHost({ dataDir: join(dir, 'data'), rendererDir: renderer, version: 'test', log: () => undefined });
  socket = new WebSocket(`ws://127.0.0.1:${host.port}/ipc`, { origin: `http://127.0.0.1:${host.port}` });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.on('message', (data: Buffer, isBinary) => {
      const decoded = isBinary ? decodeBinaryFrame(new Uint8Array(data).buffer) : { ok: true, value: JSON.parse(data.toString()) as unknown };
      if (!decoded.ok) throw new Error('a binary frame that does not decode');
      const message = decoded.value as { t: string; id?: number; result?: never; name?: string; payload?: unknown };
      if (message.t === 'welcome') resolve();
      else if (message.t === 'result') pending.get(message.id!)?.(message.result!);
      else if (message.t === 'event') events.push({ name: message.name!, payload: message.payload });
    });
    socket.once('open', () => socket.send(JSON.stringify({ t: 'hello', token: host.token })));
  });
});
afterAll(async () => {
  socket?.close();
  await host?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('engine over the headless WebSocket host', () => {
  it('serves the demo: set-up, live batches and an SBO command', async () => {
    expect((await call('app.info')).value).toMatchObject({ host: 'headless', demo: true });
    expect((await call('stations.list')).error?.code).toBe('UNAUTHENTICATED');
    expect((await call('session.setupAdmin', { name: 'admin', password: 'admin-pass-1' })).ok).toBe(true);
    expect((await call('points.subscribe', { stations: 'all' })).ok).toBe(true);
    const end = Date.now() + 15_000;
    while (!events.some((e) => e.name === 'points.batch') || !(await call('stations.list')).value!.every((s) => s.state === 'ready')) {
      if (Date.now() > end) throw new Error('no batches or stations not ready');
      await new Promise((r) => setTimeout(r, 100));
    }
    const batch = events.find((e) => e.name === 'points.batch')!.payload as EventPayload<'points.batch'>;
    expect(batch.values, 'a batch arrives as one binary frame of typed arrays').toBeInstanceOf(Float64Array);
    expect(v.safeParse(contractEvents['points.batch'], batch).success).toBe(true);
    const selected = await call('commands.select', { station: 'demo-iec104', address: 'ioa:5001@1', action: { action: 'off' } });
    expect(selected.value).toMatchObject({ stage: 'selected' });
    const done = await call('commands.operate', { id: selected.value!.id });
    expect(done.value).toMatchObject({ result: 'SUCCESS', ok: true });
    expect(events.some((e) => e.name === 'commands.progress')).toBe(true);
  });
});
