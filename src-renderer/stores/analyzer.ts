import { defineStore } from 'pinia';
import { ref, shallowRef, triggerRef } from 'vue';
import type { CallRequest, CallResponse, EventPayload } from '../../src-shared/ipc/contract';
import { MAX_CAPTURE_FILE_BYTES } from '../../src-shared/ipc/schemas/analyzer';
import { useContract } from '../api';
import { base64ToBytes, bytesToBase64 } from '../util/base64';
import { errorText } from '../util/format';
import { RingBuffer } from '../util/ring-buffer';

type WireFrame = EventPayload<'analyzer.frames'>['frames'][number];

/**
 * A frame as the table holds it; its bytes are decoded from `hex` only when it is shown in
 * detail. A frame of an opened capture file has its packet number in the file and its
 * place in the engine's list (`index`), by which its field tree is fetched when selected.
 */
export type AnalyzerRow = WireFrame & { seq: number; packet?: number; index?: number };
/** A decoded field of a frame, with its byte span. */
export type FrameField = NonNullable<WireFrame['fields']>[number];

/** Frames kept per analyzer session (oldest dropped first). */
export const ANALYZER_CAPACITY = 5000;

/** An opened capture file, shown instead of the live frames. */
export type OpenedCaptureInfo = Omit<CallResponse<'analyzer.openCapture'>, 'frames'>;

/** A capture file being opened: its name and, once the engine reports it, how far decoding has come (packets). */
export interface OpeningCapture {
  fileName: string;
  done: number;
  total: number;
}

/** A saved pcap, ready to offer as a download. */
export interface SavedPcapFile {
  fileName: string;
  bytes: Uint8Array<ArrayBuffer>;
  packets: number;
  /** Older traffic was dropped to stay within the engine's limit. */
  dropped: number;
  /** How the file decodes in Wireshark/tshark (a TLS port rewritten, or the `-d` option needed), when it says anything. */
  note: string | null;
}

/** Decodes lowercase hex to bytes. */
export function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(i * 2, 2), 16);
  return out;
}

/**
 * The live decoded frames of one station: a ring buffer of keys (capped) beside a
 * shallowRef Map the frame table reads (the same Map for the store's lifetime). Pause
 * freezes the table (frames keep arriving into the buffer). An opened capture file
 * replaces the live frames until `backToLive`; live batches are not shown meanwhile.
 */
export const useAnalyzerStore = defineStore('analyzer', () => {
  const station = ref<string | null>(null);
  const frames = shallowRef(new Map<string, AnalyzerRow>());
  const version = ref(0);
  const paused = ref(false);
  const error = ref<string | null>(null);
  const file = ref<OpenedCaptureInfo | null>(null);
  const busy = ref(false);
  const opening = ref<OpeningCapture | null>(null);
  const order = new RingBuffer<string>(ANALYZER_CAPACITY);
  let seq = 0;

  function clear(): void {
    seq = 0;
    order.clear();
    frames.value.clear();
    triggerRef(frames);
    version.value++;
  }

  /** Chooses the station to analyse (null = none); clears the frames of the previous one or the file. */
  async function watchStation(id: string | null): Promise<void> {
    station.value = id;
    releaseFile();
    clear();
    await subscribe();
  }

  /**
   * Tells the engine which station this client analyses. Boot calls it again after a login
   * on a new connection, since the engine forgets a closed connection's subscription; the
   * frames already shown stay.
   */
  async function subscribe(): Promise<void> {
    const result = await useContract().call('analyzer.subscribe', { station: station.value });
    error.value = result.ok ? null : errorText(result.error);
  }

  function append(frame: WireFrame, place?: { packet: number; index: number }): void {
    const map = frames.value;
    if (order.size === order.capacity) map.delete(order.at(0)!);
    const key = String(++seq);
    order.push(key);
    map.set(key, { ...frame, seq, ...place });
  }

  /** Leaves the opened file, if any, and lets the engine release it. */
  function releaseFile(): void {
    if (file.value) void useContract().call('analyzer.closeCapture', { capture: file.value.capture });
    file.value = null;
  }

  /** Appends a batch of frames of the analysed station (ignored while a file is shown). */
  function applyBatch(batch: EventPayload<'analyzer.frames'>): void {
    if (batch.station !== station.value || file.value) return;
    for (const frame of batch.frames) append(frame);
    triggerRef(frames);
    if (!paused.value) version.value++;
  }

  /** Pauses or resumes the live view. */
  function setPaused(value: boolean): void {
    paused.value = value;
    if (!value) version.value++;
  }

  /** The analysed station's recorded traffic as a pcap file; null (with `error` set) when refused. */
  async function savePcap(): Promise<SavedPcapFile | null> {
    if (!station.value) return null;
    busy.value = true;
    const result = await useContract().call('analyzer.savePcap', { station: station.value });
    busy.value = false;
    if (!result.ok) {
      error.value = errorText(result.error);
      return null;
    }
    error.value = null;
    const { fileName, data, packets, dropped, note } = result.value;
    return { fileName, bytes: base64ToBytes(data), packets, dropped, note: note ?? null };
  }

  /**
   * Decodes a capture file in the engine and shows its frames instead of the live ones;
   * `decodeAs` names ports to decode besides the standard ones and the stations'.
   */
  async function openCapture(chosen: File, decodeAs?: CallRequest<'analyzer.openCapture'>['decodeAs']): Promise<void> {
    if (chosen.size > MAX_CAPTURE_FILE_BYTES) {
      error.value = `${chosen.name} is ${(chosen.size / 1024 / 1024).toFixed(1)} MiB; capture files of up to ${MAX_CAPTURE_FILE_BYTES / 1024 / 1024} MiB can be opened`;
      return;
    }
    busy.value = true;
    opening.value = { fileName: chosen.name, done: 0, total: 0 };
    const data = bytesToBase64(new Uint8Array(await chosen.arrayBuffer()));
    const result = await useContract().call('analyzer.openCapture', { fileName: chosen.name, data, ...(decodeAs ? { decodeAs } : {}) });
    busy.value = false;
    opening.value = null;
    if (!result.ok) {
      error.value = errorText(result.error);
      return;
    }
    error.value = null;
    const { frames: opened, ...info } = result.value;
    file.value = info;
    clear();
    for (const [index, { packet, ...frame }] of opened.entries()) append(frame, { packet, index });
    triggerRef(frames);
  }

  /**
   * The field tree of frame `key`: a live frame's own, or one of the opened file's, asked of
   * the engine once and kept with the frame. Null (with `error` set) when refused.
   */
  async function frameFields(key: string): Promise<FrameField[] | null> {
    const row = frames.value.get(key);
    if (!row) return null;
    if (row.fields || row.index === undefined || !file.value) return row.fields ?? [];
    const result = await useContract().call('analyzer.captureFields', { capture: file.value.capture, index: row.index });
    if (!result.ok) {
      error.value = errorText(result.error);
      return null;
    }
    row.fields = result.value.fields;
    return row.fields;
  }

  /** Leaves the file and shows the analysed station's live frames again (from now on). */
  function backToLive(): void {
    releaseFile();
    clear();
  }

  /** Takes the engine's progress report for the capture file being opened. */
  function applyProgress(progress: EventPayload<'analyzer.captureProgress'>): void {
    if (opening.value?.fileName === progress.fileName) opening.value = { ...progress };
  }

  /** Subscribes to analyzer frames and capture progress once (boot calls it). */
  function start(): void {
    useContract().on('analyzer.frames', applyBatch);
    useContract().on('analyzer.captureProgress', applyProgress);
  }

  return { station, frames, version, paused, error, file, busy, opening, applyProgress, watchStation, subscribe, applyBatch, setPaused, savePcap, openCapture, frameFields, backToLive, start };
});
