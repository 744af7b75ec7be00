/**
 * Value changes on a schedule (random walk of analogs and counters, toggling of
 * binaries) and the flood mode (N analog input events per second), from a seeded
 * xorshift generator so runs are reproducible.
 */
import type { ResolvedOutstationConfig, SimPointType } from './config';
import type { SimDatabase } from './database';

/** Drives the database from the change and flood timers. */
export class Simulation {
  private state: number;
  private floodCarry = 0;
  private floodIndex = 0;
  private floodLastMs: number | null = null;

  constructor(
    private readonly cfg: ResolvedOutstationConfig,
    private readonly db: SimDatabase,
  ) {
    this.state = cfg.seed >>> 0 || 1;
  }

  /** Next pseudo-random integer in [0, n). */
  private next(n: number): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state % n;
  }

  /** One tick of scheduled changes. */
  change(timeMs: number): void {
    const c = this.cfg.changes;
    if (!c) return;
    const types: SimPointType[] = c.mode === 'toggle' ? ['bi', 'dbi', 'bo'] : ['ai', 'ctr'];
    const usable = types.filter((t) => this.cfg.counts[t] > 0);
    if (usable.length === 0) return;
    for (let k = 0; k < c.pointsPerTick; k++) {
      const type = usable[this.next(usable.length)]!;
      const index = this.next(this.cfg.counts[type]);
      const p = this.db.values[type][index]!;
      let v: number | boolean;
      if (type === 'bi' || type === 'bo') v = p.value !== true;
      else if (type === 'dbi') v = p.value === 2 ? 1 : 2;
      else if (type === 'ctr') v = (Number(p.value) + 1 + this.next(10)) >>> 0;
      else v = Number(p.value) + this.next(21) - 10;
      this.db.update(type, index, v, timeMs);
    }
  }

  /**
   * One tick of flood mode: rate x elapsed time analog input events (timers fire late, so
   * the elapsed `nowMs` counts, not the nominal tick), round-robin over the points.
   */
  flood(nowMs: number, timeMs: number): void {
    const f = this.cfg.flood;
    const n = this.cfg.counts.ai;
    if (!f || n === 0) return;
    const elapsed = this.floodLastMs === null ? f.tickMs : Math.min(1000, Math.max(0, nowMs - this.floodLastMs));
    this.floodLastMs = nowMs;
    this.floodCarry += (f.eventsPerSecond * elapsed) / 1000;
    const count = Math.floor(this.floodCarry);
    this.floodCarry -= count;
    for (let k = 0; k < count; k++) {
      const index = this.floodIndex;
      this.floodIndex = (index + 1) % n;
      this.db.update('ai', index, Number(this.db.values.ai[index]!.value) + 1, timeMs);
    }
  }
}
