/**
 * Commissioning through the real IPC router and handlers against the demo workspace's
 * simulators on loopback: a connectivity check kept in the history, and a point-by-point
 * checkout run end to end (values, a command with its feedback), saved in the workspace
 * without reconnecting any station, and exported as HTML and CSV.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Checkout } from '../../../src-shared/ipc/schemas/commissioning';
import { createEngine, type Engine } from '../../../src-main/engine';
import { sha256 } from '../../../src-main/commissioning/checkout/checkout-report';
import { createClientContext, type ClientContext } from '../../../src-main/ipc/client-context';
import { createEventHub } from '../../../src-main/ipc/event-hub';
import { createHandlers } from '../../../src-main/ipc/handlers';
import { createRouter, type Router } from '../../../src-main/ipc/router';
import { routerCalls } from '../helpers/router-calls';
import { until } from '../helpers/until';

let dir: string;
let engine: Engine;
let router: Router;
const hub = createEventHub();

const { call, value } = routerCalls(() => router);
function client(): ClientContext {
  const c = createClientContext('headless');
  hub.attach(c, () => undefined);
  return c;
}

const admin = client();
const viewer = client();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sy-checkout-it-'));
  engine = await createEngine({ dataDir: dir, publish: hub.publisher, log: () => undefined });
  router = createRouter(createHandlers(engine, { name: 'Switchyard', version: 'test', host: 'headless', platform: process.platform }), () => undefined);
  await value(admin, 'session.setupAdmin', { name: 'admin', password: 'admin-pass-1' });
  await value(admin, 'users.create', { name: 'view', role: 'viewer', password: 'view-pass-1' });
  await value(viewer, 'session.login', { name: 'view', password: 'view-pass-1' });
  await until('both stations ready', async () => (await value(admin, 'stations.list')).every((s) => s.state === 'ready'));
});
afterAll(async () => {
  await engine?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const itemIndex = (c: Checkout, address: string, kind: 'value' | 'command' = 'value'): number => c.items.findIndex((i) => i.address === address && i.kind === kind);

describe('commissioning through the router', () => {
  it('runs a connectivity check of a station and keeps it in the history', async () => {
    const record = await value(admin, 'commissioning.check', { station: 'demo-dnp3', probes: 3 });
    expect(record).toMatchObject({ ok: true, station: 'demo-dnp3', user: 'admin' });
    expect(record.report).toMatchObject({ kind: 'connectivity', failure: null, protocol: { status: 'passed', latency: { probes: 3 } } });
    const history = await value(viewer, 'commissioning.history');
    expect(history[0]!.id).toBe(record.id);
    expect(await call(viewer, 'commissioning.check', { station: 'demo-dnp3' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await call(admin, 'commissioning.check', { station: 'nope' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('runs a checkout end to end and exports it as HTML and CSV with a SHA-256 digest', async () => {
    const connectedSince = (): Array<number | null> => engine.stations.list().map((s) => s.stats.snapshot().connectedSince);
    const before = connectedSince();
    let c = await value(admin, 'commissioning.checkoutCreate', { station: 'demo-dnp3' });
    expect(c.items.length).toBeGreaterThan(5);
    expect(c.device).toMatchObject({ manufacturerName: 'Switchyard' });
    const breaker = itemIndex(c, 'bi:0');
    const horn = itemIndex(c, 'bo:1', 'command');
    const current = itemIndex(c, 'ai:0');
    // The live value of bi:0, whatever it is now, as the engineer reads it off the device.
    const now = engine.points.get(engine.points.find('demo-dnp3', 'bi:0')).raw;
    await value(admin, 'commissioning.checkoutUpdate', { id: c.id, index: breaker, expected: String(now) });
    c = await value(admin, 'commissioning.checkoutVerify', { id: c.id, index: breaker });
    expect(c.items[breaker]).toMatchObject({ result: 'pass', by: 'admin' });
    await value(admin, 'commissioning.checkoutUpdate', { id: c.id, index: current, expected: '-99999' });
    c = await value(admin, 'commissioning.checkoutVerify', { id: c.id, index: current });
    expect(c.items[current]).toMatchObject({ result: 'fail' });
    expect(c.items[current]!.detail).toMatch(/from -99999/);
    await value(admin, 'commissioning.checkoutUpdate', { id: c.id, index: horn, action: { action: 'on' }, withinMs: 5000 });
    expect(await call(admin, 'commissioning.checkoutCommand', { id: c.id, index: horn })).toMatchObject({ ok: false, error: { code: 'NO_EXPECTED' } });
    await value(admin, 'commissioning.checkoutUpdate', { id: c.id, index: horn, expected: 'On' });
    expect(await call(admin, 'commissioning.checkoutSelect', { id: c.id, index: horn })).toMatchObject({ ok: false, error: { code: 'NOT_SBO' } });
    c = await value(admin, 'commissioning.checkoutCommand', { id: c.id, index: horn });
    expect(c.items[horn]).toMatchObject({ result: 'pass', by: 'admin' });
    expect(c.items[horn]!.detail).toMatch(/command SUCCESS; bo:1/);

    const list = await value(viewer, 'commissioning.checkoutList');
    expect(list[0]).toMatchObject({ id: c.id, passed: 2, failed: 1 });
    // Saved in the workspace file (not as a file of its own), and no station reconnected.
    await engine.workspace.flush();
    const saved = JSON.parse(readFileSync(join(dir, 'workspace.json'), 'utf8')) as { formatVersion: number; checkouts: Checkout[] };
    expect(saved.formatVersion).toBe(3);
    expect(saved.checkouts.find((x) => x.id === c.id)).toEqual(c);
    expect(existsSync(join(dir, 'commissioning', 'checkouts'))).toBe(false);
    expect(connectedSince()).toEqual(before);

    const csv = await value(viewer, 'commissioning.checkoutExport', { id: c.id, format: 'csv' });
    const lines = csv.text.trimEnd().split('\r\n');
    expect(lines.at(-1)).toBe(`sha256,${csv.sha256}`);
    expect(sha256(csv.text.slice(0, csv.text.lastIndexOf('sha256,')))).toBe(csv.sha256);
    expect(csv.text).toMatch(/^station,.*\(demo-dnp3\)\r\n/);
    expect(csv.text).toContain('exported by,view');

    const html = await value(viewer, 'commissioning.checkoutExport', { id: c.id, format: 'html' });
    expect(html.mimeType).toBe('text/html');
    expect(html.text).not.toMatch(/<(script|link|img)\b|https?:\/\//);
    for (const text of ['Point-by-point checkout', 'device manufacturerName', 'Switchyard', 'created by', 'admin', 'Breaker Q1 position', 'PASS', 'FAIL', '2 passed, 1 failed']) {
      expect(html.text).toContain(text);
    }
    expect(html.text).toContain(`<code id="sha256">${html.sha256}</code>`);
    // Each checked row shows the expected and observed values, the quality, who and when.
    const rowOf = (index: number): string => html.text.split('\n').find((l) => l.startsWith(`<tr class="${c.items[index]!.result}"><td>${index + 1}</td>`))!;
    for (const index of [breaker, current, horn]) {
      const item = c.items[index]!;
      const cells = [item.address, item.expected, String(item.observed!.value), item.observed!.quality.join(' '), item.result.toUpperCase(), 'admin', item.at!];
      for (const cell of cells) expect(rowOf(index)).toContain(`<td>${cell}</td>`);
    }
    expect(html.text).toMatch(/<tr><th>created at<\/th><td>\d{4}-\d\d-\d\dT/);
    // The page carries the digested content, so the digest verifies from the HTML alone.
    const embedded = /<a id="content" download="[^"]+\.csv" href="data:text\/csv;base64,([A-Za-z0-9+/=]+)">/.exec(html.text);
    const content = Buffer.from(embedded![1]!, 'base64').toString('utf8');
    expect(content.endsWith(`sha256,${html.sha256}\r\n`)).toBe(true);
    expect(sha256(content.slice(0, content.lastIndexOf('sha256,')))).toBe(html.sha256);
    expect(content).toContain('Breaker Q1 position');
  });

  it('commands an IEC 104 select-before-operate point in two steps and watches its feedback point', async () => {
    let c = await value(admin, 'commissioning.checkoutCreate', { station: 'demo-iec104' });
    const cmd = itemIndex(c, 'ioa:5001@1', 'command');
    await value(admin, 'commissioning.checkoutUpdate', { id: c.id, index: cmd, expected: 'true', action: { action: 'on' }, feedback: 'ioa:1001@1' });
    expect(await call(admin, 'commissioning.checkoutCommand', { id: c.id, index: cmd })).toMatchObject({ ok: false, error: { code: 'SELECT_FIRST' } });
    const selected = await value(admin, 'commissioning.checkoutSelect', { id: c.id, index: cmd });
    expect(selected).toMatchObject({ stage: 'selected', done: false, address: 'ioa:5001@1', action: 'on' });
    expect(await call(admin, 'commissioning.checkoutOperate', { id: c.id, index: cmd, command: 'not-a-select' })).toMatchObject({ ok: false, error: { code: 'NOT_SELECTED' } });
    c = await value(admin, 'commissioning.checkoutOperate', { id: c.id, index: cmd, command: selected.id });
    expect(c.items[cmd]).toMatchObject({ result: 'pass' });
    await value(admin, 'commissioning.checkoutUpdate', { id: c.id, index: cmd, expected: 'true', action: { action: 'off' }, withinMs: 500 });
    const off = await value(admin, 'commissioning.checkoutSelect', { id: c.id, index: cmd });
    c = await value(admin, 'commissioning.checkoutOperate', { id: c.id, index: cmd, command: off.id });
    expect(c.items[cmd]!.result).toBe('fail');
    expect(c.items[cmd]!.detail).toMatch(/did not reach true within 500 ms/);
    expect(await call(admin, 'commissioning.checkoutCommand', { id: c.id, index: 0 })).toMatchObject({ ok: false, error: { code: 'NOT_A_COMMAND' } });
  });
});
