/**
 * A fixed-capacity ring buffer for logs and live frames: pushing past the capacity drops
 * the oldest entry, so memory stays bounded however long the app runs (never
 * `[...log, line]`).
 */
export class RingBuffer<T> {
  private readonly items: (T | undefined)[];
  private start = 0;
  private count = 0;
  /** Total entries ever pushed (a change counter for views, and a stable sequence number). */
  pushed = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`ring buffer capacity must be a positive integer, got ${capacity}`);
    this.items = new Array<T | undefined>(capacity);
  }

  /** Number of entries held. */
  get size(): number {
    return this.count;
  }

  /** Entries dropped because the buffer was full. */
  get dropped(): number {
    return this.pushed - this.count;
  }

  /** Appends one entry, dropping the oldest when full. */
  push(item: T): void {
    const end = (this.start + this.count) % this.capacity;
    this.items[end] = item;
    if (this.count < this.capacity) this.count++;
    else this.start = (this.start + 1) % this.capacity;
    this.pushed++;
  }

  /** The entry at `index` (0 = oldest held), or undefined outside the held range. */
  at(index: number): T | undefined {
    if (index < 0 || index >= this.count) return undefined;
    return this.items[(this.start + index) % this.capacity];
  }

  /** The newest entry, or undefined when empty. */
  last(): T | undefined {
    return this.at(this.count - 1);
  }

  /** The held entries, oldest first. */
  toArray(): T[] {
    const out = new Array<T>(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.items[(this.start + i) % this.capacity] as T;
    return out;
  }

  /** Drops every entry (the pushed counter keeps counting). */
  clear(): void {
    this.items.fill(undefined);
    this.start = 0;
    this.count = 0;
  }
}
