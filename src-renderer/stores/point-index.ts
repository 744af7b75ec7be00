/**
 * The points store's rows by point id, without a string-keyed hash table. V8 keeps every
 * string it has hashed (a Map key) or internalized on a list it walks in each full
 * garbage collection's pause: with 100,000 point ids as Map keys that walk took 35-60 ms
 * of each pause at 4x CPU slowdown (against 0.1 ms for number keys; measured in Chromium
 * with 100,000 string against number keys). So the index hashes an id itself (FNV-1a)
 * into a Map of numbers, and the ids are never stored: a row makes its id on demand.
 */
import { markRaw } from 'vue';
import type { PointRow } from './point-row';

/** FNV-1a hash of a string's UTF-16 code units, as an unsigned 32-bit number. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/** Rows by point id, in the order they were added (a Map's order); a read-only Map to its readers. */
export class PointIndex implements ReadonlyMap<string, PointRow> {
  private rows: PointRow[] = [];
  /** Position in `rows` by the id's hash; a list where ids share a hash. */
  private readonly byHash = new Map<number, number | number[]>();

  constructor() {
    markRaw(this);
  }

  get size(): number {
    return this.rows.length;
  }

  /** The row of point `id`. */
  get(id: string): PointRow | undefined {
    const at = this.positionOf(id);
    return at === undefined ? undefined : this.rows[at];
  }

  has(id: string): boolean {
    return this.positionOf(id) !== undefined;
  }

  /** Adds a row, or replaces the row of the same id in its place. */
  set(id: string, row: PointRow): this {
    const at = this.positionOf(id);
    if (at !== undefined) {
      this.rows[at] = row;
      return this;
    }
    const hash = fnv1a(id);
    const position = this.rows.push(row) - 1;
    const found = this.byHash.get(hash);
    if (found === undefined) this.byHash.set(hash, position);
    else if (typeof found === 'number') this.byHash.set(hash, [found, position]);
    else found.push(position);
    return this;
  }

  clear(): void {
    this.rows = [];
    this.byHash.clear();
  }

  forEach(callback: (row: PointRow, id: string, map: ReadonlyMap<string, PointRow>) => void): void {
    for (const row of this.rows) callback(row, row.id, this);
  }

  *entries(): MapIterator<[string, PointRow]> {
    for (const row of this.rows) yield [row.id, row];
  }

  *keys(): MapIterator<string> {
    for (const row of this.rows) yield row.id;
  }

  *values(): MapIterator<PointRow> {
    yield* this.rows;
  }

  [Symbol.iterator](): MapIterator<[string, PointRow]> {
    return this.entries();
  }

  private positionOf(id: string): number | undefined {
    const found = this.byHash.get(fnv1a(id));
    if (found === undefined) return undefined;
    if (typeof found === 'number') return this.rows[found]!.id === id ? found : undefined;
    return found.find((at) => this.rows[at]!.id === id);
  }
}
