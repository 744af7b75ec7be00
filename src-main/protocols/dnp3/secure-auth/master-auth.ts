/**
 * The master side of DNP3 Secure Authentication v5 (IEEE 1815-2012 clause 7), sans-IO:
 * it builds and checks the SA objects, the session owns the wire and the timers.
 *
 * - Session keys: a session key status request (g120v4) answered by a key status (g120v5)
 *   whose octets the master wraps, with two fresh session keys, under the user's update
 *   key (AES key wrap) in a session key change (g120v6); the outstation proves it unwrapped
 *   them with a key status OK whose MAC (monitoring direction key) covers that key change
 *   fragment. Keys are changed again after `keyChangeIntervalMs` or `keyChangeCount`
 *   authentications.
 * - Challenge/reply: the outstation answers a critical request with a challenge (g120v1);
 *   the reply (g120v2) carries the MAC (control direction key) over the whole challenge
 *   fragment followed by the whole critical request fragment.
 * - Aggressive mode: once a challenge has been seen, a critical request may carry g120v3
 *   (CSQ one past the last) first and g120v9 last, whose MAC covers the last challenge
 *   fragment followed by the request up to the g120v9 header.
 *
 * Random octets come from `random` in the configuration; nothing here reads a clock.
 */
import type { CommandResult, SaResult } from '../../../../src-shared/command-results';
import { concatOctets } from '../../../../src-shared/concat-octets';
import { findAuthObject } from './auth-fragments';
import { aesKeyWrap, computeMac, isMacAlgorithm, KeyWrapAlgorithm, macEquals, type MacAlgorithm } from './crypto';
import { AUTH_ERROR_NAMES, authObjectOctets, KEY_STATUS_NAMES } from './objects';
import { DEFAULT_CRITICAL_FUNCTIONS } from './policy';

/** A station's Secure Authentication settings on the master side. */
export interface MasterSaConfig {
  /** User number (1 is the default user of IEEE 1815). */
  user: number;
  /** The user's update key: 32 octets (AES-256 key wrap) or 16 (AES-128). */
  updateKey: Uint8Array;
  /** MAC algorithm of aggressive mode requests: 4 HMAC-SHA-256/16 (networked, default) or 3 HMAC-SHA-256/8 (serial). */
  macAlgorithm?: MacAlgorithm;
  /** Send critical requests in aggressive mode (g120v3 + g120v9) once a challenge was seen. */
  aggressiveMode?: boolean;
  /** Change the session keys after this long (default 15 min). */
  keyChangeIntervalMs?: number;
  /** ... or after this many authentications (default 1000). */
  keyChangeCount?: number;
  /** Function codes the outstation challenges (default DEFAULT_CRITICAL_FUNCTIONS). */
  criticalFunctions?: readonly number[];
  /** Random octets for session keys (a CSPRNG in the transport, fixed octets in tests). */
  random(n: number): Uint8Array;
}

/** A refusal or failure, named (`SA_` and the g120v7 error name, or our own; or the link's, e.g. NO_LINK). */
export interface SaFailure {
  result: CommandResult;
  detail: string;
}

/** SA state and counters for station details. */
export interface MasterSaStats {
  keyStatus: string;
  keyChanges: number;
  challenges: number;
  aggressive: number;
  failures: number;
}

const SESSION_KEY_OCTETS = 32;

/** The master's Secure Authentication state for one association. */
export class MasterSecureAuth {
  private readonly cfg: Required<Omit<MasterSaConfig, 'random'>> & Pick<MasterSaConfig, 'random'>;
  private keys: { control: Uint8Array; monitor: Uint8Array; atMs: number; count: number } | null = null;
  private pending: { control: Uint8Array; monitor: Uint8Array } | null = null;
  private lastChallenge: { fragment: Uint8Array; csq: number } | null = null;
  readonly stats: MasterSaStats = { keyStatus: 'NOT_INIT', keyChanges: 0, challenges: 0, aggressive: 0, failures: 0 };

  constructor(config: MasterSaConfig) {
    if (!Number.isInteger(config.user) || config.user < 1 || config.user > 0xffff) throw new RangeError(`sa.user ${config.user} is not 1-65535`);
    if (config.updateKey.length !== 32 && config.updateKey.length !== 16) throw new RangeError(`sa.updateKey has ${config.updateKey.length} octets, not 32 (AES-256) or 16 (AES-128)`);
    this.cfg = {
      macAlgorithm: 4,
      aggressiveMode: false,
      keyChangeIntervalMs: 15 * 60_000,
      keyChangeCount: 1000,
      criticalFunctions: DEFAULT_CRITICAL_FUNCTIONS,
      ...config,
    };
  }

  /** True when requests with this function code are authenticated. */
  isCritical(fc: number): boolean {
    return this.cfg.criticalFunctions.includes(fc);
  }

  /** True when the session keys are missing, old or used up (a key change is due). */
  needsKeyChange(nowMs: number): boolean {
    const k = this.keys;
    return !k || nowMs - k.atMs >= this.cfg.keyChangeIntervalMs || k.count >= this.cfg.keyChangeCount;
  }

  /** Forgets the session keys (link lost: the outstation forgets them too). */
  reset(): void {
    this.keys = null;
    this.pending = null;
    this.lastChallenge = null;
    this.setStatus('NOT_INIT');
  }

  /** Objects of the session key status request (AUTHENTICATE_REQ). */
  keyStatusRequest(): Uint8Array {
    return authObjectOctets(4, { user: this.cfg.user });
  }

  /** From the key status response (whole fragment): the objects of the session key change, or why not. */
  keyChange(response: Uint8Array): { ok: true; objects: Uint8Array } | { ok: false; failure: SaFailure } {
    const error = this.errorIn(response);
    if (error) return { ok: false, failure: error };
    const ks = findAuthObject(response, 5);
    if (!ks) return this.fail('SA_UNEXPECTED_RESPONSE', 'no session key status (g120v5) in the answer to the key status request');
    const { values } = ks;
    if (values.user !== this.cfg.user) return this.fail('SA_UNEXPECTED_RESPONSE', `key status for user ${String(values.user)}, not ${this.cfg.user}`);
    const kwa = this.cfg.updateKey.length === 32 ? KeyWrapAlgorithm.AES_256 : KeyWrapAlgorithm.AES_128;
    if (values.kwa !== kwa) return this.fail('SA_KEY_WRAP_ALGORITHM_NOT_PERMITTED', `the outstation asks for key wrap algorithm ${String(values.kwa)}, the update key is for ${kwa}`);
    const control = this.cfg.random(SESSION_KEY_OCTETS);
    const monitor = this.cfg.random(SESSION_KEY_OCTETS);
    // wrapped: key length (u16), control direction key, monitoring direction key, the key status object; zero padding to 8
    const plain = concatOctets([new Uint8Array([SESSION_KEY_OCTETS, 0]), control, monitor, ks.octets]);
    const padded = new Uint8Array(Math.ceil(plain.length / 8) * 8);
    padded.set(plain);
    const wrapped = aesKeyWrap(this.cfg.updateKey, padded);
    if (!wrapped.ok) return this.fail('SA_KEY_WRAP_FAILED', wrapped.error.message);
    this.pending = { control, monitor };
    return { ok: true, objects: authObjectOctets(6, { ksq: values.ksq as number, user: this.cfg.user, wrappedKeyData: wrapped.wrapped }) };
  }

  /** Checks the key status that answers the key change (`sent`: the key change fragment as sent); installs the keys. */
  confirmKeyChange(response: Uint8Array, sent: Uint8Array, nowMs: number): { ok: true } | { ok: false; failure: SaFailure } {
    const error = this.errorIn(response);
    const pending = this.pending;
    this.pending = null;
    if (error) return { ok: false, failure: error };
    const ks = findAuthObject(response, 5);
    if (!ks || !pending) return this.fail('SA_UNEXPECTED_RESPONSE', 'no session key status (g120v5) after the key change');
    const status = KEY_STATUS_NAMES[ks.values.status as number] ?? String(ks.values.status);
    const mal = ks.values.mal as number;
    if (status !== 'OK') return this.fail('SA_AUTHENTICATION_FAILED', `the outstation did not take the session keys: key status ${status}`);
    if (!isMacAlgorithm(mal)) return this.fail('SA_MAC_ALGORITHM_NOT_PERMITTED', `key status MAC algorithm ${mal} is not HMAC-SHA-256`);
    if (!macEquals(computeMac(mal, pending.monitor, sent), ks.values.mac as Uint8Array)) {
      return this.fail('SA_AUTHENTICATION_FAILED', 'the key status MAC does not match: the outstation does not hold our update key');
    }
    this.keys = { ...pending, atMs: nowMs, count: 0 };
    this.stats.keyChanges++;
    this.setStatus('OK');
    return { ok: true };
  }

  /**
   * The objects of the reply (g120v2) to a challenge fragment that answered `critical`
   * (the critical request fragment as sent), or why the master does not reply.
   */
  reply(challenge: Uint8Array, critical: Uint8Array): { ok: true; objects: Uint8Array } | { ok: false; failure: SaFailure } {
    const ch = findAuthObject(challenge, 1);
    if (!ch) return this.fail('SA_UNEXPECTED_RESPONSE', 'the challenge carries no g120v1 object');
    const mal = ch.values.mal as number;
    if (!isMacAlgorithm(mal)) return this.fail('SA_MAC_ALGORITHM_NOT_PERMITTED', `the challenge asks for MAC algorithm ${mal}; only HMAC-SHA-256 (3, 4) is permitted`);
    const keys = this.keys;
    if (!keys) return this.fail('SA_NO_SESSION_KEYS', 'challenged before session keys were set');
    this.lastChallenge = { fragment: challenge.slice(), csq: ch.values.csq as number };
    keys.count++;
    this.stats.challenges++;
    const mac = computeMac(mal, keys.control, challenge, critical);
    return { ok: true, objects: authObjectOctets(2, { csq: ch.values.csq as number, user: this.cfg.user, mac }) };
  }

  /**
   * A critical request in aggressive mode: `head` (control and function code) and the
   * request's objects become g120v3, the objects, g120v9. Null when aggressive mode is off
   * or not possible yet (no session keys, no challenge seen).
   */
  aggressive(head: Uint8Array, objects: Uint8Array): Uint8Array | null {
    const keys = this.keys;
    const last = this.lastChallenge;
    if (!this.cfg.aggressiveMode || !keys || !last) return null;
    const csq = (last.csq + 1) >>> 0;
    last.csq = csq;
    keys.count++;
    this.stats.aggressive++;
    const body = concatOctets([head, authObjectOctets(3, { csq, user: this.cfg.user }), objects]);
    const mac = computeMac(this.cfg.macAlgorithm, keys.control, last.fragment, body);
    return concatOctets([body, authObjectOctets(9, { mac })]);
  }

  /** The failure a g120v7 error object in a fragment names, or null when it has none. */
  errorIn(fragment: Uint8Array): SaFailure | null {
    const e = findAuthObject(fragment, 7);
    if (!e) return null;
    const code = e.values.error as number;
    const name = AUTH_ERROR_NAMES[code];
    const text = new TextDecoder().decode(e.values.text as Uint8Array);
    this.stats.failures++;
    if (code === 1 || code === 11) this.reset(); // the outstation no longer trusts our keys: change them before the next request
    return { result: name ? `SA_${name}` : `SA_ERROR_${code}`, detail: `the outstation refused: Secure Authentication error ${code} ${name} (user ${String(e.values.user)})${text ? `: ${text}` : ''}` };
  }

  private setStatus(s: string): void {
    this.stats.keyStatus = s;
  }

  private fail(result: SaResult, detail: string): { ok: false; failure: SaFailure } {
    this.stats.failures++;
    return { ok: false, failure: { result, detail } };
  }
}
