/**
 * Secure Authentication through the master and outstation sessions on a fake clock: the
 * master changes session keys at start-up, answers every challenge (the start-up writes
 * and the controls), and names each refusal; the outstation executes nothing it could
 * not authenticate.
 */
import { describe, expect, it } from 'vitest';
import { createDnp3Master, createDnp3Outstation, createDnp3OutstationDatabase, type Dnp3MasterConfig, type Dnp3OutstationConfig } from '../../../../../src-main/protocols/dnp3';
import type { CommandRequest, SessionCall } from '../../../../../src-shared/session';
import { connect, FakeClock, unhex } from '../harness';

const KEY = unhex('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f');
const WRONG = unhex('100102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f');
function counterRandom(start: number): (n: number) => Uint8Array {
  let x = start;
  return (n) => Uint8Array.from({ length: n }, () => x++ & 0xff);
}
const outstationSa = (o: Partial<NonNullable<Dnp3OutstationConfig['secureAuth']>> = {}): Dnp3OutstationConfig => ({
  secureAuth: { users: [{ user: 1, updateKey: KEY }], random: counterRandom(0x40), ...o },
});
const masterSa = (m: Partial<NonNullable<Dnp3MasterConfig['secureAuth']>> = {}): Dnp3MasterConfig => ({ secureAuth: { user: 1, updateKey: KEY, random: counterRandom(0x90), ...m } });

/** A master and an outstation associated on a fake clock; `call` is made once both are up, and the challenges it drew are counted. */
function associate(master: Dnp3MasterConfig, outstation: Dnp3OutstationConfig, call: SessionCall) {
  const clock = new FakeClock();
  const db = createDnp3OutstationDatabase(outstation);
  const m = clock.add('master', createDnp3Master({ feedbackWindowMs: 0, ...master }));
  const o = clock.add('outstation', createDnp3Outstation(outstation, db));
  connect(clock, m, o);
  clock.run(2000);
  const before = o.sent.length;
  m.step({ kind: 'call', call });
  clock.run(clock.now + 10_000);
  // AUTHENTICATE_RESP frames the outstation sent for the call: link header (10), transport octet, application control, function code
  const challenges = o.sent.slice(before).filter((frame) => frame[12] === 0x83).length;
  return { m, o, db, challenges };
}

function run(master: Dnp3MasterConfig, outstation: Dnp3OutstationConfig, command: Omit<CommandRequest, 'id'> = { target: 'bo:3', action: { action: 'on' }, mode: 'direct' }) {
  const r = associate(master, outstation, { op: 'command', command: { id: 'c1', ...command } });
  return { ...r, done: r.m.of('command').find((e) => e.id === 'c1' && e.stage === 'done') };
}

describe('Secure Authentication v5 between the sessions', () => {
  it('an SA master operates an SA outstation: keys changed at start-up, the control challenged, answered and executed', () => {
    const { m, db, done, challenges } = run(masterSa(), outstationSa());
    expect(challenges).toBe(1);
    expect(m.of('task').find((t) => t.name === 'saKeyChange')).toMatchObject({ ok: true, result: 'SUCCESS' });
    // the start-up writes (clear restart, time) are critical too: challenged and answered
    expect(m.of('task').find((t) => t.name === 'clearRestart')).toMatchObject({ ok: true });
    expect(m.of('state').map((s) => s.state)).toEqual(['starting', 'ready']);
    expect(done).toMatchObject({ ok: true, result: 'SUCCESS' });
    expect(db.values.bo[3]!.value).toBe(true);
    // the association's state for station details, reported when it changes
    const reports = m.of('secureAuth');
    expect(reports[0]).toMatchObject({ user: 1, keyStatus: 'NOT_INIT', keyChanges: 0 });
    expect(reports.at(-1)).toMatchObject({ user: 1, keyStatus: 'OK', keyChanges: 1, failures: 0 });
    expect(reports.at(-1)!.challenges).toBeGreaterThanOrEqual(2);
    expect(new Set(reports.map((r) => JSON.stringify(r))).size).toBe(reports.length);
  });

  it('select-before-operate: both the SELECT and the OPERATE are challenged and answered', () => {
    const { done, db, o } = run(masterSa(), outstationSa(), { target: 'bo:2', action: { action: 'on' }, mode: 'sbo' });
    expect(done).toMatchObject({ ok: true, result: 'SUCCESS' });
    expect(db.values.bo[2]!.value).toBe(true);
    expect(o.of('error')).toEqual([]);
  });

  it('aggressive mode: controls after the first challenge carry their own MAC and are executed', () => {
    const { done, db, challenges } = run(masterSa({ aggressiveMode: true }), outstationSa({ aggressiveMode: true }));
    expect(done).toMatchObject({ ok: true });
    expect(db.values.bo[3]!.value).toBe(true);
    // no challenge: the control went out as g120v3 ... g120v9 and was answered with its echo alone
    expect(challenges).toBe(0);
  });

  it('a master with the wrong update key is refused and names it: SA_AUTHENTICATION_FAILED; the CROB is not executed', () => {
    const { m, o, db, done } = run(masterSa({ updateKey: WRONG }), outstationSa());
    expect(m.of('task').find((t) => t.name === 'saKeyChange')).toMatchObject({ ok: false, result: 'SA_AUTHENTICATION_FAILED' });
    expect(done).toMatchObject({ ok: false, result: 'SA_AUTHENTICATION_FAILED' });
    expect(done?.detail).toContain('AUTHENTICATION_FAILED');
    expect(db.values.bo[3]!.value).toBe(false);
    expect(o.of('error').map((e) => e.code)).toContain('SA_AUTHENTICATION_FAILED');
  });

  it('a master without SA against an SA outstation: SA_REQUIRED, the CROB is not executed', () => {
    const { done, db, o } = run({}, outstationSa());
    expect(done).toMatchObject({ ok: false, result: 'SA_REQUIRED' });
    expect(db.values.bo[3]!.value).toBe(false);
    // the outstation waited for a reply that never came
    expect(o.of('error').map((e) => e.code)).toContain('SA_NO_REPLY');
  });

  it('a user the outstation does not know: SA_UPDATE_KEY_NOT_KNOWN', () => {
    const { done, db } = run(masterSa({ user: 5 }), outstationSa());
    expect(done).toMatchObject({ ok: false, result: 'SA_UPDATE_KEY_NOT_KNOWN' });
    expect(db.values.bo[3]!.value).toBe(false);
  });

  it("an operator's user may control but a viewer's may not: SA_AUTHORIZATION_FAILED", () => {
    const viewer = run(masterSa(), outstationSa({ users: [{ user: 1, updateKey: KEY, role: 'viewer' }] }));
    expect(viewer.done).toMatchObject({ ok: false, result: 'SA_AUTHORIZATION_FAILED' });
    expect(viewer.db.values.bo[3]!.value).toBe(false);
    const operator = run(masterSa(), outstationSa({ users: [{ user: 1, updateKey: KEY, role: 'operator' }] }));
    expect(operator.done).toMatchObject({ ok: true });
  });

  it('aggressive mode refused by the outstation: SA_AGGRESSIVE_MODE_NOT_PERMITTED', () => {
    const clock = new FakeClock();
    const db = createDnp3OutstationDatabase(outstationSa({ aggressiveMode: false }));
    const m = clock.add('master', createDnp3Master({ feedbackWindowMs: 0, ...masterSa({ aggressiveMode: true }) }));
    const o = clock.add('outstation', createDnp3Outstation(outstationSa({ aggressiveMode: false }), db));
    connect(clock, m, o);
    clock.run(2000);
    // the start-up writes were challenged (normal mode); the next critical request goes aggressive and is refused
    m.step({ kind: 'call', call: { op: 'command', command: { id: 'c1', target: 'bo:1', action: { action: 'on' }, mode: 'direct' } } });
    clock.run(clock.now + 10_000);
    expect(m.of('command').find((e) => e.id === 'c1' && e.stage === 'done')).toMatchObject({ ok: false, result: 'SA_AGGRESSIVE_MODE_NOT_PERMITTED' });
    expect(db.values.bo[1]!.value).toBe(false);
  });

  it('changes the session keys again when the interval has passed, before the next control', () => {
    const clock = new FakeClock();
    const m = clock.add('master', createDnp3Master({ feedbackWindowMs: 0, ...masterSa({ keyChangeIntervalMs: 60_000 }) }));
    const o = clock.add('outstation', createDnp3Outstation(outstationSa({ keyChangeIntervalMs: 120_000 })));
    connect(clock, m, o);
    clock.run(2000);
    clock.run(70_000);
    m.step({ kind: 'call', call: { op: 'command', command: { id: 'c1', target: 'bo:1', action: { action: 'on' }, mode: 'direct' } } });
    clock.run(clock.now + 10_000);
    expect(m.of('task').filter((t) => t.name === 'saKeyChange' && t.ok)).toHaveLength(2);
    expect(m.of('command').find((e) => e.id === 'c1' && e.stage === 'done')).toMatchObject({ ok: true });
  });
});

describe('Secure Authentication of the functions a utility adds to the critical list', () => {
  const withUnsolicited = [2, 3, 4, 5, 6, 13, 14, 20, 21];
  const enableUnsolicited = (master: Dnp3MasterConfig, outstation: Dnp3OutstationConfig) => associate(master, outstation, { op: 'dnp3.unsolicited', id: 'u1', enable: true, classes: [1, 2, 3] });

  it('ENABLE_UNSOLICITED listed as critical on both sides is challenged, answered and done', () => {
    const { m, challenges } = enableUnsolicited(masterSa({ criticalFunctions: withUnsolicited }), outstationSa({ criticalFunctions: withUnsolicited }));
    expect(challenges).toBe(1);
    expect(m.of('response').find((r) => r.id === 'u1')).toMatchObject({ ok: true, result: 'SUCCESS' });
  });

  it('the same request with the wrong update key is refused by name, and without the extra function nothing is challenged', () => {
    const wrong = enableUnsolicited(masterSa({ updateKey: WRONG, criticalFunctions: withUnsolicited }), outstationSa({ criticalFunctions: withUnsolicited }));
    expect(wrong.m.of('response').find((r) => r.id === 'u1')).toMatchObject({ ok: false, result: 'SA_AUTHENTICATION_FAILED' });
    expect(wrong.o.of('error').map((e) => e.code)).toContain('SA_AUTHENTICATION_FAILED');
    expect(enableUnsolicited(masterSa(), outstationSa()).challenges).toBe(0);
  });
});
