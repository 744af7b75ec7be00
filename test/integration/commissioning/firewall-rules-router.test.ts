/**
 * `commissioning.firewallRules` through the real IPC router: rules for a workspace station
 * (disabled, so its documentation address is never dialled), open to every logged-in role,
 * errors by name.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src-main/engine';
import { createClientContext } from '../../../src-main/ipc/client-context';
import { createEventHub } from '../../../src-main/ipc/event-hub';
import { createHandlers } from '../../../src-main/ipc/handlers';
import { createRouter, type Router } from '../../../src-main/ipc/router';
import { routerCalls } from '../helpers/router-calls';

let dir: string;
let engine: Engine;
let router: Router;
const hub = createEventHub();
const { call, value } = routerCalls(() => router);
const admin = createClientContext('headless');
const viewer = createClientContext('headless');
const anonymous = createClientContext('headless');
for (const c of [admin, viewer, anonymous]) hub.attach(c, () => undefined);
const TLS = { caFile: 'ca.pem', certFile: 'cert.pem', keyFile: 'key.pem' };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sy-firewall-'));
  engine = await createEngine({ dataDir: dir, publish: hub.publisher, log: () => undefined, demoOnFirstStart: false });
  router = createRouter(createHandlers(engine, { name: 'Switchyard', version: 'test', host: 'headless', platform: process.platform }), () => undefined);
  await value(admin, 'session.setupAdmin', { name: 'admin', password: 'admin-pass-1' });
  await value(admin, 'users.create', { name: 'view', role: 'viewer', password: 'view-pass-1' });
  await value(viewer, 'session.login', { name: 'view', password: 'view-pass-1' });
  const stations = [
    { id: 'rtu7', name: 'RTU 7', protocol: 'iec104', enabled: false, transport: { kind: 'tls', host: '192.0.2.10', port: 19998, tls: TLS } },
    { id: 'dialin', name: 'Dial-in', protocol: 'dnp3', enabled: false, transport: { kind: 'tcp-listen', host: '0.0.0.0', port: 20000 } },
  ];
  for (const station of stations) await value(admin, 'stations.add', { station });
});
afterAll(async () => {
  await engine?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('commissioning.firewallRules', () => {
  it("writes a station's rules for a viewer, with its name in the comments and its other address", async () => {
    const rules = await value(viewer, 'commissioning.firewallRules', { station: 'rtu7', masters: ['192.0.2.21', '192.0.2.22', '2001:db8::21'], stationAddress: '2001:db8::10', format: 'nftables' });
    expect(rules.masters).toEqual(['192.0.2.21', '192.0.2.22', '2001:db8::21']);
    const golden = readFileSync(join(import.meta.dirname, '../../vectors/firewall/iec104-tls-dual-stack/swy_iec104_355c3e7f.nft'), 'utf8');
    expect(rules.files).toEqual([{ name: 'swy_iec104_355c3e7f.nft', text: golden }]);
  });

  it('names what is wrong, and is refused before login', async () => {
    expect(await call(viewer, 'commissioning.firewallRules', { station: 'rtu7', masters: ['192.0.2.21', 'not-an-ip'], format: 'iptables' })).toEqual({
      ok: false,
      error: { code: 'BAD_ADDRESS', message: "master address 'not-an-ip' is not an IPv4 or IPv6 address (firewall rules need addresses, not names or prefixes)" },
    });
    expect(await call(viewer, 'commissioning.firewallRules', { station: 'rtu7', masters: [], format: 'iptables' })).toMatchObject({ ok: false, error: { code: 'NO_MASTER' } });
    expect(await call(viewer, 'commissioning.firewallRules', { station: 'dialin', masters: ['192.0.2.21'], format: 'iptables' })).toMatchObject({ ok: false, error: { code: 'NOT_APPLICABLE' } });
    expect(await call(viewer, 'commissioning.firewallRules', { station: 'nope', masters: ['192.0.2.21'], format: 'iptables' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await call(viewer, 'commissioning.firewallRules', { station: 'rtu7', masters: ['192.0.2.21'], format: 'pf' } as never)).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(await call(anonymous, 'commissioning.firewallRules', { station: 'rtu7', masters: ['192.0.2.21'], format: 'iptables' })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });
});
