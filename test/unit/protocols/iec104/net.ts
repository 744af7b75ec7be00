/**
 * Test harness: sans-IO sessions wired together in memory on a fake clock. Each wire joins
 * (node, link) to (node, link); tx on one end becomes rx on the other; arm/cancel keep a
 * timer table per node; `advance` fires timers in time order.
 */
import type { Session, SessionCall, SessionEvent, SessionInput, SessionOutput } from '../../../../src-shared/session';

/** One session in the net with its timers and collected events. */
export interface NetNode {
  session: Session;
  timers: Map<string, number>;
  events: SessionEvent[];
  closes: Array<{ link: number; reason: string }>;
  sent: Array<{ link: number; bytes: Uint8Array }>;
}

interface Wire {
  a: NetNode;
  aLink: number;
  b: NetNode;
  bLink: number;
  up: boolean;
  /** Return false to drop a frame travelling from `from`. */
  filter?: (from: NetNode, bytes: Uint8Array) => boolean;
}

/** In-memory network on a fake clock. */
export class Net {
  now = 0;
  readonly nodes: NetNode[] = [];
  readonly wires: Wire[] = [];
  private readonly queue: Array<() => void> = [];
  private draining = false;

  add(session: Session): NetNode {
    const n: NetNode = { session, timers: new Map(), events: [], closes: [], sent: [] };
    this.nodes.push(n);
    return n;
  }

  /** Connects two ends and delivers `up` to both (b first: the server side accepts first). */
  connect(a: NetNode, aLink: number, b: NetNode, bLink: number): number {
    const w: Wire = { a, aLink, b, bLink, up: true };
    this.wires.push(w);
    this.feed(b, { kind: 'up', link: bLink });
    this.feed(a, { kind: 'up', link: aLink });
    return this.wires.length - 1;
  }

  /** Breaks a wire: both ends get `down`. */
  cut(i: number, reason = 'cut'): void {
    const w = this.wires[i];
    if (w === undefined || !w.up) return;
    w.up = false;
    this.feed(w.a, { kind: 'down', link: w.aLink, reason });
    this.feed(w.b, { kind: 'down', link: w.bLink, reason });
  }

  setFilter(i: number, filter: Wire['filter']): void {
    (this.wires[i] as Wire).filter = filter;
  }

  feed(n: NetNode, input: SessionInput): void {
    this.handle(n, n.session.step(input, this.now));
    this.drain();
  }

  call(n: NetNode, call: SessionCall): void {
    this.feed(n, { kind: 'call', call });
  }

  /** Advances the clock by `ms`, firing due timers in order. */
  advance(ms: number): void {
    const target = this.now + ms;
    for (;;) {
      let best: { n: NetNode; id: string; due: number } | null = null;
      for (const n of this.nodes) for (const [id, due] of n.timers) if (due <= target && (best === null || due < best.due)) best = { n, id, due };
      if (best === null) break;
      this.now = Math.max(this.now, best.due);
      best.n.timers.delete(best.id);
      this.feed(best.n, { kind: 'timer', id: best.id });
    }
    this.now = target;
  }

  private wireOf(n: NetNode, link: number): { w: Wire; peer: NetNode; peerLink: number } | null {
    for (const w of this.wires) {
      if (!w.up) continue;
      if (w.a === n && w.aLink === link) return { w, peer: w.b, peerLink: w.bLink };
      if (w.b === n && w.bLink === link) return { w, peer: w.a, peerLink: w.aLink };
    }
    return null;
  }

  private handle(n: NetNode, outs: SessionOutput[]): void {
    for (const o of outs) {
      switch (o.kind) {
        case 'tx': {
          const link = o.link ?? 0;
          n.sent.push({ link, bytes: o.bytes.slice() });
          const c = this.wireOf(n, link);
          if (c === null || (c.w.filter !== undefined && !c.w.filter(n, o.bytes))) break;
          const bytes = o.bytes.slice();
          this.queue.push(() => this.handle(c.peer, c.peer.session.step({ kind: 'rx', bytes, link: c.peerLink }, this.now)));
          break;
        }
        case 'arm':
          n.timers.set(o.id, this.now + o.ms);
          break;
        case 'cancel':
          n.timers.delete(o.id);
          break;
        case 'close': {
          const link = o.link ?? 0;
          n.closes.push({ link, reason: o.reason });
          const c = this.wireOf(n, link);
          if (c !== null) {
            const i = this.wires.indexOf(c.w);
            this.queue.push(() => this.cut(i, o.reason));
          }
          break;
        }
        case 'event':
          n.events.push(o.event);
          break;
      }
    }
  }

  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.queue.length > 0) (this.queue.shift() as () => void)();
    } finally {
      this.draining = false;
    }
  }
}

/** Events of one type. */
export function eventsOf<T extends SessionEvent['type']>(n: NetNode, type: T): Array<Extract<SessionEvent, { type: T }>> {
  return n.events.filter((e): e is Extract<SessionEvent, { type: T }> => e.type === type);
}
