import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { CallResponse } from '../../src-shared/ipc/contract';
import { roleAllows, type Role } from '../../src-shared/roles';
import { useContract } from '../api';
import { clearResumeToken, loadResumeToken, saveResumeToken } from '../api/resume-token';
import { errorText } from '../util/format';

/** The logged-in user of this client. */
export type SessionUser = CallResponse<'session.resume'>;

/**
 * Who is logged in, whether the first administrator must be set up, login, logout and
 * the user's own password change. The resume token from login is kept for the tab, and
 * on every (re)connection the tab logs in again with it before any login form is shown.
 * `user` is a new object at every login or resume, so watchers reload the data then.
 */
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

  /** Logs in again with the stored token; false (and the token forgotten) when refused. */
  async function resume(token: string): Promise<boolean> {
    const result = await useContract().call('session.resume', { token });
    if (result.ok) {
      user.value = result.value;
      error.value = null;
      return true;
    }
    clearResumeToken();
    if (result.error.code !== 'DISCONNECTED') error.value = result.error.message;
    return false;
  }

  /** Asks the host who this client is (after every (re)connection), resuming the tab's login. */
  async function refresh(): Promise<void> {
    const result = await useContract().call('session.status', {});
    if (!result.ok) {
      error.value = errorText(result.error);
      return;
    }
    needsSetup.value = result.value.needsSetup;
    const token = result.value.user ? null : loadResumeToken();
    if (result.value.user) user.value = result.value.user;
    else if (!token || !(await resume(token))) user.value = null;
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
    const { resumeToken, ...who } = result.value;
    saveResumeToken(resumeToken);
    user.value = who;
    needsSetup.value = false;
    return true;
  }

  /** Logs in; false with `error` set when refused. */
  const login = (name: string, password: string) => authenticate('session.login', name, password);
  /** Creates the first administrator and logs in as it. */
  const setupAdmin = (name: string, password: string) => authenticate('session.setupAdmin', name, password);

  /** Logs out (the login screen returns); the host revokes the tab's resume token. */
  async function logout(): Promise<void> {
    await useContract().call('session.logout', {});
    clearResumeToken();
    error.value = null;
    user.value = null;
  }

  /** Changes the user's own password; null when done, else the engine's error as text. */
  async function changePassword(oldPassword: string, newPassword: string): Promise<string | null> {
    const result = await useContract().call('session.changePassword', { oldPassword, newPassword });
    if (!result.ok) return errorText(result.error);
    saveResumeToken(result.value.resumeToken);
    return null;
  }

  /** Follows the link: on every (re)connection, asks who this client is. */
  function start(): void {
    useContract().onStatus((status) => {
      if (status === 'connected') void refresh();
    });
  }

  return { user, needsSetup, known, busy, error, canCommand, canAcknowledge, canConfigure, refresh, login, setupAdmin, logout, changePassword, start };
});
