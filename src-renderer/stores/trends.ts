import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { CallResponse } from '../../src-shared/ipc/contract';
import { orNull, stationRange, type PointBatchPayload } from '../../src-shared/ipc/point-batch';
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

  /**
   * Appends the live samples of the shown points from a batch: the charted points are found
   * by slot (their rows in the points store), and only they are read from the columns.
   */
  function applyBatch(batch: PointBatchPayload): void {
    const { bySlot, stations } = charted();
    if (bySlot.size === 0) return;
    let appended = false;
    const slots = batch.slots;
    batch.stations.forEach((station, k) => {
      if (!stations.has(station)) return;
      const { start, end } = stationRange(batch, k);
      for (let i = start; i < end; i++) {
        const found = bySlot.get(slots[i]!);
        if (found && appendLive(found.entry, batch, i, found.row)) appended = true;
      }
    });
    if (appended) version.value++;
  }

  /**
   * The charted points by slot, and their stations (a batch's other stations are skipped,
   * and most stations have no charted point).
   */
  function charted(): { bySlot: Map<number, { entry: TrendSeries; row: PointRow }>; stations: Set<string> } {
    const bySlot = new Map<number, { entry: TrendSeries; row: PointRow }>();
    const stations = new Set<string>();
    const rows = byId.size === 0 ? null : usePointsStore().byId;
    for (const [id, entry] of byId) {
      const row = rows?.get(id);
      if (!row) continue;
      bySlot.set(row.slot, { entry, row });
      stations.add(row.station);
    }
    return { bySlot, stations };
  }

  /** Subscribes to point batches once (boot calls it). */
  function start(): void {
    useContract().on('points.batch', applyBatch);
  }

  return { series, version, error, add, remove, applyBatch, start };
});

/** Appends entry `i` of a batch to a series; false when it is not newer than the last sample. */
function appendLive(entry: TrendSeries, batch: PointBatchPayload, i: number, row: PointRow): boolean {
  const invalid = pointInvalid({ address: row.address, quality: batch.qualityLists[batch.qualities[i]!]! });
  const received = orNull(batch.receivedTimes[i]!);
  const last = entry.samples.at(-1);
  // The master's own marks (COMM_LOST, STALE) keep the value's received time: their gap starts now.
  const x = invalid && last && received !== null && last.x >= received ? Date.now() : (received ?? Date.now());
  if (last && last.x >= x) return false;
  entry.samples.push({ x, y: invalid ? null : orNull(batch.values[i]!) });
  if (entry.samples.length > MAX_SAMPLES) entry.samples.splice(0, MAX_SAMPLES / 10);
  return true;
}
