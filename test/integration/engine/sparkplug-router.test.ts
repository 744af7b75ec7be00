/**
 * sparkplug.get / sparkplug.configure through the real router and handlers: the password
 * is kept by the host's secret store, never in workspace.json, never returned (only "set"),
 * kept when a later change leaves it out, and never logged; clearing it removes it from the
 * store; only an administrator may point the password at a file or an environment variable;
 * a bad section is refused naming the field; viewers and operators may not configure; the
 * status line reports a broker that is not there.
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

  it('keeps the password in the secret store, not the workspace, never returning or logging it, and keeps it when left out', async () => {
    const port = await freePort();
    const settings = { enabled: true, brokerUrl: `mqtt://127.0.0.1:${port}`, groupId: 'G', edgeNodeId: 'N', username: 'edge', password: 'very-secret-pw' };
    const stored = await value(admin, 'sparkplug.configure', { settings });
    expect(stored.settings).toMatchObject({ brokerUrl: settings.brokerUrl, username: 'edge', passwordSet: true });
    expect(JSON.stringify(stored)).not.toContain('very-secret-pw');
    const kept = await value(admin, 'sparkplug.configure', { settings: { ...settings, password: undefined, dcmdEnabled: true, dcmdPoints: [{ station: 'rtu', address: 'bo:0' }] } });
    expect(kept.settings).toMatchObject({ passwordSet: true, dcmdEnabled: true });
    const id = engine.workspace.workspace.sparkplug!.passwordSecret;
    expect(engine.workspace.workspace.sparkplug).toMatchObject({ password: '', passwordFile: '', passwordEnv: '', passwordSecret: expect.stringMatching(/^s-[0-9a-f]{32}$/) });
    expect(kept.settings).toMatchObject({ passwordStored: true, passwordFile: '' });
    expect(kept.settings).not.toHaveProperty('passwordSecret');
    const secret = engine.secrets.get(id);
    expect(secret.ok && Buffer.from(secret.value).toString('utf8')).toBe('very-secret-pw');
    expect(statSync(join(dir, 'secrets', `${id}.secret`)).mode & 0o777).toBe(0o600);
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
    expect(existsSync(join(dir, 'secrets', `${id}.secret`))).toBe(false);
  });

  it('lets only an administrator point the password at a file or an environment variable, and no client name a stored secret', async () => {
    await value(admin, 'users.create', { name: 'eng', role: 'engineer', password: 'eng-pass-123' });
    const engineer = createClientContext('headless');
    await value(engineer, 'session.login', { name: 'eng', password: 'eng-pass-123' });
    const settings = { enabled: false, brokerUrl: 'mqtt://127.0.0.1:1883', groupId: 'G', edgeNodeId: 'N' };
    for (const source of [{ passwordFile: '/home/user/.ssh/id_ed25519' }, { passwordEnv: 'AWS_SECRET_ACCESS_KEY' }]) {
      const refused = await call(engineer, 'sparkplug.configure', { settings: { ...settings, ...source } });
      expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringMatching(/only an administrator may name the MQTT password/) } });
    }
    expect(engine.workspace.workspace.sparkplug?.passwordFile).toBe('');
    expect(await value(engineer, 'sparkplug.configure', { settings: { ...settings, passwordFile: '' } })).toMatchObject({ settings: { groupId: 'G' } });
    expect(await value(admin, 'sparkplug.configure', { settings: { ...settings, passwordEnv: 'SY_MQTT_PW' } })).toMatchObject({ settings: { passwordEnv: 'SY_MQTT_PW', passwordSet: true } });
    // The contract's type has no passwordSecret; a client that sends one anyway is refused by the router's validation.
    const named = await call(admin, 'sparkplug.configure', { settings: { ...settings, passwordSecret: `s-${'ab'.repeat(16)}` } } as never);
    expect(named).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
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
