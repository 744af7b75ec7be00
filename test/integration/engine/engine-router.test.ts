/**
 * The engine through the real IPC router and handlers, against the demo workspace's DNP3
 * outstation and IEC 104 controlled-station simulators on loopback.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventName, EventPayload } from '../../../src-shared/ipc/contract';
import { createEngine, type Engine } from '../../../src-main/engine';
import { createClientContext, type ClientContext } from '../../../src-main/ipc/client-context';
import { createEventHub } from '../../../src-main/ipc/event-hub';
import { createHandlers } from '../../../src-main/ipc/handlers';
import { createRouter, type Router } from '../../../src-main/ipc/router';
import { routerCalls } from '../helpers/router-calls';

let dir: string;
let engine: Engine;
let router: Router;
const hub = createEventHub();
const received: Array<{ client: string; name: EventName; payload: unknown }> = [];

const { call, value } = routerCalls(() => router);
/** Polls until `probe` returns something truthy (an empty array counts as nothing). */
async function until<T>(what: string, probe: () => Promise<T | undefined | null | false> | T | undefined | null | false, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const got = await probe();
    if (got && !(Array.isArray(got) && got.length === 0)) return got;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
function client(): ClientContext {
  const c = createClientContext('headless');
  hub.attach(c, (name, payload) => received.push({ client: c.id, name, payload }));
  return c;
}

const admin = client();
const engineer = client();
const operator = client();
const anonymous = client();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sy-engine-it-'));
  engine = await createEngine({ dataDir: dir, publish: hub.publisher, log: () => undefined });
  router = createRouter(createHandlers(engine, { name: 'Switchyard', version: 'test', host: 'headless', platform: process.platform }), () => undefined);
});
afterAll(async () => {
  await engine?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('engine through the IPC router with both simulators', () => {
  it('starts in the demo workspace and requires the first administrator', async () => {
    expect(await value(anonymous, 'session.status')).toEqual({ user: null, needsSetup: true, demo: true });
    expect(await call(anonymous, 'stations.list')).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await value(admin, 'session.setupAdmin', { name: 'admin', password: 'admin-pass-1' })).toMatchObject({ name: 'admin', role: 'administrator' });
    expect(await call(anonymous, 'session.setupAdmin', { name: 'evil', password: 'evil-pass-1' })).toMatchObject({ ok: false, error: { code: 'SETUP_DONE' } });
    await value(admin, 'users.create', { name: 'eng', role: 'engineer', password: 'eng-pass-1' });
    await value(admin, 'users.create', { name: 'op', role: 'operator', password: 'op-pass-12' });
    await value(engineer, 'session.login', { name: 'eng', password: 'eng-pass-1' });
    await value(operator, 'session.login', { name: 'op', password: 'op-pass-12' });
    expect(await call(operator, 'users.list')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('connects both stations and points appear with names, units and labels', async () => {
    await value(operator, 'points.subscribe', { stations: ['demo-iec104'] });
    const stations = await until('both stations ready', async () => {
      const list = await value(operator, 'stations.list');
      return list.every((s) => s.state === 'ready') && list;
    });
    expect(stations.map((s) => s.id)).toEqual(['demo-dnp3', 'demo-iec104']);
    const points = await until('points of both stations', async () => {
      const list = await value(operator, 'points.list', {});
      return list.points.some((p) => p.id === 'demo-dnp3/ai:0' && p.raw !== null) && list.points.some((p) => p.id === 'demo-iec104/ioa:1001@1' && p.raw !== null) && list;
    });
    expect(points.points.find((p) => p.id === 'demo-dnp3/ai:0')).toMatchObject({ name: 'Feeder 1 current', unit: 'A', type: expect.stringMatching(/^g3[02]v\d$/), quality: ['ONLINE'] });
    expect(points.points.find((p) => p.id === 'demo-iec104/ioa:1001@1')).toMatchObject({ name: 'Circuit breaker CB1', label: expect.stringMatching(/^(Open|Closed)$/) });
    const batches = await until('a batch for the subscribed station', () => received.filter((r) => r.client === operator.id && r.name === 'points.batch'));
    expect(batches.every((b) => (b.payload as EventPayload<'points.batch'>).stations.join() === 'demo-iec104'), 'only the part of the subscribed station').toBe(true);
    const slots = Array.from((batches[0]!.payload as EventPayload<'points.batch'>).slots);
    const named = await value(operator, 'points.list', { slots: [...slots, 999_999] });
    expect(named.points.map((p) => p.slot), 'the points a batch names, by slot; an unknown slot is left out').toEqual(slots);
    expect(named.points.every((p) => p.station === 'demo-iec104')).toBe(true);
    expect((await value(operator, 'points.list', { slots, station: 'demo-dnp3' })).points).toEqual([]);
    expect(received.some((r) => r.client === anonymous.id && r.name !== 'points.batch' && r.name !== 'stations.state')).toBe(false);
    const trend = await value(operator, 'trends.get', { ids: ['demo-iec104/ioa:1001@1'] });
    expect(trend.series[0]!.times.length).toBeGreaterThan(0);
  });

  it('raises, clears and acknowledges alarms (breaker CB1 commanded open and closed: state alarm on Open)', async () => {
    const id = 'demo-iec104/ioa:1001@1#STATE:0';
    const changes = () => received.filter((r) => r.client === operator.id && r.name === 'alarms.changed').flatMap((r) => (r.payload as EventPayload<'alarms.changed'>).changes);
    const breaker = (action: 'on' | 'off') => value(engineer, 'commands.execute', { station: 'demo-iec104', address: 'ioa:5001@1', action: { action } });
    // The demo's breakers change rarely by themselves (hours), so the test drives CB1.
    expect(await breaker('off')).toMatchObject({ ok: true, result: 'SUCCESS' });
    await until('the breaker alarm raised', () => changes().some((c) => c.alarm.id === id && c.transition === 'raised'));
    expect(await breaker('on')).toMatchObject({ ok: true, result: 'SUCCESS' });
    await until('the breaker alarm cleared', () => changes().some((c) => c.alarm.id === id && c.transition === 'cleared'));
    expect(await breaker('off')).toMatchObject({ ok: true, result: 'SUCCESS' });
    await until('the breaker alarm active again', async () => (await value(operator, 'alarms.list')).alarms.find((a) => a.id === id && a.active));
    expect(await call(anonymous, 'alarms.ack', { id })).toMatchObject({ ok: false });
    expect(await value(operator, 'alarms.ack', { id })).toEqual({ acknowledged: 1 });
    const listed = (await value(operator, 'alarms.list')).alarms.find((a) => a.id === id);
    if (listed) expect(listed).toMatchObject({ acknowledged: true, ackBy: 'op' });
    expect((await value(operator, 'alarms.ackStation', { station: 'demo-iec104' })).acknowledged).toBeGreaterThanOrEqual(0);
    await value(operator, 'alarms.ackAll');
    expect((await value(operator, 'alarms.list')).unacknowledged).toBeLessThanOrEqual(1);
    const logged = await value(operator, 'events.query', { kinds: ['alarm'], point: 'ioa:1001@1', limit: 50 });
    expect(logged.events.map((e) => e.message)).toEqual(expect.arrayContaining([expect.stringMatching(/^raised: /), expect.stringMatching(/^cleared: /), expect.stringMatching(/^acknowledged: /)]));
  });

  it('shelves an alarm for an operator with a reason and an expiry, logs it, and lifts it by hand', async () => {
    const id = 'demo-dnp3/ai:2#H';
    await value(admin, 'points.configure', { station: 'demo-dnp3', point: { address: 'ai:2', name: 'Transformer temperature', unit: '°C', scale: 0.5, offset: 65, alarms: { h: -1000, deadband: 0, priority: 2 } } });
    await value(engineer, 'stations.interrogate', { id: 'demo-dnp3' });
    await until('the forced H alarm', async () => (await value(operator, 'alarms.list')).alarms.find((a) => a.id === id && a.active));
    expect(await call(anonymous, 'alarms.shelve', { id, reason: 'probe', minutes: 5 })).toMatchObject({ ok: false });
    expect(await call(operator, 'alarms.shelve', { id, reason: '   ', minutes: 5 })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(await call(operator, 'alarms.shelve', { id, reason: 'probe', minutes: 24 * 60 + 1 })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    const before = (await value(operator, 'alarms.list')).unacknowledged;
    const shelved = await value(operator, 'alarms.shelve', { id, reason: ' probe being replaced ', minutes: 30 });
    expect(shelved.shelf).toMatchObject({ by: 'op', reason: 'probe being replaced' });
    expect(shelved.shelf!.until - shelved.shelf!.at).toBe(30 * 60_000);
    expect((await value(operator, 'alarms.list')).unacknowledged).toBe(before - 1);
    // Alarm changes go out with the engine's next tick (coalesced per interval).
    await until('the shelved change pushed', () => received.some((r) => r.client === operator.id && r.name === 'alarms.changed' && (r.payload as EventPayload<'alarms.changed'>).changes.some((c) => c.transition === 'shelved')));
    await value(operator, 'alarms.unshelve', { id });
    expect(await call(operator, 'alarms.unshelve', { id })).toMatchObject({ ok: false, error: { code: 'NOT_SHELVED' } });
    expect((await value(operator, 'alarms.list')).alarms.find((a) => a.id === id)).toMatchObject({ shelf: null, acknowledged: false });
    const logged = await value(operator, 'events.query', { kinds: ['alarm'], point: 'ai:2', text: 'shelved', limit: 10 });
    expect(logged.events.map((e) => [e.user, e.message])).toEqual([
      ['op', expect.stringMatching(/^unshelved: .* \(by op; active again, unacknowledged\)$/)],
      ['op', expect.stringMatching(/^shelved: .* \(by op for 30 min until \d{4}-.*Z; reason: probe being replaced\)$/)],
    ]);
  });

  it("runs an engineer's two-step SBO on DNP3 and IEC 104 and audits it", async () => {
    const selected = await value(engineer, 'commands.select', { station: 'demo-dnp3', address: 'bo:0', action: { action: 'on' } });
    expect(selected).toMatchObject({ stage: 'selected', done: false });
    const done = await value(engineer, 'commands.operate', { id: selected.id });
    expect(done).toMatchObject({ done: true, ok: true, result: 'SUCCESS' });
    const iec = await value(engineer, 'commands.select', { station: 'demo-iec104', address: 'ioa:5002@1', action: { action: 'close' } });
    expect(iec.stage).toBe('selected');
    const iecDone = await value(engineer, 'commands.operate', { id: iec.id });
    expect(iecDone).toMatchObject({ ok: true, result: 'SUCCESS', feedback: { type: 'M_DP_NA_1', value: 2 } });
    const setpoint = await value(engineer, 'commands.execute', { station: 'demo-dnp3', address: 'ao:0', action: { action: 'setpoint', value: 42 } });
    expect(setpoint).toMatchObject({ mode: 'sbo', ok: true, result: 'SUCCESS', value: '42' });
    const step = await value(engineer, 'commands.execute', { station: 'demo-iec104', address: 'ioa:5003@1', action: { action: 'step', direction: 'up' } });
    expect(step).toMatchObject({ mode: 'direct', ok: true, result: 'SUCCESS' });
    const audit = await value(operator, 'audit.query', { user: 'eng' });
    const record = audit.records.find((r) => r.id === selected.id);
    expect(record).toMatchObject({ user: 'eng', role: 'engineer', station: 'demo-dnp3', point: 'bo:0', action: 'on', mode: 'sbo', result: 'SUCCESS', ok: true });
    expect(record!.stages.map((s) => s.stage)).toEqual(expect.arrayContaining(['request', 'selected', 'operate-request', 'done']));
  });

  it("refuses an operator's command and an engineer's command outside policy in the command service, and audits both", async () => {
    const byOperator = await value(operator, 'commands.execute', { station: 'demo-dnp3', address: 'bo:1', action: { action: 'on' } });
    expect(byOperator).toMatchObject({ done: true, ok: false, result: 'REFUSED_ROLE', detail: 'commands need the engineer role; the user is operator' });
    expect(await call(operator, 'commands.operate', { id: byOperator.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const refused = await value(engineer, 'commands.execute', { station: 'demo-dnp3', address: 'bo:3', action: { action: 'on' } });
    expect(refused).toMatchObject({ done: true, result: 'REFUSED_POLICY' });
    await value(admin, 'users.update', { name: 'eng', role: 'operator' });
    const demoted = await value(engineer, 'commands.execute', { station: 'demo-dnp3', address: 'bo:1', action: { action: 'on' } });
    expect(demoted).toMatchObject({ done: true, ok: false, result: 'REFUSED_ROLE' });
    await value(admin, 'users.update', { name: 'eng', role: 'engineer' });
    const audit = await value(operator, 'audit.query', { result: 'REFUSED_POLICY' });
    expect(audit.records[0]).toMatchObject({ user: 'eng', point: 'bo:3', ok: false });
    const forbidden = await value(operator, 'audit.query', { result: 'REFUSED_ROLE' });
    expect(forbidden.records).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ user: 'op', role: 'operator', station: 'demo-dnp3', point: 'bo:1', action: 'on', ok: false, detail: 'commands need the engineer role; the user is operator' }),
        expect.objectContaining({ user: 'eng', role: 'operator', point: 'bo:1', ok: false }),
      ]),
    );
    const logged = await value(operator, 'events.query', { kinds: ['command'], station: 'demo-dnp3', point: 'bo:1' });
    expect(logged.events.map((e) => e.message)).toEqual(expect.arrayContaining([expect.stringMatching(/by op: REFUSED_ROLE/)]));
  });

  it('edits one station at run time and reconnects only that station', async () => {
    const before = engine.stations.get('demo-dnp3')!.stats.snapshot().connectedSince;
    const detail = await value(admin, 'stations.get', { id: 'demo-iec104' });
    const config = { ...detail.config, name: 'Renamed feeder RTU', iec104: { ...detail.config.iec104, giPeriodMs: 120_000 } };
    expect(await call(admin, 'stations.update', { station: { ...config, transport: { ...config.transport, port: 70000 } } })).toMatchObject({ ok: false, error: { code: 'INVALID_STATION', message: expect.stringMatching(/^transport\.port: /) } });
    expect(await value(admin, 'stations.update', { station: config })).toMatchObject({ name: 'Renamed feeder RTU' });
    await until('the edited station ready again', async () => (await value(admin, 'stations.get', { id: 'demo-iec104' })).status.state === 'ready');
    expect(engine.stations.get('demo-iec104')!.stats.reconnects).toBeGreaterThanOrEqual(1);
    expect(engine.stations.get('demo-dnp3')!.stats.snapshot().connectedSince).toBe(before);
    expect(engine.stations.get('demo-dnp3')!.stats.reconnects).toBe(0);
    const disabled = await value(admin, 'stations.setEnabled', { id: 'demo-dnp3', enabled: false });
    expect(disabled.state).toBe('disabled');
    await value(admin, 'stations.setEnabled', { id: 'demo-dnp3', enabled: true });
    await until('re-enabled station ready', async () => (await value(admin, 'stations.get', { id: 'demo-dnp3' })).status.state === 'ready');
    const config2 = await value(operator, 'events.query', { kinds: ['config'] });
    expect(config2.events.map((e) => e.message)).toEqual(expect.arrayContaining(['station demo-iec104 updated by admin']));
  });

  it('disconnects and connects one station at run time (engineers only), leaving the other connected', async () => {
    const iecSince = engine.stations.get('demo-iec104')!.stats.snapshot().connectedSince;
    expect(iecSince).not.toBeNull();
    expect(await call(operator, 'stations.disconnect', { id: 'demo-dnp3' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await call(engineer, 'stations.disconnect', { id: 'nope' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await value(engineer, 'stations.disconnect', { id: 'demo-dnp3' })).toMatchObject({ id: 'demo-dnp3', state: 'disconnected' });
    expect(await value(engineer, 'commands.execute', { station: 'demo-dnp3', address: 'bo:0', action: { action: 'on' } })).toMatchObject({ ok: false, result: 'NOT_CONNECTED' });
    expect((await value(engineer, 'stations.connect', { id: 'demo-dnp3' })).state).toMatch(/^(connecting|connected|ready)$/);
    await until('reconnected station ready', async () => (await value(admin, 'stations.get', { id: 'demo-dnp3' })).status.state === 'ready');
    expect(engine.stations.get('demo-iec104')!.stats.snapshot().connectedSince).toBe(iecSince);
    const log = await value(operator, 'events.query', { kinds: ['connection'], station: 'demo-dnp3' });
    expect(log.events.map((e) => e.message)).toEqual(expect.arrayContaining(['disconnect requested by eng', 'connect requested by eng']));
  });

  it('exports the point list and events as CSV and reports the workspace', async () => {
    const csv = await value(operator, 'points.exportCsv', { id: 'demo-dnp3' });
    expect(csv.csv.split('\r\n')[0]).toBe('address,name,description,unit,scale,offset,state_labels,hh,h,l,ll,deadband,priority,state_alarms,quality_alarm,event_deadband,type');
    expect(csv.csv).toContain('ai:0,Feeder 1 current,,A,2,200');
    const events = await value(operator, 'events.exportCsv', { kinds: ['command'] });
    expect(events.csv).toMatch(/^id,time,device_time,kind,station,point,user,message,flags\r\n/);
    const info = await value(operator, 'workspace.info');
    expect(info).toMatchObject({ demo: true, stations: 2, users: 3 });
    expect(await call(operator, 'workspace.export')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('polls, synchronises clocks and streams decoded frames to the analysing client', async () => {
    await value(engineer, 'analyzer.subscribe', { station: 'demo-iec104' });
    expect(await value(engineer, 'stations.interrogate', { id: 'demo-iec104' })).toEqual({ accepted: true });
    expect(await value(engineer, 'stations.interrogate', { id: 'demo-dnp3' })).toEqual({ accepted: true });
    expect(await value(engineer, 'stations.timeSync', { id: 'demo-iec104' })).toEqual({ accepted: true });
    expect(await value(engineer, 'stations.timeSync', { id: 'demo-dnp3' })).toEqual({ accepted: true });
    await until('time sync results of both stations', async () => {
      const log = await value(operator, 'events.query', { kinds: ['timeSync'] });
      return new Set(log.events.map((e) => e.station)).size === 2;
    });
    const frames = await until('decoded frames', () =>
      received.filter((r) => r.client === engineer.id && r.name === 'analyzer.frames').flatMap((r) => (r.payload as { frames: Array<{ summary: string; hex: string; direction: string }> }).frames),
    );
    expect(frames.some((f) => f.summary.length > 0 && /^[0-9a-f]+$/.test(f.hex))).toBe(true);
    expect(received.some((r) => r.client === operator.id && r.name === 'analyzer.frames')).toBe(false);
    const stats = await value(operator, 'stations.stats');
    expect(stats.find((s) => s.id === 'demo-iec104')!.framesRx).toBeGreaterThan(0);
  });

  it('adds a station at run time without touching the others; a refused connection raises its alarm', async () => {
    const dnp3Since = engine.stations.get('demo-dnp3')!.stats.snapshot().connectedSince;
    const closed = await new Promise<number>((resolve) => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => {
        const port = (server.address() as AddressInfo).port;
        server.close(() => resolve(port));
      });
    });
    const added = await value(admin, 'stations.add', { station: { id: 'spare', name: 'Spare RTU', protocol: 'iec104', transport: { kind: 'tcp', host: '127.0.0.1', port: closed } } });
    expect(added.state).toMatch(/^(connecting|backoff)$/);
    expect(await call(admin, 'stations.add', { station: { id: 'spare', name: 'Again', protocol: 'iec104', transport: { kind: 'tcp', host: '127.0.0.1', port: closed } } })).toMatchObject({ ok: false, error: { code: 'EXISTS' } });
    const failed = await until('refused connection', async () => {
      const detail = await value(admin, 'stations.get', { id: 'spare' });
      return detail.status.lastError && detail.status;
    });
    expect(failed).toMatchObject({ state: 'backoff', lastError: { code: 'REFUSED' } });
    expect((await value(operator, 'alarms.list')).alarms).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'spare#DISCONNECTED', active: true, priority: 1 })]));
    expect(engine.stations.get('demo-dnp3')!.stats.snapshot().connectedSince).toBe(dnp3Since);
    await value(admin, 'stations.remove', { id: 'spare' });
    expect((await value(operator, 'stations.list')).map((s) => s.id)).toEqual(['demo-dnp3', 'demo-iec104']);
    expect((await value(operator, 'alarms.list')).alarms.some((a) => a.station === 'spare')).toBe(false);
  });

  it('imports a point list from CSV and configures a point; refuses bad workspaces and keeps running', async () => {
    const csv = 'address,name,unit,h,deadband\nai:3,Reactive power,Mvar,50,1\nai:9,"Spare, analog",,,\n';
    expect(await value(admin, 'points.importCsv', { station: 'demo-dnp3', csv, mode: 'merge' })).toEqual({ count: 2 });
    expect(await value(operator, 'points.get', { id: 'demo-dnp3/ai:3' })).toMatchObject({ name: 'Reactive power', unit: 'Mvar', alarms: { h: 50 } });
    expect(await value(operator, 'points.get', { id: 'demo-dnp3/ai:0' })).toMatchObject({ name: 'Feeder 1 current' });
    expect(await call(admin, 'points.importCsv', { station: 'demo-dnp3', csv: 'address\nbad' })).toMatchObject({ ok: false, error: { code: 'INVALID_CSV', message: expect.stringMatching(/^line 2: address/) } });
    const configured = await value(admin, 'points.configure', { station: 'demo-iec104', point: { address: 'ioa:3003@1', name: 'Winding temperature', unit: '°C' } });
    expect(configured).toMatchObject({ id: 'demo-iec104/ioa:3003@1', name: 'Winding temperature', configured: true });
    expect(await call(admin, 'workspace.import', { text: JSON.stringify({ formatVersion: 99 }) })).toMatchObject({ ok: false, error: { code: 'NEWER_FORMAT' } });
    expect(await call(admin, 'workspace.import', { text: JSON.stringify({ formatVersion: 2, stations: [{ id: 'x', name: 'X', protocol: 'dnp3', transport: { kind: 'tcp', host: 'h', port: 0 } }] }) })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_WORKSPACE', message: expect.stringMatching(/^stations\.0\.transport\.port: /) },
    });
    expect((await value(operator, 'stations.list')).every((s) => s.state === 'ready')).toBe(true);
    const exported = await value(admin, 'workspace.export');
    expect(JSON.parse(exported.text)).toMatchObject({ formatVersion: 3, demo: true, checkouts: [] });
  });

  it('changes a password and logs out', async () => {
    const temp = client();
    await value(temp, 'session.login', { name: 'op', password: 'op-pass-12' });
    expect(await call(temp, 'session.changePassword', { oldPassword: 'wrong-one', newPassword: 'op-pass-34' })).toMatchObject({ ok: false, error: { code: 'BAD_CREDENTIALS' } });
    await value(temp, 'session.changePassword', { oldPassword: 'op-pass-12', newPassword: 'op-pass-34' });
    await value(temp, 'session.logout');
    expect(await value(temp, 'session.status')).toMatchObject({ user: null });
    expect(await call(temp, 'session.login', { name: 'op', password: 'op-pass-12' })).toMatchObject({ ok: false, error: { code: 'BAD_CREDENTIALS' } });
    await value(temp, 'session.login', { name: 'op', password: 'op-pass-34' });
  });

  it('restarts on the saved demo workspace: users kept, simulators on new ports, history kept', async () => {
    const before = (await value(operator, 'events.query', { limit: 1 })).total;
    await engine.stop();
    engine = await createEngine({ dataDir: dir, publish: hub.publisher, log: () => undefined });
    router = createRouter(createHandlers(engine, { name: 'Switchyard', version: 'test', host: 'headless', platform: process.platform }), () => undefined);
    const fresh = client();
    expect(await value(fresh, 'session.status')).toMatchObject({ needsSetup: false, demo: true });
    await value(fresh, 'session.login', { name: 'eng', password: 'eng-pass-1' });
    await until('stations ready after restart', async () => (await value(fresh, 'stations.list')).every((s) => s.state === 'ready'));
    expect((await value(fresh, 'stations.get', { id: 'demo-iec104' })).config.name).toBe('Renamed feeder RTU');
    expect((await value(fresh, 'events.query', { limit: 1 })).total).toBeGreaterThan(before);
  });
});
