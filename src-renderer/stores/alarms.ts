import { defineStore } from 'pinia';
import { computed, ref, shallowRef, triggerRef } from 'vue';
import type { CallResponse, EventPayload } from '../../src-shared/ipc/contract';
import type { Result } from '../../src-shared/ipc/result';
import { useContract } from '../api';
import { errorText } from '../util/format';

/** One alarm of the alarm list. */
export type Alarm = CallResponse<'alarms.list'>['alarms'][number];

/** Orders alarms: unacknowledged first, then active, then by priority (1 first), newest first. */
export function compareAlarms(a: Alarm, b: Alarm): number {
  return Number(a.acknowledged) - Number(b.acknowledged) || Number(b.active) - Number(a.active) || a.priority - b.priority || b.raisedAt - a.raisedAt;
}

/** The alarm list, the unacknowledged count (for the banner) and acknowledgement. */
export const useAlarmsStore = defineStore('alarms', () => {
  const byId = shallowRef(new Map<string, Alarm>());
  const unacknowledged = ref(0);
  const loaded = ref(false);
  const error = ref<string | null>(null);
  const list = computed(() => [...byId.value.values()].sort(compareAlarms));

  async function load(): Promise<void> {
    const result = await useContract().call('alarms.list', {});
    if (!result.ok) {
      error.value = errorText(result.error);
      return;
    }
    byId.value = new Map(result.value.alarms.map((a) => [a.id, a]));
    unacknowledged.value = result.value.unacknowledged;
    loaded.value = true;
    error.value = null;
  }

  /** Applies one alarm change. */
  function applyChange(change: EventPayload<'alarms.changed'>): void {
    if (change.transition === 'removed') byId.value.delete(change.alarm.id);
    else byId.value.set(change.alarm.id, change.alarm);
    unacknowledged.value = change.unacknowledged;
    triggerRef(byId);
  }

  async function acknowledged(promise: Promise<Result<{ acknowledged: number }>>): Promise<string | null> {
    const result = await promise;
    // The engine pushes an alarms.changed event for every acknowledged alarm.
    return result.ok ? null : errorText(result.error);
  }

  /** Acknowledges one alarm; the error text when refused. */
  const ack = (id: string) => acknowledged(useContract().call('alarms.ack', { id }));
  /** Acknowledges every alarm of a station. */
  const ackStation = (station: string) => acknowledged(useContract().call('alarms.ackStation', { station }));
  /** Acknowledges every alarm. */
  const ackAll = () => acknowledged(useContract().call('alarms.ackAll', {}));

  /** Subscribes to alarm changes once (boot calls it). */
  function start(): void {
    useContract().on('alarms.changed', applyChange);
  }

  return { byId, list, unacknowledged, loaded, error, load, applyChange, ack, ackStation, ackAll, start };
});
