/**
 * Value changes on a schedule (random walk of analogs and counters, toggling of
 * binaries), values that move by a model of each point, and the flood mode (N analog
 * input events per second), from a seeded generator so runs are reproducible.
 */
import { createValueDriver, initialValue, seededRandom, type RandomSource, type ValueDriver } from '../../../../src-shared/simulation/value-model';
import type { ResolvedOutstationConfig, SimPointType } from './config';
import type { SimDatabase } from './database';

/** One modelled point and its driver. */
interface ModelledPoint {
  type: SimPointType;
  index: number;
  driver: ValueDriver;
}

/** Drives the database from the change, model and flood timers. */
export class Simulation {
  private readonly random: RandomSource;
  private readonly modelled: ModelledPoint[] = [];
  private modelLastMs: number | null = null;
  private floodCarry = 0;
  private floodIndex = 0;
  private floodLastMs: number | null = null;

  constructor(
    private readonly cfg: ResolvedOutstationConfig,
    private readonly db: SimDatabase,
  ) {
    this.random = seededRandom(cfg.seed);
    for (const { type, index, model } of cfg.models?.points ?? []) {
      db.values[type][index]!.value = initialValue(model);
      this.modelled.push({ type, index, driver: createValueDriver(model, this.random) });
    }
  }

  /** Next pseudo-random integer in [0, n). */
  private next(n: number): number {
    return Math.floor(this.random() * n);
  }

  /** One tick of the value models: each modelled point moves by the time since the last tick; changed ones become events. */
  advanceModels(nowMs: number, timeMs: number): void {
    const m = this.cfg.models;
    if (!m) return;
    const dtMs = this.modelLastMs === null ? m.tickMs : Math.max(0, nowMs - this.modelLastMs);
    this.modelLastMs = nowMs;
    for (const p of this.modelled) {
      const before = this.db.values[p.type][p.index]!.value;
      if (typeof before === 'string') continue; // octet strings are not modelled
      const after = p.driver.next(before, dtMs);
      if (after !== before) this.db.update(p.type, p.index, after, timeMs);
    }
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
