import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { isDigital, pointInvalid, qualityText, typeText, valueCellText, valueText } from '../../../../src-renderer/stores/point-row';
import { usePointsStore } from '../../../../src-renderer/stores/points';
import { samplesFromHistory, useTrendsStore } from '../../../../src-renderer/stores/trends';
import { fakeContract, type FakeContract } from '../fake-contract';

const sample = (address: string, value: number, changes: number, quality = ['ONLINE']) => ({
  address,
  type: 'g30v1',
  raw: value,
  value,
  label: null,
  quality,
  deviceTime: null,
  receivedTime: 1000 + changes,
  changes,
});

const info = (station: string, address: string) => ({
  ...sample(address, 1, 0),
  id: `${station}/${address}`,
  station,
  name: `Point ${address}`,
  description: '',
  unit: 'A',
  configured: true,
  stateLabels: {},
  alarms: null,
  stateAlarms: [],
  command: null,
});

let fake: FakeContract;
beforeEach(() => {
  setActivePinia(createPinia());
  fake = fakeContract();
});

describe('points store', () => {
  it('loads every page, keeps one Map, and subscribes to all stations', async () => {
    fake.answer('points.list', (request: { offset: number }) => ({ ok: true, value: { total: 1, points: request.offset === 0 ? [info('s1', 'ai:0')] : [] } }));
    fake.answer('points.subscribe', { ok: true, value: {} });
    const points = usePointsStore();
    const map = points.byId;
    await points.load();
    expect(points.byId).toBe(map);
    expect(points.count).toBe(1);
    expect(points.types).toEqual(['g30v1']);
    expect(fake.calls.map((c) => c.name)).toEqual(['points.list', 'points.subscribe']);
    expect(fake.calls[1]!.request).toEqual({ stations: 'all' });
  });

  it('loads in pages small enough to parse within a frame, sharing the quality and empty lists rows have alike', async () => {
    const all = Array.from({ length: 12_000 }, (_, i) => info('s1', `ai:${i}`));
    all[1] = { ...all[1]!, quality: ['ONLINE', 'COMM_LOST'], stateLabels: { '1': 'ON' } };
    fake.answer('points.list', (request: { offset: number; limit: number }) => ({ ok: true, value: { total: all.length, points: all.slice(request.offset, request.offset + request.limit) } }));
    fake.answer('points.subscribe', { ok: true, value: {} });
    const points = usePointsStore();
    await points.load();
    const pages = fake.calls.filter((c) => c.name === 'points.list').map((c) => c.request as { offset: number; limit: number });
    expect(pages).toEqual([0, 5_000, 10_000].map((offset) => ({ offset, limit: 5_000 })));
    expect(points.count).toBe(12_000);
    const [first, odd, other] = ['s1/ai:0', 's1/ai:1', 's1/ai:11999'].map((id) => points.byId.get(id)!);
    expect(other!.quality).toBe(first!.quality);
    expect(other!.stateAlarms).toBe(first!.stateAlarms);
    expect(other!.stateLabels).toBe(first!.stateLabels);
    expect(odd).toMatchObject({ quality: ['ONLINE', 'COMM_LOST'], stateLabels: { '1': 'ON' } });
  });

  it('applies a batch in place, adds points first seen in it, and bumps the version once', () => {
    const points = usePointsStore();
    points.start();
    fake.emit('points.batch', { station: 's1', points: [sample('ai:0', 5, 1), sample('ai:1', 7, 1)] });
    const row = points.byId.get('s1/ai:0')!;
    fake.emit('points.batch', { station: 's1', points: [sample('ai:0', 6, 2)] });
    expect(points.byId.get('s1/ai:0')).toBe(row);
    expect(row.value).toBe(6);
    expect(row.changes).toBe(2);
    expect(points.byId.get('s1/ai:1')!.name).toBe('ai:1');
    expect(points.version).toBe(2);
    expect(points.count).toBe(2);
  });

  it('applies batches to the loaded rows of the right station, and to new points after a reload', async () => {
    let list = [info('s1', 'ai:0'), info('s2', 'ai:0')];
    fake.answer('points.list', () => ({ ok: true, value: { total: list.length, points: list } }));
    fake.answer('points.subscribe', { ok: true, value: {} });
    const points = usePointsStore();
    points.start();
    await points.load();
    fake.emit('points.batch', { station: 's2', points: [sample('ai:0', 9, 3)] });
    expect(points.byId.get('s2/ai:0')!.value).toBe(9);
    expect(points.byId.get('s1/ai:0')!.value).toBe(1);
    list = [info('s1', 'ai:1')];
    await points.load();
    fake.emit('points.batch', { station: 's1', points: [sample('ai:1', 4, 1), sample('ai:0', 2, 1)] });
    expect(points.byId.get('s1/ai:1')!.value).toBe(4);
    expect(points.byId.get('s1/ai:1')!.configured).toBe(true);
    expect(points.byId.get('s1/ai:0')!.configured).toBe(false);
    expect(points.count).toBe(2);
  });

  it('keeps a row\'s quality words while they stay the same, and takes new ones when they change', () => {
    const points = usePointsStore();
    points.start();
    fake.emit('points.batch', { station: 's1', points: [sample('ai:0', 5, 1)] });
    const row = points.byId.get('s1/ai:0')!;
    const words = row.quality;
    fake.emit('points.batch', { station: 's1', points: [sample('ai:0', 6, 2, ['ONLINE'])] });
    expect(row.quality).toBe(words);
    fake.emit('points.batch', { station: 's1', points: [sample('ai:0', 6, 3, ['ONLINE', 'COMM_LOST'])] });
    expect(row.quality).toEqual(['ONLINE', 'COMM_LOST']);
  });
});

describe('point rows', () => {
  it('reads values, quality and kind as people do', () => {
    expect(valueText({ value: 12.3456, label: null, unit: 'kV', raw: 1 })).toBe('12.346 kV');
    expect(valueText({ value: 1, label: 'Closed', unit: '', raw: true })).toBe('Closed');
    expect(valueText({ value: null, label: null, unit: '', raw: 'ab01' })).toBe('ab01');
    const quality = (over: { address?: string; quality: string[]; raw?: number | null; command?: { mode: 'sbo'; actions: string[]; pulseOnMs: number; pulseOffMs: number; type?: string } }) => ({ address: 'ai:0', raw: 1, command: null, ...over });
    expect(qualityText(quality({ quality: ['ONLINE'] }))).toBe('good');
    expect(qualityText(quality({ quality: ['ONLINE', 'COMM_LOST'] }))).toBe('COMM_LOST');
    expect(qualityText(quality({ address: 'ioa:1@1', quality: ['NT', 'COMM_LOST'] }))).toBe('NT COMM_LOST');
    expect(qualityText(quality({ quality: [], raw: null }))).toBe('no data');
    const command = { mode: 'sbo' as const, actions: ['on'], pulseOnMs: 1, pulseOffMs: 1, type: 'C_SC_NA_1' };
    expect(qualityText(quality({ address: 'ioa:5001@1', quality: [], raw: null, command }))).toBe('');
    expect(typeText({ type: '', raw: null, command })).toBe('C_SC_NA_1');
    expect(typeText({ type: '', raw: null, command: { ...command, type: undefined } })).toBe('command');
    expect(valueCellText({ value: null, label: null, unit: '', raw: null, command })).toBe('command only');
    expect(typeText({ type: 'g10v2', raw: true, command })).toBe('g10v2');
    expect(pointInvalid({ address: 'ioa:1@1', quality: ['IV'] })).toBe(true);
    expect(pointInvalid({ address: 'ioa:1@1', quality: [] })).toBe(false);
    expect(pointInvalid({ address: 'ai:0', quality: [] }), 'DNP3 without ONLINE').toBe(true);
    expect(isDigital({ address: 'bi:0', type: 'g1v2', raw: 0, stateLabels: {} })).toBe(true);
    expect(isDigital({ address: 'ioa:1@1', type: 'M_DP_NA_1', raw: 1, stateLabels: {} })).toBe(true);
    expect(isDigital({ address: 'ai:0', type: 'g30v1', raw: 1, stateLabels: {} })).toBe(false);
  });
});

describe('trends store', () => {
  it('turns history into samples with gaps for invalid quality', () => {
    expect(samplesFromHistory({ id: 'a', times: [1, 2, 3], values: [5, 6, 7], invalid: [0, 1, 0] })).toEqual([
      { x: 1, y: 5 },
      { x: 2, y: null },
      { x: 3, y: 7 },
    ]);
  });

  it('adds a point with its history, appends live samples after it, and caps the chart at 10', async () => {
    fake.answer('trends.get', (request: { ids: string[] }) => ({ ok: true, value: { capacity: 10, series: request.ids.map((id) => ({ id, times: [1000, 1001], values: [1, 2], invalid: [0, 0] })) } }));
    const trends = useTrendsStore();
    trends.start();
    expect(await trends.add('s1/ai:0')).toBe(true);
    const series = trends.series[0]!;
    expect(series.samples.map((s) => s.x)).toEqual([1000, 1001]);
    fake.emit('points.batch', { station: 's1', points: [sample('ai:0', 9, 1), sample('ai:5', 9, 1)] });
    fake.emit('points.batch', { station: 's1', points: [sample('ai:0', 10, 5, ['IV'])] });
    expect(trends.series[0]!.samples.slice(-2)).toEqual([
      { x: 1001, y: 2 },
      { x: 1005, y: null },
    ]);
    const before = Date.now();
    fake.emit('points.batch', { station: 's1', points: [sample('ai:0', 11, 6)] });
    fake.emit('points.batch', { station: 's1', points: [{ ...sample('ai:0', 11, 7, ['ONLINE', 'COMM_LOST']), receivedTime: 1006 }] });
    const gap = trends.series[0]!.samples.at(-1)!;
    expect(gap.y, 'a comm-lost mark keeps the received time but still starts a gap').toBeNull();
    expect(gap.x).toBeGreaterThanOrEqual(before);
    for (let i = 1; i < 10; i++) await trends.add(`s1/ai:${i}`);
    expect(await trends.add('s1/ai:99')).toBe(false);
    expect(trends.error).toContain('at most 10');
    trends.remove('s1/ai:0');
    expect(trends.series).toHaveLength(9);
  });
});
