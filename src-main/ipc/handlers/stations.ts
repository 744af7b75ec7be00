import * as v from 'valibot';
import { fail, ok, type Result } from '../../../src-shared/ipc/result';
import { StationConfig, type StationConfigInput } from '../../../src-shared/workspace/station';
import { placeStationKey, releasedKeys, withEnteredKey } from '../../engine/stations/station-key-entry';
import { describeSchemaIssues } from '../../../src-shared/workspace/migrate';
import type { Engine } from '../../engine';
import type { StationStatusValue } from '../../engine/stations/station-status';
import type { Handlers } from '../router';

type StationCalls =
  | 'stations.list'
  | 'stations.get'
  | 'stations.stats'
  | 'stations.add'
  | 'stations.update'
  | 'stations.remove'
  | 'stations.setEnabled'
  | 'stations.connect'
  | 'stations.disconnect'
  | 'stations.interrogate'
  | 'stations.timeSync'
  | 'analyzer.subscribe';

/** Handlers of the `stations.*` calls (and `analyzer.subscribe`). */
export function stationHandlers(engine: Engine): Pick<Handlers, StationCalls> {
  const forgetKey = async (previous: StationConfig | undefined, next: StationConfig | undefined): Promise<void> => {
    for (const id of releasedKeys(previous ? [previous] : [], next ? [next] : [])) await engine.secrets.remove(id);
  };
  const status = (id: string): Result<StationStatusValue> => {
    const station = engine.stations.get(id);
    return station ? ok(engine.stationStatus(station)) : fail('NOT_FOUND', `no station ${id}`);
  };
  const write = async (input: unknown, adding: boolean, user: string, enteredKey: string | undefined): Promise<Result<StationStatusValue>> => {
    const entered = enteredKey === undefined ? null : withEnteredKey(input, enteredKey);
    if (entered && !entered.ok) return fail(entered.error.code, entered.error.message);
    const parsed = v.safeParse(StationConfig, entered ? entered.input : input);
    if (!parsed.success) return fail('INVALID_STATION', describeSchemaIssues(parsed.issues));
    const id = parsed.output.id;
    const previous = engine.workspace.workspace.stations.find((s) => s.id === id);
    if (adding && previous) return fail('EXISTS', `a station with id ${id} already exists`);
    if (!adding && !previous) return fail('NOT_FOUND', `no station ${id}`);
    const placed = await placeStationKey(engine.secrets, parsed.output, previous, entered?.key);
    if (!placed.ok) return fail(placed.error.code, placed.error.message);
    const change = await engine.workspace.update((draft) => {
      const list = (draft.stations ?? []) as StationConfigInput[];
      draft.stations = adding ? [...list, placed.station] : list.map((s) => (s.id === id ? placed.station : s));
    });
    if (!change.ok) {
      if (placed.created) await engine.secrets.remove(placed.created);
      return fail(change.error.code, change.error.message);
    }
    await forgetKey(previous, placed.station);
    engine.logEvent({ kind: 'config', station: id, user, message: `station ${id} ${adding ? 'added' : 'updated'} by ${user}` });
    return status(id);
  };
  return {
    'stations.list': () => ok(engine.stations.list().map((station) => engine.stationStatus(station))),
    'stations.get': ({ id }) => {
      const station = engine.stations.get(id);
      if (!station) return fail('NOT_FOUND', `no station ${id}`);
      return ok({ status: engine.stationStatus(station), config: station.config, attributes: station.attributes });
    },
    'stations.stats': () => ok(engine.stations.list().map((station) => ({ id: station.id, ...station.stats.snapshot() }))),
    'stations.add': ({ station, saUpdateKey }, client) => write(station, true, client.user!.name, saUpdateKey),
    'stations.update': ({ station, saUpdateKey }, client) => write(station, false, client.user!.name, saUpdateKey),
    'stations.remove': async ({ id }, client) => {
      if (!engine.stations.get(id)) return fail('NOT_FOUND', `no station ${id}`);
      const previous = engine.workspace.workspace.stations.find((s) => s.id === id);
      const change = await engine.workspace.update((draft) => {
        draft.stations = (draft.stations ?? []).filter((s) => s.id !== id);
        const points = { ...(draft.points ?? {}) };
        delete points[id];
        draft.points = points;
      });
      if (!change.ok) return fail(change.error.code, change.error.message);
      await forgetKey(previous, undefined);
      engine.logEvent({ kind: 'config', station: id, user: client.user!.name, message: `station ${id} removed by ${client.user!.name}` });
      return ok({});
    },
    'stations.setEnabled': async ({ id, enabled }, client) => {
      if (!engine.stations.get(id)) return fail('NOT_FOUND', `no station ${id}`);
      const change = await engine.workspace.update((draft) => {
        draft.stations = (draft.stations ?? []).map((s) => (s.id === id ? { ...s, enabled } : s));
      });
      if (!change.ok) return fail(change.error.code, change.error.message);
      engine.logEvent({ kind: 'config', station: id, user: client.user!.name, message: `station ${id} ${enabled ? 'enabled' : 'disabled'} by ${client.user!.name}` });
      return status(id);
    },
    'stations.connect': ({ id }, client) => {
      const station = engine.stations.get(id);
      if (!station) return fail('NOT_FOUND', `no station ${id}`);
      if (!station.config.enabled) return fail('DISABLED', `${id} is disabled; enable it first`);
      engine.logEvent({ kind: 'connection', station: id, user: client.user!.name, message: `connect requested by ${client.user!.name}` });
      station.connect();
      return status(id);
    },
    'stations.disconnect': async ({ id }, client) => {
      const station = engine.stations.get(id);
      if (!station) return fail('NOT_FOUND', `no station ${id}`);
      engine.logEvent({ kind: 'connection', station: id, user: client.user!.name, message: `disconnect requested by ${client.user!.name}` });
      await station.disconnect();
      return status(id);
    },
    'stations.interrogate': ({ id, group }) => {
      const station = engine.stations.get(id);
      if (!station) return fail('NOT_FOUND', `no station ${id}`);
      return ok({ accepted: station.call({ op: 'interrogate', ...(group !== undefined ? { group } : {}) }) });
    },
    'stations.timeSync': ({ id }) => {
      const station = engine.stations.get(id);
      if (!station) return fail('NOT_FOUND', `no station ${id}`);
      const procedure = station.config.protocol === 'dnp3' && station.config.dnp3.timeSync !== 'none' ? station.config.dnp3.timeSync : undefined;
      return ok({ accepted: station.call({ op: 'timeSync', ...(procedure ? { procedure } : {}) }) });
    },
    'analyzer.subscribe': ({ station }, client) => {
      if (station !== null && !engine.stations.get(station)) return fail('NOT_FOUND', `no station ${station}`);
      engine.analyzer.subscribe(client, station);
      return ok({});
    },
  };
}
