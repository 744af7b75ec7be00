import { fail, ok } from '../../../src-shared/ipc/result';
import type { Engine } from '../../engine';
import type { CommandAsk } from '../../engine/commands/command-policy';
import type { Handlers, ValidRequest } from '../router';

/** The command an execute request (or a select, as an SBO execute) asks for. */
function askOf({ station, address, action, mode, qualifier }: ValidRequest<'commands.execute'>): CommandAsk {
  return { station, address, action, ...(mode ? { mode } : {}), ...(qualifier !== undefined ? { qualifier } : {}) };
}

/** Handlers of the `commands.*` and `device.*` calls: every one goes through the engine's command or device task service. */
export function commandHandlers(
  engine: Engine,
): Pick<Handlers, 'commands.select' | 'commands.operate' | 'commands.cancel' | 'commands.execute' | 'device.request' | 'device.confirm' | 'device.cancel' | 'device.raw'> {
  return {
    'device.request': async ({ station, task }, client) => ok(await engine.deviceTasks.request(client.user!, station, task, true)),
    'device.raw': async ({ station, request, function: fn }, client) =>
      ok(await engine.deviceTasks.request(client.user!, station, { task: 'raw', request, ...(fn !== undefined ? { function: fn } : {}) }, true)),
    'device.confirm': async ({ id }, client) => {
      const result = await engine.deviceTasks.confirm(client.user!, id);
      return 'refused' in result ? fail('NOT_ARMED', result.refused) : ok(result);
    },
    'device.cancel': ({ id }, client) => {
      const result = engine.deviceTasks.cancel(client.user!, id);
      return 'refused' in result ? fail('NOT_ARMED', result.refused) : ok(result);
    },
    'commands.select': async (request, client) => ok(await engine.commands.start(client.user!, askOf({ ...request, mode: 'sbo' }), true)),
    'commands.execute': async (request, client) => ok(await engine.commands.start(client.user!, askOf(request), false)),
    'commands.operate': async ({ id }, client) => {
      const result = await engine.commands.operate(client.user!, id);
      return 'refused' in result ? fail('NOT_SELECTED', result.refused) : ok(result);
    },
    'commands.cancel': ({ id }, client) => {
      const result = engine.commands.cancel(client.user!, id);
      return 'refused' in result ? fail('NOT_SELECTED', result.refused) : ok(result);
    },
  };
}
