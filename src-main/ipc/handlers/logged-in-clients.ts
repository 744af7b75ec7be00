import type { Role } from '../../../src-shared/roles';
import type { ClientContext } from '../client-context';

/**
 * The clients logged in as each user (weakly held), so that a change of a user's role or
 * a disabled / removed account applies to every open session at once, not at the next login.
 */
export class LoggedInClients {
  private readonly byUser = new Map<string, Set<WeakRef<ClientContext>>>();

  /** Remembers that `client` is logged in as its current user. */
  add(client: ClientContext): void {
    if (!client.user) return;
    let set = this.byUser.get(client.user.name);
    if (!set) {
      set = new Set();
      this.byUser.set(client.user.name, set);
    }
    set.add(new WeakRef(client));
  }

  /** Applies a user's new role (or logs its clients out when `role` is null). */
  update(name: string, role: Role | null): void {
    const set = this.byUser.get(name);
    if (!set) return;
    for (const ref of set) {
      const client = ref.deref();
      if (!client || client.user?.name !== name) {
        set.delete(ref);
        continue;
      }
      client.user = role === null ? null : { name, role };
      if (role === null) set.delete(ref);
    }
  }
}
