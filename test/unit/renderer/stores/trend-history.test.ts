import { flushPromises } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { seriesFromStored, sourceText, useTrendHistoryStore } from '../../../../src-renderer/stores/trend-history';
import type { TrendSeries } from '../../../../src-renderer/stores/trend-data';
import { useTrendsStore } from '../../../../src-renderer/stores/trends';
import { fakeContract, type FakeContract } from '../fake-contract';

const meta: TrendSeries = { id: 'rtu/ai:0', label: 'Level', unit: 'm', step: false, samples: [] };
const raw = { id: 'rtu/ai:0', source: 'raw' as const, bucketMs: 0, times: [1000, 2000, 3000], values: [1, 2, 3], invalid: [0, 1, 0], quality: ['ONLINE', 'ONLINE COMM_LOST', 'ONLINE'] };
const buckets = { id: 'rtu/ai:0', source: '1m' as const, bucketMs: 360_000, times: [0, 360_000], values: [5, null], invalid: [0, 4], min: [1, null], max: [9, null], count: [10, 0] };

let fake: FakeContract;
beforeEach(() => {
  setActivePinia(createPinia());
  fake = fakeContract();
});

describe('stored trend series', () => {
  it('draws raw samples with invalid ones as gaps, and buckets at their middle with a min-max band', () => {
    expect(seriesFromStored(meta, raw).samples).toEqual([
      { x: 1000, y: 1 },
      { x: 2000, y: null },
      { x: 3000, y: 3 },
    ]);
    expect(seriesFromStored(meta, raw).band).toBeUndefined();
    const drawn = seriesFromStored(meta, buckets);
    expect(drawn.samples).toEqual([
      { x: 180_000, y: 5 },
      { x: 540_000, y: null },
    ]);
    expect(drawn.band).toEqual({ min: [{ x: 180_000, y: 1 }, { x: 540_000, y: null }], max: [{ x: 180_000, y: 9 }, { x: 540_000, y: null }] });
    expect(drawn.label).toBe('Level');
  });

  it('says in words what a stored series shows', () => {
    expect(sourceText(raw)).toBe('3 raw samples');
    expect(sourceText(buckets)).toBe('2 6-minute buckets (average, min–max band)');
    expect(sourceText({ ...buckets, bucketMs: 1500 })).toBe('2 1.5-second buckets (average, min–max band)');
    expect(sourceText({ ...raw, times: [] })).toBe('no stored samples');
  });
});

describe('trend history store', () => {
  it('reads the chosen range of the charted points, and nothing for Live', async () => {
    fake.answer('trends.get', { ok: true, value: { capacity: 600, series: [] } });
    fake.answer('history.query', { ok: true, value: { series: [raw] } });
    await useTrendsStore().add('rtu/ai:0');
    const history = useTrendHistoryStore();
    vi.spyOn(Date, 'now').mockReturnValue(10_000_000);
    await history.select('24h');
    expect(fake.calls.at(-1)).toEqual({ name: 'history.query', request: { ids: ['rtu/ai:0'], from: 10_000_000 - 86_400_000, to: 10_000_000, maxPoints: 2000 } });
    expect(history.window).toEqual({ min: 10_000_000 - 86_400_000, max: 10_000_000 });
    expect(history.series[0]!.samples).toHaveLength(3);
    expect(history.sources['rtu/ai:0']).toBe('3 raw samples');
    const before = fake.calls.length;
    await history.select('live');
    expect(history.window).toBeNull();
    expect(fake.calls.length).toBe(before);
    vi.restoreAllMocks();
  });

  it('reloads when a point is added while a stored range is shown, and refuses a custom range that ends before it starts', async () => {
    fake.answer('trends.get', { ok: true, value: { capacity: 600, series: [] } });
    fake.answer('history.query', (request: { ids: string[] }) => ({ ok: true, value: { series: request.ids.map((id) => ({ ...raw, id })) } }));
    const trends = useTrendsStore();
    await trends.add('rtu/ai:0');
    const history = useTrendHistoryStore();
    expect(await history.showCustom(5000, 9000)).toBe(true);
    expect(fake.calls.at(-1)!.request).toMatchObject({ from: 5000, to: 9000 });
    await trends.add('rtu/ai:1');
    await flushPromises();
    expect(fake.calls.at(-1)).toMatchObject({ name: 'history.query', request: { ids: ['rtu/ai:0', 'rtu/ai:1'] } });
    expect(history.series.map((s) => s.id)).toEqual(['rtu/ai:0', 'rtu/ai:1']);
    expect(await history.showCustom(9000, 5000)).toBe(false);
    expect(history.error).toMatch(/start before its end/);
  });

  it('exports the range with the chosen resolution as a download, and shows a refusal', async () => {
    fake.answer('trends.get', { ok: true, value: { capacity: 600, series: [] } });
    fake.answer('history.query', { ok: true, value: { series: [raw] } });
    fake.answer('history.exportCsv', { ok: true, value: { csv: 'time,station,point,value,quality\r\n', rows: 0, fileName: 'switchyard-history-1m.csv' } });
    await useTrendsStore().add('rtu/ai:0');
    const history = useTrendHistoryStore();
    await history.showCustom(1000, 2000);
    const clicked: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.download);
    });
    await history.exportCsv('1m');
    expect(fake.calls.at(-1)).toEqual({ name: 'history.exportCsv', request: { ids: ['rtu/ai:0'], from: 1000, to: 2000, resolution: '1m' } });
    expect(clicked).toEqual(['switchyard-history-1m.csv']);
    fake.answer('history.exportCsv', { ok: false, error: { code: 'TOO_MANY_ROWS', message: 'more than 200000 rows' } });
    await history.exportCsv('raw');
    expect(history.error).toBe('TOO_MANY_ROWS: more than 200000 rows');
    vi.restoreAllMocks();
  });
});
