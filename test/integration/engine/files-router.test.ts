/**
 * File downloads through the real IPC router and the engine's file service, against the
 * DNP3 outstation simulator serving a directory on loopback: payload validation, roles,
 * the default folder, progress events, the downloaded file and the audit record.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../../src-main/commissioning/target/simulator';
import { createEngine, type Engine } from '../../../src-main/engine';
import { createClientContext } from '../../../src-main/ipc/client-context';
import { createEventHub } from '../../../src-main/ipc/event-hub';
import { createHandlers } from '../../../src-main/ipc/handlers';
import { createRouter, type Router } from '../../../src-main/ipc/router';
import type { FileDownload } from '../../../src-shared/file-downloads';
import { routerCalls } from '../helpers/router-calls';
import { until } from '../helpers/until';

let dir: string;
let engine: Engine;
let router: Router;
let sim: Simulator;
const hub = createEventHub();
const { call, value } = routerCalls(() => router);
const admin = createClientContext('headless');
const engineer = createClientContext('headless');
const operator = createClientContext('headless');
const progress: FileDownload[] = [];
hub.attach(admin, () => undefined);
hub.attach(operator, () => undefined);
hub.attach(engineer, (name, payload) => {
  if (name === 'files.progress') progress.push(payload as FileDownload);
});
const record = Buffer.from(Array.from({ length: 40_000 }, (_, i) => (i * 7 + 1) & 0xff));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sy-files-router-'));
  mkdirSync(join(dir, 'served', 'records'), { recursive: true });
  writeFileSync(join(dir, 'served', 'records', 'fault.dat'), record);
  const started = await startSimulator({ protocol: 'dnp3', host: '127.0.0.1', port: 0, points: 1, rate: 0, files: { directory: join(dir, 'served') } });
  if (!started.ok) throw new Error(started.error.message);
  sim = started.value;
  engine = await createEngine({ dataDir: join(dir, 'data'), publish: hub.publisher, log: () => undefined, demoOnFirstStart: false });
  router = createRouter(createHandlers(engine, { name: 'Switchyard', version: 'test', host: 'headless', platform: process.platform }), () => undefined);
  await value(admin, 'session.setupAdmin', { name: 'admin', password: 'admin-pass-1' });
  await value(admin, 'users.create', { name: 'eng', role: 'engineer', password: 'eng-pass-1' });
  await value(admin, 'users.create', { name: 'op', role: 'operator', password: 'op-pass-12' });
  await value(engineer, 'session.login', { name: 'eng', password: 'eng-pass-1' });
  await value(operator, 'session.login', { name: 'op', password: 'op-pass-12' });
  await value(admin, 'stations.add', { station: { id: 'rtu', name: 'rtu', protocol: 'dnp3', transport: { kind: 'tcp', host: '127.0.0.1', port: sim.port } } });
  await until('the station ready', async () => (await value(admin, 'stations.list')).every((s) => s.state === 'ready'));
});
afterAll(async () => {
  await engine?.stop();
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('files.* through the router', () => {
  it('validates payloads and roles: a bad request is INVALID_REQUEST, an operator may not list, and is refused and audited when fetching', async () => {
    expect(await call(engineer, 'files.fetch', { station: 'rtu', name: '' })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(await call(engineer, 'files.fetch', { station: 'rtu', name: '/x', extra: 1 } as never)).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(await call(engineer, 'files.list', { station: 'rtu' } as never)).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect((await call(operator, 'files.list', { station: 'rtu', directory: '/' })).ok).toBe(false);
    expect(await value(operator, 'files.fetch', { station: 'rtu', name: '/records/fault.dat' })).toMatchObject({ state: 'done', result: 'REFUSED_ROLE' });
    const audit = await until('the refusal audited', async () => {
      const page = await value(admin, 'audit.query', { limit: 10 });
      return page.records.find((r) => r.action === 'download /records/fault.dat' && r.result === 'REFUSED_ROLE') ?? false;
    });
    expect(audit).toMatchObject({ user: 'op', role: 'operator', station: 'rtu', mode: 'file' });
    expect(await value(engineer, 'files.fetch', { station: 'rtu', name: '/x', folder: 'not/absolute' })).toMatchObject({ result: 'BAD_FOLDER' });
  });

  it('lists, downloads into the default folder under the data directory with progress events, and audits it', async () => {
    expect(await value(engineer, 'files.list', { station: 'rtu', directory: '/records' })).toEqual({
      directory: '/records',
      entries: [{ name: '/records/fault.dat', kind: 'file', size: 40_000, modifiedMs: expect.any(Number) }],
    });
    const { defaultFolder } = await value(engineer, 'files.transfers', {});
    expect(defaultFolder).toBe(join(dir, 'data', 'downloads'));
    const d = await value(engineer, 'files.fetch', { station: 'rtu', name: '/records/fault.dat' });
    const done = await until('the download done', async () => (await value(engineer, 'files.transfers', {})).transfers.find((t) => t.id === d.id && t.state === 'done') ?? false);
    expect(done).toMatchObject({ ok: true, result: 'SUCCESS', received: 40_000, user: 'eng', path: join(defaultFolder, 'fault.dat') });
    expect(readFileSync(join(defaultFolder, 'fault.dat')).equals(record)).toBe(true);
    expect(progress.filter((p) => p.id === d.id).map((p) => p.state)).toEqual(expect.arrayContaining(['queued', 'running', 'done']));
    const audit = await until('the download audited', async () => (await value(admin, 'audit.query', { limit: 10 })).records.find((r) => r.id === d.id && r.result === 'SUCCESS') ?? false);
    expect(audit).toMatchObject({ user: 'eng', role: 'engineer', station: 'rtu', action: 'download /records/fault.dat', mode: 'file', ok: true });
  });

  it('takes the host\'s download folder when configured (serve --downloads DIR)', async () => {
    const other = await createEngine({ dataDir: join(dir, 'data2'), downloadsDir: join(dir, 'elsewhere'), publish: () => undefined, log: () => undefined, demoOnFirstStart: false });
    try {
      expect(other.files.defaultFolder).toBe(join(dir, 'elsewhere'));
    } finally {
      await other.stop();
    }
  });
});
