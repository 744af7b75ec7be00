/**
 * Builds solicited and unsolicited response fragments from the database, lazily: each call
 * fills one fragment up to the maximum size with what is left (static ranges first, then
 * events of the requested classes), so multi-fragment responses are built one fragment
 * per confirm.
 */
import type { PointCodec } from '../app/objects/types';
import type { FragmentWriter } from '../app/writer';
import { EVENT_CODEC, type SimDatabase } from './database';
import type { SimPointType } from './config';

/** A static range still to report. */
export interface StaticBlock {
  type: SimPointType;
  codec: PointCodec;
  start: number;
  stop: number;
}

/** What a response still has to report. */
export interface ResponsePlan {
  statics: StaticBlock[];
  /** Event classes to report (1-3) and, per class, how many at most (Infinity when unlimited). */
  eventClasses: Array<{ cls: 1 | 2 | 3; limit: number }>;
  /** Events of one type only (reads of g2, g32...) when set. */
  eventType?: SimPointType;
}

/** Events a fragment carried, per class, to drop on confirm. */
export type EventCounts = [number, number, number, number];

/** Writes what fits of the plan into `w` (already started); returns the events taken. Mutates the plan. */
export function fillFragment(w: FragmentWriter, db: SimDatabase, plan: ResponsePlan): EventCounts {
  const taken: EventCounts = [0, 0, 0, 0];
  while (plan.statics.length > 0) {
    const b = plan.statics[0]!;
    const header = b.stop > 0xff ? 7 : 5;
    const per = b.codec.size > 0 ? b.codec.size : 1;
    const room = Math.floor((w.capacity - w.length - header) / per);
    if (room <= 0) return taken;
    const n = Math.min(room, b.stop - b.start + 1);
    w.range(b.codec, b.start, db.values[b.type].slice(b.start, b.start + n));
    b.start += n;
    if (b.start > b.stop) plan.statics.shift();
    else return taken;
  }
  for (const ec of plan.eventClasses) {
    const q = db.events[ec.cls]!;
    let i = taken[ec.cls];
    while (i < q.length && ec.limit > 0) {
      // one header per run of same-type events: g32v3 0x28 count N, then 2-octet index + object
      const first = q.at(i)!;
      if (plan.eventType && first.type !== plan.eventType) break;
      const codec = EVENT_CODEC[first.type];
      const per = 2 + codec.size;
      const room = Math.floor((w.capacity - w.length - 5) / per);
      if (room <= 0) return taken;
      let n = 1;
      while (n < room && n < ec.limit && i + n < q.length && q.at(i + n)!.type === first.type) n++;
      const items = [];
      for (let k = 0; k < n; k++) {
        const e = q.at(i + k)!;
        items.push({ index: e.index, point: e.point });
      }
      w.indexed(codec, items, 0x28);
      i += n;
      ec.limit -= n;
      taken[ec.cls] = i;
    }
  }
  return taken;
}

/** True when nothing is left to report. */
export function planDone(db: SimDatabase, plan: ResponsePlan, taken: EventCounts): boolean {
  if (plan.statics.length > 0) return false;
  return plan.eventClasses.every((ec) => {
    if (ec.limit <= 0) return true;
    const q = db.events[ec.cls]!;
    if (taken[ec.cls] >= q.length) return true;
    return plan.eventType !== undefined && q.at(taken[ec.cls])!.type !== plan.eventType;
  });
}
