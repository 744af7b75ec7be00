/**
 * The engine acknowledges events to the device only after their rows are committed, shows
 * them live only after the commit, drops exact repeats of device-timed events and keeps
 * the possible-repeat mark of IEC 104 events on the row.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import type { AudienceClient, EventName, Publish } from '../../../src-shared/ipc/contract';
import type { PointUpdate } from '../../../src-shared/session';
import { Workspace } from '../../../src-shared/workspace/workspace';
import { createEngine, emptyWorkspace, type Engine } from '../../../src-main/engine';
import { saveWorkspaceFile } from '../../../src-main/engine/workspace/workspace-store';
import type { LogEvent } from '../../../src-main/engine/event-log/event-types';
import { createFakeLinks } from './fake-link';

/** Stops each engine and removes its data directory after the test. */
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});
const viewer: AudienceClient = { id: 'v', user: { name: 'v', role: 'viewer' } };

async function start(protocol: 'dnp3' | 'iec104' = 'dnp3', dir = mkdtempSync(join(tmpdir(), 'sy-soe-'))) {
  // Every event is an SOE row (event deadband 0): the tests count rows against what was reported.
  const workspace = v.parse(Workspace, {
    ...emptyWorkspace(),
    stations: [{ id: 'rtu', name: 'RTU 1', protocol, transport: { kind: 'tcp', host: '127.0.0.1', port: 20000 } }],
    points: { rtu: [{ address: protocol === 'dnp3' ? 'ai:1' : 'ioa:100@1', name: 'Probe', eventDeadband: 0 }] },
  });
  await saveWorkspaceFile(join(dir, 'workspace.json'), workspace);
  const published: Array<{ name: EventName; payload: unknown; committedBatch: number }> = [];
  let engine: Engine | null = null;
  const publish = ((name: EventName, payload: unknown, accept?: (c: AudienceClient) => boolean) => {
    if (!accept || accept(viewer)) published.push({ name, payload, committedBatch: engine?.eventLog.committedBatch ?? 0 });
  }) as Publish;
  const fake = createFakeLinks();
  const started = await createEngine({ dataDir: dir, publish, linkFactory: fake.factory, log: () => undefined });
  engine = started;
  cleanups.push(async () => {
    await started.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  await new Promise((r) => setTimeout(r, 0));
  // the batch each SOE row was queued in
  const soeBatches: number[] = [];
  const append = engine.eventLog.append.bind(engine.eventLog);
  engine.eventLog.append = (event: LogEvent) => {
    const batch = append(event);
    if (event.kind === 'soe') soeBatches.push(batch);
    return batch;
  };
  return { engine, dir, fake, published, soeBatches };
}

async function until<T>(what: string, probe: () => T | undefined | null | false): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const got = probe();
    if (got) return got;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const event = (value: number, deviceTime: number | null = 1_700_000_000_000 + value): PointUpdate => ({ ref: 'ai:1', type: 'g32v3', value, quality: ['ONLINE'], deviceTime, isEvent: true });

describe('engine: events are acknowledged and shown only after their commit', () => {
  it('calls confirm with the token only once the SOE rows are committed', async () => {
    const { engine, fake, soeBatches } = await start();
    const link = fake.latest('rtu');
    const committedAtConfirm: number[] = [];
    link.session.onCall = (call) => {
      if (call.op === 'confirm') committedAtConfirm.push(engine.eventLog.committedBatch);
      return [];
    };
    link.emit({ type: 'points', updates: [event(1), event(2)], confirm: 7 });
    expect(link.session.calls).toEqual([]);
    await until('the confirm call', () => link.session.calls.length > 0);
    expect(link.session.calls).toEqual([{ op: 'confirm', token: 7 }]);
    expect(soeBatches).toHaveLength(2);
    expect(committedAtConfirm[0]).toBeGreaterThanOrEqual(Math.max(...soeBatches));
    expect((await engine.eventLog.query({ kinds: ['soe'] })).total).toBe(2);
  });

  it('pushes events.appended only with committed events', async () => {
    const { fake, published, soeBatches } = await start();
    fake.latest('rtu').emit({ type: 'points', updates: [event(5)] });
    const pushed = await until('the SOE notice', () => published.find((p) => p.name === 'events.appended' && (p.payload as { events: Array<{ kind: string }> }).events.some((e) => e.kind === 'soe')));
    expect(pushed.committedBatch).toBeGreaterThanOrEqual(soeBatches[0]!);
  });

  it('sends no confirm when the event log closed before the commit', async () => {
    const { engine, fake } = await start();
    const link = fake.latest('rtu');
    await engine.eventLog.close();
    link.emit({ type: 'points', updates: [event(9)], confirm: 3 });
    await new Promise((r) => setTimeout(r, 100));
    expect(link.session.calls).toEqual([]);
  });
});

describe('engine: repeated events', () => {
  it('stores an exact repeat of a device-timed event once, across a reconnect', async () => {
    const { engine, fake } = await start();
    const link = fake.latest('rtu');
    link.emit({ type: 'points', updates: [event(1), event(2)] });
    link.setState('disconnected', { code: 'ECONNRESET', message: 'cut' });
    link.setState('connected');
    link.emit({ type: 'points', updates: [event(2), event(3), { ...event(2), quality: ['ONLINE', 'OVER_RANGE'] }, event(2, 1_700_000_000_999), event(4, null), event(4, null)] });
    const rows = (await engine.eventLog.query({ kinds: ['soe'], order: 'asc' })).rows;
    expect(rows.map((r) => `${(r.data as { raw: number }).raw}@${r.deviceTime ?? '-'}`)).toEqual([
      '1@1700000000001',
      '2@1700000000002',
      '3@1700000000003',
      '2@1700000000002',
      '2@1700000000999',
      '4@-',
      '4@-',
    ]);
    expect(rows[3]!.message).toContain('OVER_RANGE');
  });

  it('knows the stored events after a restart: a redelivery after a crash is not stored again', async () => {
    const first = await start();
    first.fake.latest('rtu').emit({ type: 'points', updates: [event(1), event(2)] });
    await first.engine.eventLog.flush();
    await first.engine.stop();
    const again = await start('dnp3', first.dir);
    again.fake.latest('rtu').emit({ type: 'points', updates: [event(2), event(3)] });
    const rows = (await again.engine.eventLog.query({ kinds: ['soe'], order: 'asc' })).rows;
    expect(rows.map((r) => (r.data as { raw: number }).raw)).toEqual([1, 2, 3]);
  });

  it('keeps the possible-repeat mark of an IEC 104 event on its row', async () => {
    const { engine, fake } = await start('iec104');
    const spont = (value: boolean, possibleRepeat?: boolean): PointUpdate => ({ ref: 'ioa:100', commonAddress: 1, type: 'M_SP_NA_1', value, quality: [], deviceTime: null, isEvent: true, cause: 'spont', ...(possibleRepeat ? { possibleRepeat } : {}) });
    fake.latest('rtu').emit({ type: 'points', updates: [spont(true), spont(true, true)] });
    const rows = (await engine.eventLog.query({ kinds: ['soe'], order: 'asc' })).rows;
    expect(rows.map((r) => (r.data as { possibleRepeat?: boolean }).possibleRepeat ?? false)).toEqual([false, true]);
  });
});
