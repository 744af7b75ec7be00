import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { CallRequest, CallResponse } from '../../src-shared/ipc/contract';
import { useContract } from '../api';
import { errorText } from '../util/format';

/** What the Firewall rules panel asks for. */
export type FirewallRequest = CallRequest<'commissioning.firewallRules'>;
/** The rules of one station in one format, with their files. */
export type FirewallRules = CallResponse<'commissioning.firewallRules'>;

/**
 * A station's firewall rules as the engine writes them: the last rules, or why none could
 * be written (the bad address by name).
 */
export const useFirewallStore = defineStore('firewall', () => {
  const rules = ref<FirewallRules | null>(null);
  const error = ref<string | null>(null);

  /** Asks the engine for the rules; keeps them, or the error text. */
  async function write(request: FirewallRequest): Promise<void> {
    const result = await useContract().call('commissioning.firewallRules', request);
    rules.value = result.ok ? result.value : null;
    error.value = result.ok ? null : errorText(result.error);
  }

  /** Forgets the rules and the error (the choices changed). */
  function clear(): void {
    rules.value = null;
    error.value = null;
  }

  return { rules, error, write, clear };
});
