/**
 * The cost of DNP3 Secure Authentication per critical request (prints figures, asserts
 * nothing): a direct-operate CROB between a master and an outstation session in memory,
 * without SA, with SA in normal mode (challenge + reply: two more fragments and three
 * HMAC-SHA-256 computations) and in aggressive mode (MAC in the request), plus the session
 * key change (AES-256 key wrap and unwrap).
 */
import { randomBytes } from 'node:crypto';
import { createDnp3Master, createDnp3Outstation, type Dnp3MasterConfig, type Dnp3OutstationConfig } from '../../../src-main/protocols/dnp3';
import type { Session, SessionEvent } from '../../../src-shared/session';

const KEY = new Uint8Array(randomBytes(32));
const random = (n: number): Uint8Array => new Uint8Array(randomBytes(n));

/** Two sessions wired back to back; bytes are delivered at once, timers are not run. */
class Pair {
  private now = 0;
  readonly events: SessionEvent[] = [];
  constructor(
    private readonly master: Session,
    private readonly outstation: Session,
  ) {
    this.deliver(this.outstation, { kind: 'up' });
    this.deliver(this.master, { kind: 'up' });
  }
  call(command: Parameters<Session['step']>[0]): void {
    this.deliver(this.master, command);
  }
  private deliver(to: Session, input: Parameters<Session['step']>[0]): void {
    const queue: Array<[Session, Parameters<Session['step']>[0]]> = [[to, input]];
    while (queue.length > 0) {
      const [s, i] = queue.shift()!;
      for (const o of s.step(i, (this.now += 0.001))) {
        if (o.kind === 'tx') queue.push([s === this.master ? this.outstation : this.master, { kind: 'rx', bytes: o.bytes }]);
        else if (o.kind === 'event' && s === this.master) this.events.push(o.event);
      }
    }
  }
}

function perCommandUs(master: Dnp3MasterConfig, outstation: Dnp3OutstationConfig, seconds: number): { us: number; ok: boolean } {
  const pair = new Pair(createDnp3Master({ feedbackWindowMs: 0, keepAliveMs: 0, ...master }), createDnp3Outstation({ ...outstation, unsolicited: false }));
  let n = 0;
  let ok = true;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) {
    for (let i = 0; i < 50; i++, n++) {
      pair.events.length = 0;
      pair.call({ kind: 'call', call: { op: 'command', command: { id: `c${n}`, target: 'bo:1', action: { action: n % 2 ? 'on' : 'off' }, mode: 'direct' } } });
      const done = pair.events.find((e) => e.type === 'command' && e.stage === 'done');
      if (!done || done.type !== 'command' || !done.ok) ok = false;
    }
  }
  return { us: ((performance.now() - start) * 1000) / n, ok };
}

/** Prints the time per direct-operate CROB without and with SA, and per session key change. */
export function benchSecureAuth(seconds: number): void {
  const os = (aggressive: boolean): Dnp3OutstationConfig => ({ secureAuth: { users: [{ user: 1, updateKey: KEY }], aggressiveMode: aggressive, random, keyChangeCount: 1e9 } });
  const ms = (aggressive: boolean): Dnp3MasterConfig => ({ secureAuth: { user: 1, updateKey: KEY, aggressiveMode: aggressive, random, keyChangeCount: 1e9 } });
  const plain = perCommandUs({}, {}, seconds);
  const normal = perCommandUs(ms(false), os(false), seconds);
  const aggressive = perCommandUs(ms(true), os(true), seconds);
  const line = (name: string, r: { us: number; ok: boolean }): string => `${name}: ${r.us.toFixed(1)} µs per direct-operate CROB${r.ok ? '' : ' (SOME FAILED)'}`;
  console.log(`SA cost per critical request (master + outstation sessions in memory, one core, HMAC-SHA-256/16):`);
  console.log(`  ${line('without SA', plain)}`);
  console.log(`  ${line('SA normal mode (challenge, reply)', normal)}; SA adds ${(normal.us - plain.us).toFixed(1)} µs`);
  console.log(`  ${line('SA aggressive mode', aggressive)}; SA adds ${(aggressive.us - plain.us).toFixed(1)} µs`);
  let changes = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) {
    new Pair(createDnp3Master({ ...ms(false), keepAliveMs: 0, disableUnsolicitedAtStartup: false, unsolicitedClasses: [], timeSync: { onNeedTime: false } }), createDnp3Outstation({ ...os(false), unsolicited: false }));
    changes++;
  }
  console.log(`  connect with session key change (key status, AES-256 key wrap, key status OK) and start-up: ${(((performance.now() - start) * 1000) / changes).toFixed(1)} µs`);
}
