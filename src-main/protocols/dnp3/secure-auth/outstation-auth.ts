/**
 * The outstation side of DNP3 Secure Authentication v5 (IEEE 1815-2012 clause 7), sans-IO:
 * a gate in front of request processing. Every request passes `onRequest`, which says
 * whether to process it (not critical, or authenticated), to answer with an SA response
 * (challenge, key status, error) or to drop it. The session owns the wire and the reply
 * timer (`replyTimeoutMs`, then `replyTimeout()`).
 *
 * Refusals are g120v7 errors: AUTHENTICATION_FAILED (wrong MAC, a key change that does
 * not unwrap), UNEXPECTED_REPLY (a reply nothing awaits), AGGRESSIVE_MODE_NOT_PERMITTED,
 * AUTHORIZATION_FAILED (the user's role may not), UPDATE_KEY_NOT_KNOWN (a user without
 * an update key). A challenged request whose reply does not come in time is dropped
 * (NO_REPLY in the statistics).
 */
import type { SaResult } from '../../../../src-shared/command-results';
import { FunctionCode } from '../app/control';
import type { ParsedFragment } from '../app/fragment';
import { concatOctets } from '../../../../src-shared/concat-octets';
import { findAuthObject, responseFragment } from './auth-fragments';
import { aesKeyUnwrap, computeMac, KeyWrapAlgorithm, macEquals, type MacAlgorithm } from './crypto';
import { AUTH_ERROR_NAMES, AuthErrorCode, authObjectOctets } from './objects';
import { DEFAULT_CRITICAL_FUNCTIONS, roleAllows, type SaRole } from './policy';

/** One user the outstation knows: number, update key, role. */
export interface OutstationSaUser {
  user: number;
  /** 32 octets (AES-256 key wrap) or 16 (AES-128). */
  updateKey: Uint8Array;
  /** Default `engineer` (every critical function). */
  role?: SaRole;
}

/** The outstation's Secure Authentication settings. */
export interface OutstationSaConfig {
  users: OutstationSaUser[];
  /** MAC algorithm of challenges and key status: 4 HMAC-SHA-256/16 (default) or 3 HMAC-SHA-256/8. */
  macAlgorithm?: MacAlgorithm;
  /** Accept aggressive mode requests (default true). */
  aggressiveMode?: boolean;
  /** How long a challenge waits for its reply (default 2 s). */
  replyTimeoutMs?: number;
  /** Session keys expire after this long (default 30 min, twice the master's default interval)... */
  keyChangeIntervalMs?: number;
  /** ... or this many authentications (default 2000). */
  keyChangeCount?: number;
  /** Function codes that are challenged (default DEFAULT_CRITICAL_FUNCTIONS). */
  criticalFunctions?: readonly number[];
  /** Random octets for challenge data. */
  random(n: number): Uint8Array;
  /** Security statistics shared by the sessions of one device (default: each session its own). */
  stats?: Map<number, number>;
}

/** What to do with a request. */
export type SaVerdict =
  /**
   * Process `fragment`: the request itself, or the authenticated critical request (as it
   * came, without SA objects), answered under `responseSeq` (the reply's sequence number).
   */
  | { kind: 'process'; fragment: Uint8Array; responseSeq: number }
  /** Send `fragment` (AUTHENTICATE_RESP); `refused` names a g120v7 error; arm the reply timer when `awaitReply`. */
  | { kind: 'respond'; fragment: Uint8Array; awaitReply: boolean; refused?: { code: SaResult; message: string } }
  /** Drop it. */
  | { kind: 'discard'; reason: string };

/** Security statistics (g121) by index, as far as kept here. */
const SECURITY_STATISTICS: Record<number, string> = {
  0: 'unexpected messages',
  1: 'authorization failures',
  2: 'authentication failures',
  3: 'reply timeouts',
  7: 'critical messages received',
  8: 'discarded messages',
  9: 'error messages sent',
  11: 'successful authentications',
  12: 'session key changes',
  13: 'failed session key changes',
};

/** The indices of SECURITY_STATISTICS. */
export const SECURITY_STATISTIC_INDICES: readonly number[] = Object.keys(SECURITY_STATISTICS).map(Number);

interface SessionKeys {
  control: Uint8Array;
  monitor: Uint8Array;
  atMs: number;
  count: number;
}

interface Pending {
  csq: number;
  challenge: Uint8Array;
  critical: Uint8Array;
  fc: number;
}

const CHALLENGE_OCTETS = 16;

/** The outstation's Secure Authentication state for one association. */
export class OutstationSecureAuth {
  private readonly cfg: Required<Omit<OutstationSaConfig, 'random' | 'stats'>> & Pick<OutstationSaConfig, 'random'>;
  private readonly users = new Map<number, OutstationSaUser>();
  private readonly keys = new Map<number, SessionKeys>();
  private readonly lastKeyStatus = new Map<number, { ksq: number; octets: Uint8Array }>();
  private pending: Pending | null = null;
  private lastChallenge: { fragment: Uint8Array; csq: number } | null = null;
  private csq = 0;
  private ksq = 0;
  /** Counters by statistic index (SECURITY_STATISTICS). */
  readonly stats: Map<number, number>;

  constructor(config: OutstationSaConfig) {
    this.stats = config.stats ?? new Map();
    this.cfg = { macAlgorithm: 4, aggressiveMode: true, replyTimeoutMs: 2000, keyChangeIntervalMs: 30 * 60_000, keyChangeCount: 2000, criticalFunctions: DEFAULT_CRITICAL_FUNCTIONS, ...config };
    for (const u of config.users) {
      if (u.updateKey.length !== 32 && u.updateKey.length !== 16) throw new RangeError(`update key of user ${u.user} has ${u.updateKey.length} octets, not 32 or 16`);
      this.users.set(u.user, u);
    }
  }

  /** How long a challenge waits for its reply. */
  get replyTimeoutMs(): number {
    return this.cfg.replyTimeoutMs;
  }

  /** Forgets session keys and any challenge (link lost or restart). */
  reset(): void {
    this.keys.clear();
    this.lastKeyStatus.clear();
    this.pending = null;
    this.lastChallenge = null;
  }

  /** The reply to the pending challenge did not come (in time, or before the link went): its critical request is dropped. False when none was pending. */
  replyTimeout(): boolean {
    if (!this.pending) return false;
    this.pending = null;
    this.count(3);
    return true;
  }

  /** Judges one request (`f` as received, `req` parsed); `iin` and `utcMs` go into SA responses. */
  onRequest(f: Uint8Array, req: ParsedFragment, iin: number, nowMs: number, utcMs: number): SaVerdict {
    const at: Ctx = { seq: req.control.seq, iin, nowMs, utcMs };
    if (req.function === FunctionCode.AUTHENTICATE_REQ) return this.onAuthRequest(f, req, at);
    if (!this.cfg.criticalFunctions.includes(req.function)) return { kind: 'process', fragment: f, responseSeq: at.seq };
    this.count(7);
    if (req.headers[0]?.group === 120 && req.headers[0].variation === 3) return this.onAggressive(f, req, at);
    return this.challenge(f, req.function, at);
  }

  private onAuthRequest(f: Uint8Array, req: ParsedFragment, at: Ctx): SaVerdict {
    const first = req.headers[0];
    if (first?.group !== 120) return this.discard('AUTHENTICATE_REQ without a g120 object');
    if (first.variation === 4) return this.keyStatus(findAuthObject(f, 4)?.values.user as number | undefined, at);
    if (first.variation === 6) return this.keyChange(f, at);
    if (first.variation === 2) return this.onReply(f, at);
    return this.discard(`AUTHENTICATE_REQ with g120v${first.variation}`);
  }

  /** Challenges a critical request: g120v1 in an AUTHENTICATE_RESP under the request's sequence number. */
  private challenge(f: Uint8Array, fc: number, at: Ctx): SaVerdict {
    this.csq = (this.csq + 1) >>> 0;
    const objects = authObjectOctets(1, { csq: this.csq, user: 0, mal: this.cfg.macAlgorithm, reason: 1, challengeData: this.cfg.random(CHALLENGE_OCTETS) });
    const fragment = responseFragment(at.seq, FunctionCode.AUTHENTICATE_RESP, at.iin, objects);
    this.pending = { csq: this.csq, challenge: fragment, critical: f.slice(), fc };
    this.lastChallenge = { fragment, csq: this.csq };
    return { kind: 'respond', fragment, awaitReply: true };
  }

  private onReply(f: Uint8Array, at: Ctx): SaVerdict {
    const reply = findAuthObject(f, 2);
    const p = this.pending;
    this.pending = null;
    if (!reply) return this.discard('malformed reply');
    const user = reply.values.user as number;
    if (!p || reply.values.csq !== p.csq) {
      this.count(0);
      return this.error(AuthErrorCode.UNEXPECTED_REPLY, reply.values.csq as number, user, at, 'no challenge awaits this reply');
    }
    const keys = this.validKeys(user, at.nowMs);
    if (!keys || !macEquals(computeMac(this.cfg.macAlgorithm, keys.control, p.challenge, p.critical), reply.values.mac as Uint8Array)) {
      this.count(2);
      return this.error(AuthErrorCode.AUTHENTICATION_FAILED, p.csq, user, at, keys ? 'MAC mismatch' : 'no valid session keys for this user');
    }
    return this.authorized(user, p.fc, keys, p.csq, at, () => p.critical);
  }

  private onAggressive(f: Uint8Array, req: ParsedFragment, at: Ctx): SaVerdict {
    const v3 = findAuthObject(f, 3);
    const user = (v3?.values.user as number | undefined) ?? 0;
    const csq = (v3?.values.csq as number | undefined) ?? 0;
    if (!this.cfg.aggressiveMode) return this.error(AuthErrorCode.AGGRESSIVE_MODE_NOT_PERMITTED, csq, user, at, 'aggressive mode is not permitted here');
    const macHeader = req.headers[req.headers.length - 1];
    const last = this.lastChallenge;
    const keys = this.validKeys(user, at.nowMs);
    const mac = findAuthObject(f, 9)?.values.mac as Uint8Array | undefined;
    const ok =
      !!keys && !!last && !!mac && macHeader?.group === 120 && macHeader.variation === 9 && csq === ((last.csq + 1) >>> 0) &&
      macEquals(computeMac(this.cfg.macAlgorithm, keys.control, last.fragment, f.subarray(0, macHeader.offset)), mac);
    if (!ok || !keys || !last || !macHeader) {
      this.count(2);
      return this.error(AuthErrorCode.AUTHENTICATION_FAILED, csq, user, at, 'aggressive mode request not authenticated');
    }
    last.csq = csq;
    const v3Header = req.headers[0]!;
    const objectsStart = v3Header.objects[0]!.offset + v3Header.objects[0]!.length;
    return this.authorized(user, req.function, keys, csq, at, () => concatOctets([f.subarray(0, 2), f.subarray(objectsStart, macHeader.offset)]));
  }

  /** An authenticated user: checks the role and hands over the request to process. */
  private authorized(user: number, fc: number, keys: SessionKeys, csq: number, at: Ctx, request: () => Uint8Array): SaVerdict {
    const role = this.users.get(user)?.role ?? 'engineer';
    if (!roleAllows(role, fc)) {
      this.count(1);
      return this.error(AuthErrorCode.AUTHORIZATION_FAILED, csq, user, at, `role ${role} may not use function ${fc}`);
    }
    keys.count++;
    this.count(11);
    return { kind: 'process', fragment: request(), responseSeq: at.seq };
  }

  private keyStatus(user: number | undefined, at: Ctx, mac?: Uint8Array): SaVerdict {
    const u = user === undefined ? undefined : this.users.get(user);
    if (!u) return this.error(AuthErrorCode.UPDATE_KEY_NOT_KNOWN, 0, user ?? 0, at, `no update key for user ${String(user)}`);
    this.ksq = (this.ksq + 1) >>> 0;
    const status = mac ? 1 : this.validKeys(u.user, at.nowMs) ? 1 : 2; // OK, NOT_INIT
    const values = { ksq: this.ksq, user: u.user, kwa: u.updateKey.length === 32 ? KeyWrapAlgorithm.AES_256 : KeyWrapAlgorithm.AES_128, status, mal: this.cfg.macAlgorithm, challengeData: this.cfg.random(CHALLENGE_OCTETS) };
    const objects = authObjectOctets(5, mac ? { ...values, mac } : values);
    // the object's octets without header and size prefix, as the master wraps them back
    this.lastKeyStatus.set(u.user, { ksq: this.ksq, octets: objects.subarray(6) });
    return { kind: 'respond', fragment: responseFragment(at.seq, FunctionCode.AUTHENTICATE_RESP, at.iin, objects), awaitReply: false };
  }

  private keyChange(f: Uint8Array, at: Ctx): SaVerdict {
    const change = findAuthObject(f, 6);
    if (!change) return this.discard('malformed key change');
    const user = change.values.user as number;
    const u = this.users.get(user);
    if (!u) return this.error(AuthErrorCode.UPDATE_KEY_NOT_KNOWN, change.values.ksq as number, user, at, `no update key for user ${user}`);
    const last = this.lastKeyStatus.get(user);
    const keys = last && last.ksq === change.values.ksq ? unwrapSessionKeys(u.updateKey, change.values.wrappedKeyData as Uint8Array, last.octets) : null;
    if (!keys) {
      this.count(13);
      this.keys.delete(user);
      return this.error(AuthErrorCode.AUTHENTICATION_FAILED, change.values.ksq as number, user, at, 'the session key change does not unwrap with the update key or names another key status');
    }
    this.keys.set(user, { ...keys, atMs: at.nowMs, count: 0 });
    this.count(12);
    return this.keyStatus(user, at, computeMac(this.cfg.macAlgorithm, keys.monitor, f));
  }

  private validKeys(user: number, nowMs: number): SessionKeys | null {
    const k = this.keys.get(user);
    if (!k) return null;
    if (nowMs - k.atMs >= this.cfg.keyChangeIntervalMs || k.count >= this.cfg.keyChangeCount) {
      this.keys.delete(user);
      return null;
    }
    return k;
  }

  private error(code: number, csq: number, user: number, at: Ctx, text: string): SaVerdict {
    this.count(9);
    const objects = authObjectOctets(7, { csq, user, aid: 0, error: code, time: at.utcMs, text: new TextEncoder().encode(text) });
    const name = AUTH_ERROR_NAMES[code];
    const refusal: SaResult = name ? `SA_${name}` : `SA_ERROR_${code}`;
    return { kind: 'respond', fragment: responseFragment(at.seq, FunctionCode.AUTHENTICATE_RESP, at.iin, objects), awaitReply: false, refused: { code: refusal, message: `${refusal}: ${text}` } };
  }

  private discard(reason: string): SaVerdict {
    this.count(8);
    return { kind: 'discard', reason };
  }

  private count(index: number): void {
    this.stats.set(index, (this.stats.get(index) ?? 0) + 1);
  }
}

interface Ctx {
  seq: number;
  iin: number;
  nowMs: number;
  utcMs: number;
}

/** Unwraps a session key change: key length, the two keys, then the key status octets it must name (zero padding after). */
function unwrapSessionKeys(updateKey: Uint8Array, wrapped: Uint8Array, keyStatus: Uint8Array): { control: Uint8Array; monitor: Uint8Array } | null {
  const r = aesKeyUnwrap(updateKey, wrapped);
  if (!r.ok || r.data.length < 2) return null;
  const d = r.data;
  const n = d[0]! | (d[1]! << 8);
  const rest = d.subarray(2 + 2 * n);
  if (n < 16 || n > 64 || rest.length < keyStatus.length) return null;
  if (!macEquals(rest.subarray(0, keyStatus.length), keyStatus) || rest.subarray(keyStatus.length).some((x) => x !== 0)) return null;
  return { control: d.slice(2, 2 + n), monitor: d.slice(2 + n, 2 + 2 * n) };
}
