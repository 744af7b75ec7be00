/**
 * Local user accounts, kept in the workspace with scrypt hashes: first-start administrator
 * set-up (only while no user exists), login, and administration of users.
 */
import { createHash } from 'node:crypto';
import type { Role } from '../../../src-shared/roles';
import type { UserRecord } from '../../../src-shared/workspace/workspace';
import { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from './password';
import type { WorkspaceService } from '../workspace/workspace-service';

/** A user as shown (never the hash). */
export interface UserInfo {
  name: string;
  role: Role;
  disabled: boolean;
}

/** Result of a user operation. */
export type UserResult<T> = { ok: true; value: T } | { ok: false; code: string; message: string };

const fail = <T>(code: string, message: string): UserResult<T> => ({ ok: false, code, message });

/** Manages users through the workspace. */
export class UserService {
  private setupRunning = false;

  constructor(private readonly workspace: WorkspaceService) {}

  /** Whether the first administrator still has to be created. */
  get needsSetup(): boolean {
    return this.workspace.workspace.users.length === 0;
  }

  /** Every user, without hashes. */
  list(): UserInfo[] {
    return this.workspace.workspace.users.map((user) => ({ name: user.name, role: user.role, disabled: user.disabled }));
  }

  /** Creates the first administrator; refused once any user exists. */
  async setupAdmin(name: string, password: string): Promise<UserResult<UserInfo>> {
    if (!this.needsSetup || this.setupRunning) return fail('SETUP_DONE', 'an administrator already exists');
    this.setupRunning = true;
    try {
      return await this.create(name, 'administrator', password, true);
    } finally {
      this.setupRunning = false;
    }
  }

  /** Checks a login; the same answer for an unknown user and a wrong password. */
  async login(name: string, password: string): Promise<UserResult<UserInfo>> {
    const user = this.workspace.workspace.users.find((u) => u.name === name);
    const ok = user ? await verifyPassword(password, user.passwordHash) : (await verifyPassword(password, DUMMY_HASH), false);
    if (!user || !ok) return fail('BAD_CREDENTIALS', 'unknown user or wrong password');
    if (user.disabled) return fail('USER_DISABLED', `${name} is disabled`);
    return { ok: true, value: { name: user.name, role: user.role, disabled: false } };
  }

  /** The current record of a user (role changes apply at once). */
  find(name: string): UserInfo | undefined {
    return this.list().find((user) => user.name === name);
  }

  /**
   * A digest of the user's password hash: it changes whenever the password does, by any
   * path (an imported workspace too), without handing the hash itself out.
   */
  credentialStamp(name: string): string | undefined {
    const user = this.workspace.workspace.users.find((u) => u.name === name);
    return user && createHash('sha256').update(user.passwordHash).digest('base64url');
  }

  /** Adds a user. */
  async create(name: string, role: Role, password: string, firstAdmin = false): Promise<UserResult<UserInfo>> {
    if (password.length < MIN_PASSWORD_LENGTH) return fail('WEAK_PASSWORD', `the password needs at least ${MIN_PASSWORD_LENGTH} characters`);
    const record: UserRecord = { name, role, passwordHash: await hashPassword(password), disabled: false };
    const change = await this.workspace.update((draft) => {
      if (firstAdmin && (draft.users ?? []).length > 0) return draft;
      draft.users = [...(draft.users ?? []), record];
    });
    if (!change.ok) return fail(change.error.code, change.error.message);
    if (!change.workspace.users.some((u) => u.name === name && u.passwordHash === record.passwordHash)) return fail('SETUP_DONE', 'an administrator already exists');
    return { ok: true, value: { name, role, disabled: false } };
  }

  /** Changes a user's role, password or disabled flag. Keeps at least one active administrator. */
  async update(name: string, patch: { role?: Role; password?: string; disabled?: boolean }): Promise<UserResult<UserInfo>> {
    if (!this.find(name)) return fail('NOT_FOUND', `no user ${name}`);
    if (patch.password !== undefined && patch.password.length < MIN_PASSWORD_LENGTH) return fail('WEAK_PASSWORD', `the password needs at least ${MIN_PASSWORD_LENGTH} characters`);
    const hash = patch.password === undefined ? undefined : await hashPassword(patch.password);
    const users = this.workspace.workspace.users.map((user) =>
      user.name !== name ? user : { ...user, role: patch.role ?? user.role, disabled: patch.disabled ?? user.disabled, passwordHash: hash ?? user.passwordHash },
    );
    if (!users.some((u) => u.role === 'administrator' && !u.disabled)) return fail('LAST_ADMIN', 'at least one active administrator must remain');
    const change = await this.workspace.update((draft) => void (draft.users = users));
    if (!change.ok) return fail(change.error.code, change.error.message);
    return { ok: true, value: this.find(name)! };
  }

  /** Removes a user. Keeps at least one active administrator. */
  async remove(name: string): Promise<UserResult<null>> {
    if (!this.find(name)) return fail('NOT_FOUND', `no user ${name}`);
    const users = this.workspace.workspace.users.filter((u) => u.name !== name);
    if (!users.some((u) => u.role === 'administrator' && !u.disabled)) return fail('LAST_ADMIN', 'at least one active administrator must remain');
    const change = await this.workspace.update((draft) => void (draft.users = users));
    if (!change.ok) return fail(change.error.code, change.error.message);
    return { ok: true, value: null };
  }
}

/** Compared against when the user is unknown, so timing does not reveal which names exist. */
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
