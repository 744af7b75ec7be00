import * as v from 'valibot';
import { calls, type CallName } from '../../../src-shared/ipc/contract';
import { fail, ok } from '../../../src-shared/ipc/result';
import type { Role } from '../../../src-shared/roles';
import type { Engine } from '../../engine';
import type { CommandAsk } from '../../engine/command-policy';
import type { Handlers, ValidRequest } from '../router';

/** The command an execute request (or a select, as an SBO execute) asks for. */
function askOf({ station, address, action, mode, qualifier }: ValidRequest<'commands.execute'>): CommandAsk {
  return { station, address, action, ...(mode ? { mode } : {}), ...(qualifier !== undefined ? { qualifier } : {}) };
}

/**
 * Audits a `commands.select` or `commands.execute` call refused for the user's role (by
 * the router or the guard), so that every command attempt has its audit record. Other
 * calls, and requests too malformed to name a point, are left alone.
 */
export function auditForbiddenCommand(engine: Engine, user: { name: string; role: Role }, name: CallName, request: unknown, message: string): void {
  if (name !== 'commands.select' && name !== 'commands.execute') return;
  const parsed = v.safeParse(calls[name].request, request ?? {});
  if (parsed.success) engine.commands.recordForbidden(user, askOf(name === 'commands.select' ? { ...parsed.output, mode: 'sbo' } : parsed.output), message);
}

/** Handlers of the `commands.*` calls: every one goes through the engine's command service. */
export function commandHandlers(engine: Engine): Pick<Handlers, 'commands.select' | 'commands.operate' | 'commands.cancel' | 'commands.execute'> {
  return {
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
