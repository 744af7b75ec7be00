import { fail, ok } from '../../../src-shared/ipc/result';
import type { Engine } from '../../engine';
import type { Handlers } from '../router';
import type { LoggedInClients } from './logged-in-clients';

type SessionCalls = 'session.status' | 'session.setupAdmin' | 'session.login' | 'session.logout' | 'session.changePassword';

/** Handlers of the `session.*` calls: they set and clear the client's logged-in user. */
export function sessionHandlers(engine: Engine, clients: LoggedInClients): Pick<Handlers, SessionCalls> {
  return {
    'session.status': (_request, client) => ok({ user: client.user ? { ...client.user } : null, needsSetup: engine.users.needsSetup, demo: engine.isDemo }),
    'session.setupAdmin': async ({ name, password }, client) => {
      const result = await engine.users.setupAdmin(name, password);
      if (!result.ok) return fail(result.code, result.message);
      client.user = { name: result.value.name, role: result.value.role };
      clients.add(client);
      engine.logEvent({ kind: 'session', user: name, message: `first administrator ${name} created` });
      return ok({ ...client.user });
    },
    'session.login': async ({ name, password }, client) => {
      const result = await engine.users.login(name, password);
      if (!result.ok) {
        engine.logEvent({ kind: 'session', user: name, message: `login refused for ${name}: ${result.code}` });
        return fail(result.code, result.message);
      }
      client.user = { name: result.value.name, role: result.value.role };
      clients.add(client);
      engine.logEvent({ kind: 'session', user: name, message: `${name} logged in (${result.value.role})` });
      return ok({ ...client.user });
    },
    'session.logout': (_request, client) => {
      if (client.user) engine.logEvent({ kind: 'session', user: client.user.name, message: `${client.user.name} logged out` });
      client.user = null;
      engine.fanout.subscribe(client, new Set());
      engine.analyzer.subscribe(client, null);
      return ok({});
    },
    'session.changePassword': async ({ oldPassword, newPassword }, client) => {
      const name = client.user!.name;
      const check = await engine.users.login(name, oldPassword);
      if (!check.ok) return fail('BAD_CREDENTIALS', 'the current password is wrong');
      const result = await engine.users.update(name, { password: newPassword });
      if (!result.ok) return fail(result.code, result.message);
      engine.logEvent({ kind: 'session', user: name, message: `${name} changed their password` });
      return ok({});
    },
  };
}
