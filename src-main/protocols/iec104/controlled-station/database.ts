/**
 * The simulator's process image: monitor points per common address with their current
 * values, the changes of the spontaneous schedule, and what a redundancy group shares
 * (the I-frames a lost connection left unacknowledged, to be sent on the next one).
 */
import { createValueDriver, initialValue, seededRandom, type ValueDriver } from '../../../../src-shared/simulation/value-model';
import { NO_QUALITY } from '../asdu/quality';
import { typeByName, typeSpec } from '../asdu/type-table';
import type { InfoObject, TypeSpec } from '../asdu/types';
import type { Iec104StationPoint } from './config';

/** One point of the process image. */
export interface SimPoint {
  ca: number;
  ioa: number;
  spec: TypeSpec;
  group: number;
  value: number | boolean;
  /** Counter sequence number (BCR) or change count. */
  sequence: number;
  /** Moves the value on the model schedule; absent for points without a model. */
  driver?: ValueDriver;
}

// Time-tagged monitor types answer interrogations with their untagged type.
const UNTAGGED: Readonly<Record<number, number>> = {
  2: 1, 4: 3, 6: 5, 8: 7, 10: 9, 12: 11, 14: 13, 16: 15, 30: 1, 31: 3, 32: 5, 33: 7, 34: 9, 35: 11, 36: 13, 37: 15,
};

/** The type a point is reported with in an interrogation response. */
export function interrogationType(spec: TypeSpec): TypeSpec {
  const id = UNTAGGED[spec.id];
  return id === undefined ? spec : (typeSpec(id) as TypeSpec);
}

/** True for integrated totals (answered by counter interrogation, not GI). */
export function isCounter(spec: TypeSpec): boolean {
  return spec.id === 15 || spec.id === 16 || spec.id === 37;
}

/** True for protection events (only ever spontaneous). */
export function isProtection(spec: TypeSpec): boolean {
  return (spec.id >= 17 && spec.id <= 19) || (spec.id >= 38 && spec.id <= 40);
}

/** The shared process image of one simulated station (several sessions may share it). */
export class StationDatabase {
  private readonly byKey = new Map<string, SimPoint>();
  private readonly ordered: SimPoint[] = [];
  private nextChange = 0;
  private backlog: Uint8Array[] = [];
  /** Clock correction set by clock synchronisation (added to the wall clock). */
  clockCorrectionMs = 0;
  /** Whether end of initialization was already reported. */
  initReported = false;

  /** The points and the seed of their value models. */
  constructor(points: readonly Iec104StationPoint[], defaultCa: number, seed = 1) {
    const random = seededRandom(seed);
    for (const p of points) {
      const spec = typeByName(p.type);
      if (spec === undefined) continue;
      const isBool = spec.id === 1 || spec.id === 2 || spec.id === 30;
      const value = p.value ?? (p.model ? initialValue(p.model) : isBool ? false : 0);
      const sp: SimPoint = { ca: p.commonAddress ?? defaultCa, ioa: p.ioa, spec, group: p.group ?? 0, value, sequence: 0 };
      if (p.model) sp.driver = createValueDriver(p.model, random);
      this.byKey.set(`${sp.ca}:${sp.ioa}`, sp);
      this.ordered.push(sp);
    }
  }

  /** The point at a common address and IOA. */
  get(ca: number, ioa: number): SimPoint | undefined {
    return this.byKey.get(`${ca}:${ioa}`);
  }

  /** Every point of a common address, in configuration order. */
  pointsOf(ca: number): SimPoint[] {
    return this.ordered.filter((p) => p.ca === ca);
  }

  /** Advances the next `count` points (round robin; only the IOAs in `only` when given) to their next value and returns them. */
  change(count: number, only?: readonly number[]): SimPoint[] {
    const changed: SimPoint[] = [];
    const pool = only === undefined ? this.ordered : this.ordered.filter((p) => only.includes(p.ioa));
    const n = pool.length;
    for (let i = 0; i < count && n > 0; i++) {
      const p = pool[this.nextChange % n] as SimPoint;
      this.nextChange++;
      p.value = nextValue(p);
      p.sequence = (p.sequence + 1) & 0x1f;
      changed.push(p);
    }
    return changed;
  }

  /** Moves every point with a model by `dtMs` and returns those whose value changed. */
  advanceModels(dtMs: number): SimPoint[] {
    const changed: SimPoint[] = [];
    for (const p of this.ordered) {
      if (p.driver === undefined) continue;
      const value = p.driver.next(p.value, dtMs);
      if (value === p.value) continue;
      p.value = value;
      p.sequence = (p.sequence + 1) & 0x1f;
      changed.push(p);
    }
    return changed;
  }

  /** Keeps I-frames a lost connection left unacknowledged. */
  addBacklog(frames: Uint8Array[]): void {
    this.backlog.push(...frames);
  }

  /** Takes the kept I-frames (sent first on the next started connection). */
  takeBacklog(): Uint8Array[] {
    const b = this.backlog;
    this.backlog = [];
    return b;
  }
}

/** The next value of a point: counting values step by one, binaries toggle, doubles flip off/on. */
function nextValue(p: SimPoint): number | boolean {
  const v = p.value;
  if (typeof v === 'boolean') return !v;
  switch (p.spec.id) {
    case 3: case 4: case 31: case 17: case 38:
      return v === 2 ? 1 : 2;
    case 5: case 6: case 32:
      return v >= 63 ? -64 : v + 1;
    case 9: case 10: case 21: case 34:
      return v >= 0.99 ? -1 : Math.round((v + 1 / 128) * 32768) / 32768;
    case 11: case 12: case 35:
      return v >= 32767 ? -32768 : v + 1;
    default:
      return v + 1;
  }
}

/** A point as an information object of `spec` (the point's type or its untagged type), optionally time-tagged. */
export function pointObject(p: SimPoint, wallMs: number, spec: TypeSpec): InfoObject {
  const obj: InfoObject = { ioa: p.ioa, value: p.value, quality: NO_QUALITY };
  if (isCounter(spec)) obj.sequence = p.sequence;
  if (spec.id === 20) obj.changes = 0;
  if (isProtection(spec)) obj.elapsedMs = 0;
  // Names with T in the sixth place (M_SP_TA_1, M_ME_TF_1...) carry a time tag: CP56Time2a from type 30 on.
  if (spec.name[5] === 'T') {
    obj.time = spec.id >= 30 ? { kind: 'cp56', epochMs: wallMs, iv: false, su: false, dayOfWeek: 0 } : { kind: 'cp24', msOfHour: wallMs % 3_600_000, iv: false };
  }
  return obj;
}
