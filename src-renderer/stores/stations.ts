import { defineStore } from 'pinia';
import { computed, ref, shallowRef, triggerRef } from 'vue';
import type { CallResponse, EventPayload } from '../../src-shared/ipc/contract';
import type { Result } from '../../src-shared/ipc/result';
import type { StationConfigInput } from '../../src-shared/workspace/station';
import { useContract } from '../api';
import { errorText } from '../util/format';

/** A station as the list shows it. */
export type StationStatus = EventPayload<'stations.state'>;
/** Statistics of one station. */
export type StationStats = EventPayload<'stations.stats'>[number];
/** A station's status and configuration. */
export type StationDetail = CallResponse<'stations.get'>;

/** A station action's outcome for the view: null when it worked, else the error text. */
export type ActionOutcome = string | null;

/** The configured stations, their live state and statistics, and the station actions. */
export const useStationsStore = defineStore('stations', () => {
  const byId = shallowRef(new Map<string, StationStatus>());
  const stats = shallowRef(new Map<string, StationStats>());
  const error = ref<string | null>(null);
  const loaded = ref(false);
  const list = computed(() => [...byId.value.values()].sort((a, b) => a.name.localeCompare(b.name)));

  function put(station: StationStatus): void {
    byId.value.set(station.id, station);
    triggerRef(byId);
  }

  async function load(): Promise<void> {
    const [result, statsResult] = await Promise.all([useContract().call('stations.list', {}), useContract().call('stations.stats', {})]);
    if (!result.ok) {
      error.value = errorText(result.error);
      return;
    }
    byId.value = new Map(result.value.map((s) => [s.id, s]));
    if (statsResult.ok) stats.value = new Map(statsResult.value.map((s) => [s.id, s]));
    error.value = null;
    loaded.value = true;
  }

  async function outcome<T>(promise: Promise<Result<T>>, apply?: (value: T) => string | void): Promise<ActionOutcome> {
    const result = await promise;
    if (!result.ok) return errorText(result.error);
    return apply?.(result.value) ?? null;
  }

  const accepted = (value: { accepted: boolean }) => (value.accepted ? undefined : 'NOT_ACCEPTED: the station is not ready for this request');

  const contract = () => useContract();
  /** Connects a station now. */
  const connect = (id: string) => outcome(contract().call('stations.connect', { id }), put);
  /** Disconnects a station until connected again. */
  const disconnect = (id: string) => outcome(contract().call('stations.disconnect', { id }), put);
  /** Enables or disables a station (saved in the workspace). */
  const setEnabled = (id: string, enabled: boolean) => outcome(contract().call('stations.setEnabled', { id, enabled }), put);
  /** DNP3 integrity poll / IEC 104 general interrogation now. */
  const interrogate = (id: string) => outcome(contract().call('stations.interrogate', { id }), accepted);
  /** Clock synchronisation now. */
  const timeSync = (id: string) => outcome(contract().call('stations.timeSync', { id }), accepted);
  /** Adds (`isNew`) or replaces a station configuration, with the SA update key entered in the form (sent this once). */
  const save = (station: StationConfigInput, isNew: boolean, saUpdateKey: string | null = null) =>
    outcome(contract().call(isNew ? 'stations.add' : 'stations.update', { station, ...(saUpdateKey !== null ? { saUpdateKey } : {}) }), put);

  /** A station's status and configuration (for the edit form). */
  async function detail(id: string): Promise<Result<StationDetail>> {
    return contract().call('stations.get', { id });
  }

  /** Subscribes to state changes and statistics once (boot calls it). */
  function start(): void {
    useContract().on('stations.state', put);
    useContract().on('stations.stats', (all) => {
      stats.value = new Map(all.map((s) => [s.id, s]));
    });
  }

  return { byId, stats, list, error, loaded, load, start, connect, disconnect, setEnabled, interrogate, timeSync, save, detail };
});
