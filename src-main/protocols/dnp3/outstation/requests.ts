/** The simulator's handling of WRITE, ASSIGN_CLASS and the freeze functions. */
import type { ParsedFragment, ParsedHeader } from '../app/fragment';
import { Iin } from '../app/iin';
import type { SimClass } from './config';
import { EVENT_GROUP, STATIC_GROUP, type SimDatabase } from './database';

/** What a WRITE asked for. */
export interface WriteOutcome {
  clearRestart: boolean;
  /** New device UTC at the moment of the request, or null. */
  time: number | null;
  iin: number;
}

/**
 * Applies a WRITE: g80v1 index 7 = 0 clears DEVICE_RESTART; g50v1 sets the clock; g50v3
 * (LAN procedure) sets it to the written time plus the time since RECORD_CURRENT_TIME.
 */
export function applyWrite(req: ParsedFragment, nowMs: number, recordedAt: number | null): WriteOutcome {
  const out: WriteOutcome = { clearRestart: false, time: null, iin: 0 };
  for (const h of req.headers) {
    for (const o of h.objects) {
      if (h.group === 80 && h.variation === 1 && 'value' in o) {
        if (o.index === 7 && o.value === false) out.clearRestart = true;
        else out.iin |= Iin.PARAMETER_ERROR;
      } else if (h.group === 50 && h.variation === 1 && 'data' in o) {
        out.time = Number(o.data.time);
      } else if (h.group === 50 && h.variation === 3 && 'data' in o) {
        if (recordedAt === null) out.iin |= Iin.PARAMETER_ERROR;
        else out.time = Number(o.data.time) + (nowMs - recordedAt);
      } else {
        out.iin |= Iin.OBJECT_UNKNOWN;
      }
    }
    if (h.objects.length === 0) out.iin |= Iin.PARAMETER_ERROR;
  }
  return out;
}

/** Applies ASSIGN_CLASS headers (a g60 header, then the types it applies to); returns IIN2 error bits. */
export function assignClasses(headers: ParsedHeader[], db: SimDatabase): number {
  let cls: SimClass | null = null;
  let iin = 0;
  for (const h of headers) {
    if (h.group === 60 && h.variation >= 1 && h.variation <= 4) {
      cls = (h.variation - 1) as SimClass;
      continue;
    }
    const type = STATIC_GROUP[h.group] ?? EVENT_GROUP[h.group];
    if (cls === null || !type) {
      iin |= type ? Iin.PARAMETER_ERROR : Iin.OBJECT_UNKNOWN;
      continue;
    }
    db.classes[type] = cls;
  }
  return iin;
}

/**
 * Copies the counters a freeze request names to their frozen counters (and clears them for
 * FREEZE_CLEAR): a g20 header with a start-stop range names those indices, any other
 * (qualifier 0x06) all of them.
 */
export function freezeCounters(db: SimDatabase, headers: ParsedHeader[], clear: boolean, timeMs: number): void {
  const ctr = db.values.ctr;
  for (const h of headers) {
    if (h.group !== 20) continue;
    const first = h.range === 'startStop' ? h.start : 0;
    const last = h.range === 'startStop' ? Math.min(h.stop, ctr.length - 1) : ctr.length - 1;
    for (let i = first; i <= last; i++) {
      const v = Number(ctr[i]!.value);
      if (i < db.values.fc.length) db.update('fc', i, v, timeMs);
      if (clear) db.update('ctr', i, 0, timeMs);
    }
  }
}
