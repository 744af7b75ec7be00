/**
 * Local user accounts, kept in the workspace with scrypt hashes: first-start administrator
 * set-up (only while no user exists), login, and administration of users.
 */
import { createHash } from 'node:crypto';
import type { Role } from '../../../src-shared/roles';
import type { UserRecord } from '../../../src-shared/workspace/workspace';
import { LoginThrottle, type Lockout, type ThrottleRefusal } from './login-throttle';
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

/** A throttled login's answer, with what to write to the event log about the throttle (never the password). */
export interface LoginAttempt {
  result: UserResult<UserInfo>;
  /** Lockouts started or first refused by this attempt, in words. */
  audit: string[];
}

const seconds = (ms: number): string => `${Math.ceil(ms / 1000)} s`;
const whose = (by: 'user' | 'client', name: string): string => (by === 'user' ? `user ${name}` : 'this connection');

function throttled(name: string, r: ThrottleRefusal): LoginAttempt {
  if (r.retryInMs === 0) return { result: fail('LOGIN_THROTTLED', `a login for ${whose(r.by, name)} is being checked already; try again when it is answered`), audit: [] };
  const message = `too many failed logins for ${whose(r.by, name)} (${r.failures} in a row): try again in ${seconds(r.retryInMs)}`;
  return { result: fail('LOGIN_THROTTLED', message), audit: r.firstOfLockout ? [`login refused for ${name}: LOGIN_THROTTLED, ${message}`] : [] };
}

function lockoutNote(name: string, client: string, l: Lockout): string {
  const after = `locked for ${seconds(l.ms)} after ${l.failures} failed attempts in a row`;
  return l.by === 'user' ? `logins for user ${name} ${after}` : `logins from connection ${client} ${after} (the last as ${name})`;
}

/** Manages users through the workspace. */
export class UserService {
  private setupRunning = false;
  private readonly throttle: LoginThrottle;

  /** `now` is the login throttle's clock (tests pass a fake one). */
  constructor(
    private readonly workspace: WorkspaceService,
    now: () => number = Date.now,
  ) {
    this.throttle = new LoginThrottle(now);
  }

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

  /**
   * A login (or a password re-check) by `client`, throttled per user name and per client
   * (`users/login-throttle.ts`): refused as `LOGIN_THROTTLED` without a check while either
   * is locked out. Both hosts' logins come here.
   */
  async attemptLogin(name: string, password: string, client: string): Promise<LoginAttempt> {
    const begun = this.throttle.begin(name, client);
    if (!begun.ok) return throttled(name, begun.refusal);
    let result: UserResult<UserInfo>;
    try {
      result = await this.login(name, password);
    } catch (error) {
      begun.ticket.failed();
      throw error;
    }
    if (!result.ok && result.code === 'BAD_CREDENTIALS') return { result, audit: begun.ticket.failed().map((l) => lockoutNote(name, client, l)) };
    begun.ticket.succeeded();
    return { result, audit: [] };
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
