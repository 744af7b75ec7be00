import { defineStore } from 'pinia';
import { ref, shallowRef, triggerRef } from 'vue';
import type { EventPayload } from '../../src-shared/ipc/contract';
import { useContract } from '../api';
import { errorText } from '../util/format';
import { applySample, rowFromSample, type PointRow } from './point-row';

export type { PointRow } from './point-row';

/**
 * Points fetched per points.list call while loading: small enough that parsing one answer
 * stays well inside a frame's budget, so a 100,000-point load never blocks the page.
 */
const PAGE = 5_000;

/** Distinct quality word lists kept for sharing; past this, new lists are kept as they come. */
const MAX_SHARED_QUALITIES = 256;

/**
 * Every point of every station in one shallowRef Map keyed by point id, updated in place
 * by `points.batch` events with one triggerRef per batch; `version` counts the batches so
 * tables redraw (at most once a frame) without deep reactivity. The Map is the same object
 * for the store's lifetime (loads refill it), so a view may hold it and follow `version`
 * and `count` instead of re-rendering on every batch. A second index by station, then
 * address, finds a batch's rows without building an id string per sample.
 */
export const usePointsStore = defineStore('points', () => {
  const byId = shallowRef(new Map<string, PointRow>());
  /** The same rows keyed by station, then address (the batch's own keys). */
  const byStation = new Map<string, Map<string, PointRow>>();
  const version = ref(0);
  /** Number of points; changes only when points appear. */
  const count = ref(0);
  /** Bumped when points are added or the list is reloaded (the table reorders then). */
  const keysVersion = ref(0);
  const types = ref<string[]>([]);
  const loading = ref(false);
  const loaded = ref(false);
  const error = ref<string | null>(null);
  const typeSet = new Set<string>();
  /** One array per distinct quality word list, shared by the loaded rows. */
  const qualities = new Map<string, string[]>();

  /**
   * A loaded point with the quality list, state labels and state alarms most points have
   * alike (`['ONLINE']`, none, none) shared rather than one copy per row: 100,000 rows then
   * hold a few hundred thousand fewer objects for the garbage collector to trace and move.
   */
  function compact(point: PointRow): PointRow {
    const key = point.quality.join(' ');
    let quality = qualities.get(key);
    if (!quality && qualities.size < MAX_SHARED_QUALITIES) qualities.set(key, (quality = point.quality));
    if (quality) point.quality = quality;
    if (point.stateAlarms.length === 0) point.stateAlarms = NO_STATE_ALARMS;
    if (Object.keys(point.stateLabels).length === 0) point.stateLabels = NO_STATE_LABELS;
    return point;
  }

  function noteType(type: string): void {
    if (type === '' || typeSet.has(type)) return;
    typeSet.add(type);
    types.value = [...typeSet].sort();
  }

  function stationRows(station: string): Map<string, PointRow> {
    let rows = byStation.get(station);
    if (!rows) byStation.set(station, (rows = new Map()));
    return rows;
  }

  function index(row: PointRow): void {
    byId.value.set(row.id, row);
    stationRows(row.station).set(row.address, row);
  }

  /** Applies one batch of changed points (last value per point). */
  function applyBatch(batch: EventPayload<'points.batch'>): void {
    const map = byId.value;
    const rows = stationRows(batch.station);
    for (const sample of batch.points) {
      const row = rows.get(sample.address);
      if (row) {
        if (row.type !== sample.type) noteType(sample.type);
        applySample(row, sample);
      } else {
        index(rowFromSample(batch.station, sample));
        noteType(sample.type);
      }
    }
    if (map.size !== count.value) {
      count.value = map.size;
      keysVersion.value++;
    }
    version.value++;
    triggerRef(byId);
  }

  /** Loads every point with its configuration, then subscribes to all stations' batches. */
  async function load(): Promise<void> {
    loading.value = true;
    const next = new Map<string, PointRow>();
    for (let offset = 0; ; offset += PAGE) {
      const result = await useContract().call('points.list', { offset, limit: PAGE });
      if (!result.ok) {
        error.value = errorText(result.error);
        loading.value = false;
        return;
      }
      for (const point of result.value.points) {
        const live = byId.value.get(point.id);
        next.set(point.id, compact(live && live.changes > point.changes ? { ...point, ...pickLive(live) } : point));
        noteType(point.type);
      }
      if (offset + PAGE >= result.value.total || result.value.points.length === 0) break;
    }
    const map = byId.value;
    map.clear();
    byStation.clear();
    for (const row of next.values()) index(row);
    count.value = map.size;
    keysVersion.value++;
    version.value++;
    triggerRef(byId);
    error.value = null;
    loaded.value = true;
    loading.value = false;
    const subscribed = await useContract().call('points.subscribe', { stations: 'all' });
    if (!subscribed.ok) error.value = errorText(subscribed.error);
  }

  /** Subscribes to point batches once (boot calls it). */
  function start(): void {
    useContract().on('points.batch', applyBatch);
  }

  return { byId, version, keysVersion, count, types, loading, loaded, error, applyBatch, load, start };
});

/** Shared by every row without state alarms or state labels (never mutated: rows are replaced, not edited). */
const NO_STATE_ALARMS: PointRow['stateAlarms'] = [];
const NO_STATE_LABELS: PointRow['stateLabels'] = {};

function pickLive(row: PointRow): Partial<PointRow> {
  const { type, raw, value, label, quality, deviceTime, receivedTime, changes } = row;
  return { type, raw, value, label, quality, deviceTime, receivedTime, changes };
}
