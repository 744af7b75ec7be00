import type { PointConfig } from '../../../src-shared/workspace/point-config';
import { fail, ok } from '../../../src-shared/ipc/result';
import type { Engine } from '../../engine';
import { splitPointId } from '../../engine/points/point-address';
import { parsePointCsv, pointsToCsv } from '../../engine/points/point-csv';
import { toInfo } from '../../engine/pipeline/point-view';
import type { Handlers } from '../router';

type PointCalls = 'points.list' | 'points.get' | 'points.subscribe' | 'points.configure' | 'points.importCsv' | 'points.exportCsv' | 'trends.get';

/** Handlers of the `points.*` and `trends.*` calls. */
export function pointHandlers(engine: Engine): Pick<Handlers, PointCalls> {
  const info = (index: number) => {
    const record = engine.points.get(index);
    return toInfo(record, engine.stations.get(record.station)?.config);
  };
  const savePoints = async (station: string, points: PointConfig[], user: string, what: string) => {
    const change = await engine.workspace.update((draft) => {
      draft.points = { ...(draft.points ?? {}), [station]: points };
    });
    if (change.ok) engine.logEvent({ kind: 'config', station, user, message: `point list of ${station}: ${what} by ${user}` });
    return change;
  };
  return {
    'points.list': ({ station, slots, offset = 0, limit = 100_000 }) => {
      if (station !== undefined && !engine.stations.get(station)) return fail('NOT_FOUND', `no station ${station}`);
      const stations = station !== undefined ? [station] : engine.stations.list().map((s) => s.id);
      const indices = slots
        ? slots.filter((slot) => engine.points.has(slot) && (station === undefined || engine.points.get(slot).station === station))
        : stations.flatMap((id) => engine.points.indicesOf(id));
      return ok({ total: indices.length, points: indices.slice(offset, offset + limit).map(info) });
    },
    'points.get': ({ id }) => {
      const parts = splitPointId(id);
      const index = parts ? engine.points.find(parts.station, parts.address) : -1;
      return index < 0 ? fail('NOT_FOUND', `no point ${id}`) : ok(info(index));
    },
    'points.subscribe': ({ stations }, client) => {
      engine.fanout.subscribe(client, stations === 'all' ? 'all' : new Set(stations));
      return ok({});
    },
    'points.configure': async ({ station, point }, client) => {
      if (!engine.stations.get(station)) return fail('NOT_FOUND', `no station ${station}`);
      const list = [...(engine.workspace.workspace.points[station] ?? [])];
      const at = list.findIndex((p) => p.address === point.address);
      if (at >= 0) list[at] = point;
      else list.push(point);
      const change = await savePoints(station, list, client.user!.name, `${point.address} configured`);
      if (!change.ok) return fail(change.error.code, change.error.message);
      return ok(info(engine.points.find(station, point.address)));
    },
    'points.importCsv': async ({ station, csv, mode }, client) => {
      if (!engine.stations.get(station)) return fail('NOT_FOUND', `no station ${station}`);
      const parsed = parsePointCsv(csv);
      if (!parsed.ok) return fail('INVALID_CSV', parsed.message);
      let list = parsed.points;
      if (mode === 'merge') {
        const merged = new Map((engine.workspace.workspace.points[station] ?? []).map((p) => [p.address, p]));
        for (const point of parsed.points) merged.set(point.address, point);
        list = [...merged.values()];
      }
      const change = await savePoints(station, list, client.user!.name, `${parsed.points.length} point(s) imported (${mode})`);
      if (!change.ok) return fail(change.error.code, change.error.message);
      return ok({ count: parsed.points.length });
    },
    'points.exportCsv': ({ id }) => {
      if (!engine.stations.get(id)) return fail('NOT_FOUND', `no station ${id}`);
      const configured = engine.workspace.workspace.points[id] ?? [];
      const known = new Set(configured.map((p) => p.address));
      const types = new Map<string, string>();
      const reported: PointConfig[] = [];
      for (const index of engine.points.indicesOf(id)) {
        const record = engine.points.get(index);
        if (record.type) types.set(record.address, record.type);
        if (!known.has(record.address)) {
          reported.push({ address: record.address, name: '', description: '', unit: '', scale: 1, offset: 0, stateLabels: {}, stateAlarms: [], qualityAlarm: false });
        }
      }
      return ok({ csv: pointsToCsv([...configured, ...reported], types) });
    },
    'trends.get': ({ ids, since }) => {
      const series = [];
      for (const id of ids) {
        const parts = splitPointId(id);
        const index = parts ? engine.points.find(parts.station, parts.address) : -1;
        if (index < 0) return fail('NOT_FOUND', `no point ${id}`);
        const samples = engine.trends.read(index, since);
        series.push({ id, times: Array.from(samples.times), values: Array.from(samples.values), invalid: Array.from(samples.invalid) });
      }
      return ok({ capacity: engine.trends.capacity, series });
    },
  };
}
