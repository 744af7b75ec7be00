/**
 * sparkplug.get / sparkplug.configure through the real router and handlers: the password
 * is stored in a 0600 file beside the workspace, never in workspace.json, never returned
 * (only "set"), kept when a later change leaves it out, and never logged; clearing it
 * deletes the file; a bad section is refused naming the field; viewers and operators may not
 * configure; the status line reports a broker that is not there.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src-main/engine';
import { createClientContext } from '../../../src-main/ipc/client-context';
import { createHandlers } from '../../../src-main/ipc/handlers';
import { createRouter, type Router } from '../../../src-main/ipc/router';
import { freePort } from '../helpers/mosquitto';
import { routerCalls } from '../helpers/router-calls';
import { until } from '../helpers/until';

let dir: string;
let engine: Engine;
let router: Router;
const { call, value } = routerCalls(() => router);
const admin = createClientContext('electron');
const operator = createClientContext('headless');
const lines: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sy-sparkplug-router-'));
  engine = await createEngine({ dataDir: dir, publish: () => undefined, log: (line) => lines.push(line), demoOnFirstStart: false });
  router = createRouter(createHandlers(engine, { name: 'Switchyard', version: 'test', host: 'electron', platform: process.platform }), () => undefined);
  await value(admin, 'session.setupAdmin', { name: 'admin', password: 'admin-pass-1' });
  await value(admin, 'users.create', { name: 'op', role: 'operator', password: 'op-pass-123' });
  await value(operator, 'session.login', { name: 'op', password: 'op-pass-123' });
});
afterAll(async () => {
  await engine?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('sparkplug settings through the router', () => {
  it('is not configured at first', async () => {
    expect(await value(operator, 'sparkplug.get')).toMatchObject({ settings: null, status: { enabled: false, connected: false, endpoint: null } });
  });

  it('stores the password in a 0600 file, not the workspace, never returning or logging it, and keeps it when left out', async () => {
    const port = await freePort();
    const settings = { enabled: true, brokerUrl: `mqtt://127.0.0.1:${port}`, groupId: 'G', edgeNodeId: 'N', username: 'edge', password: 'very-secret-pw' };
    const stored = await value(admin, 'sparkplug.configure', { settings });
    expect(stored.settings).toMatchObject({ brokerUrl: settings.brokerUrl, username: 'edge', passwordSet: true });
    expect(JSON.stringify(stored)).not.toContain('very-secret-pw');
    const kept = await value(admin, 'sparkplug.configure', { settings: { ...settings, password: undefined, dcmdEnabled: true, dcmdPoints: [{ station: 'rtu', address: 'bo:0' }] } });
    expect(kept.settings).toMatchObject({ passwordSet: true, dcmdEnabled: true });
    const file = join(dir, 'sparkplug-mqtt.password');
    expect(engine.workspace.workspace.sparkplug).toMatchObject({ password: '', passwordFile: file, passwordEnv: '' });
    expect(kept.settings).toMatchObject({ passwordFile: file });
    expect(readFileSync(file, 'utf8')).toBe('very-secret-pw');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const saved = readFileSync(join(dir, 'workspace.json'), 'utf8');
    expect(saved).not.toContain('very-secret-pw');
    expect(JSON.parse(saved).sparkplug).not.toHaveProperty('password');
    // Nobody listens on the port: the status line says why it is not connected.
    const status = await until('connection error', async () => {
      const got = await value(operator, 'sparkplug.get');
      return got.status.lastError !== null && got.status;
    });
    expect(status).toMatchObject({ enabled: true, connected: false, endpoint: `mqtt://127.0.0.1:${port} spBv1.0/G/N` });
    expect(status.lastError).toMatch(/ECONNREFUSED/);
    const events = await value(admin, 'events.query', { text: 'Sparkplug' });
    expect(events.events.map((e) => e.message)).toContain(`Sparkplug publisher enabled, mqtt://127.0.0.1:${port} as G/N, DCMD enabled for 1 point(s) by admin`);
    expect(JSON.stringify(events) + lines.join('\n')).not.toContain('very-secret-pw');
    const cleared = await value(admin, 'sparkplug.configure', { settings: { ...settings, password: '' } });
    expect(cleared.settings?.passwordSet).toBe(false);
    expect(existsSync(file)).toBe(false);
  });

  it('refuses a bad section naming the field, and an operator', async () => {
    const bad = await call(admin, 'sparkplug.configure', { settings: { brokerUrl: 'mqtt://127.0.0.1:1883', groupId: 'a/b', edgeNodeId: 'N' } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST', message: 'sparkplug.configure: settings.groupId: no +, # or /, 1 to 64 characters without spaces' } });
    expect(engine.workspace.workspace.sparkplug?.groupId).toBe('G');
    const refused = await call(operator, 'sparkplug.configure', { settings: null });
    expect(refused.ok).toBe(false);
  });

  it('removes the section', async () => {
    expect(await value(admin, 'sparkplug.configure', { settings: null })).toMatchObject({ settings: null, status: { enabled: false } });
    expect(engine.workspace.workspace.sparkplug).toBeUndefined();
  });
});
