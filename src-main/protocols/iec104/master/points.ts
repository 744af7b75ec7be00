/**
 * Monitor-direction ASDUs to the engine's point updates: `ioa:N` references with the
 * common address, the type name, value, shared quality words, device time and cause.
 */
import { PointRefs } from '../../../../src-shared/point-refs';
import type { PointUpdate } from '../../../../src-shared/session';
import { causeName } from '../asdu/cause';
import { resolveCp24 } from '../asdu/time-tags';
import type { Asdu, InfoObject } from '../asdu/types';

const IOA_REFS = new PointRefs('ioa:');

// Spontaneous changes and return information are events; cyclic, background,
// interrogated and requested data are static.
function isEventCause(cause: number): boolean {
  return cause === 3 || cause === 11 || cause === 12;
}

/** Device time of an object in UTC epoch ms, or null when it has none or it is invalid. */
export function deviceTime(obj: InfoObject, wallMs: number): number | null {
  const t = obj.time;
  if (t === undefined || t.iv) return null;
  return t.kind === 'cp56' ? t.epochMs : resolveCp24(t, wallMs);
}

/** The quality words of a status bit whose change-detection bit is set: the object's plus `CD`. */
const withChange = new WeakMap<readonly string[], readonly string[]>();
function changedQuality(quality: readonly string[]): readonly string[] {
  let q = withChange.get(quality);
  if (!q) {
    q = Object.freeze([...quality, 'CD']);
    withChange.set(quality, q);
  }
  return q;
}

/**
 * M_PS_NA_1 (status and change detection) as 16 single points `ioa:N.0` .. `ioa:N.15`:
 * bit b of ST is the value, bit b of CD adds the quality word `CD` (a change was detected
 * since the last report).
 */
function appendStatusBits(obj: InfoObject, base: Omit<PointUpdate, 'ref' | 'value' | 'quality'>, into: PointUpdate[]): void {
  const st = Number(obj.value);
  const cd = obj.changes ?? 0;
  for (let b = 0; b < 16; b++) {
    const quality = (cd >> b) & 1 ? changedQuality(obj.quality) : obj.quality;
    into.push({ ...base, ref: `ioa:${obj.ioa}.${b}`, value: ((st >> b) & 1) === 1, quality });
  }
}

/** Appends one update per information object of a monitor ASDU to `into` (16 for M_PS_NA_1). */
export function appendPointUpdates(a: Asdu, wallMs: number, into: PointUpdate[]): void {
  const cause = causeName(a.cause);
  const isEvent = isEventCause(a.cause);
  const objects = a.objects;
  for (let i = 0; i < objects.length; i++) {
    const obj = objects[i] as InfoObject;
    if (a.typeName === 'M_PS_NA_1') {
      appendStatusBits(obj, { commonAddress: a.commonAddress, type: a.typeName, deviceTime: null, isEvent, cause }, into);
      continue;
    }
    into.push({
      ref: IOA_REFS.ref(obj.ioa),
      commonAddress: a.commonAddress,
      type: a.typeName,
      value: obj.value,
      quality: obj.quality,
      deviceTime: obj.time === undefined ? null : deviceTime(obj, wallMs),
      isEvent,
      cause,
    });
  }
}
