/**
 * Live trend history: a fixed-size ring buffer per point, all kept in large typed-array
 * slabs so a million points cost no per-point objects. A sample is 16 bytes: its time
 * (Float64, ms since the epoch) and its value (Float64). A sample whose quality was
 * invalid is stored with its time negated (times are positive), which the trend view
 * draws as a gap. Buffers are allocated on a point's first sample.
 */

/** Points per slab. */
const SLAB_POINTS = 1024;

/** One point's buffered samples, oldest first. */
export interface TrendSamples {
  times: Float64Array;
  values: Float64Array;
  /** 1 where the sample's quality was invalid. */
  invalid: Uint8Array;
}

/** Ring buffers for every point. */
export class TrendStore {
  private readonly slotOf: Int32Array[] = [];
  private readonly slabs: Float64Array[] = [];
  private heads = new Uint32Array(0);
  private counts = new Uint32Array(0);
  private slots = 0;

  /** @param capacity samples per point. */
  constructor(readonly capacity: number) {}

  /** Bytes of sample storage allocated. */
  get sampleBytes(): number {
    return this.slabs.length * SLAB_POINTS * this.capacity * 16;
  }

  /** Appends one sample for point `index`. */
  append(index: number, timeMs: number, value: number, invalid: boolean): void {
    const slot = this.slot(index, true);
    const slab = this.slabs[(slot / SLAB_POINTS) | 0]!;
    const base = (slot % SLAB_POINTS) * this.capacity * 2;
    const head = this.heads[slot]!;
    slab[base + head * 2] = invalid ? -timeMs : timeMs;
    slab[base + head * 2 + 1] = value;
    this.heads[slot] = (head + 1) % this.capacity;
    if (this.counts[slot]! < this.capacity) this.counts[slot] = this.counts[slot]! + 1;
  }

  /** The samples of point `index` at or after `sinceMs`, oldest first. */
  read(index: number, sinceMs = -Infinity): TrendSamples {
    const slot = this.slot(index, false);
    if (slot < 0) return { times: new Float64Array(0), values: new Float64Array(0), invalid: new Uint8Array(0) };
    const slab = this.slabs[(slot / SLAB_POINTS) | 0]!;
    const base = (slot % SLAB_POINTS) * this.capacity * 2;
    const count = this.counts[slot]!;
    const start = (this.heads[slot]! - count + this.capacity) % this.capacity;
    const times: number[] = [];
    const values: number[] = [];
    const invalid: number[] = [];
    for (let i = 0; i < count; i++) {
      const at = base + ((start + i) % this.capacity) * 2;
      const stored = slab[at]!;
      const time = Math.abs(stored);
      if (time < sinceMs) continue;
      times.push(time);
      values.push(slab[at + 1]!);
      invalid.push(stored < 0 ? 1 : 0);
    }
    return { times: Float64Array.from(times), values: Float64Array.from(values), invalid: Uint8Array.from(invalid) };
  }

  private slot(index: number, create: boolean): number {
    const page = this.slotOf[index >>> 16];
    const known = page ? page[index & 0xffff]! : -1;
    if (known >= 0 || !create) return known;
    const slot = this.slots++;
    if (slot % SLAB_POINTS === 0) this.slabs.push(new Float64Array(SLAB_POINTS * this.capacity * 2));
    if (slot >= this.heads.length) {
      const size = Math.max(SLAB_POINTS, this.heads.length * 2);
      const heads = new Uint32Array(size);
      heads.set(this.heads);
      this.heads = heads;
      const counts = new Uint32Array(size);
      counts.set(this.counts);
      this.counts = counts;
    }
    let target = this.slotOf[index >>> 16];
    if (!target) {
      target = new Int32Array(65536).fill(-1);
      this.slotOf[index >>> 16] = target;
    }
    target[index & 0xffff] = slot;
    return slot;
  }
}
