import { flushPromises } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { computed } from 'vue';
import { beforeEach, describe, expect, it } from 'vitest';
import { isDigital, pointInvalid, qualityText, typeText, valueCellText, valueText } from '../../../../src-renderer/stores/point-row';
import { usePointsStore } from '../../../../src-renderer/stores/points';
import { samplesFromHistory, useTrendsStore } from '../../../../src-renderer/stores/trends';
import { batchOf, stationsBatchOf, type BatchSample } from '../../shared/point-batch-fixture';
import { fakeContract, type FakeContract } from '../fake-contract';

const sample = (slot: number, value: number, changes: number, quality = ['ONLINE']): BatchSample => ({
  slot,
  type: 'g30v1',
  raw: value,
  value,
  label: null,
  quality,
  deviceTime: null,
  receivedTime: 1000 + changes,
  changes,
});

const info = (station: string, address: string, slot: number) => {
  const { slot: _, ...live } = sample(slot, 1, 0);
  return {
    ...live,
    slot,
    address,
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
  };
};

type Info = ReturnType<typeof info>;

/** Answers points.list from `list()`: pages by offset, or the points of the slots asked for. */
function serve(list: () => Info[]): void {
  fake.answer('points.list', (request: { offset?: number; limit?: number; slots?: number[] }) => {
    const all = list();
    const points = request.slots ? all.filter((p) => request.slots!.includes(p.slot)) : all.slice(request.offset ?? 0, (request.offset ?? 0) + (request.limit ?? all.length));
    return { ok: true, value: { total: request.slots ? points.length : all.length, points } };
  });
  fake.answer('points.subscribe', { ok: true, value: {} });
}

let fake: FakeContract;
beforeEach(() => {
  setActivePinia(createPinia());
  fake = fakeContract();
});

describe('points store', () => {
  it('loads every page, keeps one Map, and subscribes to all stations', async () => {
    serve(() => [info('s1', 'ai:0', 0)]);
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
    const all = Array.from({ length: 12_000 }, (_, i) => info('s1', `ai:${i}`, i));
    all[1] = { ...all[1]!, quality: ['ONLINE', 'COMM_LOST'], stateLabels: { '1': 'ON' } };
    serve(() => all);
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

  it('copies a batch into the columns by slot: the rows stay the same objects and read the new values; the version moves once', async () => {
    serve(() => [info('s1', 'ai:0', 0), info('s1', 'ai:1', 1)]);
    const points = usePointsStore();
    points.start();
    await points.load();
    const row = points.byId.get('s1/ai:0')!;
    const version = points.version;
    fake.emit('points.batch', batchOf('s1', [sample(0, 6, 2), { ...sample(1, 0, 4, ['ONLINE', 'COMM_LOST']), raw: true, label: 'On', type: 'g1v2', deviceTime: 77 }]));
    expect(points.byId.get('s1/ai:0')).toBe(row);
    expect(row).toMatchObject({ value: 6, raw: 6, changes: 2, receivedTime: 1002, deviceTime: null, label: null, type: 'g30v1' });
    expect(points.byId.get('s1/ai:1')).toMatchObject({ raw: true, label: 'On', type: 'g1v2', deviceTime: 77, changes: 4, quality: ['ONLINE', 'COMM_LOST'] });
    expect(points.types).toEqual(['g1v2', 'g30v1']);
    expect(points.version).toBe(version + 1);
    expect(fake.calls.filter((c) => c.name === 'points.list'), 'no fetch for known slots').toHaveLength(1);
  });

  it('triggers the Map only when rows come or go, so views of configuration do not render again on every batch', async () => {
    serve(() => [info('s1', 'ai:0', 0), info('s1', 'ai:1', 1)]);
    const points = usePointsStore();
    points.start();
    let readings = 0;
    const names = computed(() => {
      readings++;
      return points.byId.get('s1/ai:0')?.name ?? null;
    });
    expect(names.value).toBeNull();
    await points.load();
    expect(names.value).toBe('Point ai:0');
    const afterLoad = readings;
    fake.emit('points.batch', batchOf('s1', [sample(0, 6, 2)]));
    fake.emit('points.batch', batchOf('s1', [sample(0, 7, 3)]));
    expect(names.value).toBe('Point ai:0');
    expect(readings, 'batches of known points leave the Map untriggered').toBe(afterLoad);
    serve(() => [info('s1', 'ai:0', 0), info('s1', 'ai:1', 1), info('s1', 'ai:2', 2)]);
    fake.emit('points.batch', batchOf('s1', [sample(2, 1, 1)]));
    await flushPromises();
    void names.value;
    expect(readings, 'a new point triggers it').toBe(afterLoad + 1);
  });

  it('applies a batch of several stations to each station\'s rows, with one version move', async () => {
    serve(() => [info('s1', 'ai:0', 0), info('s2', 'ai:0', 1), info('s3', 'ai:0', 2)]);
    const points = usePointsStore();
    points.start();
    await points.load();
    const version = points.version;
    fake.emit('points.batch', stationsBatchOf([['s3', [sample(2, 30, 5)]], ['s1', [sample(0, 10, 5)]]]));
    expect([0, 1, 2].map((n) => points.byId.get(`s${n + 1}/ai:0`)!.value)).toEqual([10, 1, 30]);
    expect(points.version).toBe(version + 1);
  });

  it('fetches the row of a slot first seen in a batch, keeping the newer value the batch brought', async () => {
    const list = [info('s1', 'ai:0', 0)];
    serve(() => list);
    const points = usePointsStore();
    points.start();
    await points.load();
    list.push({ ...info('s1', 'ai:7', 5), value: 1, raw: 1, changes: 1 });
    fake.emit('points.batch', batchOf('s1', [sample(5, 42, 3)]));
    expect(points.count).toBe(1);
    await flushPromises();
    expect(fake.calls.at(-1)).toEqual({ name: 'points.list', request: { slots: [5], limit: 1 } });
    expect(points.count).toBe(2);
    expect(points.byId.get('s1/ai:7')).toMatchObject({ name: 'Point ai:7', value: 42, changes: 3 });
  });

  it('keeps values that batches brought during a reload when the listed ones are older, and takes the list where it is newer', async () => {
    let list = [info('s1', 'ai:0', 0), info('s2', 'ai:0', 1)];
    serve(() => list);
    const points = usePointsStore();
    points.start();
    await points.load();
    fake.emit('points.batch', batchOf('s2', [sample(1, 9, 3)]));
    expect(points.byId.get('s2/ai:0')!.value).toBe(9);
    expect(points.byId.get('s1/ai:0')!.value).toBe(1);
    list = [{ ...info('s1', 'ai:0', 0), value: 8, raw: 8, changes: 5 }, { ...info('s2', 'ai:0', 1), value: 7, raw: 7, changes: 2 }];
    const reload = points.load();
    fake.emit('points.batch', batchOf('s1', [sample(0, 2, 4)]));
    fake.emit('points.batch', batchOf('s2', [sample(1, 10, 4)]));
    await reload;
    expect(points.byId.get('s1/ai:0')!.value, 'the list (5 changes) is newer than the batch (4)').toBe(8);
    expect(points.byId.get('s2/ai:0')!.value, 'the batch (4 changes) is newer than the list (2)').toBe(10);
  });

  it('keeps a row\'s quality words while they stay the same, and takes new ones when they change', async () => {
    serve(() => [info('s1', 'ai:0', 0)]);
    const points = usePointsStore();
    points.start();
    await points.load();
    fake.emit('points.batch', batchOf('s1', [sample(0, 5, 1)]));
    const row = points.byId.get('s1/ai:0')!;
    const words = row.quality;
    fake.emit('points.batch', batchOf('s1', [sample(0, 6, 2, ['ONLINE'])]));
    expect(row.quality).toBe(words);
    fake.emit('points.batch', batchOf('s1', [sample(0, 6, 3, ['ONLINE', 'COMM_LOST'])]));
    expect(row.quality).toEqual(['ONLINE', 'COMM_LOST']);
  });

  it('reads text values and points without a value from the columns', async () => {
    serve(() => [{ ...info('s1', 'os:0', 0), type: '', raw: null, value: null, quality: [], receivedTime: null, changes: 0 }]);
    const points = usePointsStore();
    points.start();
    await points.load();
    const row = points.byId.get('s1/os:0')!;
    expect(row).toMatchObject({ raw: null, value: null, type: '', quality: [], receivedTime: null });
    fake.emit('points.batch', batchOf('s1', [{ ...sample(0, 0, 1), raw: 'ab01', value: null, type: 'g110v4' }]));
    expect(row).toMatchObject({ raw: 'ab01', value: null, type: 'g110v4' });
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
    serve(() => Array.from({ length: 12 }, (_, i) => info('s1', `ai:${i}`, i)).concat(info('s2', 'ai:0', 12)));
    await usePointsStore().load();
    const trends = useTrendsStore();
    trends.start();
    expect(await trends.add('s1/ai:0')).toBe(true);
    const series = trends.series[0]!;
    expect(series.samples.map((s) => s.x)).toEqual([1000, 1001]);
    fake.emit('points.batch', batchOf('s1', [sample(0, 9, 1), sample(5, 9, 1)]));
    fake.emit('points.batch', batchOf('s2', [sample(12, 3, 9)]));
    fake.emit('points.batch', batchOf('s1', [sample(0, 10, 5, ['IV'])]));
    await trends.add('s2/ai:0');
    fake.emit('points.batch', stationsBatchOf([['s1', [sample(3, 4, 6)]], ['s2', [sample(12, 4, 10)]]]));
    expect(trends.series[1]!.samples.at(-1), 'a charted point in a later station of the batch').toEqual({ x: 1010, y: 4 });
    trends.remove('s2/ai:0');
    expect(trends.series[0]!.samples.slice(-2)).toEqual([
      { x: 1001, y: 2 },
      { x: 1005, y: null },
    ]);
    const before = Date.now();
    fake.emit('points.batch', batchOf('s1', [sample(0, 11, 6)]));
    fake.emit('points.batch', batchOf('s1', [{ ...sample(0, 11, 7, ['ONLINE', 'COMM_LOST']), receivedTime: 1006 }]));
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
