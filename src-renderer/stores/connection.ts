import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { CallResponse } from '../../src-shared/ipc/contract';
import { useContract, type LinkStatus } from '../api';

/** The link to the host and what the host says about itself (app.info). */
export const useConnectionStore = defineStore('connection', () => {
  const status = ref<LinkStatus>('connecting');
  const info = ref<CallResponse<'app.info'> | null>(null);
  const error = ref<string | null>(null);

  async function refreshInfo(): Promise<void> {
    const result = await useContract().call('app.info', {});
    if (result.ok) {
      info.value = result.value;
      error.value = null;
    } else {
      error.value = `${result.error.code}: ${result.error.message}`;
    }
  }

  /** Follows the link state; fetches app.info on every (re)connection. */
  function start(): void {
    useContract().onStatus((next) => {
      status.value = next;
      if (next === 'connected') void refreshInfo();
    });
  }

  return { status, info, error, start, refreshInfo };
});
