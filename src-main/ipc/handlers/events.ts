import { ok } from '../../../src-shared/ipc/result';
import { isPossibleRepeat } from '../../../src-shared/ipc/schemas/events';
import type { Engine } from '../../engine';
import { toCsv } from '../../engine/points/csv';
import type { Handlers } from '../router';

const iso = (ms: number | null): string => (ms === null ? '' : new Date(ms).toISOString());

/** The row's marks for the CSV: an IEC 104 event that may be a resending after a reconnect. */
const flags = (data: unknown): string => (isPossibleRepeat(data) ? 'possible repeat after reconnect' : '');

/** Handlers of the `events.*` and `audit.*` calls. */
export function eventHandlers(engine: Engine): Pick<Handlers, 'events.query' | 'events.exportCsv' | 'audit.query'> {
  return {
    'events.query': async (filter) => {
      const { total, rows } = await engine.eventLog.query(filter);
      return ok({ total, events: rows });
    },
    'events.exportCsv': async (filter) => {
      const { rows } = await engine.eventLog.query({ ...filter, limit: filter.limit ?? 10_000 });
      const csv = toCsv(
        ['id', 'time', 'device_time', 'kind', 'station', 'point', 'user', 'message', 'flags'],
        rows.map((e) => [e.id, iso(e.time), iso(e.deviceTime), e.kind, e.station, e.point, e.user, e.message, flags(e.data)]),
      );
      return ok({ csv });
    },
    'audit.query': async (filter) => {
      const { total, rows } = await engine.eventLog.queryAudit(filter);
      return ok({
        total,
        records: rows.map((r) => ({ ...r, role: r.role ?? null, value: r.value ?? null, detail: r.detail ?? null, feedback: r.feedback ?? null })),
      });
    },
  };
}
