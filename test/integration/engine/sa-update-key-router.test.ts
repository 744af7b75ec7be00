/**
 * An SA update key entered through the contract (`stations.add` / `stations.update` with
 * `saUpdateKey`): kept in the host's secret store, the station names it by an opaque id and
 * a fingerprint, and no read of the contract (stations.get, stations.list, workspace.export,
 * events, audit) nor the workspace file nor the log carries the key. The station's session
 * uses the stored key against the SA simulator; a replaced or removed key's file is gone;
 * a stored key cannot be borrowed by naming its id, nor its fingerprint forged; a workspace
 * imported without the station takes its key out of the store.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../../src-main/commissioning/target/simulator';
import { createEngine, type Engine } from '../../../src-main/engine';
import { createClientContext } from '../../../src-main/ipc/client-context';
import { createHandlers } from '../../../src-main/ipc/handlers';
import { createRouter, type Router } from '../../../src-main/ipc/router';
import { routerCalls } from '../helpers/router-calls';
import { until } from '../helpers/until';

const HEX = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';
const NEW_HEX = 'a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf';
/** The key in every form it could leak as. */
const forms = (hex: string): string[] => [hex, hex.toUpperCase(), Buffer.from(hex, 'hex').toString('base64'), hex.slice(0, 16)];

let dir: string;
let engine: Engine;
let router: Router;
let sim: Simulator;
const lines: string[] = [];
const { call, value } = routerCalls(() => router);
const admin = createClientContext('headless');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sy-sa-key-router-'));
  const started = await startSimulator({ host: '127.0.0.1', port: 0, rate: 0, protocol: 'dnp3', points: 4, secureAuth: { user: 1, updateKey: Buffer.from(HEX, 'hex'), role: 'operator', aggressive: false } });
  if (!started.ok) throw new Error(started.error.message);
  sim = started.value;
  engine = await createEngine({ dataDir: dir, publish: () => undefined, log: (line) => lines.push(line), demoOnFirstStart: false });
  router = createRouter(createHandlers(engine, { name: 'Switchyard', version: 'test', host: 'headless', platform: process.platform }), (line) => lines.push(line));
  await value(admin, 'session.setupAdmin', { name: 'admin', password: 'admin-pass-1' });
});
afterAll(async () => {
  await engine?.stop();
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

const station = (secureAuth: Record<string, unknown>) => ({
  id: 'rtu',
  name: 'RTU',
  protocol: 'dnp3',
  transport: { kind: 'tcp', host: '127.0.0.1', port: sim.port, reconnectDelayMs: 200 },
  dnp3: { secureAuth: { user: 1, ...secureAuth } },
  commands: [{ address: 'bo:1', mode: 'direct', actions: ['on', 'off'] }],
});
const secretFiles = (): string[] => readdirSync(join(dir, 'secrets'));

/** Everything a client or a reader of the data directory could see. */
async function everythingVisible(): Promise<string> {
  const reads = [await value(admin, 'stations.get', { id: 'rtu' }), await value(admin, 'stations.list'), await value(admin, 'workspace.export'), await value(admin, 'events.query', {}), await value(admin, 'audit.query', {}), await value(admin, 'app.info')];
  return [JSON.stringify(reads), readFileSync(join(dir, 'workspace.json'), 'utf8'), lines.join('\n')].join('\n');
}

describe('an SA update key entered through the contract', () => {
  it('is stored, named by id and fingerprint, used by the session, and never read back', async () => {
    const added = await call(admin, 'stations.add', { station: station({}), saUpdateKey: HEX.replace(/(..)/g, '$1 ') });
    expect(added.ok).toBe(true);
    const { config } = await value(admin, 'stations.get', { id: 'rtu' });
    expect(config.dnp3.secureAuth).toEqual({ user: 1, aggressive: false, macOctets: 16, keyChangeIntervalS: 900, keyChangeCount: 1000, extraCriticalFunctions: [], storedKey: { id: expect.stringMatching(/^s-[0-9a-f]{32}$/), fingerprint: '630d cd29 66c4 3366' } });
    expect(secretFiles()).toEqual([`${config.dnp3.secureAuth!.storedKey!.id}.secret`]);
    expect(await value(admin, 'app.info')).toMatchObject({ secretStorage: { kind: 'file-0600', warning: null } });
    await until('station ready', () => engine.stations.get('rtu')?.state === 'ready', 20_000);
    const done = await value(admin, 'commands.execute', { station: 'rtu', address: 'bo:1', action: { action: 'on' } });
    expect(done).toMatchObject({ ok: true, result: 'SUCCESS' });
    const seen = await everythingVisible();
    for (const form of forms(HEX)) expect(seen).not.toContain(form);
  });

  it('keeps the stored key on an update that does not enter one, with the fingerprint the engine computed', async () => {
    const { config } = await value(admin, 'stations.get', { id: 'rtu' });
    const storedKey = config.dnp3.secureAuth!.storedKey!;
    await value(admin, 'stations.update', { station: { ...station({ storedKey: { id: storedKey.id, fingerprint: 'ffff ffff ffff ffff' } }), name: 'RTU 7' } });
    const after = await value(admin, 'stations.get', { id: 'rtu' });
    expect(after.config.dnp3.secureAuth?.storedKey).toEqual(storedKey);
    expect(after.config.name).toBe('RTU 7');
  });

  it('refuses to name a stored key the station did not have, a key that is not 16 or 32 octets, and a key without SA', async () => {
    const foreign = await call(admin, 'stations.update', { station: station({ storedKey: { id: 's-0123456789abcdef0123456789abcdef', fingerprint: 'x' } }) });
    expect(foreign).toMatchObject({ ok: false, error: { code: 'SA_KEY_REF' } });
    const short = await call(admin, 'stations.update', { station: station({}), saUpdateKey: 'deadbeef' });
    expect(short).toMatchObject({ ok: false, error: { code: 'SA_KEY_INVALID', message: expect.not.stringContaining('deadbeef') } });
    const { dnp3: _sa, ...plain } = station({});
    const noSa = await call(admin, 'stations.update', { station: plain, saUpdateKey: NEW_HEX });
    expect(noSa).toMatchObject({ ok: false, error: { code: 'INVALID_STATION' } });
    const missing = await call(admin, 'stations.update', { station: station({}) });
    expect(missing).toMatchObject({ ok: false, error: { code: 'INVALID_STATION', message: expect.stringContaining('enter the update key or name a key file') } });
    expect(secretFiles()).toHaveLength(1);
  });

  it('replacing the key removes the old one from the store; removing the station removes its key', async () => {
    const before = (await value(admin, 'stations.get', { id: 'rtu' })).config.dnp3.secureAuth!.storedKey!;
    await value(admin, 'stations.update', { station: station({}), saUpdateKey: NEW_HEX });
    const after = (await value(admin, 'stations.get', { id: 'rtu' })).config.dnp3.secureAuth!.storedKey!;
    expect(after.id).not.toBe(before.id);
    expect(after.fingerprint).not.toBe(before.fingerprint);
    expect(secretFiles()).toEqual([`${after.id}.secret`]);
    const seen = await everythingVisible();
    for (const form of forms(NEW_HEX)) expect(seen).not.toContain(form);
    await value(admin, 'stations.remove', { id: 'rtu' });
    expect(secretFiles()).toEqual([]);
    expect(existsSync(join(dir, 'secrets'))).toBe(true);
  });

  it('a workspace imported without the station takes its key out of the store; one that keeps it leaves it', async () => {
    await value(admin, 'stations.add', { station: station({}), saUpdateKey: HEX });
    const id = (await value(admin, 'stations.get', { id: 'rtu' })).config.dnp3.secureAuth!.storedKey!.id;
    const exported = JSON.parse((await value(admin, 'workspace.export')).text) as { stations: Array<{ id: string; name: string }> };
    const renamed = { ...exported, stations: exported.stations.map((s) => ({ ...s, name: 'RTU renamed' })) };
    await value(admin, 'workspace.import', { text: JSON.stringify(renamed) });
    expect(secretFiles()).toEqual([`${id}.secret`]);
    await value(admin, 'workspace.import', { text: JSON.stringify({ ...exported, stations: [] }) });
    expect(secretFiles()).toEqual([]);
  });
});
