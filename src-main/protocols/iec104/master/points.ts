/**
 * Monitor-direction ASDUs to the engine's point updates: `ioa:N` references with the
 * common address, the type name, value, shared quality words, device time and cause.
 */
import type { PointUpdate } from '../../../../src-shared/session';
import { causeName } from '../asdu/cause';
import { resolveCp24 } from '../asdu/time-tags';
import type { Asdu, InfoObject } from '../asdu/types';

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

/** Appends one update per information object of a monitor ASDU to `into`. */
export function appendPointUpdates(a: Asdu, wallMs: number, into: PointUpdate[]): void {
  const cause = causeName(a.cause);
  const isEvent = isEventCause(a.cause);
  const objects = a.objects;
  for (let i = 0; i < objects.length; i++) {
    const obj = objects[i] as InfoObject;
    into.push({
      ref: `ioa:${obj.ioa}`,
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
