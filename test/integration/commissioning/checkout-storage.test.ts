/**
 * Checkouts are stored in the workspace: a format-2 workspace with the old per-checkout
 * files of `<dataDir>/commissioning/checkouts/` is migrated, the files imported once (the
 * folder renamed, never deleted, invalid files kept and reported), and a second start
 * neither imports twice nor loses anything.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallName, CallRequest, CallResponse } from '../../../src-shared/ipc/contract';
import type { Result } from '../../../src-shared/ipc/result';
import type { Checkout } from '../../../src-shared/workspace/checkout';
import { createEngine, type Engine } from '../../../src-main/engine';
import { createClientContext, type ClientContext } from '../../../src-main/ipc/client-context';
import { createEventHub } from '../../../src-main/ipc/event-hub';
import { createHandlers } from '../../../src-main/ipc/handlers';
import { createRouter, type Router } from '../../../src-main/ipc/router';

let dir: string;
let engine: Engine | null = null;

const OLD: Checkout = {
  id: 'c0ffee00-0000-4000-8000-000000000001',
  station: { id: 'rtu-1', name: 'RTU 1', protocol: 'dnp3', endpoint: 'tcp://127.0.0.1:20000' },
  createdBy: 'eng',
  createdAt: '2026-01-02T03:04:05.000Z',
  updatedAt: '2026-01-02T03:14:05.000Z',
  device: { manufacturerName: 'Acme' },
  items: [
    { address: 'bi:0', name: 'Breaker', kind: 'value', expected: '1', tolerance: 0, observed: { value: true, quality: ['ONLINE'], time: null }, result: 'pass', detail: 'true = 1', by: 'eng', at: '2026-01-02T03:10:00.000Z' },
    { address: 'bo:0', name: 'Trip', kind: 'command', expected: 'Open', tolerance: 0, action: { action: 'trip' }, feedback: 'bi:0', withinMs: 5000, observed: null, result: 'pending', detail: '', by: null, at: null },
  ],
};

async function start(): Promise<{ router: Router; admin: ClientContext }> {
  const hub = createEventHub();
  engine = await createEngine({ dataDir: dir, publish: hub.publisher, log: () => undefined, demoOnFirstStart: false });
  const router = createRouter(createHandlers(engine, { name: 'Switchyard', version: 'test', host: 'headless', platform: process.platform }), () => undefined);
  const admin = createClientContext('headless');
  hub.attach(admin, () => undefined);
  const hasUsers = engine.workspace.workspace.users.length > 0;
  const login = await router.dispatch(admin, hasUsers ? 'session.login' : 'session.setupAdmin', { name: 'admin', password: 'admin-pass-1' });
  expect(login.ok).toBe(true);
  return { router, admin };
}
async function value<N extends CallName>(router: Router, client: ClientContext, name: N, request: CallRequest<N> | Record<string, never> = {}): Promise<CallResponse<N>> {
  const result = (await router.dispatch(client, name, request)) as Result<CallResponse<N>>;
  if (!result.ok) throw new Error(`${name}: ${result.error.code} ${result.error.message}`);
  return result.value;
}
const savedWorkspace = (): { formatVersion: number; checkouts: Checkout[] } => JSON.parse(readFileSync(join(dir, 'workspace.json'), 'utf8')) as never;
const oldDir = (): string => join(dir, 'commissioning', 'checkouts');

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sy-checkout-store-'));
  writeFileSync(join(dir, 'workspace.json'), JSON.stringify({ formatVersion: 2, name: 'Plant', stations: [], points: {}, users: [] }));
  mkdirSync(oldDir(), { recursive: true });
  writeFileSync(join(oldDir(), `${OLD.id}.json`), JSON.stringify(OLD));
  writeFileSync(join(oldDir(), 'broken.json'), '{"id": "broken", "items": "no"}');
});
afterEach(async () => {
  await engine?.stop();
  engine = null;
  rmSync(dir, { recursive: true, force: true });
});

describe('checkouts in the workspace', () => {
  it('migrates a format-2 workspace and imports the old checkout files once', async () => {
    const { router, admin } = await start();
    expect(await value(router, admin, 'commissioning.checkoutGet', { id: OLD.id })).toEqual(OLD);
    expect(await value(router, admin, 'commissioning.checkoutList')).toEqual([expect.objectContaining({ id: OLD.id, passed: 1, failed: 0, pending: 1 })]);
    await engine!.workspace.flush();
    expect(savedWorkspace()).toMatchObject({ formatVersion: 3, name: 'Plant', checkouts: [OLD] });
    // The old folder is renamed, not deleted: the invalid file is still there.
    expect(existsSync(oldDir())).toBe(false);
    expect(readdirSync(`${oldDir()}.imported`).sort()).toEqual([`${OLD.id}.json`, 'broken.json'].sort());
    const notes = (await engine!.eventLog.query({ kinds: ['config'] })).rows.map((e) => e.message).join('\n');
    expect(notes).toMatch(/imported 1 checkout\(s\).*not valid checkouts, left there: broken\.json: /);
  });

  it('keeps concurrent edits of different items of one checkout', async () => {
    const { router, admin } = await start();
    await Promise.all([
      value(router, admin, 'commissioning.checkoutUpdate', { id: OLD.id, index: 0, expected: '0' }),
      value(router, admin, 'commissioning.checkoutUpdate', { id: OLD.id, index: 1, expected: 'Closed' }),
    ]);
    const both = await value(router, admin, 'commissioning.checkoutGet', { id: OLD.id });
    expect(both.items.map((i) => [i.expected, i.result])).toEqual([['0', 'pending'], ['Closed', 'pending']]);
    await engine!.workspace.flush();
    expect(savedWorkspace().checkouts[0]!.items.map((i) => i.expected)).toEqual(['0', 'Closed']);
    expect(await router.dispatch(admin, 'commissioning.checkoutUpdate', { id: OLD.id, index: 9, expected: '1' })).toMatchObject({ ok: false, error: { code: 'BAD_ITEM' } });
  });

  it('keeps checkouts across a restart and does not import the same checkout twice', async () => {
    let { router, admin } = await start();
    const created = await value(router, admin, 'commissioning.checkoutGet', { id: OLD.id });
    await engine!.stop();
    // As if the engine had stopped between saving the workspace and renaming the folder.
    mkdirSync(oldDir(), { recursive: true });
    writeFileSync(join(oldDir(), `${OLD.id}.json`), JSON.stringify({ ...OLD, createdBy: 'someone else' }));
    ({ router, admin } = await start());
    expect(await value(router, admin, 'commissioning.checkoutList')).toHaveLength(1);
    expect(await value(router, admin, 'commissioning.checkoutGet', { id: OLD.id })).toEqual(created);
    expect(existsSync(`${oldDir()}.imported-2`)).toBe(true);
    expect(savedWorkspace().checkouts).toEqual([OLD]);
  });
});
