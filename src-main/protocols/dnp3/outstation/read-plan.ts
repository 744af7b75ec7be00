/**
 * Turns the headers of a READ into a response plan: class 0 static data, class 1-3 events,
 * static or event reads by group (variation 0 = the default variation), device attributes
 * (g0) and the current time (g50v1).
 */
import type { ParsedHeader } from '../app/fragment';
import { Iin } from '../app/iin';
import { codecFor } from '../app/objects/table';
import type { DataCodec, PointCodec } from '../app/objects/types';
import type { FragmentWriter } from '../app/writer';
import { SIM_TYPES, type ResolvedOutstationConfig } from './config';
import { EVENT_GROUP, STATIC_CODEC, STATIC_GROUP, type SimDatabase } from './database';
import { SECURITY_STATISTIC_INDICES } from '../secure-auth/outstation-auth';
import type { ResponsePlan } from './response-builder';

/** A read plan plus objects written once at the start of the first fragment. */
export interface ReadPlan {
  plan: ResponsePlan;
  extras: Array<(w: FragmentWriter) => void>;
  /** IIN2 error bits. */
  iin: number;
}

/** Attributes the simulator reports for g0 reads. */
function attributes(cfg: ResolvedOutstationConfig): Array<[number, number, string | number]> {
  return [
    [252, 1, 'Switchyard'],
    [250, 1, 'Switchyard DNP3 outstation simulator'],
    [243, 1, '1.0'],
    [242, 1, '0.1.0'],
    [240, 2, cfg.maxFragmentSize],
    [241, 2, 2048],
    [239, 2, cfg.counts.bi],
    [233, 2, cfg.counts.ai],
    [229, 2, cfg.counts.ctr],
    [224, 2, cfg.counts.bo],
    [221, 2, cfg.counts.ao],
  ];
}

/**
 * Most events of a class a read reports: those buffered when the request arrived (at most
 * its count qualifier). Events that occur while a multi-fragment response is under way
 * wait for the next read or an unsolicited response, so a read under a steady stream of
 * events still ends.
 */
function eventLimit(h: ParsedHeader, db: SimDatabase, cls: 1 | 2 | 3): number {
  const pending = db.pending(cls);
  return h.range === 'count' ? Math.min(h.count, pending) : pending;
}

/** The g121v1 security statistics 0 to the highest index kept, each with its count (flags ONLINE, association 0). */
function securityStatistics(stats: ReadonlyMap<number, number>): Array<{ index: number; value: { flags: number; aid: number; count: number } }> {
  const last = Math.max(...SECURITY_STATISTIC_INDICES);
  return Array.from({ length: last + 1 }, (_, index) => ({ index, value: { flags: 0x01, aid: 0, count: stats.get(index) ?? 0 } }));
}

/** Builds the plan of a READ request; `securityStats` (Secure Authentication counters by index) answers g121. */
export function planRead(headers: ParsedHeader[], db: SimDatabase, cfg: ResolvedOutstationConfig, utcNow: number, securityStats?: ReadonlyMap<number, number>): ReadPlan {
  const out: ReadPlan = { plan: { statics: [], eventClasses: [] }, extras: [], iin: 0 };
  for (const h of headers) {
    if (h.group === 60 && h.variation === 1) {
      for (const t of SIM_TYPES) if (cfg.counts[t] > 0) out.plan.statics.push({ type: t, codec: STATIC_CODEC[t], start: 0, stop: cfg.counts[t] - 1 });
    } else if (h.group === 60 && h.variation >= 2 && h.variation <= 4) {
      const cls = (h.variation - 1) as 1 | 2 | 3;
      out.plan.eventClasses.push({ cls, limit: eventLimit(h, db, cls) });
    } else if (STATIC_GROUP[h.group]) {
      const type = STATIC_GROUP[h.group]!;
      const codec = h.variation === 0 ? STATIC_CODEC[type] : codecFor(h.group, h.variation);
      const n = cfg.counts[type];
      if (!codec || codec.kind !== 'point') {
        out.iin |= Iin.OBJECT_UNKNOWN;
        continue;
      }
      // indices (0x17/0x28), a start-stop range, a count limit (0x07/0x08: the first N points) or all
      const ranges: Array<[number, number]> = h.indices
        ? h.indices.map((i) => [i, i])
        : h.range === 'startStop'
          ? [[h.start, h.stop]]
          : h.range === 'count'
            ? [[0, Math.min(h.count, n) - 1]]
            : [[0, n - 1]];
      for (const [a, b] of ranges) {
        if (b < a) continue; // a count of 0 asks for nothing
        if (a >= n) {
          out.iin |= Iin.PARAMETER_ERROR;
          continue;
        }
        out.plan.statics.push({ type, codec: codec as PointCodec, start: a, stop: Math.min(b, n - 1) });
      }
    } else if (EVENT_GROUP[h.group]) {
      const type = EVENT_GROUP[h.group]!;
      const cls = db.classes[type];
      out.plan.eventType = type;
      if (cls !== 0) out.plan.eventClasses.push({ cls, limit: eventLimit(h, db, cls) });
    } else if (h.group === 0) {
      const list = attributes(cfg).filter(([v]) => h.variation === 254 || v === h.variation);
      if (list.length === 0) out.iin |= Iin.OBJECT_UNKNOWN;
      for (const [v, dataType, value] of list) {
        out.extras.push((w) => w.data(codecFor(0, v) as DataCodec, 0x00, [{ index: 0, value: { dataType, value } }]));
      }
    } else if (h.group === 50 && h.variation === 1) {
      out.extras.push((w) => w.data(codecFor(50, 1) as DataCodec, 0x07, [{ index: 0, value: { time: utcNow } }]));
    } else if (h.group === 121 && (h.variation === 0 || h.variation === 1) && securityStats) {
      out.extras.push((w) => w.data(codecFor(121, 1) as DataCodec, 0x00, securityStatistics(securityStats)));
    } else {
      out.iin |= Iin.OBJECT_UNKNOWN;
    }
  }
  return out;
}
