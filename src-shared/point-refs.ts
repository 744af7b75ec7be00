/**
 * Interned point references (`ai:7`, `ioa:3001`). A device reports the same points again
 * and again, so the reference string of a prefix and index is made once and then shared:
 * no string is built per update, and a shared string keeps its hash, so every map keyed
 * by reference downstream looks it up without hashing it again.
 */

/** References kept per prefix; beyond this many distinct indices new ones are built each time. */
const MAX_KEPT = 1 << 16;

/** The references of one prefix. */
export class PointRefs {
  private readonly kept = new Map<number, string>();

  constructor(private readonly prefix: string) {}

  /** `prefix` followed by the decimal index, shared while at most MAX_KEPT indices are kept. */
  ref(index: number): string {
    let ref = this.kept.get(index);
    if (ref === undefined) {
      ref = this.prefix + index;
      if (this.kept.size < MAX_KEPT) this.kept.set(index, ref);
    }
    return ref;
  }
}
