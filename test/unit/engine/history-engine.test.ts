/**
 * The engine keeps point history across a restart: values a station reported (and the
 * COMM_LOST gap when it stopped) are read back by `history.query` and `history.exportCsv`
 * after the engine was stopped and started again on the same data directory.
 */
import { join } from 'node:path';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import type { Publish } from '../../../src-shared/ipc/contract';
import { createClientContext } from '../../../src-main/ipc/client-context';
import type { PointUpdate } from '../../../src-shared/session';
import { Workspace } from '../../../src-shared/workspace/workspace';
import { createEngine, emptyWorkspace } from '../../../src-main/engine';
import { historyHandlers } from '../../../src-main/ipc/handlers/history';
import { saveWorkspaceFile } from '../../../src-main/engine/workspace/workspace-store';
import { engineCleanup } from './engine-cleanup';
import { createFakeLinks } from './fake-link';

const { engines, dataDir } = engineCleanup();
const client = createClientContext('headless');
const ai = (index: number, value: number): PointUpdate => ({ ref: `ai:${index}`, type: 'g30v1', value, quality: ['ONLINE'], deviceTime: null, isEvent: false });

async function start(dir: string) {
  const fake = createFakeLinks();
  const engine = await createEngine({ dataDir: dir, publish: (() => undefined) as Publish, linkFactory: fake.factory, log: () => undefined });
  engines.push(engine);
  await new Promise((r) => setTimeout(r, 0));
  return { engine, fake };
}

describe('history across an engine restart', () => {
  it('reads back every stored sample, the comm-lost gap and the CSV after stop and start', async () => {
    const dir = dataDir('sy-history-engine-');
    const workspace = v.parse(Workspace, {
      ...emptyWorkspace(),
      stations: [{ id: 'rtu', name: 'RTU 1', protocol: 'dnp3', transport: { kind: 'tcp', host: '127.0.0.1', port: 20000 } }],
      points: { rtu: [{ address: 'ai:0', name: 'Level', scale: 0.5 }] },
    });
    await saveWorkspaceFile(join(dir, 'workspace.json'), workspace);
    const from = Date.now() - 1000;
    const first = await start(dir);
    for (let i = 0; i < 20; i++) {
      first.fake.latest('rtu').emit({ type: 'points', updates: [ai(0, i * 2), ai(1, 100 + i)] });
      await new Promise((r) => setTimeout(r, 2));
    }
    await first.engine.stop();
    engines.length = 0;

    const second = await start(dir);
    const handlers = historyHandlers(second.engine);
    const to = Date.now() + 1000;
    const result = await handlers['history.query']({ ids: ['rtu/ai:0', 'rtu/ai:1'], from, to, maxPoints: 2000 }, client);
    if (!result.ok) throw new Error(result.error.message);
    const [level, other] = result.value.series;
    // engineering values (scale 0.5), then the invalid sample of the stop's COMM_LOST mark
    expect(level!.source).toBe('raw');
    expect(level!.values).toEqual([...Array.from({ length: 20 }, (_, i) => i), 19]);
    expect(level!.invalid).toEqual([...Array.from({ length: 20 }, () => 0), 1]);
    expect(level!.quality!.at(-1)).toContain('COMM_LOST');
    expect(other!.values.slice(0, 20)).toEqual(Array.from({ length: 20 }, (_, i) => 100 + i));

    const csv = await handlers['history.exportCsv']({ ids: ['rtu/ai:0'], from, to, resolution: 'raw' }, client);
    if (!csv.ok) throw new Error(csv.error.message);
    const lines = csv.value.csv.trim().split('\r\n');
    expect(lines[0]).toBe('time,station,point,value,quality');
    expect(csv.value.rows).toBe(21);
    expect(lines[1]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z,rtu,ai:0,0,ONLINE$/);
    expect(lines[21]).toMatch(/,rtu,ai:0,19,ONLINE COMM_LOST$/);

    const minutes = await handlers['history.exportCsv']({ ids: ['rtu/ai:0'], from: Math.floor(from / 60_000) * 60_000, to, resolution: '1m' }, client);
    if (!minutes.ok) throw new Error(minutes.error.message);
    const buckets = minutes.value.csv.trim().split('\r\n');
    expect(buckets[0]).toBe('time,station,point,value,quality,min,max,avg,count,invalid');
    const counted = buckets.slice(1).map((row) => row.split(','));
    expect(counted.reduce((n, row) => n + Number(row[8]), 0)).toBe(20);
    expect(counted.reduce((n, row) => n + Number(row[9]), 0)).toBe(1);
    expect(Math.min(...counted.map((row) => Number(row[5])))).toBe(0);
    expect(Math.max(...counted.map((row) => Number(row[6])))).toBe(19);
  });

  it('stops storing when the workspace turns history off, and stores again when it is turned on', async () => {
    const dir = dataDir('sy-history-pref-');
    const workspace = v.parse(Workspace, {
      ...emptyWorkspace(),
      stations: [{ id: 'rtu', name: 'RTU 1', protocol: 'dnp3', transport: { kind: 'tcp', host: '127.0.0.1', port: 20000 } }],
    });
    await saveWorkspaceFile(join(dir, 'workspace.json'), workspace);
    const { engine, fake } = await start(dir);
    const from = Date.now() - 1000;
    const stored = async () => (await engine.history.read({ points: [{ station: 'rtu', point: 'ai:0' }], from, to: Date.now() + 1000, maxPoints: 1000 }))[0]!.values;
    fake.latest('rtu').emit({ type: 'points', updates: [ai(0, 1)] });
    const off = await engine.workspace.update((draft) => {
      draft.preferences = { ...draft.preferences, historyEnabled: false };
    });
    expect(off.ok).toBe(true);
    fake.latest('rtu').emit({ type: 'points', updates: [ai(0, 2)] });
    expect(await stored()).toEqual([1]);
    await engine.workspace.update((draft) => {
      draft.preferences = { ...draft.preferences, historyEnabled: true };
    });
    await new Promise((r) => setTimeout(r, 2));
    fake.latest('rtu').emit({ type: 'points', updates: [ai(0, 3)] });
    expect(await stored()).toEqual([1, 3]);
    // the retention follows the preferences: raw samples outlive an hour with 8 days, not with 0.01
    const raw = () => engine.history.page({ station: 'rtu', point: 'ai:0', resolution: 'raw', from, to: Date.now() + 1000, limit: 100 });
    await engine.history.prune(Date.now() + 3_600_000);
    expect((await raw()).map((r) => r.value)).toEqual([1, 3]);
    await engine.workspace.update((draft) => {
      draft.preferences = { ...draft.preferences, historyRawDays: 0.01 };
    });
    await engine.history.prune(Date.now() + 3_600_000);
    expect(await raw()).toEqual([]);
    const minutes = await engine.history.page({ station: 'rtu', point: 'ai:0', resolution: '1m', from: from - 60_000, to: Date.now() + 60_000, limit: 100 });
    expect(minutes.reduce((n, m) => n + m.count!, 0)).toBe(2);
  });
});
