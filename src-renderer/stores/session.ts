import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { CallResponse } from '../../src-shared/ipc/contract';
import { roleAllows, type Role } from '../../src-shared/roles';
import { useContract } from '../api';
import { errorText } from '../util/format';

/** The logged-in user of this client. */
export type SessionUser = CallResponse<'session.login'>;

/** Who is logged in, whether the first administrator must be set up, login and logout. */
export const useSessionStore = defineStore('session', () => {
  const user = ref<SessionUser | null>(null);
  const needsSetup = ref(false);
  const known = ref(false);
  const busy = ref(false);
  const error = ref<string | null>(null);

  /** Whether the user holds at least `role`. */
  const can = (role: Role) => computed(() => user.value !== null && roleAllows(user.value.role, role));
  const canCommand = can('engineer');
  const canAcknowledge = can('operator');
  const canConfigure = can('administrator');

  /** Asks the host who this client is (after every (re)connection). */
  async function refresh(): Promise<void> {
    const result = await useContract().call('session.status', {});
    if (!result.ok) {
      error.value = errorText(result.error);
      return;
    }
    user.value = result.value.user;
    needsSetup.value = result.value.needsSetup;
    known.value = true;
  }

  async function authenticate(call: 'session.login' | 'session.setupAdmin', name: string, password: string): Promise<boolean> {
    busy.value = true;
    error.value = null;
    const result = await useContract().call(call, { name, password });
    busy.value = false;
    if (!result.ok) {
      error.value = result.error.message;
      return false;
    }
    user.value = result.value;
    needsSetup.value = false;
    return true;
  }

  /** Logs in; false with `error` set when refused. */
  const login = (name: string, password: string) => authenticate('session.login', name, password);
  /** Creates the first administrator and logs in as it. */
  const setupAdmin = (name: string, password: string) => authenticate('session.setupAdmin', name, password);

  /** Logs out (the login screen returns). */
  async function logout(): Promise<void> {
    await useContract().call('session.logout', {});
    user.value = null;
  }

  /** Follows the link: on every (re)connection, asks who this client is. */
  function start(): void {
    useContract().onStatus((status) => {
      if (status === 'connected') void refresh();
    });
  }

  return { user, needsSetup, known, busy, error, canCommand, canAcknowledge, canConfigure, refresh, login, setupAdmin, logout, start };
});
