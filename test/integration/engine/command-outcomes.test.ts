/**
 * The engine's command service over loopback against simulators that behave as field
 * devices: an IEC 104 station that never sends ACTTERM (the station's activation
 * termination setting decides the result) and a DNP3 outstation that refuses with its own
 * status, and a DNP3 outstation that enforces Secure Authentication. What the console shows
 * and the audit keeps is checked, stage by stage.
 */
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { StationConfigInput } from '../../../src-shared/workspace/station';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../../src-main/commissioning/target/simulator';
import { engineWith, until, type TestEngine } from './helpers/engine-station';

const engineer = { name: 'eng', role: 'engineer' as const };
const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

async function simulator(options: Omit<SimulatorOptions, 'port'>): Promise<Simulator> {
  const started = await startSimulator({ host: '127.0.0.1', port: 0, rate: 0, ...options });
  if (!started.ok) throw new Error(started.error.message);
  open.push(started.value);
  return started.value;
}

async function stationOn(sim: Simulator, station: Omit<StationConfigInput, 'id' | 'name' | 'transport'>): Promise<TestEngine> {
  const t = await engineWith({ id: 'rtu', name: 'RTU', transport: { kind: 'tcp', host: '127.0.0.1', port: sim.port }, ...station } as StationConfigInput);
  open.push(t);
  await until('station ready', () => t.engine.stations.get('rtu')?.state === 'ready');
  return t;
}

async function auditOf(t: TestEngine, id: string) {
  const { rows } = await t.engine.eventLog.queryAudit({ station: 'rtu' });
  return rows.find((r) => r.id === id);
}

describe('IEC 104 station that sends no ACTTERM', () => {
  const commands = [{ address: 'ioa:5001@1', mode: 'sbo' as const, actions: ['on' as const, 'off' as const] }];

  it('auto: SUCCESS after the window, with "no ACTTERM from this station" in the stages and the audit', async () => {
    const sim = await simulator({ protocol: 'iec104', actTerm: false });
    const t = await stationOn(sim, { protocol: 'iec104', iec104: { actTerm: 'auto', actTermWindowMs: 400 }, commands });
    const done = await t.engine.commands.start(engineer, { station: 'rtu', address: 'ioa:5001@1', action: { action: 'on' } }, false);
    expect(done).toMatchObject({ done: true, ok: true, result: 'SUCCESS', detail: 'confirmed by ACTCON; no ACTTERM from this station (activation termination: auto)' });
    expect(done.stages.map((s) => s.stage)).toEqual(['request', 'select', 'selected', 'operate', 'operated', 'feedback', 'terminated', 'done']);
    expect(done.stages.find((s) => s.stage === 'terminated')).toMatchObject({ result: 'NOT_RECEIVED', ok: true, detail: 'no ACTTERM from this station within 400 ms' });
    const audit = await auditOf(t, done.id);
    expect(audit).toMatchObject({ result: 'SUCCESS', ok: true, detail: done.detail, user: 'eng' });
    expect(audit?.stages).toEqual(done.stages);
  });

  it('none: SUCCESS at the ACTCON', async () => {
    const sim = await simulator({ protocol: 'iec104', actTerm: false });
    const t = await stationOn(sim, { protocol: 'iec104', iec104: { actTerm: 'none' }, commands });
    const done = await t.engine.commands.start(engineer, { station: 'rtu', address: 'ioa:5001@1', action: { action: 'on' } }, false);
    expect(done).toMatchObject({ ok: true, result: 'SUCCESS', detail: 'confirmed by ACTCON; ACTTERM not awaited (activation termination: none)' });
    expect((await auditOf(t, done.id))?.result).toBe('SUCCESS');
  });
});

describe('DNP3 outstation that refuses with its own status', () => {
  it('records NOT_SUPPORTED and LOCAL by name with the IIN as context, in the result and the audit', async () => {
    const sim = await simulator({ protocol: 'dnp3', points: 4, controlStatus: { 'bo:1': 7 } });
    const commands = [{ address: 'bo:1', mode: 'sbo' as const, actions: ['on' as const] }, { address: 'bo:9', mode: 'direct' as const, actions: ['on' as const] }];
    const t = await stationOn(sim, { protocol: 'dnp3', commands });
    const local = await t.engine.commands.start(engineer, { station: 'rtu', address: 'bo:1', action: { action: 'on' } }, false);
    expect(local).toMatchObject({ done: true, ok: false, result: 'LOCAL', detail: 'select refused: the point is in local control (status 7); outstation IIN LOCAL_CONTROL' });
    const missing = await t.engine.commands.start(engineer, { station: 'rtu', address: 'bo:9', action: { action: 'on' } }, false);
    expect(missing).toMatchObject({ ok: false, result: 'NOT_SUPPORTED', detail: expect.stringMatching(/^operate refused: .*\(status 4\); outstation IIN LOCAL_CONTROL PARAMETER_ERROR$/) });
    expect(await auditOf(t, local.id)).toMatchObject({ result: 'LOCAL', ok: false, detail: local.detail });
    expect(await auditOf(t, missing.id)).toMatchObject({ result: 'NOT_SUPPORTED', ok: false, detail: missing.detail });
  });
});

describe('DNP3 outstation that enforces Secure Authentication v5', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sa-engine-'));
  const keyFile = (name: string, hex: string): string => {
    const path = join(dir, name);
    writeFileSync(path, hex);
    chmodSync(path, 0o600);
    return path;
  };
  const key = keyFile('u1.key', '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f');
  const wrong = keyFile('wrong.key', '990102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f');
  const updateKey = Uint8Array.from(Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex'));
  const commands = [{ address: 'bo:1', mode: 'sbo' as const, actions: ['on' as const] }];
  const saSim = (): Promise<Simulator> => simulator({ protocol: 'dnp3', points: 4, secureAuth: { user: 1, updateKey, role: 'operator', aggressive: false } });

  it('a station with SA settings operates it: SUCCESS in the result and the audit', async () => {
    const t = await stationOn(await saSim(), { protocol: 'dnp3', dnp3: { secureAuth: { user: 1, keyFile: key } }, commands });
    const done = await t.engine.commands.start(engineer, { station: 'rtu', address: 'bo:1', action: { action: 'on' } }, false);
    expect(done).toMatchObject({ done: true, ok: true, result: 'SUCCESS' });
    expect(await auditOf(t, done.id)).toMatchObject({ result: 'SUCCESS', ok: true });
  });

  it('the wrong update key: SA_AUTHENTICATION_FAILED by name in the result and the audit', async () => {
    const t = await stationOn(await saSim(), { protocol: 'dnp3', dnp3: { secureAuth: { user: 1, keyFile: wrong } }, commands });
    const done = await t.engine.commands.start(engineer, { station: 'rtu', address: 'bo:1', action: { action: 'on' } }, false);
    expect(done).toMatchObject({ done: true, ok: false, result: 'SA_AUTHENTICATION_FAILED' });
    expect(await auditOf(t, done.id)).toMatchObject({ result: 'SA_AUTHENTICATION_FAILED', ok: false, detail: done.detail });
  });

  it('a station without SA settings: SA_REQUIRED by name in the result and the audit', async () => {
    const t = await stationOn(await saSim(), { protocol: 'dnp3', commands });
    const done = await t.engine.commands.start(engineer, { station: 'rtu', address: 'bo:1', action: { action: 'on' } }, false);
    expect(done).toMatchObject({ done: true, ok: false, result: 'SA_REQUIRED', detail: expect.stringContaining('Secure Authentication') });
    expect(await auditOf(t, done.id)).toMatchObject({ result: 'SA_REQUIRED', ok: false });
  });
});
