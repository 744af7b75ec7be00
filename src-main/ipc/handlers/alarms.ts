import { fail, ok } from '../../../src-shared/ipc/result';
import type { Engine } from '../../engine';
import type { Handlers } from '../router';

/** Handlers of the `alarms.*` calls. */
export function alarmHandlers(engine: Engine): Pick<Handlers, 'alarms.list' | 'alarms.ack' | 'alarms.ackStation' | 'alarms.ackAll' | 'alarms.shelve' | 'alarms.unshelve'> {
  return {
    'alarms.list': () => ok({ alarms: engine.alarms.list(), unacknowledged: engine.alarms.unacknowledged() }),
    'alarms.ack': ({ id }, client) => ok({ acknowledged: engine.alarms.acknowledge(client.user!.name, (alarm) => alarm.id === id) }),
    'alarms.ackStation': ({ station }, client) => ok({ acknowledged: engine.alarms.acknowledge(client.user!.name, (alarm) => alarm.station === station) }),
    'alarms.ackAll': (_request, client) => ok({ acknowledged: engine.alarms.acknowledge(client.user!.name, () => true) }),
    'alarms.shelve': ({ id, reason, minutes }, client) => {
      const result = engine.alarms.shelve(client.user!.name, id, reason, minutes * 60_000);
      return result.ok ? ok(result.alarm) : fail(result.error.code, result.error.message);
    },
    'alarms.unshelve': ({ id }, client) => {
      const result = engine.alarms.unshelve(client.user!.name, id);
      return result.ok ? ok({}) : fail(result.error.code, result.error.message);
    },
  };
}
