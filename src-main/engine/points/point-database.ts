/**
 * The point database: every point of every station, keyed by station + address, stored
 * column-wise in typed arrays (about 50 bytes of columns plus its address string and map
 * entry per point) so a million points fit. A point holds its raw value, engineering value
 * after linear scaling, quality words, device time, received time, type and change count.
 * Points appear as devices report them; configured points exist from the start.
 */
import type { PointUpdate } from '../../../src-shared/session';
import type { PointConfig } from '../../../src-shared/workspace/point-config';
import { RAW_KIND } from '../../../src-shared/ipc/point-batch';
import { QualityTable, StringTable } from './intern-table';

/** How a point's raw value is kept (the batch's kinds, src-shared/ipc/point-batch.ts). */
const Kind = { None: RAW_KIND.none, Number: RAW_KIND.number, Boolean: RAW_KIND.boolean, Text: RAW_KIND.text } as const;
type Kind = (typeof Kind)[keyof typeof Kind];

/** One point's current state, as read from the columns. */
export interface PointRecord {
  index: number;
  station: string;
  address: string;
  type: string;
  /** Raw value as reported; null before the first report. */
  raw: number | boolean | string | null;
  /** Engineering value (scaled) for numbers and binaries; null otherwise. */
  value: number | null;
  quality: readonly string[];
  deviceTime: number | null;
  receivedTime: number | null;
  changes: number;
  config: PointConfig | undefined;
}

/**
 * One point's live columns as numbers (interned ids for quality and type), read into a
 * reused object so the fan-out's batch path builds no record per point.
 */
export interface LiveCursor {
  /** RAW_KIND of the raw value. */
  kind: number;
  /** Raw number or binary 1/0; NaN for text or none. */
  raw: number;
  /** Engineering value; NaN for none. */
  value: number;
  deviceTime: number;
  receivedTime: number;
  changes: number;
  /** Interned quality list ({@link PointDatabase.qualityWords}). */
  quality: number;
  /** Interned type ({@link PointDatabase.typeName}). */
  type: number;
}

const INITIAL = 1024;

/** Column store of points. */
export class PointDatabase {
  private size = 0;
  private capacity = 0;
  private stationOf = new Uint16Array(0);
  private raw = new Float64Array(0);
  private eng = new Float64Array(0);
  private deviceTime = new Float64Array(0);
  private receivedTime = new Float64Array(0);
  private changeCount = new Uint32Array(0);
  private qualityOf = new Uint16Array(0);
  private typeOf = new Uint16Array(0);
  private kindOf = new Uint8Array(0);
  private readonly addresses: string[] = [];
  private readonly texts = new Map<number, string>();
  private readonly stationIds = new StringTable();
  private readonly types = new StringTable();
  private readonly qualities = new QualityTable();
  private readonly byStation = new Map<string, Map<string, number>>();
  private readonly configs = new Map<string, Map<string, PointConfig>>();
  private readonly empty = this.qualities.intern([]);
  private readonly noType = this.types.intern('');

  constructor() {
    this.grow(INITIAL);
  }

  /** Number of points. */
  get count(): number {
    return this.size;
  }

  /** The index of a point, or -1. */
  find(station: string, address: string): number {
    return this.byStation.get(station)?.get(address) ?? -1;
  }

  /** The index of a point, creating it (without a value) when new. */
  ensure(station: string, address: string): number {
    let map = this.byStation.get(station);
    if (!map) {
      map = new Map();
      this.byStation.set(station, map);
    }
    const known = map.get(address);
    if (known !== undefined) return known;
    if (this.size === this.capacity) this.grow(this.capacity * 2);
    const index = this.size++;
    map.set(address, index);
    this.addresses[index] = address;
    this.stationOf[index] = this.stationIds.intern(station);
    this.qualityOf[index] = this.empty;
    this.deviceTime[index] = NaN;
    this.receivedTime[index] = NaN;
    return index;
  }

  /**
   * Stores a reported value. Returns whether the value or quality changed (the change
   * count then goes up).
   */
  apply(station: string, address: string, update: PointUpdate, receivedMs: number): { index: number; changed: boolean } {
    const index = this.ensure(station, address);
    const quality = this.qualities.intern(update.quality);
    const type = this.types.intern(update.type);
    let kind: Kind;
    let raw: number;
    const value = update.value;
    if (typeof value === 'number') {
      kind = Kind.Number;
      raw = value;
    } else if (typeof value === 'boolean') {
      kind = Kind.Boolean;
      raw = value ? 1 : 0;
    } else {
      kind = Kind.Text;
      raw = NaN;
    }
    const changed =
      this.kindOf[index] !== kind ||
      this.qualityOf[index] !== quality ||
      (kind === Kind.Text ? this.texts.get(index) !== value : !Object.is(this.raw[index], raw));
    if (kind === Kind.Text) this.texts.set(index, value as string);
    this.kindOf[index] = kind;
    this.raw[index] = raw;
    this.typeOf[index] = type;
    this.qualityOf[index] = quality;
    this.deviceTime[index] = update.deviceTime ?? NaN;
    this.receivedTime[index] = receivedMs;
    const config = this.configs.get(station)?.get(address);
    this.eng[index] = kind === Kind.Text ? NaN : config ? raw * config.scale + config.offset : raw;
    if (changed) this.changeCount[index] = this.changeCount[index]! + 1;
    return { index, changed };
  }

  /**
   * Re-marks the quality of a station's points that have a value (and, with
   * `receivedBefore`, were last received before that time) in one pass: `mark` maps a
   * quality list to its marked list, or null to leave it; it runs once per distinct list.
   * A marked point's change count goes up. Returns the indices marked.
   */
  markQuality(station: string, mark: (quality: readonly string[]) => readonly string[] | null, receivedBefore = Infinity): number[] {
    const marked: number[] = [];
    const indices = this.byStation.get(station);
    if (!indices) return marked;
    const mapped = new Map<number, number>();
    for (const index of indices.values()) {
      if (this.kindOf[index] === Kind.None || !(this.receivedTime[index]! < receivedBefore)) continue;
      const quality = this.qualityOf[index]!;
      let next = mapped.get(quality);
      if (next === undefined) {
        const words = mark(this.qualities.get(quality));
        next = words === null ? quality : this.qualities.intern(words);
        mapped.set(quality, next);
      }
      if (next === quality) continue;
      this.qualityOf[index] = next;
      this.changeCount[index] = this.changeCount[index]! + 1;
      marked.push(index);
    }
    return marked;
  }

  /** The configured points of a station. */
  configsOf(station: string): Iterable<PointConfig> {
    return this.configs.get(station)?.values() ?? [];
  }

  /**
   * Replaces the point list of a station. Configured points, and the `controllable`
   * addresses of its command policies (an IEC 104 command IOA is seldom reported in the
   * monitor direction), exist even before a report.
   */
  configure(station: string, points: readonly PointConfig[], controllable: readonly string[] = []): void {
    const map = new Map(points.map((point) => [point.address, point]));
    this.configs.set(station, map);
    for (const point of points) this.ensure(station, point.address);
    for (const address of controllable) this.ensure(station, address);
    const indices = this.byStation.get(station);
    if (!indices) return;
    for (const [address, index] of indices) {
      if (this.kindOf[index] === Kind.Number || this.kindOf[index] === Kind.Boolean) {
        const config = map.get(address);
        this.eng[index] = config ? this.raw[index]! * config.scale + config.offset : this.raw[index]!;
      }
    }
  }

  /** The configuration of a point, if any. */
  config(station: string, address: string): PointConfig | undefined {
    return this.configs.get(station)?.get(address);
  }

  /** Forgets a station's points (when the station is removed). */
  dropStation(station: string): void {
    const map = this.byStation.get(station);
    if (map) for (const index of map.values()) this.kindOf[index] = Kind.None;
    this.byStation.delete(station);
    this.configs.delete(station);
  }

  /** Whether `index` is a point of a station not dropped. */
  has(index: number): boolean {
    if (!Number.isInteger(index) || index < 0 || index >= this.size) return false;
    return this.byStation.get(this.stationIds.get(this.stationOf[index]!))?.get(this.addresses[index]!) === index;
  }

  /** Indices of a station's points, in address order of first appearance. */
  indicesOf(station: string): number[] {
    return [...(this.byStation.get(station)?.values() ?? [])];
  }

  /** Station ids that have points. */
  stationsWithPoints(): string[] {
    return [...this.byStation.keys()];
  }

  /** Engineering value of a point (NaN when none). */
  engineering(index: number): number {
    return this.eng[index]!;
  }

  /** Reads a point's live columns into `cursor` (no allocation). */
  readLive(index: number, cursor: LiveCursor): void {
    const kind = this.kindOf[index]!;
    cursor.kind = kind;
    cursor.raw = kind === Kind.None ? NaN : this.raw[index]!;
    cursor.value = kind === Kind.None ? NaN : this.eng[index]!;
    cursor.deviceTime = this.deviceTime[index]!;
    cursor.receivedTime = this.receivedTime[index]!;
    cursor.changes = this.changeCount[index]!;
    cursor.quality = this.qualityOf[index]!;
    cursor.type = kind === Kind.None ? this.noType : this.typeOf[index]!;
  }

  /** A point's interned quality list id ({@link PointDatabase.qualityWords}). */
  qualityIdOf(index: number): number {
    return this.qualityOf[index]!;
  }

  /** The station id of a point. */
  stationIdOf(index: number): string {
    return this.stationIds.get(this.stationOf[index]!);
  }

  /** The words of an interned quality list (a frozen array). */
  qualityWords(id: number): readonly string[] {
    return this.qualities.get(id);
  }

  /** The name of an interned type. */
  typeName(id: number): string {
    return this.types.get(id);
  }

  /** The text value of a point holding text (undefined otherwise). */
  text(index: number): string | undefined {
    return this.kindOf[index] === Kind.Text ? this.texts.get(index) : undefined;
  }

  /** A point's address. */
  addressOf(index: number): string {
    return this.addresses[index]!;
  }

  /** A point's configuration, if any (two map look-ups, no record). */
  configAt(index: number): PointConfig | undefined {
    return this.configs.get(this.stationIds.get(this.stationOf[index]!))?.get(this.addresses[index]!);
  }

  /** Reads one point. */
  get(index: number): PointRecord {
    const kind = this.kindOf[index] as Kind;
    const station = this.stationIds.get(this.stationOf[index]!);
    const address = this.addresses[index]!;
    const raw =
      kind === Kind.None ? null : kind === Kind.Number ? this.raw[index]! : kind === Kind.Boolean ? this.raw[index] === 1 : (this.texts.get(index) ?? '');
    const device = this.deviceTime[index]!;
    const received = this.receivedTime[index]!;
    const eng = this.eng[index]!;
    return {
      index,
      station,
      address,
      type: kind === Kind.None ? '' : this.types.get(this.typeOf[index]!),
      raw,
      value: kind === Kind.None || Number.isNaN(eng) ? null : eng,
      quality: this.qualities.get(this.qualityOf[index]!),
      deviceTime: Number.isNaN(device) ? null : device,
      receivedTime: Number.isNaN(received) ? null : received,
      changes: this.changeCount[index]!,
      config: this.configs.get(station)?.get(address),
    };
  }

  /** Bytes held by the typed columns (for the benchmark). */
  get columnBytes(): number {
    return this.capacity * (2 + 8 + 8 + 8 + 8 + 4 + 2 + 2 + 1);
  }

  private grow(capacity: number): void {
    const copy = <T extends Float64Array | Uint32Array | Uint16Array | Uint8Array>(old: T, make: (n: number) => T): T => {
      const next = make(capacity);
      next.set(old as never);
      return next;
    };
    this.stationOf = copy(this.stationOf, (n) => new Uint16Array(n));
    this.raw = copy(this.raw, (n) => new Float64Array(n));
    this.eng = copy(this.eng, (n) => new Float64Array(n));
    this.deviceTime = copy(this.deviceTime, (n) => new Float64Array(n));
    this.receivedTime = copy(this.receivedTime, (n) => new Float64Array(n));
    this.changeCount = copy(this.changeCount, (n) => new Uint32Array(n));
    this.qualityOf = copy(this.qualityOf, (n) => new Uint16Array(n));
    this.typeOf = copy(this.typeOf, (n) => new Uint16Array(n));
    this.kindOf = copy(this.kindOf, (n) => new Uint8Array(n));
    this.capacity = capacity;
  }
}
