import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { CallResponse, EventPayload } from '../../src-shared/ipc/contract';
import type { TrendLimit, TrendSample, TrendSeries } from './trend-data';
import { useContract } from '../api';
import { errorText } from '../util/format';
import { isDigital, pointInvalid, type PointRow } from './point-row';
import { usePointsStore } from './points';

/** At most this many points in one chart. */
export const MAX_TREND_SERIES = 10;
/** Samples kept per series in the renderer; the oldest tenth goes when full. */
const MAX_SAMPLES = 200_000;

/** Builds chart samples from a trends.get series (invalid samples become gaps). */
export function samplesFromHistory(series: CallResponse<'trends.get'>['series'][number]): TrendSample[] {
  return series.times.map((x, i) => ({ x, y: series.invalid[i] ? null : (series.values[i] ?? null) }));
}

/** A point's alarm limits, HH first. */
export function limitsOf(row: Pick<PointRow, 'alarms'>): TrendLimit[] {
  const alarms = row.alarms;
  if (!alarms) return [];
  const out: TrendLimit[] = [];
  for (const level of ['HH', 'H', 'L', 'LL'] as const) {
    const value = alarms[level.toLowerCase() as 'hh' | 'h' | 'l' | 'll'];
    if (value !== undefined) out.push({ level, value });
  }
  return out;
}

/** A new, empty series for a point (its name, unit, states and limits). */
function seriesFor(id: string, row: PointRow | undefined): TrendSeries {
  if (!row) return { id, label: id, unit: '', step: false, samples: [] };
  const step = isDigital(row);
  return { id, label: row.name, unit: row.unit, step, samples: [], states: row.stateLabels, limits: step ? [] : limitsOf(row) };
}

/**
 * The points on the trend chart: their buffered history (trends.get) and the live samples
 * that follow from point batches, appended in place; `version` tells the chart to redraw.
 */
export const useTrendsStore = defineStore('trends', () => {
  const series = shallowRef<TrendSeries[]>([]);
  const version = ref(0);
  const error = ref<string | null>(null);
  const byId = new Map<string, TrendSeries>();

  /** Adds a point to the chart and fetches its buffered history; false when the chart is full. */
  async function add(id: string): Promise<boolean> {
    if (byId.has(id)) return true;
    if (byId.size >= MAX_TREND_SERIES) {
      error.value = `A chart shows at most ${MAX_TREND_SERIES} points; remove one first.`;
      return false;
    }
    const entry = seriesFor(id, usePointsStore().byId.get(id));
    byId.set(id, entry);
    series.value = [...byId.values()];
    const result = await useContract().call('trends.get', { ids: [id] });
    if (!result.ok) {
      error.value = errorText(result.error);
      return true;
    }
    const history = result.value.series.find((s) => s.id === id);
    if (history && byId.get(id) === entry) {
      const live = entry.samples;
      const past = samplesFromHistory(history);
      const lastPast = past.at(-1)?.x ?? -Infinity;
      entry.samples = [...past, ...live.filter((s) => s.x > lastPast)];
      series.value = [...byId.values()];
    }
    error.value = null;
    version.value++;
    return true;
  }

  /** Removes a point from the chart. */
  function remove(id: string): void {
    if (!byId.delete(id)) return;
    series.value = [...byId.values()];
  }

  /** Appends the live samples of the shown points from a batch. */
  function applyBatch(batch: EventPayload<'points.batch'>): void {
    // Most batches are of stations with no charted point: skip them without a look-up per sample.
    const prefix = `${batch.station}/`;
    if (![...byId.keys()].some((id) => id.startsWith(prefix))) return;
    let appended = false;
    for (const sample of batch.points) {
      const entry = byId.get(`${batch.station}/${sample.address}`);
      if (!entry) continue;
      const invalid = pointInvalid(sample);
      const last = entry.samples.at(-1);
      // The master's own marks (COMM_LOST, STALE) keep the value's received time: their gap starts now.
      const x = invalid && last && sample.receivedTime !== null && last.x >= sample.receivedTime ? Date.now() : (sample.receivedTime ?? Date.now());
      if (last && last.x >= x) continue;
      entry.samples.push({ x, y: invalid ? null : sample.value });
      if (entry.samples.length > MAX_SAMPLES) entry.samples.splice(0, MAX_SAMPLES / 10);
      appended = true;
    }
    if (appended) version.value++;
  }

  /** Subscribes to point batches once (boot calls it). */
  function start(): void {
    useContract().on('points.batch', applyBatch);
  }

  return { series, version, error, add, remove, applyBatch, start };
});
