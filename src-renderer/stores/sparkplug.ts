import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { CallRequest, CallResponse, EventPayload } from '../../src-shared/ipc/contract';
import { useContract } from '../api';
import { errorText } from '../util/format';

/** The Sparkplug settings as the engine shows them (the password only as set or not). */
export type SparkplugSettings = NonNullable<CallResponse<'sparkplug.get'>['settings']>;
/** The publisher's status line. */
export type SparkplugStatus = EventPayload<'sparkplug.status'>;
/** What sparkplug.configure takes (null removes the section). */
export type SparkplugWrite = CallRequest<'sparkplug.configure'>['settings'];

/**
 * The Sparkplug B publisher: its settings (loaded on demand, saved through
 * `sparkplug.configure`) and its status (kept current by `sparkplug.status`). Saving
 * answers null when done or the engine's error as `CODE: message`.
 */
export const useSparkplugStore = defineStore('sparkplug', () => {
  const settings = ref<SparkplugSettings | null>(null);
  const status = ref<SparkplugStatus | null>(null);
  const error = ref<string | null>(null);

  /** Loads settings and status. */
  async function load(): Promise<void> {
    const result = await useContract().call('sparkplug.get', {});
    if (!result.ok) {
      error.value = errorText(result.error);
      return;
    }
    error.value = null;
    settings.value = result.value.settings;
    status.value = result.value.status;
  }

  /** Stores (or with null removes) the section; the publisher restarts with it. */
  async function configure(next: SparkplugWrite): Promise<string | null> {
    const result = await useContract().call('sparkplug.configure', { settings: next });
    if (!result.ok) return errorText(result.error);
    settings.value = result.value.settings;
    status.value = result.value.status;
    return null;
  }

  /** Follows `sparkplug.status`. */
  function start(): void {
    useContract().on('sparkplug.status', (next) => {
      status.value = next;
    });
  }

  return { settings, status, error, load, configure, start };
});
