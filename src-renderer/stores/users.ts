import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { CallResponse } from '../../src-shared/ipc/contract';
import type { Result } from '../../src-shared/ipc/result';
import type { Role } from '../../src-shared/roles';
import { useContract } from '../api';
import { errorText } from '../util/format';

/** A user account as the engine lists it (never the password hash). */
export type UserInfo = CallResponse<'users.list'>[number];

/**
 * The user accounts (administrators only: the engine refuses everyone else). Every change
 * answers null when done or the engine's error as `CODE: message`; the engine keeps at
 * least one active administrator and refuses removing one's own account.
 */
export const useUsersStore = defineStore('users', () => {
  const list = ref<UserInfo[]>([]);
  const loaded = ref(false);
  const error = ref<string | null>(null);

  /** Loads the accounts. */
  async function load(): Promise<void> {
    const result = await useContract().call('users.list', {});
    if (result.ok) {
      list.value = result.value;
      error.value = null;
    } else error.value = errorText(result.error);
    loaded.value = true;
  }

  /** Puts a changed account into the list (sorted as the engine keeps them: in creation order). */
  function put(user: UserInfo): void {
    const index = list.value.findIndex((u) => u.name === user.name);
    if (index < 0) list.value = [...list.value, user];
    else list.value = list.value.map((u, i) => (i === index ? user : u));
  }

  function apply(result: Result<UserInfo>): string | null {
    if (!result.ok) return errorText(result.error);
    put(result.value);
    return null;
  }

  /** Creates an account. */
  async function create(name: string, role: Role, password: string): Promise<string | null> {
    return apply(await useContract().call('users.create', { name, role, password }));
  }

  /** Changes an account's role (the user's open sessions take it at once). */
  async function setRole(name: string, role: Role): Promise<string | null> {
    return apply(await useContract().call('users.update', { name, role }));
  }

  /** Sets a new password for an account (its resumable logins end). */
  async function resetPassword(name: string, password: string): Promise<string | null> {
    return apply(await useContract().call('users.update', { name, password }));
  }

  /** Removes an account (its open sessions are logged out). */
  async function remove(name: string): Promise<string | null> {
    const result = await useContract().call('users.remove', { name });
    if (!result.ok) return errorText(result.error);
    list.value = list.value.filter((u) => u.name !== name);
    return null;
  }

  return { list, loaded, error, load, create, setRole, resetPassword, remove };
});
