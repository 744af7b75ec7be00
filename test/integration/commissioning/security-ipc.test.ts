/**
 * The security posture check through the real IPC router: a workspace station (the demo's
 * IEC 104 simulator, plain TCP) checked by an engineer and kept in the history as kind
 * `security`; a viewer refused, as for the connectivity check.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecurityReport } from '../../../src-shared/ipc/schemas/security';
import * as v from 'valibot';
import { type Engine } from '../../../src-main/engine';
import { createClientContext, type ClientContext } from '../../../src-main/ipc/client-context';
import { createEventHub } from '../../../src-main/ipc/event-hub';
import { type Router } from '../../../src-main/ipc/router';
import { routerCalls } from '../helpers/router-calls';
import { startRouterRig } from '../helpers/router-rig';

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
  ({ dir, engine, router } = await startRouterRig('sy-security-it-', hub, admin, viewer));
});
afterAll(async () => {
  await engine?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('commissioning.security', () => {
  it('checks a workspace station and records the report in the history', async () => {
    const station = engine.workspace.workspace.stations.find((s) => s.protocol === 'iec104')!;
    const record = await value(admin, 'commissioning.security', { station: station.id, maxMasters: 3 });
    expect(record).toMatchObject({ kind: 'security', station: station.id, user: 'admin', target: expect.stringMatching(/^iec104:\/\/127\.0\.0\.1:\d+/) });
    const report = v.parse(SecurityReport, record.report);
    expect(report.reached).toBe(true);
    // the demo station speaks plain IEC 104: that is named; it accepts any number of masters
    expect(report.findings.map((f) => f.code)).toEqual(expect.arrayContaining(['NO_TLS', 'TOO_MANY_MASTERS']));
    expect(record.summary).toBe(report.summary);
    expect(record.ok).toBe(report.counts.high === 0);
    expect((await value(viewer, 'commissioning.history', {}))[0]).toMatchObject({ id: record.id, kind: 'security' });
  });

  it('is for engineers: a viewer is refused before anything is opened', async () => {
    const station = engine.workspace.workspace.stations[0]!;
    expect(await call(viewer, 'commissioning.security', { station: station.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('names an unknown station and a bad URL', async () => {
    expect(await call(admin, 'commissioning.security', { station: 'nope' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await call(admin, 'commissioning.security', { url: 'modbus://x' })).toMatchObject({ ok: false, error: { code: 'BAD_URL' } });
  });

  it('joins the checkout report: the latest check of the station with each finding, in the digested CSV and the HTML', async () => {
    const station = engine.workspace.workspace.stations.find((s) => s.protocol === 'dnp3')!;
    const checkout = await value(admin, 'commissioning.checkoutCreate', { station: station.id });
    const before = await value(admin, 'commissioning.checkoutExport', { id: checkout.id, format: 'csv' });
    expect(before.text).toContain('security check,not run for this station\r\n');
    const record = await value(admin, 'commissioning.security', { station: station.id });
    const csv = await value(admin, 'commissioning.checkoutExport', { id: checkout.id, format: 'csv' });
    // the summary holds a comma (`1 high, 1 medium`), so the CSV cell is quoted
    const line = `security check,"${record.summary} (${record.at} by admin)"\r\n`;
    expect(csv.text).toContain(line);
    expect(csv.text).toMatch(/\r\nsecurity high,"?SA_NOT_PROTECTED: controls are not protected by Secure Authentication/);
    const html = await value(admin, 'commissioning.checkoutExport', { id: checkout.id, format: 'html' });
    expect(html.text).toContain('<h2>Security posture</h2>');
    expect(html.text).toMatch(/<tr class="fail"><td>HIGH<\/td><td>SA_NOT_PROTECTED<\/td>/);
    // the digested content the page carries has the security section too
    const embedded = /href="data:text\/csv;base64,([A-Za-z0-9+/=]+)"/.exec(html.text)![1]!;
    expect(Buffer.from(embedded, 'base64').toString('utf8')).toContain(line);
  });
});
