import { defineStore } from 'pinia';
import { ref, shallowRef, watch } from 'vue';
import type { CallResponse } from '../../src-shared/ipc/contract';
import { useContract } from '../api';
import { download } from '../util/download';
import { errorText } from '../util/format';
import type { TrendSample, TrendSeries } from './trend-data';
import { useTrendsStore } from './trends';

/** The trend chart's ranges: the live ring buffer, or a range of the stored history. */
export const TREND_RANGES = [
  { id: 'live', label: 'Live', ms: null },
  { id: '1h', label: '1 h', ms: 3_600_000 },
  { id: '24h', label: '24 h', ms: 86_400_000 },
  { id: '7d', label: '7 d', ms: 604_800_000 },
  { id: 'custom', label: 'Custom', ms: null },
] as const;

/** Id of one of {@link TREND_RANGES}. */
export type TrendRangeId = (typeof TREND_RANGES)[number]['id'];

/** Resolutions of a CSV export of stored history. */
export type HistoryResolution = 'raw' | '1m' | '1h';

/** Entries a chart asks the store for, per point. */
const MAX_POINTS = 2000;

type StoredSeries = CallResponse<'history.query'>['series'][number];

/**
 * A chart series from stored history: raw samples (invalid ones as gaps), or buckets drawn
 * at their middle as the average with the min-max band (a bucket without a valid sample
 * is a gap).
 */
export function seriesFromStored(meta: TrendSeries, stored: StoredSeries): TrendSeries {
  const half = stored.bucketMs / 2;
  const at = (i: number): number => stored.times[i]! + half;
  const samples: TrendSample[] = stored.times.map((_, i) => ({ x: at(i), y: stored.bucketMs === 0 && stored.invalid[i] ? null : (stored.values[i] ?? null) }));
  if (stored.bucketMs === 0 || !stored.min || !stored.max) return { ...meta, samples, band: undefined };
  const { min, max } = stored;
  return { ...meta, samples, band: { min: stored.times.map((_, i) => ({ x: at(i), y: min[i] ?? null })), max: stored.times.map((_, i) => ({ x: at(i), y: max[i] ?? null })) } };
}

/** What a stored series shows, in words (`raw samples`, `1-minute buckets (min-max band)`). */
export function sourceText(stored: StoredSeries): string {
  if (stored.times.length === 0) return 'no stored samples';
  if (stored.bucketMs === 0) return `${stored.times.length} raw samples`;
  const minutes = stored.bucketMs / 60_000;
  const width = minutes >= 1 ? `${Number(minutes.toFixed(1))}-minute` : `${Number((stored.bucketMs / 1000).toFixed(1))}-second`;
  return `${stored.times.length} ${width} buckets (average, min–max band)`;
}

/**
 * The stored-history side of the trends view: the chosen range, the series read for it
 * (history.query) and the CSV export of it (history.exportCsv). Live keeps the ring buffer
 * of the trends store.
 */
export const useTrendHistoryStore = defineStore('trendHistory', () => {
  const trends = useTrendsStore();
  const range = ref<TrendRangeId>('live');
  const custom = ref({ from: Date.now() - 86_400_000, to: Date.now() });
  /** The x-range of the stored series shown, or null for Live. */
  const window = ref<{ min: number; max: number } | null>(null);
  const series = shallowRef<TrendSeries[]>([]);
  /** Per point id, what its stored series shows. */
  const sources = ref<Record<string, string>>({});
  const loading = ref(false);
  const error = ref<string | null>(null);
  const version = ref(0);
  let request = 0;

  function rangeOf(id: TrendRangeId, now = Date.now()): { min: number; max: number } | null {
    if (id === 'live') return null;
    if (id === 'custom') return { min: custom.value.from, max: custom.value.to };
    const spec = TREND_RANGES.find((r) => r.id === id)!;
    return { min: now - spec.ms!, max: now };
  }

  /** Reads the chosen range of the charted points from the stored history. */
  async function load(): Promise<void> {
    const shown = rangeOf(range.value);
    window.value = shown;
    if (!shown || trends.series.length === 0) {
      series.value = [];
      return;
    }
    const mine = ++request;
    const metas = trends.series;
    loading.value = true;
    const result = await useContract().call('history.query', { ids: metas.map((s) => s.id), from: Math.floor(shown.min), to: Math.ceil(shown.max), maxPoints: MAX_POINTS });
    if (mine !== request) return;
    loading.value = false;
    if (!result.ok) {
      error.value = errorText(result.error);
      return;
    }
    error.value = null;
    series.value = metas.map((meta, i) => seriesFromStored(meta, result.value.series[i]!));
    sources.value = Object.fromEntries(result.value.series.map((s) => [s.id, sourceText(s)]));
    version.value++;
  }

  /** Chooses a range; anything but Live reads the stored history. */
  async function select(id: TrendRangeId): Promise<void> {
    range.value = id;
    await load();
  }

  /** Sets the custom range and shows it; false (with an error) when it is not a range. */
  async function showCustom(from: number, to: number): Promise<boolean> {
    if (!Number.isFinite(from) || !Number.isFinite(to) || from >= to) {
      error.value = 'The custom range needs a start before its end.';
      return false;
    }
    custom.value = { from, to };
    await select('custom');
    return true;
  }

  /** Offers the stored history of the charted points over the chosen range (Live: the last hour) as a CSV download. */
  async function exportCsv(resolution: HistoryResolution): Promise<void> {
    const shown = rangeOf(range.value) ?? rangeOf('1h')!;
    const ids = trends.series.map((s) => s.id);
    if (ids.length === 0) return;
    const result = await useContract().call('history.exportCsv', { ids, from: Math.floor(shown.min), to: Math.ceil(shown.max), resolution });
    if (!result.ok) {
      error.value = errorText(result.error);
      return;
    }
    error.value = null;
    download(result.value.fileName, new Blob([result.value.csv], { type: 'text/csv' }));
  }

  watch(
    () => trends.series,
    () => {
      if (range.value !== 'live') void load();
    },
  );

  return { range, custom, window, series, sources, loading, error, version, select, showCustom, exportCsv, load };
});
