import { fail, ok } from '../../../src-shared/ipc/result';
import type { Engine } from '../../engine';
import type { Handlers } from '../router';

/** Handlers of the `commands.*` calls: every one goes through the engine's command service. */
export function commandHandlers(engine: Engine): Pick<Handlers, 'commands.select' | 'commands.operate' | 'commands.cancel' | 'commands.execute'> {
  return {
    'commands.select': async ({ station, address, action }, client) =>
      ok(await engine.commands.start(client.user!, { station, address, action, mode: 'sbo' }, true)),
    'commands.execute': async ({ station, address, action, mode }, client) =>
      ok(await engine.commands.start(client.user!, { station, address, action, ...(mode ? { mode } : {}) }, false)),
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
