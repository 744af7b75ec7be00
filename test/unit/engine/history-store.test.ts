import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { HistoryStore, type HistoryRetention } from '../../../src-main/engine/history/history-store';

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** A fixed present, on a whole hour, so buckets are predictable. */
const NOW = Date.UTC(2026, 11, 1, 12);
const KEEP_ALL: HistoryRetention = { rawDays: 3650, minuteDays: 3650, hourDays: 36500 };

const dirs: string[] = [];
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sy-history-'));
  dirs.push(dir);
  return join(dir, 'history.db');
}
const open: HistoryStore[] = [];
async function openStore(file: string, retention = KEEP_ALL): Promise<HistoryStore> {
  const store = await HistoryStore.open({ file, retention, now: () => NOW });
  open.push(store);
  return store;
}
afterEach(async () => {
  for (const store of open.splice(0)) await store.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('history store', () => {
  it('keeps samples, their quality and series ids across a close and a reopen', async () => {
    const file = tempFile();
    const first = await openStore(file);
    const a = first.seriesId('rtu1', 'ai:0');
    const b = first.seriesId('rtu2', 'ioa:3001@1');
    expect(a).not.toBe(b);
    const good = first.qualityId(['ONLINE']);
    const lost = first.qualityId(['ONLINE', 'COMM_LOST']);
    for (let i = 0; i < 100; i++) first.append(a, NOW - 100_000 + i * 1000, i * 1.5, good, false);
    first.append(b, NOW - 5000, 42, lost, true);
    await first.close();
    open.length = 0;

    const second = await openStore(file);
    // stored ids now; a new point gets a temporary one until its first batch is stored
    expect([second.seriesId('rtu1', 'ai:0'), second.seriesId('rtu2', 'ioa:3001@1')].sort()).toEqual([1, 2]);
    expect(second.seriesId('rtu3', 'bi:1')).toBeLessThan(0);
    const [sa, sb] = await second.read({ points: [{ station: 'rtu1', point: 'ai:0' }, { station: 'rtu2', point: 'ioa:3001@1' }], from: NOW - DAY, to: NOW, maxPoints: 1000, now: NOW });
    expect(sa!.source).toBe('raw');
    expect(sa!.bucketMs).toBe(0);
    expect(sa!.times).toEqual(Array.from({ length: 100 }, (_, i) => NOW - 100_000 + i * 1000));
    expect(sa!.values).toEqual(Array.from({ length: 100 }, (_, i) => i * 1.5));
    expect(sa!.quality![0]).toBe('ONLINE');
    expect(sb!.values).toEqual([42]);
    expect(sb!.invalid).toEqual([1]);
    expect(sb!.quality).toEqual(['ONLINE COMM_LOST']);
  });

  it('aggregates 1-minute and 1-hour buckets exactly: min, max, average and count of valid samples, invalid count, last', async () => {
    const store = await openStore(tempFile());
    const s = store.seriesId('rtu', 'ai:1');
    const q = store.qualityId(['ONLINE']);
    const start = NOW - 2 * HOUR;
    // minute 0: 5, 1, 9 and an invalid 100; minute 1: 2, 4; a minute of the next hour: -3
    const samples: Array<[number, number, boolean]> = [
      [start + 1000, 5, false],
      [start + 2000, 1, false],
      [start + 3000, 100, true],
      [start + 4000, 9, false],
      [start + MIN + 10, 2, false],
      [start + MIN + 20, 4, false],
      [start + HOUR + 5 * MIN, -3, false],
    ];
    // written over two batches, so a bucket is completed by a second upsert
    for (const [t, v, invalid] of samples.slice(0, 3)) store.append(s, t, v, q, invalid);
    await store.flush();
    for (const [t, v, invalid] of samples.slice(3)) store.append(s, t, v, q, invalid);
    const minutes = await store.page({ station: 'rtu', point: 'ai:1', resolution: '1m', from: start, to: NOW, limit: 100 });
    expect(minutes.map((m) => ({ t: m.t, min: m.min, max: m.max, avg: m.avg, count: m.count, invalidCount: m.invalidCount, last: m.value }))).toEqual([
      { t: start, min: 1, max: 9, avg: 5, count: 3, invalidCount: 1, last: 9 },
      { t: start + MIN, min: 2, max: 4, avg: 3, count: 2, invalidCount: 0, last: 4 },
      { t: start + HOUR + 5 * MIN, min: -3, max: -3, avg: -3, count: 1, invalidCount: 0, last: -3 },
    ]);
    const hours = await store.page({ station: 'rtu', point: 'ai:1', resolution: '1h', from: start, to: NOW, limit: 100 });
    expect(hours.map((h) => [h.t, h.min, h.max, h.avg, h.count, h.invalidCount, h.value])).toEqual([
      [start, 1, 9, 21 / 5, 5, 1, 4],
      [start + HOUR, -3, -3, -3, 1, 0, -3],
    ]);
  });

  it('writes batches queued behind a running transaction in one, folding every inserted sample into exact buckets', async () => {
    const store = await openStore(tempFile());
    const names = ['ai:0', 'ai:1', 'ai:2'];
    const ids = names.map((name) => store.seriesId('rtu', name));
    const q = store.qualityId(['ONLINE']);
    const bad = store.qualityId(['ONLINE', 'COMM_LOST']);
    const start = NOW - 3 * HOUR;
    // 3.5 batches of 65 536 samples, interleaved points, times out of order, repeated times
    // (a re-sent event: the stored sample stays, the repeat is not counted), integer values
    let seed = 7;
    const random = (n: number): number => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) % n;
    const kept = new Map<string, { t: number; v: number; invalid: boolean }>();
    const last = new Map<number, number>();
    const count = 3.5 * 65_536;
    for (let i = 0; i < count; i++) {
      const k = random(3);
      const time = start + random(3 * HOUR);
      const value = random(101) - 50;
      const invalid = random(10) === 0;
      store.append(ids[k]!, time, value, invalid ? bad : q, invalid);
      const t = time === last.get(k) ? time + 1 : time;
      last.set(k, t);
      if (!kept.has(`${k}/${t}`)) kept.set(`${k}/${t}`, { t, v: value, invalid });
    }
    await store.flush();
    // four batches were posted while the first transaction ran
    expect(store.transactions).toBeLessThan(4);
    expect(store.committedRows).toBe(kept.size);
    for (const [k, name] of names.entries()) {
      const samples = [...kept.entries()].filter(([key]) => key.startsWith(`${k}/`)).map(([, sample]) => sample);
      for (const [resolution, width] of [['1m', MIN], ['1h', HOUR]] as const) {
        const expected = new Map<number, { min: number | null; max: number | null; sum: number; count: number; invalidCount: number; lastT: number; value: number }>();
        for (const { t, v, invalid } of samples) {
          const b = Math.floor(t / width) * width;
          const e = expected.get(b) ?? { min: null, max: null, sum: 0, count: 0, invalidCount: 0, lastT: -1, value: 0 };
          if (invalid) e.invalidCount++;
          else Object.assign(e, { min: Math.min(e.min ?? v, v), max: Math.max(e.max ?? v, v), sum: e.sum + v, count: e.count + 1 });
          if (t > e.lastT) Object.assign(e, { lastT: t, value: v });
          expected.set(b, e);
        }
        const rows = await store.page({ station: 'rtu', point: name, resolution, from: 0, to: NOW, limit: 1000 });
        expect(rows.map((r) => ({ t: r.t, min: r.min, max: r.max, avg: r.avg, count: r.count, invalidCount: r.invalidCount, value: r.value }))).toEqual(
          [...expected.entries()].sort(([a], [b]) => a - b).map(([t, e]) => ({ t, min: e.min, max: e.max, avg: e.count > 0 ? e.sum / e.count : null, count: e.count, invalidCount: e.invalidCount, value: e.value })),
        );
      }
    }
  });

  it('drops and counts samples once 1 048 576 are posted and not committed, and keeps those before', { timeout: 60_000 }, async () => {
    const file = tempFile();
    const store = await openStore(file);
    const s = store.seriesId('rtu', 'ai:0');
    const q = store.qualityId(['ONLINE']);
    await store.flush();
    // another connection holds the write lock: the worker's transaction waits for it
    const other = new Database(file);
    other.exec('BEGIN IMMEDIATE');
    const total = 1_100_000;
    // the bound is in samples, not batches: 20 small batches first (as frequent flushes post)
    for (let i = 0; i < total; i++) {
      store.append(s, NOW - total + i, i, q, false);
      if (i < 20_000 && i % 1000 === 999) void store.flush();
    }
    other.exec('COMMIT');
    other.close();
    expect(store.dropped).toBe(total - 1_048_576);
    await store.flush();
    expect(store.committedRows).toBe(1_048_576);
    const [last] = await store.page({ station: 'rtu', point: 'ai:0', resolution: 'raw', from: NOW - total + 1_048_575, to: NOW, limit: 10 });
    expect(last!.value).toBe(1_048_575);
  });

  it('gives a chart at most maxPoints entries: raw, then raw grouped, then stored buckets beyond the raw retention', async () => {
    const store = await openStore(tempFile(), { rawDays: 1, minuteDays: 30, hourDays: 3650 });
    const s = store.seriesId('rtu', 'ai:2');
    const q = store.qualityId([]);
    // one sample a second for 2 hours: values 0..59 repeating per minute
    for (let i = 0; i < 7200; i++) store.append(s, NOW - 2 * HOUR + i * 1000, i % 60, q, false);
    const point = [{ station: 'rtu', point: 'ai:2' }];
    const [raw] = await store.read({ points: point, from: NOW - 10 * MIN, to: NOW, maxPoints: 1000, now: NOW });
    expect(raw!.source).toBe('raw');
    expect(raw!.times.length).toBe(600);
    const [grouped] = await store.read({ points: point, from: NOW - 2 * HOUR, to: NOW, maxPoints: 121, now: NOW });
    expect(grouped!.source).toBe('raw');
    expect(grouped!.bucketMs).toBe(MIN);
    expect(grouped!.times.length).toBe(120);
    expect(grouped!.min!.every((m) => m === 0)).toBe(true);
    expect(grouped!.max!.every((m) => m === 59)).toBe(true);
    expect(grouped!.values.every((v) => v === 29.5)).toBe(true);
    expect(grouped!.count!.every((c) => c === 60)).toBe(true);
    // a range that starts between bucket boundaries still fits
    for (const maxPoints of [50, 120, 121, 1000]) {
      const [odd] = await store.read({ points: point, from: NOW - 2 * HOUR + 17_123, to: NOW - 3_331, maxPoints, now: NOW });
      expect(odd!.times.length).toBeLessThanOrEqual(maxPoints);
      expect(odd!.count!.reduce((a, b) => a + b, 0)).toBe(7200 - 18 - 3);
    }
    // a week back is beyond the raw retention: 1-minute buckets, grouped to fit
    const [week] = await store.read({ points: point, from: NOW - 7 * DAY, to: NOW, maxPoints: 2000, now: NOW });
    expect(week!.source).toBe('1m');
    expect(week!.bucketMs).toBe(6 * MIN);
    expect(week!.times.length).toBe(20);
    expect(week!.min![0]).toBe(0);
    expect(week!.max![0]).toBe(59);
    expect(week!.count![0]).toBe(360);
    // beyond the minute retention: hours
    const [year] = await store.read({ points: point, from: NOW - 60 * DAY, to: NOW, maxPoints: 2000, now: NOW });
    expect(year!.source).toBe('1h');
    expect(year!.count!.reduce((a, b) => a + b, 0)).toBe(7200);
  });

  it('prunes raw samples and aggregates past their retention incrementally, at most 5000 rows of a table per step', async () => {
    let clock = NOW - 5 * DAY;
    const store = await HistoryStore.open({ file: tempFile(), retention: { rawDays: 1, minuteDays: 2, hourDays: 3 }, now: () => clock });
    open.push(store);
    const q = store.qualityId(['ONLINE']);
    const a = store.seriesId('rtu', 'ai:0');
    const b = store.seriesId('rtu', 'ai:1');
    // a: 12 000 samples 1.5 days before NOW and 10 recent ones; b: one sample 4 days before NOW
    for (let i = 0; i < 12_000; i++) store.append(a, NOW - 1.5 * DAY + i * 1000, i, q, false);
    for (let i = 0; i < 10; i++) store.append(a, NOW - 10_000 + i * 1000, i, q, false);
    store.append(b, NOW - 4 * DAY, 7, q, false);
    expect((await store.stats()).samples).toBe(12_011);
    clock = NOW;
    // the step after the next batch deletes one capped chunk of a's old samples, no more
    store.append(a, NOW - 500, 1, q, false);
    expect((await store.stats()).samples).toBe(12_012 - 5000);
    const deleted = await store.prune();
    expect(deleted).toBe(7000 + 3);
    expect((await store.stats()).samples).toBe(11);
    const raw = await store.page({ station: 'rtu', point: 'ai:0', resolution: 'raw', from: 0, to: NOW, limit: 100_000 });
    expect(raw.map((r) => r.t)).toEqual([...Array.from({ length: 10 }, (_, i) => NOW - 10_000 + i * 1000), NOW - 500]);
    // a's old samples stay as 1-minute and 1-hour buckets; b's are gone from both tiers
    const minutes = await store.page({ station: 'rtu', point: 'ai:0', resolution: '1m', from: 0, to: NOW, limit: 100_000 });
    expect(minutes.reduce((n, m) => n + m.count!, 0)).toBe(12_011);
    expect(await store.page({ station: 'rtu', point: 'ai:1', resolution: '1m', from: 0, to: NOW, limit: 10 })).toEqual([]);
    expect(await store.page({ station: 'rtu', point: 'ai:1', resolution: '1h', from: 0, to: NOW, limit: 10 })).toEqual([]);
  });

  it('keeps the points of two writers of one file apart (two engines on one data directory)', async () => {
    const file = tempFile();
    const one = await openStore(file);
    const two = await openStore(file);
    // each names its new points and quality lists in its own order
    const q1 = one.qualityId(['ONLINE']);
    one.append(one.seriesId('a', 'ai:0'), NOW - 3000, 1, q1, false);
    one.append(one.seriesId('b', 'ai:0'), NOW - 3000, 2, q1, false);
    await one.flush();
    const q2 = two.qualityId(['ONLINE', 'STALE']);
    two.append(two.seriesId('b', 'ai:0'), NOW - 2000, 20, q2, true);
    two.append(two.seriesId('c', 'ai:0'), NOW - 2000, 30, two.qualityId(['ONLINE']), false);
    await two.flush();
    const read = async (station: string) => (await one.page({ station, point: 'ai:0', resolution: 'raw', from: 0, to: NOW, limit: 10 })).map((r) => [r.value, r.quality]);
    expect(await read('a')).toEqual([[1, 'ONLINE']]);
    expect(await read('b')).toEqual([
      [2, 'ONLINE'],
      [20, 'ONLINE STALE'],
    ]);
    const [c] = await one.read({ points: [{ station: 'c', point: 'ai:0' }], from: 0, to: NOW, maxPoints: 10, now: NOW });
    expect(c!.values).toEqual([30]);
  });

  it('keeps two samples of one point in the same millisecond, the second 1 ms later', async () => {
    const store = await openStore(tempFile());
    const s = store.seriesId('rtu', 'bi:0');
    const q = store.qualityId([]);
    store.append(s, NOW - 1000, 0, q, false);
    store.append(s, NOW - 1000, 1, q, false);
    const rows = await store.page({ station: 'rtu', point: 'bi:0', resolution: 'raw', from: 0, to: NOW, limit: 10 });
    expect(rows.map((r) => [r.t, r.value])).toEqual([
      [NOW - 1000, 0],
      [NOW - 999, 1],
    ]);
  });
});
