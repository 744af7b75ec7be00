import { defineStore } from 'pinia';
import { computed, ref, shallowRef, triggerRef } from 'vue';
import type { EventPayload } from '../../src-shared/ipc/contract';
import type { Result } from '../../src-shared/ipc/result';
import { useContract } from '../api';
import { errorText } from '../util/format';
import { compareAlarms, summarisePointAlarms, type Alarm, type PointAlarmSummary } from './alarm-state';

export { compareAlarms, type Alarm } from './alarm-state';

/** The point id (`<station>/<address>`) an alarm belongs to, or null for a station alarm. */
const pointOf = (alarm: Alarm): string | null => (alarm.address === null ? null : `${alarm.station}/${alarm.address}`);

/**
 * The alarm list, the unacknowledged count (for the banner), acknowledgement and shelving,
 * and each point's alarms for the points table: a second index by point id, kept up to date
 * change by change, so a row finds its alarms with one Map look-up however many points
 * there are; `version` counts the changes so tables redraw without deep reactivity.
 */
export const useAlarmsStore = defineStore('alarms', () => {
  const byId = shallowRef(new Map<string, Alarm>());
  /** Alarms by point id (plain Map, followed through `version`). */
  const byPoint = new Map<string, Alarm[]>();
  const version = ref(0);
  const unacknowledged = ref(0);
  const loaded = ref(false);
  const error = ref<string | null>(null);
  const list = computed(() => [...byId.value.values()].sort(compareAlarms));
  /** Alarms that are not shelved (the active list). */
  const active = computed(() => list.value.filter((a) => !a.shelf));
  /** Shelved alarms, the first to expire first. */
  const shelved = computed(() => list.value.filter((a) => a.shelf).sort((a, b) => a.shelf!.until - b.shelf!.until));

  function unindex(id: string): void {
    const old = byId.value.get(id);
    const point = old && pointOf(old);
    if (!point) return;
    const rest = (byPoint.get(point) ?? []).filter((a) => a.id !== id);
    if (rest.length) byPoint.set(point, rest);
    else byPoint.delete(point);
  }

  function index(alarm: Alarm): void {
    const point = pointOf(alarm);
    if (point) byPoint.set(point, [...(byPoint.get(point) ?? []), alarm]);
  }

  async function load(): Promise<void> {
    const result = await useContract().call('alarms.list', {});
    if (!result.ok) {
      error.value = errorText(result.error);
      return;
    }
    byId.value = new Map(result.value.alarms.map((a) => [a.id, a]));
    byPoint.clear();
    for (const alarm of result.value.alarms) index(alarm);
    unacknowledged.value = result.value.unacknowledged;
    loaded.value = true;
    error.value = null;
    version.value++;
  }

  /** Applies one interval's alarm changes in order, then redraws once. */
  function applyChanges(batch: EventPayload<'alarms.changed'>): void {
    for (const change of batch.changes) {
      unindex(change.alarm.id);
      if (change.transition === 'removed') byId.value.delete(change.alarm.id);
      else {
        byId.value.set(change.alarm.id, change.alarm);
        index(change.alarm);
      }
    }
    unacknowledged.value = batch.unacknowledged;
    version.value++;
    triggerRef(byId);
  }

  /** A point's alarms summed up (most urgent first), or null when it has none. */
  function pointSummary(pointId: string): PointAlarmSummary | null {
    const alarms = byPoint.get(pointId);
    return alarms ? summarisePointAlarms(alarms) : null;
  }

  /** A point's alarms, most urgent first. */
  function ofPoint(pointId: string): Alarm[] {
    return [...(byPoint.get(pointId) ?? [])].sort(compareAlarms);
  }

  async function done(promise: Promise<Result<unknown>>): Promise<string | null> {
    const result = await promise;
    // The engine pushes the alarms it changed in its next alarms.changed event.
    return result.ok ? null : errorText(result.error);
  }

  /** Acknowledges one alarm; the error text when refused. */
  const ack = (id: string) => done(useContract().call('alarms.ack', { id }));
  /** Acknowledges every alarm of a station. */
  const ackStation = (station: string) => done(useContract().call('alarms.ackStation', { station }));
  /** Acknowledges every alarm. */
  const ackAll = () => done(useContract().call('alarms.ackAll', {}));
  /** Shelves one alarm with a reason for `minutes`; the error text when refused. */
  const shelve = (id: string, reason: string, minutes: number) => done(useContract().call('alarms.shelve', { id, reason, minutes }));
  /** Lifts an alarm's shelf. */
  const unshelve = (id: string) => done(useContract().call('alarms.unshelve', { id }));

  /** Subscribes to alarm changes once (boot calls it). */
  function start(): void {
    useContract().on('alarms.changed', applyChanges);
  }

  return { byId, version, list, active, shelved, unacknowledged, loaded, error, load, applyChanges, pointSummary, ofPoint, ack, ackStation, ackAll, shelve, unshelve, start };
});
