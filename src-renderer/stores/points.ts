import { defineStore } from 'pinia';
import { ref, shallowRef, triggerRef } from 'vue';
import type { CallResponse } from '../../src-shared/ipc/contract';
import type { PointBatchPayload } from '../../src-shared/ipc/point-batch';
import { useContract } from '../api';
import { errorText } from '../util/format';
import { LiveColumns } from './live-columns';
import { LivePoint } from './live-point';
import { PointIndex } from './point-index';
import { PointNames } from './point-names';
import type { PointRow } from './point-row';

export type { PointRow } from './point-row';

type PointInfo = CallResponse<'points.get'>;

/**
 * Points fetched per points.list call while loading: small enough that parsing one answer
 * stays well inside a frame's budget, so a 100,000-point load never blocks the page.
 */
const PAGE = 5_000;

/**
 * Every point of every station: one row per point (its configuration) in a shallowRef
 * Map-like index by point id (point-index.ts: no string-keyed hash table), and the live values of all of them in typed columns by slot
 * (live-columns.ts) that `points.batch` events are copied into. A batch changes no row:
 * it bumps `version` (the index is triggered only when rows are added or reloaded), and
 * tables redraw their visible rows from the columns at most once a frame. The index is the same object for the store's
 * lifetime (loads refill it), so a view may hold it and follow `version` and `count`.
 * A batch naming a slot without a row (a point that appeared after the load) fetches that
 * point with `points.list { slots }`; its values are already in the columns meanwhile.
 */
export const usePointsStore = defineStore('points', () => {
  const live = new LiveColumns();
  const byId = shallowRef(new PointIndex());
  /** The same rows by slot. */
  let bySlot: (PointRow | undefined)[] = [];
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
  /** Slots batches named that have no row yet, and whether their fetch is under way. */
  const unknown = new Set<number>();
  let fetching = false;

  function noteType(type: string): void {
    if (type === '' || typeSet.has(type)) return;
    typeSet.add(type);
    types.value = [...typeSet].sort();
  }

  /** Station ids, one string each for all their rows. */
  const stationIds = new Map<string, string>();

  /**
   * Rows for a list of points (the names kept together: point-names.ts), their live fields
   * into the columns (unless a batch brought newer ones).
   */
  function rowsOf(infos: readonly PointInfo[]): LivePoint[] {
    const names = new PointNames(infos);
    return infos.map((info, k) => {
      live.setFromList(info.slot, info);
      noteType(info.type);
      let station = stationIds.get(info.station);
      if (station === undefined) stationIds.set(info.station, (station = info.station));
      return new LivePoint(live, compact(info), names, k, station);
    });
  }

  function index(row: PointRow): void {
    const old = byId.value.get(row.id);
    if (old && old.slot !== row.slot) bySlot[old.slot] = undefined;
    byId.value.set(row.id, row);
    bySlot[row.slot] = row;
  }

  /**
   * Values changed (`version`), and with `keys` the rows too: only then is the index
   * triggered, so a view that reads rows for their configuration (names, units, state
   * labels) does not render again on every batch; views of live values follow `version`.
   */
  function changed(keys: boolean): void {
    if (keys) {
      count.value = byId.value.size;
      keysVersion.value++;
      triggerRef(byId);
    }
    version.value++;
  }

  /** Applies one batch of changed points (last value per point). */
  function applyBatch(batch: PointBatchPayload): void {
    live.applyBatch(batch, noteType);
    const slots = batch.slots;
    for (let i = 0; i < slots.length; i++) if (bySlot[slots[i]!] === undefined) unknown.add(slots[i]!);
    changed(false);
    if (unknown.size > 0) void fetchUnknown();
  }

  /** Fetches the rows of slots batches named before their points were listed (one call at a time). */
  async function fetchUnknown(): Promise<void> {
    if (fetching || loading.value) return;
    fetching = true;
    const slots = [...unknown];
    unknown.clear();
    const result = await useContract().call('points.list', { slots, limit: slots.length });
    fetching = false;
    if (!result.ok) {
      error.value = errorText(result.error);
      return;
    }
    for (const row of rowsOf(result.value.points.filter((info) => bySlot[info.slot] === undefined))) index(row);
    changed(true);
    for (const slot of unknown) if (bySlot[slot] !== undefined) unknown.delete(slot);
    if (unknown.size > 0) void fetchUnknown();
  }

  /** Loads every point with its configuration, then subscribes to all stations' batches. */
  async function load(): Promise<void> {
    loading.value = true;
    live.resetFresh();
    const next: LivePoint[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const result = await useContract().call('points.list', { offset, limit: PAGE });
      if (!result.ok) {
        error.value = errorText(result.error);
        loading.value = false;
        return;
      }
      next.push(...rowsOf(result.value.points));
      if (offset + PAGE >= result.value.total || result.value.points.length === 0) break;
    }
    byId.value.clear();
    bySlot = [];
    for (const row of next) index(row);
    for (const slot of unknown) if (bySlot[slot] !== undefined) unknown.delete(slot);
    changed(true);
    error.value = null;
    loaded.value = true;
    loading.value = false;
    const subscribed = await useContract().call('points.subscribe', { stations: 'all' });
    if (!subscribed.ok) error.value = errorText(subscribed.error);
    if (unknown.size > 0) void fetchUnknown();
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

/**
 * A listed point with the state labels and state alarms most points have alike (none)
 * shared rather than one empty copy per row: 100,000 rows then hold 200,000 fewer objects
 * for the garbage collector to trace and move.
 */
function compact(point: PointInfo): PointInfo {
  if (point.stateAlarms.length === 0) point.stateAlarms = NO_STATE_ALARMS;
  if (Object.keys(point.stateLabels).length === 0) point.stateLabels = NO_STATE_LABELS;
  return point;
}
