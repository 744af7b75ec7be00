import { ok } from '../../../src-shared/ipc/result';
import type { Engine } from '../../engine';
import type { Handlers } from '../router';

/** Handlers of the `alarms.*` calls. */
export function alarmHandlers(engine: Engine): Pick<Handlers, 'alarms.list' | 'alarms.ack' | 'alarms.ackStation' | 'alarms.ackAll'> {
  return {
    'alarms.list': () => ok({ alarms: engine.alarms.list(), unacknowledged: engine.alarms.unacknowledged() }),
    'alarms.ack': ({ id }, client) => ok({ acknowledged: engine.alarms.acknowledge(client.user!.name, (alarm) => alarm.id === id) }),
    'alarms.ackStation': ({ station }, client) => ok({ acknowledged: engine.alarms.acknowledge(client.user!.name, (alarm) => alarm.station === station) }),
    'alarms.ackAll': (_request, client) => ok({ acknowledged: engine.alarms.acknowledge(client.user!.name, () => true) }),
  };
}
