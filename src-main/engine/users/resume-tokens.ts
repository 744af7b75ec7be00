/**
 * Resume tokens: an opaque random token handed to a client at login so that it can log in
 * again after a page reload or a reconnected WebSocket without the password. Tokens live
 * only in memory (a restart of the host ends them), expire after a time without use, and
 * are revoked on logout, password change, role change and removal of the user. Each token
 * also carries the stamp of its user's credentials at login, so that a password replaced by
 * any path (an imported workspace too) can be told from the one the token stood for. Only a
 * SHA-256 digest of each token is kept, so the table itself never holds a usable token.
 * The hosts' client contexts are the holders (any object with the logged-in user).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { AudienceClient } from '../../../src-shared/ipc/contract';
import type { Role } from '../../../src-shared/roles';

/** The user a token logs in as. */
export interface TokenUser {
  name: string;
  role: Role;
}

/** Default idle expiry: a control-room shift. */
const RESUME_IDLE_MS = 8 * 60 * 60 * 1000;

/** Why a token was refused (the contract error codes of session.resume). */
export type ResumeRefusal = 'SESSION_UNKNOWN' | 'SESSION_EXPIRED' | 'SESSION_REVOKED';

/** Outcome of {@link ResumeTokens.resume}. */
export type ResumeOutcome = { ok: true; user: TokenUser; credentialStamp: string } | { ok: false; code: ResumeRefusal; user: string | null };

/** Options of {@link ResumeTokens}. */
export interface ResumeTokenOptions {
  /** Time without use after which a token expires; default {@link RESUME_IDLE_MS}. */
  idleMs?: number;
  /** Milliseconds since the epoch; default `Date.now`. */
  now?: () => number;
}

interface Entry {
  user: TokenUser;
  credentialStamp: string;
  lastUsed: number;
  revoked: boolean;
}

const digest = (token: string): string => createHash('sha256').update(token).digest('base64url');

/**
 * The resume tokens of one host. A revoked or expired entry is kept as a tombstone for
 * one more idle period so that its refusal can say why; after that it is forgotten and
 * refused as unknown.
 */
export class ResumeTokens {
  private readonly entries = new Map<string, Entry>();
  /** The token digest each client logged in or resumed with. */
  private readonly byClient = new WeakMap<AudienceClient, string>();
  private readonly idleMs: number;
  private readonly now: () => number;

  constructor(options: ResumeTokenOptions = {}) {
    this.idleMs = options.idleMs ?? RESUME_IDLE_MS;
    this.now = options.now ?? Date.now;
  }

  /**
   * Issues a new token for the client's logged-in user and binds it to the client.
   * `credentialStamp` identifies the user's credentials now (see UserService.credentialStamp).
   */
  issue(client: AudienceClient, credentialStamp: string): string {
    if (!client.user) throw new Error('a resume token needs a logged-in client');
    this.sweep();
    const token = randomBytes(32).toString('base64url');
    const key = digest(token);
    this.entries.set(key, { user: { ...client.user }, credentialStamp, lastUsed: this.now(), revoked: false });
    this.byClient.set(client, key);
    return token;
  }

  /** Checks a token; when valid, refreshes its idle time and binds it to `client`. */
  resume(token: string, client: AudienceClient): ResumeOutcome {
    this.sweep();
    const key = digest(token);
    const entry = this.entries.get(key);
    if (!entry) return { ok: false, code: 'SESSION_UNKNOWN', user: null };
    if (entry.revoked) return { ok: false, code: 'SESSION_REVOKED', user: entry.user.name };
    if (this.now() - entry.lastUsed > this.idleMs) return { ok: false, code: 'SESSION_EXPIRED', user: entry.user.name };
    entry.lastUsed = this.now();
    this.byClient.set(client, key);
    return { ok: true, user: { ...entry.user }, credentialStamp: entry.credentialStamp };
  }

  /** Marks the client's token as in use (every call it makes), so that it does not expire while used. */
  touch(client: AudienceClient): void {
    const entry = this.entryOf(client);
    if (entry && !entry.revoked) entry.lastUsed = this.now();
  }

  /** Revokes the token the client holds (logout). */
  revokeClient(client: AudienceClient): void {
    const entry = this.entryOf(client);
    if (entry) this.revoke(entry);
    this.byClient.delete(client);
  }

  /** Revokes every token of a user (password or role change, disabled or removed account). */
  revokeUser(name: string): void {
    for (const entry of this.entries.values()) if (entry.user.name === name) this.revoke(entry);
  }

  /** Number of tokens held, tombstones included (for tests of the sweep). */
  get size(): number {
    return this.entries.size;
  }

  private entryOf(client: AudienceClient): Entry | undefined {
    const key = this.byClient.get(client);
    return key === undefined ? undefined : this.entries.get(key);
  }

  private revoke(entry: Entry): void {
    if (entry.revoked) return;
    entry.revoked = true;
    entry.lastUsed = this.now();
  }

  /** Forgets entries unused (or revoked) for more than two idle periods. */
  private sweep(): void {
    const limit = this.now() - 2 * this.idleMs;
    for (const [key, entry] of this.entries) if (entry.lastUsed < limit) this.entries.delete(key);
  }
}
