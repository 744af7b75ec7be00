import { defineStore } from 'pinia';
import { computed, ref, shallowRef, triggerRef } from 'vue';
import type { EventPayload } from '../../src-shared/ipc/contract';
import { useContract } from '../api';

/** A station as the list shows it. */
export type StationStatus = EventPayload<'stations.state'>;

/** The configured stations and their live state, from stations.list and stations.state events. */
export const useStationsStore = defineStore('stations', () => {
  const byId = shallowRef(new Map<string, StationStatus>());
  const error = ref<string | null>(null);
  const loaded = ref(false);
  const list = computed(() => [...byId.value.values()].sort((a, b) => a.name.localeCompare(b.name)));

  async function load(): Promise<void> {
    const result = await useContract().call('stations.list', {});
    if (!result.ok) {
      error.value = `${result.error.code}: ${result.error.message}`;
      return;
    }
    byId.value = new Map(result.value.map((s) => [s.id, s]));
    error.value = null;
    loaded.value = true;
  }

  /** Subscribes to state changes once (boot calls it). */
  function start(): void {
    useContract().on('stations.state', (station) => {
      byId.value.set(station.id, station);
      triggerRef(byId);
    });
  }

  return { byId, list, error, loaded, load, start };
});
