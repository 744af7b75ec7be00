/**
 * The whole engine on a scripted fake link: session events become points, SOE, alarms,
 * events and batches; connection loss raises the station alarm and fails pending commands.
 */
import { readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { AudienceClient, EventName, EventPayload, Publish } from '../../../src-shared/ipc/contract';
import { createEngine } from '../../../src-main/engine';
import { saveWorkspaceFile } from '../../../src-main/engine/workspace/workspace-store';
import { emptyWorkspace } from '../../../src-main/engine';
import * as v from 'valibot';
import { Workspace } from '../../../src-shared/workspace/workspace';
import { samplesOf } from '../shared/point-batch-fixture';
import { engineCleanup } from './engine-cleanup';
import { createFakeLinks } from './fake-link';

const { engines, dataDir } = engineCleanup();

const viewer: AudienceClient = { id: 'v', user: { name: 'v', role: 'viewer' } };

async function start(preferences: Record<string, unknown> = {}) {
  const dir = dataDir('sy-engine-');
  const workspace = v.parse(Workspace, {
    ...emptyWorkspace(),
    preferences: { ...emptyWorkspace().preferences, ...preferences },
    stations: [{ id: 'rtu', name: 'RTU 1', protocol: 'dnp3', transport: { kind: 'tcp', host: '127.0.0.1', port: 20000 }, commands: [{ address: 'bo:0', actions: ['on'] }] }],
    points: { rtu: [{ address: 'ai:0', name: 'Level', unit: 'm', scale: 0.1, alarms: { h: 5, deadband: 0.5 } }] },
  });
  await saveWorkspaceFile(join(dir, 'workspace.json'), workspace);
  const events: Array<{ name: EventName; payload: unknown }> = [];
  const publish = ((name: EventName, payload: unknown, accept?: (c: AudienceClient) => boolean) => {
    if (!accept || accept(viewer)) events.push({ name, payload });
  }) as Publish;
  const fake = createFakeLinks();
  const engine = await createEngine({ dataDir: dir, publish, linkFactory: fake.factory, log: () => undefined });
  engines.push(engine);
  await new Promise((r) => setTimeout(r, 0));
  return { engine, events, fake };
}

describe('engine', () => {
  it('turns reported values into points, SOE, alarms and batches', async () => {
    const { engine, events, fake } = await start();
    engine.fanout.subscribe(viewer, 'all');
    expect(engine.isDemo).toBe(false);
    expect(engine.stations.get('rtu')!.state).toBe('ready');
    fake.latest('rtu').emit({ type: 'points', updates: [{ ref: 'ai:0', type: 'g32v3', value: 60, quality: ['ONLINE'], deviceTime: 1_700_000_000_123, isEvent: true }] });
    const index = engine.points.find('rtu', 'ai:0');
    expect(engine.points.get(index)).toMatchObject({ value: 6, deviceTime: 1_700_000_000_123 });
    expect(engine.alarms.list()).toMatchObject([{ id: 'rtu/ai:0#H', message: 'Level H: 6 m (limit 5 m)' }]);
    engine.fanout.flush();
    const batch = events.find((e) => e.name === 'points.batch')?.payload as EventPayload<'points.batch'>;
    expect(batch.stations).toEqual(['rtu']);
    expect(samplesOf(batch)).toMatchObject([{ slot: index, value: 6, raw: 60, deviceTime: 1_700_000_000_123, quality: ['ONLINE'], type: 'g32v3' }]);
    const soe = await engine.eventLog.query({ kinds: ['soe'] });
    expect(soe.rows[0]).toMatchObject({ station: 'rtu', point: 'ai:0', deviceTime: 1_700_000_000_123, message: 'Level = 6 m [ONLINE]' });
    fake.latest('rtu').emit({ type: 'timeSync', ok: true, result: 'SUCCESS', offsetMs: -42, deviceTime: 5 });
    const sync = await engine.eventLog.query({ kinds: ['timeSync'] });
    expect(sync.rows[0]!.message).toBe('time sync SUCCESS, device clock offset -42 ms');
  });

  it('raises the station-disconnected alarm on connection loss and fails pending commands', async () => {
    const { engine, fake } = await start();
    const link = fake.latest('rtu');
    link.session.onCall = (call) => (call.op === 'command' ? [{ type: 'command', id: call.command.id, stage: 'selected', result: 'SUCCESS', ok: true }] : []);
    const selected = await engine.commands.start({ name: 'eng', role: 'engineer' }, { station: 'rtu', address: 'bo:0', action: { action: 'on' } }, true);
    expect(selected.stage).toBe('selected');
    link.setState('backoff', { code: 'RESET', message: 'connection reset' });
    expect(engine.commands.get(selected.id)).toMatchObject({ done: true, result: 'CONNECTION_LOST' });
    expect(engine.alarms.list()).toMatchObject([{ id: 'rtu#DISCONNECTED', kind: 'DISCONNECTED', priority: 1, active: true }]);
    link.setState('connected');
    expect(engine.alarms.list()[0]!.active).toBe(false);
    const connection = await engine.eventLog.query({ kinds: ['connection'], order: 'asc' });
    expect(connection.rows.map((r) => r.message)).toEqual(expect.arrayContaining(['RTU 1 backoff: RESET connection reset', 'RTU 1 ready']));
    const audit = await engine.eventLog.queryAudit({});
    expect(audit.rows[0]).toMatchObject({ id: selected.id, result: 'CONNECTION_LOST' });
  });

  it('refuses to start on an invalid workspace file without a good copy, naming the field', async () => {
    const dir = dataDir('sy-engine-');
    await writeFile(join(dir, 'workspace.json'), JSON.stringify({ formatVersion: 2, stations: [{ id: 'x' }] }));
    await expect(createEngine({ dataDir: dir, publish: () => undefined, log: () => undefined })).rejects.toThrow(/stations\.0\.name/);
  });

  it('runs the last good workspace when the file was broken by hand, keeping the broken file aside', async () => {
    const { engine } = await start();
    const path = engine.workspace.path;
    await engine.stop();
    engines.length = 0;
    await writeFile(path, '{"formatVersion": 2, "stations": [{"id": "x"}]}');
    const lines: string[] = [];
    const again = await createEngine({ dataDir: dirname(path), publish: () => undefined, linkFactory: createFakeLinks().factory, log: (l) => lines.push(l) });
    engines.push(again);
    expect(again.stations.list().map((s) => s.id)).toEqual(['rtu']);
    expect(lines.join('\n')).toMatch(/stations\.0\.name: .*moved to .*rejected-/);
    expect(readdirSync(dirname(path)).some((f) => f.startsWith('workspace.json.rejected-'))).toBe(true);
  });

  it("switches a station's session to decode level full only while somebody watches it in the analyzer", async () => {
    const { engine, fake } = await start();
    const levels = () => fake.links.flatMap((link) => link.session.calls.filter((c) => c.op === 'decodeLevel').map((c) => `${link.station.id}:${(c as { level: string }).level}`));
    expect(levels()).toEqual([]);
    const first: AudienceClient = { id: 'a1', user: { name: 'a', role: 'viewer' } };
    const second: AudienceClient = { id: 'a2', user: { name: 'b', role: 'viewer' } };
    engine.analyzer.subscribe(first, 'rtu');
    engine.analyzer.subscribe(second, 'rtu');
    expect(levels()).toEqual(['rtu:full']);
    engine.analyzer.subscribe(first, null);
    expect(levels()).toEqual(['rtu:full']);
    engine.analyzer.subscribe(second, null);
    expect(levels()).toEqual(['rtu:full', 'rtu:off']);
    engine.analyzer.subscribe(first, 'rtu');
    const station = engine.stations.get('rtu')!;
    await station.disconnect();
    station.connect();
    const newest = fake.latest('rtu');
    expect(fake.links.length).toBeGreaterThan(1);
    expect(newest.session.calls.filter((c) => c.op === 'decodeLevel')).toEqual([{ op: 'decodeLevel', level: 'full' }]);
  });

  it('pushes point batches at the batch interval of the preferences, not faster', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const { engine, events, fake } = await start({ batchIntervalMs: 1000 });
      engine.fanout.subscribe(viewer, 'all');
      fake.latest('rtu').emit({ type: 'points', updates: [{ ref: 'ai:0', type: 'g30v1', value: 1, quality: ['ONLINE'], deviceTime: null, isEvent: false }] });
      const batches = () => events.filter((e) => e.name === 'points.batch').length;
      vi.advanceTimersByTime(900);
      expect(batches()).toBe(0);
      vi.advanceTimersByTime(100);
      expect(batches()).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });
});
