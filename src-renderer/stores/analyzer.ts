import { defineStore } from 'pinia';
import { ref, shallowRef, triggerRef } from 'vue';
import type { EventPayload } from '../../src-shared/ipc/contract';
import { useContract } from '../api';
import { errorText } from '../util/format';
import { RingBuffer } from '../util/ring-buffer';

/** One decoded frame as the analyzer holds it (bytes decoded from hex once). */
export type AnalyzerRow = EventPayload<'analyzer.frames'>['frames'][number] & { seq: number; bytes: Uint8Array };

/** Frames kept per analyzer session (oldest dropped first). */
export const ANALYZER_CAPACITY = 5000;

/** Decodes lowercase hex to bytes. */
export function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(i * 2, 2), 16);
  return out;
}

/**
 * The live decoded frames of one station: a ring buffer of keys (capped) beside a
 * shallowRef Map the frame table reads (the same Map for the store's lifetime). Pause
 * freezes the table (frames keep arriving into the buffer).
 */
export const useAnalyzerStore = defineStore('analyzer', () => {
  const station = ref<string | null>(null);
  const frames = shallowRef(new Map<string, AnalyzerRow>());
  const version = ref(0);
  const paused = ref(false);
  const error = ref<string | null>(null);
  const order = new RingBuffer<string>(ANALYZER_CAPACITY);
  let seq = 0;

  /** Chooses the station to analyse (null = none); clears the frames of the previous one. */
  async function watchStation(id: string | null): Promise<void> {
    station.value = id;
    order.clear();
    frames.value.clear();
    triggerRef(frames);
    version.value++;
    const result = await useContract().call('analyzer.subscribe', { station: id });
    error.value = result.ok ? null : errorText(result.error);
  }

  /** Appends a batch of frames of the analysed station. */
  function applyBatch(batch: EventPayload<'analyzer.frames'>): void {
    if (batch.station !== station.value) return;
    const map = frames.value;
    for (const frame of batch.frames) {
      if (order.size === order.capacity) map.delete(order.at(0)!);
      const key = String(++seq);
      order.push(key);
      map.set(key, { ...frame, seq, bytes: hexToBytes(frame.hex) });
    }
    triggerRef(frames);
    if (!paused.value) version.value++;
  }

  /** Pauses or resumes the live view. */
  function setPaused(value: boolean): void {
    paused.value = value;
    if (!value) version.value++;
  }

  /** Subscribes to analyzer frames once (boot calls it). */
  function start(): void {
    useContract().on('analyzer.frames', applyBatch);
  }

  return { station, frames, version, paused, error, watchStation, applyBatch, setPaused, start };
});
