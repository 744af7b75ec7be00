/**
 * The Secure Authentication exchange between our master and outstation state machines,
 * step by step as IEEE 1815-2012 clause 7 sequences it: session key status request, key
 * status, session key change, key status OK; then a critical request, its challenge, the
 * reply, and the request executed. Time is a plain number moved by hand.
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FunctionCode } from '../../../../../src-main/protocols/dnp3/app/control';
import { parseFragment } from '../../../../../src-main/protocols/dnp3/app/fragment';
import { findAuthObject, requestFragment } from '../../../../../src-main/protocols/dnp3/secure-auth/auth-fragments';
import { MasterSecureAuth, type MasterSaConfig } from '../../../../../src-main/protocols/dnp3/secure-auth/master-auth';
import { authObjectOctets } from '../../../../../src-main/protocols/dnp3/secure-auth/objects';
import { OutstationSecureAuth, type OutstationSaConfig, type SaVerdict } from '../../../../../src-main/protocols/dnp3/secure-auth/outstation-auth';
import { hex, unhex } from '../harness';

const UPDATE_KEY = unhex('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f');
const OTHER_KEY = unhex('ff0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f');
/** Deterministic "random" octets: a counter, so runs repeat exactly. */
function counterRandom(start: number): (n: number) => Uint8Array {
  let x = start;
  return (n) => Uint8Array.from({ length: n }, () => x++ & 0xff);
}
/** CROB latch on bo:3, DIRECT_OPERATE objects. */
const CROB = unhex('0c0117010303010000000000000000' + '00');

const UTC = 1_700_000_000_000;

function parse(f: Uint8Array) {
  const r = parseFragment(f);
  if (!r.ok) throw new Error(r.error.code);
  return r.fragment;
}

class Pair {
  now = 0;
  seq = 0;
  readonly master: MasterSecureAuth;
  readonly outstation: OutstationSecureAuth;
  constructor(m: Partial<MasterSaConfig> = {}, o: Partial<OutstationSaConfig> = {}) {
    this.master = new MasterSecureAuth({ user: 1, updateKey: UPDATE_KEY, random: counterRandom(0x10), ...m });
    this.outstation = new OutstationSecureAuth({ users: [{ user: 1, updateKey: UPDATE_KEY }], random: counterRandom(0x80), ...o });
  }
  /** Sends a request fragment to the outstation; returns the fragment sent and the verdict. */
  send(fc: number, objects: Uint8Array): { sent: Uint8Array; verdict: SaVerdict } {
    const sent = requestFragment(this.seq, fc, objects);
    this.seq = (this.seq + 1) & 0x0f;
    return { sent, verdict: this.outstation.onRequest(sent, parse(sent), 0, this.now, UTC + this.now) };
  }
  /** Runs the session key exchange; returns the last verdict. */
  changeKeys(): { ok: boolean; result?: string } {
    const status = this.send(FunctionCode.AUTHENTICATE_REQ, this.master.keyStatusRequest()).verdict;
    if (status.kind !== 'respond') throw new Error('no key status');
    const change = this.master.keyChange(status.fragment);
    if (!change.ok) return { ok: false, result: change.failure.result };
    const { sent, verdict } = this.send(FunctionCode.AUTHENTICATE_REQ, change.objects);
    if (verdict.kind !== 'respond') throw new Error('no key status after the change');
    const r = this.master.confirmKeyChange(verdict.fragment, sent, this.now);
    return r.ok ? { ok: true } : { ok: false, result: r.failure.result };
  }
  /** A challenged critical request through to the outstation's verdict on the reply. */
  operate(objects = CROB): { challenge: Uint8Array; critical: Uint8Array; reply: Uint8Array | string; verdict: SaVerdict | null } {
    const { sent: critical, verdict } = this.send(FunctionCode.DIRECT_OPERATE, objects);
    if (verdict.kind !== 'respond') throw new Error(`not challenged: ${verdict.kind}`);
    const r = this.master.reply(verdict.fragment, critical);
    if (!r.ok) return { challenge: verdict.fragment, critical, reply: r.failure.result, verdict: null };
    const { sent, verdict: v } = this.send(FunctionCode.AUTHENTICATE_REQ, r.objects);
    return { challenge: verdict.fragment, critical, reply: sent, verdict: v };
  }
}

const refusedAs = (v: SaVerdict | null): string | undefined => (v?.kind === 'respond' ? v.refused?.code : undefined);

describe('Secure Authentication v5 exchange, step by step', () => {
  it('walks key status request, key status, key change, key status OK, critical request, challenge, reply, execution', () => {
    const p = new Pair();
    // 1. session key status request (g120v4, user 1) -> key status NOT_INIT, no MAC
    const s1 = p.send(FunctionCode.AUTHENTICATE_REQ, p.master.keyStatusRequest());
    expect(hex(s1.sent)).toBe('c0' + '20' + '7804070101' + '00');
    if (s1.verdict.kind !== 'respond') throw new Error('expected a key status');
    const ks1 = findAuthObject(s1.verdict.fragment, 5)!.values;
    expect(s1.verdict.fragment[1]).toBe(FunctionCode.AUTHENTICATE_RESP);
    expect(ks1).toMatchObject({ ksq: 1, user: 1, kwa: 2, status: 2, mal: 4, cdl: 16 });
    expect((ks1.mac as Uint8Array).length).toBe(0);
    // 2. session key change (g120v6): the same KSQ, the wrapped keys -> key status OK with a MAC
    const change = p.master.keyChange(s1.verdict.fragment);
    if (!change.ok) throw new Error(change.failure.detail);
    const s2 = p.send(FunctionCode.AUTHENTICATE_REQ, change.objects);
    expect(findAuthObject(s2.sent, 6)!.values).toMatchObject({ ksq: 1, user: 1 });
    if (s2.verdict.kind !== 'respond') throw new Error('expected a key status');
    const ks2 = findAuthObject(s2.verdict.fragment, 5)!.values;
    expect(ks2).toMatchObject({ ksq: 2, user: 1, status: 1, mal: 4 });
    expect((ks2.mac as Uint8Array).length).toBe(16);
    expect(p.master.confirmKeyChange(s2.verdict.fragment, s2.sent, p.now)).toEqual({ ok: true });
    expect(p.master.stats.keyStatus).toBe('OK');
    // 3. a critical request (DIRECT_OPERATE) is challenged under its own sequence number
    p.now += 100;
    const { sent: critical, verdict: challenge } = p.send(FunctionCode.DIRECT_OPERATE, CROB);
    if (challenge.kind !== 'respond') throw new Error('expected a challenge');
    expect(challenge.awaitReply).toBe(true);
    expect(challenge.fragment[0]! & 0x0f).toBe(critical[0]! & 0x0f);
    const ch = findAuthObject(challenge.fragment, 1)!.values;
    expect(ch).toMatchObject({ csq: 1, mal: 4, reason: 1 });
    expect((ch.challengeData as Uint8Array).length).toBe(16);
    // 4. the reply: HMAC-SHA-256 of the control direction key over the challenge fragment, then the critical fragment, 16 octets
    const reply = p.master.reply(challenge.fragment, critical);
    if (!reply.ok) throw new Error(reply.failure.detail);
    const { sent: replySent, verdict: done } = p.send(FunctionCode.AUTHENTICATE_REQ, reply.objects);
    const r = findAuthObject(replySent, 2)!.values;
    expect(r).toMatchObject({ csq: 1, user: 1 });
    expect((r.mac as Uint8Array).length).toBe(16);
    // 5. the outstation executes the critical request as it came, answered under the reply's sequence number
    expect(done.kind).toBe('process');
    if (done.kind !== 'process') return;
    expect(hex(done.fragment)).toBe(hex(critical));
    expect(done.responseSeq).toBe(replySent[0]! & 0x0f);
    expect(p.outstation.stats.get(11)).toBe(1);
  });

  it('the reply MAC is HMAC-SHA-256 over challenge fragment + critical fragment, computed independently here', () => {
    const p = new Pair();
    // the session keys are the master's first two draws of 32 octets from its counter random source
    const control = Uint8Array.from({ length: 32 }, (_, i) => 0x10 + i);
    expect(p.changeKeys()).toEqual({ ok: true });
    const { challenge, critical, reply } = p.operate();
    if (typeof reply === 'string') throw new Error(reply);
    const expected = createHmac('sha256', control).update(challenge).update(critical).digest().subarray(0, 16);
    expect(hex(findAuthObject(reply, 2)!.values.mac as Uint8Array)).toBe(expected.toString('hex'));
  });

  it('does not challenge a request that is not critical (READ)', () => {
    const p = new Pair();
    expect(p.send(FunctionCode.READ, unhex('3c0106')).verdict.kind).toBe('process');
  });

  it('refuses a reply with a wrong MAC: AUTHENTICATION_FAILED, the request is not executed', () => {
    const p = new Pair();
    p.changeKeys();
    const { sent: critical, verdict } = p.send(FunctionCode.DIRECT_OPERATE, CROB);
    if (verdict.kind !== 'respond') throw new Error('not challenged');
    const r = p.master.reply(verdict.fragment, critical);
    if (!r.ok) throw new Error(r.failure.detail);
    r.objects[r.objects.length - 1]! ^= 1;
    const v = p.send(FunctionCode.AUTHENTICATE_REQ, r.objects).verdict;
    expect(refusedAs(v)).toBe('SA_AUTHENTICATION_FAILED');
    expect(p.master.errorIn((v as { fragment: Uint8Array }).fragment)?.result).toBe('SA_AUTHENTICATION_FAILED');
  });

  it('refuses a key change wrapped with another update key, and the master names it', () => {
    const p = new Pair({ updateKey: OTHER_KEY });
    const r = p.changeKeys();
    expect(r).toEqual({ ok: false, result: 'SA_AUTHENTICATION_FAILED' });
    // without keys the next critical request cannot be answered
    expect(p.operate().reply).toBe('SA_NO_SESSION_KEYS');
  });

  it('answers a reply that no challenge awaits with UNEXPECTED_REPLY', () => {
    const p = new Pair();
    p.changeKeys();
    const v = p.send(FunctionCode.AUTHENTICATE_REQ, authObjectOctets(2, { csq: 99, user: 1, mac: new Uint8Array(16) })).verdict;
    expect(refusedAs(v)).toBe('SA_UNEXPECTED_REPLY');
  });

  it('drops a challenged request whose reply does not come in time (NO_REPLY counted); a late reply is unexpected', () => {
    const p = new Pair();
    p.changeKeys();
    const { sent: critical, verdict } = p.send(FunctionCode.DIRECT_OPERATE, CROB);
    if (verdict.kind !== 'respond') throw new Error('not challenged');
    expect(p.outstation.replyTimeoutMs).toBe(2000);
    p.now += 2000;
    p.outstation.replyTimeout();
    expect(p.outstation.stats.get(3)).toBe(1);
    const r = p.master.reply(verdict.fragment, critical);
    if (!r.ok) throw new Error(r.failure.detail);
    expect(refusedAs(p.send(FunctionCode.AUTHENTICATE_REQ, r.objects).verdict)).toBe('SA_UNEXPECTED_REPLY');
  });

  it('names a user without an update key: UPDATE_KEY_NOT_KNOWN', () => {
    const p = new Pair({ user: 7 });
    const v = p.send(FunctionCode.AUTHENTICATE_REQ, p.master.keyStatusRequest()).verdict;
    expect(refusedAs(v)).toBe('SA_UPDATE_KEY_NOT_KNOWN');
    expect(p.master.keyChange((v as { fragment: Uint8Array }).fragment)).toEqual({ ok: false, failure: expect.objectContaining({ result: 'SA_UPDATE_KEY_NOT_KNOWN' }) });
  });

  it('refuses a key wrap algorithm the update key is not for: KEY_WRAP_ALGORITHM_NOT_PERMITTED', () => {
    const p = new Pair({ updateKey: UPDATE_KEY.slice(0, 16) });
    expect(p.changeKeys()).toEqual({ ok: false, result: 'SA_KEY_WRAP_ALGORITHM_NOT_PERMITTED' });
  });

  it('refuses a challenge asking for a SHA-1 MAC: MAC_ALGORITHM_NOT_PERMITTED', () => {
    const p = new Pair();
    p.changeKeys();
    const challenge = requestFragment(0, FunctionCode.AUTHENTICATE_RESP, authObjectOctets(1, { csq: 1, user: 0, mal: 2, reason: 1, challengeData: new Uint8Array(16) }));
    const asResponse = new Uint8Array([challenge[0]!, challenge[1]!, 0, 0, ...challenge.subarray(2)]);
    expect(p.master.reply(asResponse, requestFragment(0, FunctionCode.DIRECT_OPERATE, CROB))).toEqual({ ok: false, failure: expect.objectContaining({ result: 'SA_MAC_ALGORITHM_NOT_PERMITTED' }) });
  });

  it('aggressive mode: after one challenge, a control carries g120v3 first and g120v9 last and is executed without a challenge', () => {
    const p = new Pair({ aggressiveMode: true });
    p.changeKeys();
    expect(p.operate().verdict?.kind).toBe('process');
    const head = unhex(`c${p.seq.toString(16)}05`);
    const f = p.master.aggressive(head, CROB)!;
    expect(parse(f).headers.map((h) => `g${h.group}v${h.variation}`)).toEqual(['g120v3', 'g12v1', 'g120v9']);
    expect(findAuthObject(f, 3)!.values).toMatchObject({ csq: 2, user: 1 });
    const v = p.outstation.onRequest(f, parse(f), 0, p.now, UTC);
    expect(v.kind).toBe('process');
    if (v.kind === 'process') expect(hex(v.fragment)).toBe(hex(head) + hex(CROB));
    // the same request again (CSQ not advanced) is refused
    expect(refusedAs(p.outstation.onRequest(f, parse(f), 0, p.now, UTC))).toBe('SA_AUTHENTICATION_FAILED');
  });

  it('aggressive mode where the outstation does not permit it: AGGRESSIVE_MODE_NOT_PERMITTED', () => {
    const p = new Pair({ aggressiveMode: true }, { aggressiveMode: false });
    p.changeKeys();
    p.operate();
    const f = p.master.aggressive(unhex('c505'), CROB)!;
    expect(refusedAs(p.outstation.onRequest(f, parse(f), 0, p.now, UTC))).toBe('SA_AGGRESSIVE_MODE_NOT_PERMITTED');
  });

  it("refuses a control to a viewer's role: AUTHORIZATION_FAILED", () => {
    const p = new Pair({}, { users: [{ user: 1, updateKey: UPDATE_KEY, role: 'viewer' }] });
    p.changeKeys();
    expect(refusedAs(p.operate().verdict)).toBe('SA_AUTHORIZATION_FAILED');
  });

  it('key change interval: the master asks for new keys when due; the outstation refuses keys past its interval', () => {
    const p = new Pair({ keyChangeIntervalMs: 60_000 }, { keyChangeIntervalMs: 120_000 });
    p.changeKeys();
    p.now += 59_999;
    expect(p.master.needsKeyChange(p.now)).toBe(false);
    p.now += 1;
    expect(p.master.needsKeyChange(p.now)).toBe(true);
    p.now += 60_000;
    expect(refusedAs(p.operate().verdict)).toBe('SA_AUTHENTICATION_FAILED');
    expect(p.changeKeys()).toEqual({ ok: true });
    expect(p.operate().verdict?.kind).toBe('process');
  });

  it('key change count: after the count the master asks for new keys; the outstation refuses beyond its count', () => {
    const p = new Pair({ keyChangeCount: 2 }, { keyChangeCount: 2 });
    p.changeKeys();
    expect(p.operate().verdict?.kind).toBe('process');
    expect(p.master.needsKeyChange(p.now)).toBe(false);
    expect(p.operate().verdict?.kind).toBe('process');
    expect(p.master.needsKeyChange(p.now)).toBe(true);
    expect(refusedAs(p.operate().verdict)).toBe('SA_AUTHENTICATION_FAILED');
  });
});
