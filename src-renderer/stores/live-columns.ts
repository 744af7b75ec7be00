/**
 * The live values of every point in typed arrays indexed by the point's slot (its index in
 * the engine's point database, which `points.batch` names points by): raw value and its
 * kind, engineering value, device and received time, change count, and interned ids of
 * the quality word list, the type and the state label. A batch is copied column by column
 * into these arrays, so it leaves no objects behind for the garbage collector; rows read
 * their values from here (see live-point.ts).
 */
import { markRaw } from 'vue';
import type { CallResponse } from '../../src-shared/ipc/contract';
import { batchText, orNull, RAW_KIND, rawKindOf, rawNumber, rawValue, type PointBatchPayload } from '../../src-shared/ipc/point-batch';

/** The live fields of a point as points.list gives them. */
type LiveFields = Pick<CallResponse<'points.get'>, 'type' | 'raw' | 'value' | 'label' | 'quality' | 'deviceTime' | 'receivedTime' | 'changes'>;

/** Interns strings and quality lists as 16-bit ids (they repeat: a few hundred distinct). */
class Interned<T> {
  private readonly ids = new Map<string, number>();
  readonly values: T[] = [];

  constructor(private readonly keyOf: (value: T) => string) {}

  id(value: T): number {
    const key = this.keyOf(value);
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.ids.set(key, id);
    }
    return id;
  }
}

/** Typed columns of live values by slot; grows as slots appear. */
export class LiveColumns {
  private capacity = 0;
  private kind = new Uint8Array(0);
  private raw = new Float64Array(0);
  private eng = new Float64Array(0);
  private device = new Float64Array(0);
  private received = new Float64Array(0);
  private changeCount = new Uint32Array(0);
  private qualityOf = new Uint16Array(0);
  private typeOf = new Uint16Array(0);
  /** String id + 1 of the state label; 0 for none. */
  private labelOf = new Uint16Array(0);
  /** 1 for a slot a batch wrote since {@link resetFresh}. */
  private fresh = new Uint8Array(0);
  private readonly texts = new Map<number, string>();
  private readonly strings = new Interned<string>((s) => s);
  private readonly qualities = new Interned<string[]>((words) => words.join(' '));

  constructor() {
    this.strings.id('');
    this.qualities.id([]);
    markRaw(this);
  }

  /** Copies a batch into the columns; `onType` hears each distinct type of the batch. */
  applyBatch(batch: PointBatchPayload, onType: (type: string) => void): void {
    const qualityIds = Uint16Array.from(batch.qualityLists, (words) => this.qualities.id(words));
    const stringIds = Uint16Array.from(batch.strings, (s) => this.strings.id(s));
    const isType = new Uint8Array(batch.strings.length);
    for (let i = 0; i < batch.types.length; i++) isType[batch.types[i]!] = 1;
    for (let k = 0; k < isType.length; k++) if (isType[k] === 1) onType(batch.strings[k]!);
    const slots = batch.slots;
    let max = -1;
    for (let i = 0; i < slots.length; i++) max = Math.max(max, slots[i]!);
    this.ensure(max);
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i]!;
      const kind = batch.kinds[i]!;
      this.kind[slot] = kind;
      this.raw[slot] = batch.raws[i]!;
      this.eng[slot] = batch.values[i]!;
      this.device[slot] = batch.deviceTimes[i]!;
      this.received[slot] = batch.receivedTimes[i]!;
      this.changeCount[slot] = batch.changes[i]!;
      this.qualityOf[slot] = qualityIds[batch.qualities[i]!]!;
      this.typeOf[slot] = stringIds[batch.types[i]!]!;
      const label = batch.labels[i]!;
      this.labelOf[slot] = label === 0 ? 0 : stringIds[label - 1]! + 1;
      this.fresh[slot] = 1;
      if (kind === RAW_KIND.text) this.texts.set(slot, batchText(batch, i) ?? '');
    }
  }

  /**
   * Sets a slot from a listed point, unless a batch since {@link resetFresh} brought it a
   * value at least as new (by change count): a list answered while batches flow is older.
   */
  setFromList(slot: number, live: LiveFields): void {
    this.ensure(slot);
    if (this.fresh[slot] === 1 && this.changeCount[slot]! >= live.changes) return;
    const kind = rawKindOf(live.raw);
    this.kind[slot] = kind;
    this.raw[slot] = rawNumber(live.raw);
    this.eng[slot] = live.value ?? NaN;
    this.device[slot] = live.deviceTime ?? NaN;
    this.received[slot] = live.receivedTime ?? NaN;
    this.changeCount[slot] = live.changes;
    this.qualityOf[slot] = this.qualities.id(live.quality);
    this.typeOf[slot] = this.strings.id(live.type);
    this.labelOf[slot] = live.label === null ? 0 : this.strings.id(live.label) + 1;
    if (kind === RAW_KIND.text) this.texts.set(slot, live.raw as string);
  }

  /** Forgets which slots batches wrote (a full reload starts). */
  resetFresh(): void {
    this.fresh.fill(0);
  }

  /** The raw value as reported; null before the first report. */
  rawAt(slot: number): number | boolean | string | null {
    return rawValue(this.kind[slot] ?? RAW_KIND.none, this.raw[slot]!, this.texts.get(slot));
  }

  /** The engineering value; null for text or none. */
  valueAt(slot: number): number | null {
    return this.kind[slot] ? orNull(this.eng[slot]!) : null;
  }

  /** The state label of a digital value. */
  labelAt(slot: number): string | null {
    const label = this.labelOf[slot] ?? 0;
    return label === 0 ? null : this.strings.values[label - 1]!;
  }

  /** The quality words (one shared array per distinct list). */
  qualityAt(slot: number): string[] {
    return this.qualities.values[this.qualityOf[slot] ?? 0]!;
  }

  /** The reported type; empty before the first report. */
  typeAt(slot: number): string {
    return this.strings.values[this.typeOf[slot] ?? 0]!;
  }

  /** Device time, ms since the epoch, or null. */
  deviceTimeAt(slot: number): number | null {
    return slot < this.capacity ? orNull(this.device[slot]!) : null;
  }

  /** When the engine received the value, or null. */
  receivedTimeAt(slot: number): number | null {
    return slot < this.capacity ? orNull(this.received[slot]!) : null;
  }

  /** Changes of value or quality since the engine started. */
  changesAt(slot: number): number {
    return this.changeCount[slot] ?? 0;
  }

  private ensure(slot: number): void {
    if (slot < this.capacity) return;
    let capacity = Math.max(1024, this.capacity);
    while (capacity <= slot) capacity *= 2;
    const grow = <T extends Float64Array | Uint32Array | Uint16Array | Uint8Array>(old: T, make: (n: number) => T, fill?: number): T => {
      const next = make(capacity);
      if (fill !== undefined) next.fill(fill, old.length);
      next.set(old as never);
      return next;
    };
    this.kind = grow(this.kind, (n) => new Uint8Array(n));
    this.raw = grow(this.raw, (n) => new Float64Array(n), NaN);
    this.eng = grow(this.eng, (n) => new Float64Array(n), NaN);
    this.device = grow(this.device, (n) => new Float64Array(n), NaN);
    this.received = grow(this.received, (n) => new Float64Array(n), NaN);
    this.changeCount = grow(this.changeCount, (n) => new Uint32Array(n));
    this.qualityOf = grow(this.qualityOf, (n) => new Uint16Array(n));
    this.typeOf = grow(this.typeOf, (n) => new Uint16Array(n));
    this.labelOf = grow(this.labelOf, (n) => new Uint16Array(n));
    this.fresh = grow(this.fresh, (n) => new Uint8Array(n));
    this.capacity = capacity;
  }
}
