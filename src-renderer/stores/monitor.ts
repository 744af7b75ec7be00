import { defineStore } from 'pinia';
import { ref, shallowRef, triggerRef } from 'vue';
import type { CallRequest, CallResponse, EventPayload } from '../../src-shared/ipc/contract';
import { useContract } from '../api';
import { base64ToBytes } from '../util/base64';
import { errorText } from '../util/format';
import { RingBuffer } from '../util/ring-buffer';

/** A monitor's status. */
export type MonitorStatus = CallResponse<'monitor.start'>;
/** What monitor.start takes. */
export type MonitorStartRequest = CallRequest<'monitor.start'>;
type Update = EventPayload<'monitor.update'>;
/** A decoded frame of the shown monitor, numbered in arrival order. */
export type MonitorRow = Update['frames'][number] & { seq: number };
/** The last value seen of one point. */
export type MonitorValueRow = Update['values'][number] & { key: string };

/** A stopped monitor's recorded pcap file, as bytes. */
export interface MonitorCaptureFile {
  fileName: string;
  bytes: Uint8Array<ArrayBuffer>;
  packets: number;
}

/** Frames of the shown monitor kept; older ones are dropped. */
export const MONITOR_CAPACITY = 5000;

/**
 * The passive monitors: their statuses (from `monitor.list` and `monitor.update`), and the
 * frames and last point values of the one shown, in shallow Maps the tables read (frames a
 * capped ring). Values are only shown: nothing here can write or command anything.
 */
export const useMonitorStore = defineStore('monitor', () => {
  const monitors = ref<MonitorStatus[]>([]);
  const shown = ref<string | null>(null);
  const frames = shallowRef(new Map<string, MonitorRow>());
  const framesVersion = ref(0);
  const values = shallowRef(new Map<string, MonitorValueRow>());
  const error = ref<string | null>(null);
  const busy = ref(false);
  const order = new RingBuffer<string>(MONITOR_CAPACITY);
  let seq = 0;

  function clearShown(): void {
    seq = 0;
    order.clear();
    frames.value.clear();
    values.value.clear();
    triggerRef(frames);
    triggerRef(values);
    framesVersion.value++;
  }

  function put(status: MonitorStatus): void {
    const at = monitors.value.findIndex((m) => m.id === status.id);
    if (at < 0) monitors.value.push(status);
    else monitors.value.splice(at, 1, status);
  }

  /** Loads the monitors (running and recently stopped). */
  async function load(): Promise<void> {
    const result = await useContract().call('monitor.list', {});
    if (!result.ok) {
      error.value = errorText(result.error);
      return;
    }
    monitors.value = result.value;
  }

  async function run<T>(work: () => Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }>): Promise<T | null> {
    busy.value = true;
    try {
      const result = await work();
      error.value = result.ok ? null : errorText(result.error);
      return result.ok ? result.value : null;
    } finally {
      busy.value = false;
    }
  }

  /** Starts a relay and shows it; answers null when refused (the reason in `error`). */
  async function start(request: MonitorStartRequest): Promise<MonitorStatus | null> {
    const status = await run(() => useContract().call('monitor.start', request));
    if (status) {
      put(status);
      show(status.id);
    }
    return status;
  }

  /** Stops a relay (its frames and values stay shown). */
  async function stop(id: string): Promise<void> {
    const status = await run(() => useContract().call('monitor.stop', { id }));
    if (status) put(status);
  }

  /** Monitor `id`'s recorded pcap file, once it stopped; null when refused (the reason in `error`). */
  async function capture(id: string): Promise<MonitorCaptureFile | null> {
    const file = await run(() => useContract().call('monitor.capture', { id }));
    return file && { fileName: file.fileName, bytes: base64ToBytes(file.data), packets: file.packets };
  }

  /** Shows monitor `id`: from now on its frames and values (the earlier ones were not kept here). */
  function show(id: string | null): void {
    if (shown.value === id) return;
    shown.value = id;
    clearShown();
  }

  function apply(update: Update): void {
    put(update.status);
    if (update.status.id !== shown.value) return;
    const map = frames.value;
    for (const f of update.frames) {
      if (order.size === order.capacity) map.delete(order.at(0)!);
      const key = String(++seq);
      order.push(key);
      map.set(key, { ...f, seq });
    }
    for (const v of update.values) {
      const key = v.commonAddress === undefined ? v.ref : `${v.ref}@${v.commonAddress}`;
      values.value.set(key, { ...v, key });
    }
    if (update.frames.length > 0) {
      triggerRef(frames);
      framesVersion.value++;
    }
    if (update.values.length > 0) triggerRef(values);
  }

  /** Follows `monitor.update`. */
  function startListening(): void {
    useContract().on('monitor.update', apply);
  }

  return { monitors, shown, frames, framesVersion, values, error, busy, load, start, stop, capture, show, startListening };
});
