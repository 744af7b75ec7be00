/** Test harness: drives sessions on a fake clock and pipes the tx of one into the rx of another. */
import type { Session, SessionEvent, SessionInput, SessionOutput } from '../../../../src-shared/session';

/** A session under test with its timers, sent bytes and events. */
export class Driven {
  readonly timers = new Map<string, number>();
  readonly events: SessionEvent[] = [];
  readonly sent: Uint8Array[] = [];
  closed: string | null = null;
  peer: Driven | null = null;
  /** When false, tx is recorded but not delivered to the peer (to script the other side). */
  deliver = true;

  constructor(
    readonly name: string,
    readonly session: Session,
    private readonly clock: FakeClock,
  ) {}

  /** Steps the session and applies its outputs. */
  step(input: SessionInput): SessionOutput[] {
    const outs = this.session.step(input, this.clock.now);
    for (const o of outs) {
      if (o.kind === 'tx') {
        this.sent.push(o.bytes);
        if (this.deliver && this.peer) this.clock.queue.push({ to: this.peer, bytes: o.bytes });
      } else if (o.kind === 'arm') this.timers.set(o.id, this.clock.now + o.ms);
      else if (o.kind === 'cancel') this.timers.delete(o.id);
      else if (o.kind === 'close') this.closed = o.reason;
      else this.events.push(o.event);
    }
    return outs;
  }

  /** Events of one type. */
  of<T extends SessionEvent['type']>(type: T): Array<Extract<SessionEvent, { type: T }>> {
    return this.events.filter((e): e is Extract<SessionEvent, { type: T }> => e.type === type);
  }
}

/** Fake clock in ms with a delivery queue. */
export class FakeClock {
  now = 0;
  readonly queue: Array<{ to: Driven; bytes: Uint8Array }> = [];
  readonly parties: Driven[] = [];

  /** Adds a session. */
  add(name: string, session: Session): Driven {
    const d = new Driven(name, session, this);
    this.parties.push(d);
    return d;
  }

  /** Delivers queued bytes until none are left (bounded). */
  flush(): void {
    for (let n = 0; this.queue.length > 0 && n < 100000; n++) {
      const m = this.queue.shift()!;
      m.to.step({ kind: 'rx', bytes: m.bytes });
    }
  }

  /** Advances time to `until`, firing timers in order and delivering bytes in between. */
  run(until: number): void {
    this.flush();
    for (let guard = 0; guard < 100000; guard++) {
      let next: { d: Driven; id: string; at: number } | null = null;
      for (const d of this.parties) for (const [id, at] of d.timers) if (at <= until && (!next || at < next.at)) next = { d, id, at };
      if (!next) break;
      this.now = Math.max(this.now, next.at);
      next.d.timers.delete(next.id);
      next.d.step({ kind: 'timer', id: next.id });
      this.flush();
    }
    this.now = Math.max(this.now, until);
  }
}

/** Connects two sessions and raises the link on both. */
export function connect(clock: FakeClock, a: Driven, b: Driven): void {
  a.peer = b;
  b.peer = a;
  b.step({ kind: 'up' });
  a.step({ kind: 'up' });
  clock.flush();
}

/** Hex of bytes. */
export function hex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}

/** Bytes of hex. */
export function unhex(h: string): Uint8Array {
  return new Uint8Array(Buffer.from(h.replace(/\s+/g, ''), 'hex'));
}
