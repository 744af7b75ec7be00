/**
 * Interns small repeated values (type names, quality word lists) as 16-bit numbers so the
 * point database can keep them in typed arrays.
 */

/** A table of strings by number. */
export class StringTable {
  private readonly byValue = new Map<string, number>();
  private readonly values: string[] = [];

  /** The number of `value`, adding it when new. */
  intern(value: string): number {
    let id = this.byValue.get(value);
    if (id === undefined) {
      id = this.values.length;
      if (id > 0xffff) throw new Error('StringTable overflow');
      this.values.push(value);
      this.byValue.set(value, id);
    }
    return id;
  }

  /** The value of number `id`. */
  get(id: number): string {
    return this.values[id] ?? '';
  }
}

/** A table of quality word lists by number; shared frozen arrays are found by identity. */
export class QualityTable {
  private readonly byIdentity = new Map<readonly string[], number>();
  private readonly byKey = new Map<string, number>();
  private readonly values: (readonly string[])[] = [];

  /** The number of a quality list, adding it when new. */
  intern(words: readonly string[]): number {
    const known = this.byIdentity.get(words);
    if (known !== undefined) return known;
    const key = words.join(',');
    let id = this.byKey.get(key);
    if (id === undefined) {
      id = this.values.length;
      if (id > 0xffff) throw new Error('QualityTable overflow');
      this.values.push(Object.freeze([...words]));
      this.byKey.set(key, id);
    }
    if (Object.isFrozen(words) && this.byIdentity.size < 4096) this.byIdentity.set(words, id);
    return id;
  }

  /** The words of number `id` (a frozen array). */
  get(id: number): readonly string[] {
    return this.values[id] ?? [];
  }
}
