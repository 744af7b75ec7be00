import { calls, type CallName } from '../../../src-shared/ipc/contract';
import { fail } from '../../../src-shared/ipc/result';
import { roleAllows } from '../../../src-shared/roles';
import type { Engine } from '../../engine';
import type { ResumeTokens } from '../../engine/users/resume-tokens';
import type { Handler, Handlers } from '../router';

/**
 * Wraps every handler with the engine's own role check: the client's user must still
 * exist and be enabled in the running workspace, and its current role (which an
 * administrator may have changed since login) must allow the call. A client whose account
 * is gone or disabled is logged out. Every allowed call keeps the client's resume token
 * from expiring while it is in use.
 */
export function guardHandlers(engine: Engine, tokens: ResumeTokens, handlers: Handlers): Handlers {
  const guarded = {} as Record<CallName, Handler<CallName>>;
  for (const name of Object.keys(handlers) as CallName[]) {
    const handler = handlers[name] as Handler<CallName>;
    const access = calls[name].access;
    guarded[name] =
      access === 'public'
        ? handler
        : (request, client) => {
            const user = client.user ? engine.users.find(client.user.name) : undefined;
            if (!user || user.disabled) {
              client.user = null;
              return fail('UNAUTHENTICATED', `${name} needs a logged-in user`);
            }
            if (client.user!.role !== user.role) client.user = { name: user.name, role: user.role };
            if (!roleAllows(user.role, access)) return fail('FORBIDDEN', `${name} needs the ${access} role; ${user.name} is ${user.role}`);
            tokens.touch(client);
            return handler(request, client);
          };
  }
  return guarded as Handlers;
}
