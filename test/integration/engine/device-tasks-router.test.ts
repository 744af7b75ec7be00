/**
 * Device tasks through the real IPC router and the engine's task service, against the
 * built-in DNP3 outstation and IEC 104 station simulators on loopback: roles, the
 * two-step confirmation, results by name, what the device answered, and the audit.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallRequest } from '../../../src-shared/ipc/contract';
import type { RawAnswer } from '../../../src-shared/raw-answer';
import { startSimulator, type Simulator } from '../../../src-main/commissioning/target/simulator';
import { createEngine, type Engine } from '../../../src-main/engine';
import { createClientContext, type ClientContext } from '../../../src-main/ipc/client-context';
import { createEventHub } from '../../../src-main/ipc/event-hub';
import { createHandlers } from '../../../src-main/ipc/handlers';
import { createRouter, type Router } from '../../../src-main/ipc/router';
import { routerCalls } from '../helpers/router-calls';
import { until } from '../helpers/until';

let dir: string;
let engine: Engine;
let router: Router;
let sims: Simulator[] = [];
const hub = createEventHub();
const { call, value } = routerCalls(() => router);
const admin = createClientContext('headless');
const engineer = createClientContext('headless');
const operator = createClientContext('headless');
for (const c of [admin, engineer, operator]) hub.attach(c, () => undefined);

const raw = async (id: string): Promise<number | null> => {
  const r = await call(admin, 'points.get', { id });
  return r.ok && typeof r.value.raw === 'number' ? r.value.raw : null;
};
type Task = CallRequest<'device.request'>['task'];
const request = (station: string, task: Task, who: ClientContext = engineer) => value(who, 'device.request', { station, task });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sy-device-tasks-'));
  for (const protocol of ['dnp3', 'iec104'] as const) {
    const started = await startSimulator({ protocol, host: '127.0.0.1', port: 0, points: 3, rate: protocol === 'dnp3' ? 20 : 0 });
    if (!started.ok) throw new Error(started.error.message);
    sims.push(started.value);
  }
  engine = await createEngine({ dataDir: dir, publish: hub.publisher, log: () => undefined, demoOnFirstStart: false });
  router = createRouter(createHandlers(engine, { name: 'Switchyard', version: 'test', host: 'headless', platform: process.platform }), () => undefined);
  await value(admin, 'session.setupAdmin', { name: 'admin', password: 'admin-pass-1' });
  await value(admin, 'users.create', { name: 'eng', role: 'engineer', password: 'eng-pass-1' });
  await value(admin, 'users.create', { name: 'op', role: 'operator', password: 'op-pass-12' });
  await value(engineer, 'session.login', { name: 'eng', password: 'eng-pass-1' });
  await value(operator, 'session.login', { name: 'op', password: 'op-pass-12' });
  for (const [id, protocol, sim] of [['rtu', 'dnp3', sims[0]!], ['sub', 'iec104', sims[1]!]] as const) {
    await value(admin, 'stations.add', { station: { id, name: id, protocol, transport: { kind: 'tcp', host: '127.0.0.1', port: sim.port } } });
  }
  await until('both stations ready', async () => (await value(admin, 'stations.list')).every((s) => s.state === 'ready'));
});
afterAll(async () => {
  await engine?.stop();
  for (const sim of sims) await sim.close();
  sims = [];
  rmSync(dir, { recursive: true, force: true });
});

describe('device tasks through the router', () => {
  it("refuses and audits an operator's task, and one of the other protocol", async () => {
    expect(await request('rtu', { task: 'restart', kind: 'warm' }, operator)).toMatchObject({ stage: 'refused', result: 'REFUSED_ROLE', done: true });
    expect(await request('sub', { task: 'restart', kind: 'cold' })).toMatchObject({ result: 'REFUSED_PROTOCOL', detail: 'cold restart is not a iec104 function' });
    expect(await request('rtu', { task: 'interrogation', group: 3 })).toMatchObject({ result: 'REFUSED_PROTOCOL' });
    expect(await call(engineer, 'device.request', { station: 'rtu', task: { task: 'counterInterrogation', group: 5, freeze: 'request' } })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    const audit = await until('the refused attempts audited', async () => {
      const page = await value(admin, 'audit.query', { limit: 10 });
      return page.records.some((r) => r.action === 'warm restart' && r.result === 'REFUSED_ROLE' && r.user === 'op') && page;
    });
    expect(audit.records.find((r) => r.action === 'warm restart')).toMatchObject({ mode: 'task', role: 'operator', station: 'rtu' });
  });

  it('reads DNP3 device attributes at once (no confirmation) and shows them in the station details', async () => {
    const all = await request('rtu', { task: 'readAttributes', variation: 254 });
    expect(all).toMatchObject({ stage: 'done', ok: true, result: 'SUCCESS', value: expect.objectContaining({ manufacturerName: 'Switchyard', numCounters: 3 }) });
    const one = await request('rtu', { task: 'readAttributes', variation: 252 });
    expect(Object.keys(one.value as object)).toEqual(['manufacturerName']);
    expect((await value(engineer, 'stations.get', { id: 'rtu' })).attributes).toMatchObject({ manufacturerName: 'Switchyard', productNameAndModel: 'Switchyard DNP3 outstation simulator' });
    expect(await request('rtu', { task: 'readAttributes', variation: 1 })).toMatchObject({ ok: false, result: 'OBJECT_UNKNOWN' });
  });

  it('freezes and clears one counter range only after the confirmation', async () => {
    await until('counter 0 counted', async () => ((await raw('rtu/ctr:0')) ?? 0) > 0 && true);
    const armed = await request('rtu', { task: 'freeze', clear: true, noAck: false, range: { start: 0, stop: 0 } });
    expect(armed).toMatchObject({ stage: 'armed', done: false, label: 'freeze-and-clear counters 0-0', confirmDeadline: expect.any(Number) });
    expect(await call(operator, 'device.confirm', { id: armed.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await call(admin, 'device.confirm', { id: armed.id })).toMatchObject({ ok: false, error: { code: 'NOT_ARMED', message: expect.stringContaining('requested by eng') } });
    const done = await value(engineer, 'device.confirm', { id: armed.id });
    expect(done).toMatchObject({ stage: 'done', ok: true, result: 'SUCCESS' });
    expect(done.stages.map((s) => s.stage)).toEqual(['requested', 'armed', 'running', 'done']);
    expect(await request('rtu', { task: 'interrogation', group: 0 })).toMatchObject({ ok: true, result: 'SUCCESS' });
    expect(await raw('rtu/fc:0')).toBeGreaterThan(0);
    expect(await raw('rtu/fc:1')).toBe(0);
    // Freeze no-ack of every counter: nothing answers, the result says it was sent.
    // (Counter 1 must have counted first, or its frozen copy stays 0 whatever the freeze did.)
    await until('counter 1 counted', async () => ((await raw('rtu/ctr:1')) ?? 0) > 0 && true);
    const noAck = await request('rtu', { task: 'freeze', clear: false, noAck: true });
    expect(await value(engineer, 'device.confirm', { id: noAck.id })).toMatchObject({ ok: true, result: 'SENT' });
    await until('counter 1 frozen', async () => (await request('rtu', { task: 'interrogation', group: 0 })).ok && ((await raw('rtu/fc:1')) ?? 0) > 0);
  });

  it('cancels an armed task, which then cannot be confirmed', async () => {
    const armed = await request('rtu', { task: 'unsolicited', enable: false, classes: [1, 2, 3] });
    expect(await value(engineer, 'device.cancel', { id: armed.id })).toMatchObject({ result: 'CANCELLED', done: true });
    expect(await call(engineer, 'device.confirm', { id: armed.id })).toMatchObject({ ok: false, error: { code: 'NOT_ARMED' } });
  });

  it('assigns a class, disables and enables unsolicited, and cold-restarts with the delay', async () => {
    const run = async (task: Task) => value(engineer, 'device.confirm', { id: (await request('rtu', task)).id });
    expect(await run({ task: 'assignClass', group: 30, cls: 0, range: { start: 0, stop: 2 } })).toMatchObject({ ok: true, result: 'SUCCESS' });
    expect(await run({ task: 'unsolicited', enable: false, classes: [1, 2, 3] })).toMatchObject({ ok: true, result: 'SUCCESS' });
    expect(await run({ task: 'unsolicited', enable: true, classes: [3] })).toMatchObject({ ok: true, result: 'SUCCESS' });
    const restart = await run({ task: 'restart', kind: 'cold' });
    expect(restart).toMatchObject({ ok: true, result: 'SUCCESS', label: 'cold restart', value: { delayMs: expect.any(Number) } });
    // The session's restart handling: DEVICE_RESTART seen, then cleared by the master.
    await until('DEVICE_RESTART cleared', async () => {
      const s = await value(admin, 'stations.get', { id: 'rtu' });
      return s.status.iin !== null && !s.status.iin.words.includes('DEVICE_RESTART');
    });
  });

  it('runs IEC 104 counter interrogation, GI by group, read, test command and reset process', async () => {
    const ci = await request('sub', { task: 'counterInterrogation', group: 0, freeze: 'request' });
    expect(ci).toMatchObject({ stage: 'done', ok: true, label: 'counter interrogation general request' });
    expect(await raw('sub/ioa:2001@1')).not.toBeNull();
    const freeze = await request('sub', { task: 'counterInterrogation', group: 1, freeze: 'freezeReset' });
    expect(freeze.stage).toBe('armed');
    expect(await value(engineer, 'device.confirm', { id: freeze.id })).toMatchObject({ ok: true });
    expect(await request('sub', { task: 'interrogation', group: 1 })).toMatchObject({ ok: true, label: 'interrogation group 1' });
    const read = await request('sub', { task: 'read', ioa: 1005 });
    expect(read).toMatchObject({ ok: true, result: 'SUCCESS', value: expect.anything() });
    expect(await request('sub', { task: 'read', ioa: 4999 })).toMatchObject({ ok: false });
    expect(await request('sub', { task: 'testCommand' })).toMatchObject({ ok: true, result: 'SUCCESS' });
    const reset = await request('sub', { task: 'resetProcess', qrp: 2 });
    expect(await value(engineer, 'device.confirm', { id: reset.id })).toMatchObject({ done: true, label: 'reset process QRP 2' });
  });

  it('runs the per-station counter interrogation schedule (group and qualifier from the station)', async () => {
    const iec104: Record<string, unknown> = { counterPeriodMs: 200, counterGroup: 2, counterFreeze: 'request' };
    await value(admin, 'stations.add', { station: { id: 'sched', name: 'sched', protocol: 'iec104', transport: { kind: 'tcp', host: '127.0.0.1', port: sims[1]!.port }, iec104 } });
    await until('the group 2 total reported without a request', () => raw('sched/ioa:2002@1').then((v) => v !== null));
    expect(await raw('sched/ioa:2001@1')).toBeNull();
    const logged = await value(admin, 'events.query', { kinds: ['task'], station: 'sched', limit: 5 });
    expect(logged.events.map((e) => e.message)).toContainEqual(expect.stringMatching(/^counter interrogation group 2: SUCCESS .* CA 1: 1 object/));
  });
});

describe('raw requests through the router (device.raw)', () => {
  const rawRequest = (station: string, request: Record<string, unknown>, who: ClientContext = engineer, fn?: string) =>
    value(who, 'device.raw', { station, request, ...(fn !== undefined ? { function: fn } : {}) });
  const readAttributes = { function: 'read', ranges: [{ type: 0, variation: 252, index_prefix: 0, qualifier_code: 6 }] };
  const writeDeadband = { function: 'write', ranges: [{ type: 34, variation: 1, index_prefix: 0, qualifier_code: 0, start: 0, stop: 0, points_data: '0a00' }] };
  const singleOn = { typeId: 'C_SC_NA_1', cause: 'act', commonAddress: 1, objects: [{ ioa: 5001, data: '01' }] };
  const audited = async (action: string, result: string) =>
    until(`${action} audited as ${result}`, async () => (await value(admin, 'audit.query', { limit: 50 })).records.find((r) => r.action === action && r.result === result && r.mode === 'task'));

  it('reads g0v252 at once and answers with the decoded objects, the IIN and both fragments with field trees', async () => {
    const done = await rawRequest('rtu', readAttributes);
    expect(done).toMatchObject({ stage: 'done', ok: true, result: 'SUCCESS', label: 'raw READ (1) g0v252' });
    const a = done.value as RawAnswer;
    expect(a).toMatchObject({ protocol: 'dnp3', function: 'RESPONSE', objects: [{ object: 'g0v252', value: expect.stringContaining('Switchyard') }] });
    // request fragment: control (FIR FIN, seq), READ, g0v252 qualifier 0x06
    expect(a.request?.hex).toMatch(/^c[0-9a-f]0100fc06$/);
    const app = a.responses[0]!.fields[0]!;
    expect(app.children?.find((f) => f.name === 'IIN')).toMatchObject({ offset: 2, length: 2 });
    expect(app.children?.find((f) => f.name === 'g0v252')).toMatchObject({ offset: 4 });
    expect(a.iinWords).not.toContain('OBJECT_UNKNOWN');
    await audited('raw READ (1) g0v252', 'SUCCESS');
  });

  it('arms a write until it is confirmed, then answers with the outstation IIN, audited with the function', async () => {
    const armed = await rawRequest('rtu', writeDeadband);
    expect(armed).toMatchObject({ stage: 'armed', done: false, label: 'raw WRITE (2) g34v1', confirmDeadline: expect.any(Number) });
    const done = await value(engineer, 'device.confirm', { id: armed.id });
    expect(done).toMatchObject({ done: true, ok: false, result: 'OBJECT_UNKNOWN', detail: 'outstation IIN OBJECT_UNKNOWN' });
    expect((done.value as RawAnswer).iinWords).toContain('OBJECT_UNKNOWN');
    expect((await audited('raw WRITE (2) g34v1', 'OBJECT_UNKNOWN'))!.stages.map((s) => s.stage)).toEqual(['requested', 'armed', 'running', 'done']);
    // the function override makes the same ranges a read, which needs no confirmation
    expect(await rawRequest('rtu', { function: 'read', ranges: [{ type: 30, variation: 1, qualifier_code: 0, start: 1, stop: 1 }] }, engineer, 'write')).toMatchObject({ stage: 'armed' });
  });

  it("refuses and audits an operator's raw request and a description with a bad field", async () => {
    expect(await rawRequest('rtu', readAttributes, operator)).toMatchObject({ stage: 'refused', result: 'REFUSED_ROLE', label: 'raw READ (1) g0v252' });
    expect(await audited('raw READ (1) g0v252', 'REFUSED_ROLE')).toMatchObject({ user: 'op', role: 'operator', station: 'rtu' });
    const bad = await rawRequest('sub', { ...singleOn, objects: [{ ioa: 5001, data: '0100' }] });
    expect(bad).toMatchObject({ stage: 'refused', result: 'BAD_ASDU', detail: 'objects[0].data: C_SC_NA_1 elements are 1 octet(s), got 2' });
    expect(await rawRequest('rtu', { function: 'read' })).toMatchObject({ result: 'BAD_RANGES', detail: '"ranges" must be an array of object ranges' });
    await audited('raw request', 'BAD_ASDU');
  });

  it('runs an IEC 104 interrogation at once and a single command after the confirmation, with every ASDU of the CA', async () => {
    const gi = await rawRequest('sub', { typeId: 'C_IC_NA_1', cause: 'act', commonAddress: 1, objects: [{ ioa: 0, data: '14' }] });
    expect(gi).toMatchObject({ stage: 'done', ok: true, result: 'SUCCESS', label: 'raw C_IC_NA_1 (100) act CA 1 IOA 0' });
    const giAnswer = gi.value as RawAnswer;
    expect(giAnswer.asdus[0]).toMatchObject({ type: 'C_IC_NA_1', cause: 'actcon', negative: false });
    expect(giAnswer.asdus.at(-1)).toMatchObject({ type: 'C_IC_NA_1', cause: 'actterm' });
    expect(giAnswer.responses).toHaveLength(giAnswer.asdus.length);
    expect(giAnswer.request?.fields.map((f) => f.name)).toEqual(['APCI', 'ASDU']);
    const armed = await rawRequest('sub', singleOn);
    expect(armed).toMatchObject({ stage: 'armed', label: 'raw C_SC_NA_1 (45) act CA 1 IOA 5001' });
    const done = await value(engineer, 'device.confirm', { id: armed.id });
    expect(done).toMatchObject({ ok: true, result: 'SUCCESS' });
    expect((done.value as RawAnswer).asdus.map((x) => `${x.type} ${x.cause}`)).toEqual(expect.arrayContaining(['C_SC_NA_1 actcon', 'C_SC_NA_1 actterm']));
    const unknown = await value(engineer, 'device.confirm', { id: (await rawRequest('sub', { ...singleOn, objects: [{ ioa: 9999, data: '01' }] })).id });
    expect(unknown).toMatchObject({ ok: false, result: 'UNKNOWN_IOA' });
    await audited('raw C_SC_NA_1 (45) act CA 1 IOA 9999', 'UNKNOWN_IOA');
  });
});
