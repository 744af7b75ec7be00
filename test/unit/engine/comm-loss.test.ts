/**
 * Loss of communication and stale data on every point: a station whose session is not
 * ready marks each of its points COMM_LOST at once (IEC 104: NT and COMM_LOST), in one
 * batch, with a trend gap and the quality alarm; fresh reports clear the mark point by
 * point; a connected station marks points not reported for its stale time STALE.
 */
import { join } from 'node:path';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import type { AudienceClient, EventName, EventPayload, Publish } from '../../../src-shared/ipc/contract';
import type { PointUpdate } from '../../../src-shared/session';
import { Workspace } from '../../../src-shared/workspace/workspace';
import { StationConfig } from '../../../src-shared/workspace/station';
import { createEngine, emptyWorkspace, type Engine } from '../../../src-main/engine';
import { AlarmService } from '../../../src-main/engine/alarms/alarm-service';
import { PointFanout } from '../../../src-main/engine/pipeline/fanout';
import { checkStale, markStale } from '../../../src-main/engine/pipeline/quality-marks';
import { applyUpdates } from '../../../src-main/engine/pipeline/update-pipeline';
import { PointDatabase } from '../../../src-main/engine/points/point-database';
import { TrendStore } from '../../../src-main/engine/points/trend-store';
import { StationRuntime } from '../../../src-main/engine/stations/station-runtime';
import { saveWorkspaceFile } from '../../../src-main/engine/workspace/workspace-store';
import { samplesOf } from '../shared/point-batch-fixture';
import { engineCleanup } from './engine-cleanup';
import { createFakeLinks } from './fake-link';

const { engines, dataDir } = engineCleanup();

const viewer: AudienceClient = { id: 'v', user: { name: 'v', role: 'viewer' } };
const dnp3 = (ref: string, value: number): PointUpdate => ({ ref, type: 'g30v1', value, quality: ['ONLINE'], deviceTime: null, isEvent: false });
const iec = (ioa: number, value: number): PointUpdate => ({ ref: `ioa:${ioa}`, commonAddress: 1, type: 'M_ME_NC_1', value, quality: [], deviceTime: null, isEvent: false, cause: 'inrogen' });

async function start() {
  const dir = dataDir('sy-comm-loss-');
  const workspace = v.parse(Workspace, {
    ...emptyWorkspace(),
    stations: [
      { id: 'rtu', name: 'RTU 1', protocol: 'dnp3', transport: { kind: 'tcp', host: '127.0.0.1', port: 20000 }, commands: [{ address: 'bo:5', actions: ['on'] }] },
      { id: 'feeder', name: 'Feeder', protocol: 'iec104', transport: { kind: 'tcp', host: '127.0.0.1', port: 2404 } },
    ],
    points: { rtu: [{ address: 'ai:0', name: 'Level', qualityAlarm: true }, { address: 'ai:1', name: 'Flow' }] },
  });
  await saveWorkspaceFile(join(dir, 'workspace.json'), workspace);
  const batches: Array<EventPayload<'points.batch'>> = [];
  const publish = ((name: EventName, payload: unknown, accept?: (c: AudienceClient) => boolean) => {
    if (name === 'points.batch' && (!accept || accept(viewer))) batches.push(payload as EventPayload<'points.batch'>);
  }) as Publish;
  const fake = createFakeLinks();
  const engine = await createEngine({ dataDir: dir, publish, linkFactory: fake.factory, log: () => undefined });
  engines.push(engine);
  engine.fanout.subscribe(viewer, 'all');
  await new Promise((r) => setTimeout(r, 0));
  fake.latest('rtu').emit({ type: 'points', updates: [dnp3('ai:0', 10), dnp3('ai:1', 20), dnp3('ai:2', 30)] });
  fake.latest('feeder').emit({ type: 'points', updates: [iec(3001, 1.5)] });
  engine.fanout.flush();
  batches.length = 0;
  return { engine, batches, fake };
}

const quality = (engine: Engine, station: string, address: string) => engine.points.get(engine.points.find(station, address)).quality;

describe('communication loss', () => {
  it('marks every point of the station COMM_LOST at once, in one batch, with a trend gap and the quality alarm', async () => {
    const { engine, batches, fake } = await start();
    const before = engine.points.get(engine.points.find('rtu', 'ai:0')).changes;
    fake.latest('rtu').setState('backoff', { code: 'RESET', message: 'connection reset' });
    for (const address of ['ai:0', 'ai:1', 'ai:2']) expect(quality(engine, 'rtu', address)).toEqual(['ONLINE', 'COMM_LOST']);
    expect(quality(engine, 'rtu', 'bo:5'), 'a command-only address has no value to mark').toEqual([]);
    expect(quality(engine, 'feeder', 'ioa:3001@1'), 'another station is left alone').toEqual([]);
    expect(engine.points.get(engine.points.find('rtu', 'ai:0')).changes).toBe(before + 1);
    engine.fanout.flush();
    expect(batches).toHaveLength(1);
    expect(batches[0]!.stations).toEqual(['rtu']);
    expect(samplesOf(batches[0]!).map((p) => [engine.points.addressOf(p.slot), p.quality])).toEqual([
      ['ai:0', ['ONLINE', 'COMM_LOST']],
      ['ai:1', ['ONLINE', 'COMM_LOST']],
      ['ai:2', ['ONLINE', 'COMM_LOST']],
    ]);
    const trend = engine.trends.read(engine.points.find('rtu', 'ai:1'));
    expect([...trend.invalid]).toEqual([0, 1]);
    expect(trend.values[1]).toBe(20);
    expect(engine.alarms.list().map((a) => a.id)).toEqual(['rtu#DISCONNECTED', 'rtu/ai:0#COMM_LOST']);
  });

  it('shows an IEC 104 point as not topical and comm lost', async () => {
    const { engine, fake } = await start();
    fake.latest('feeder').setState('backoff', { code: 'REFUSED', message: 'connection refused' });
    expect(quality(engine, 'feeder', 'ioa:3001@1')).toEqual(['NT', 'COMM_LOST']);
  });

  it('clears the mark point by point as fresh data arrives after the reconnect', async () => {
    const { engine, fake } = await start();
    fake.latest('rtu').setState('backoff', { code: 'RESET', message: 'connection reset' });
    fake.latest('rtu').setState('connected');
    expect(engine.stations.get('rtu')!.state).toBe('ready');
    expect(quality(engine, 'rtu', 'ai:0'), 'ready is not yet fresh data').toEqual(['ONLINE', 'COMM_LOST']);
    fake.latest('rtu').emit({ type: 'points', updates: [dnp3('ai:0', 11)] });
    expect(quality(engine, 'rtu', 'ai:0')).toEqual(['ONLINE']);
    expect(quality(engine, 'rtu', 'ai:1')).toEqual(['ONLINE', 'COMM_LOST']);
    expect(engine.alarms.list().find((a) => a.id === 'rtu/ai:0#COMM_LOST')).toMatchObject({ active: false });
    fake.latest('rtu').emit({ type: 'points', updates: [dnp3('ai:1', 21), dnp3('ai:2', 31)] });
    expect(quality(engine, 'rtu', 'ai:1')).toEqual(['ONLINE']);
    expect(quality(engine, 'rtu', 'ai:2')).toEqual(['ONLINE']);
  });

  it('marks the points of a station disconnected on purpose without raising their alarms', async () => {
    const { engine } = await start();
    await engine.stations.get('rtu')!.disconnect();
    expect(quality(engine, 'rtu', 'ai:0')).toEqual(['ONLINE', 'COMM_LOST']);
    expect(engine.alarms.list()).toEqual([]);
  });
});

describe('stale data', () => {
  function pipeline() {
    const points = new PointDatabase();
    const sent: Array<EventPayload<'points.batch'>> = [];
    const publish = ((_name: EventName, payload: unknown) => sent.push(payload as EventPayload<'points.batch'>)) as Publish;
    const fanout = new PointFanout(points, publish, 100);
    const deps = { points, trends: new TrendStore(16), alarms: new AlarmService(() => undefined, () => 0), fanout };
    return { deps, sent };
  }

  it('marks points not reported for the stale time STALE (on a fake clock), until they are reported again', () => {
    const { deps, sent } = pipeline();
    applyUpdates(deps, 'rtu', 'dnp3', [dnp3('ai:0', 1), dnp3('ai:1', 2)], 1_000);
    applyUpdates(deps, 'rtu', 'dnp3', [dnp3('ai:1', 3)], 6_000);
    const q = (address: string) => deps.points.get(deps.points.find('rtu', address)).quality;
    expect(markStale(deps, 'rtu', 'dnp3', 10_000, 11_000)).toBe(0);
    expect(markStale(deps, 'rtu', 'dnp3', 10_000, 11_001)).toBe(1);
    expect(q('ai:0')).toEqual(['ONLINE', 'STALE']);
    expect(q('ai:1')).toEqual(['ONLINE']);
    expect(markStale(deps, 'rtu', 'dnp3', 10_000, 12_000), 'marked once').toBe(0);
    expect(markStale(deps, 'rtu', 'dnp3', 10_000, 16_001)).toBe(1);
    expect(q('ai:1')).toEqual(['ONLINE', 'STALE']);
    applyUpdates(deps, 'rtu', 'dnp3', [dnp3('ai:0', 1)], 17_000);
    expect(q('ai:0')).toEqual(['ONLINE']);
    deps.fanout.flush();
    expect(sent.flatMap((b) => samplesOf(b).map((p) => `${deps.points.addressOf(p.slot)} ${p.quality.join(' ')}`))).toEqual(['ai:0 ONLINE', 'ai:1 ONLINE STALE']);
  });

  it('marks an IEC 104 point not topical and stale, and leaves a comm-lost point as it is', () => {
    const { deps } = pipeline();
    applyUpdates(deps, 'feeder', 'iec104', [iec(1, 1)], 0);
    expect(markStale(deps, 'feeder', 'iec104', 1_000, 5_000)).toBe(1);
    expect(deps.points.get(0).quality).toEqual(['NT', 'STALE']);
    applyUpdates(deps, 'feeder', 'iec104', [{ ...iec(2, 1), quality: ['COMM_LOST'] }], 0);
    expect(markStale(deps, 'feeder', 'iec104', 1_000, 9_000)).toBe(0);
  });

  it('checks only ready stations that have a stale time', async () => {
    const { deps } = pipeline();
    const fake = createFakeLinks();
    const sink = { stateChanged: () => undefined, sessionEvent: () => undefined };
    const station = (id: string, staleAfterMs: number) =>
      new StationRuntime(v.parse(StationConfig, { id, name: id, protocol: 'dnp3', transport: { kind: 'tcp', host: '127.0.0.1', port: 20000 }, staleAfterMs }), fake.factory, sink);
    const on = station('on', 5_000);
    const off = station('off', 0);
    const idle = station('idle', 5_000);
    on.connect();
    off.connect();
    await new Promise((r) => setTimeout(r, 0));
    expect([on.state, off.state, idle.state]).toEqual(['ready', 'ready', 'disconnected']);
    for (const id of ['on', 'off', 'idle']) applyUpdates(deps, id, 'dnp3', [dnp3('ai:0', 1)], 0);
    checkStale(deps, [on, off, idle], 60_000);
    const q = (id: string) => deps.points.get(deps.points.find(id, 'ai:0')).quality;
    expect([q('on'), q('off'), q('idle')]).toEqual([['ONLINE', 'STALE'], ['ONLINE'], ['ONLINE']]);
  });
});
