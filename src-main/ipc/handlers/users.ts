import { fail, ok } from '../../../src-shared/ipc/result';
import type { Engine } from '../../engine';
import type { ResumeTokens } from '../../engine/users/resume-tokens';
import type { Handlers } from '../router';
import type { LoggedInClients } from './logged-in-clients';

type UserCalls = 'users.list' | 'users.create' | 'users.update' | 'users.remove';

/**
 * Handlers of the `users.*` calls (administrators only, by the contract and the guard).
 * A changed role, password or disabled flag, and a removal, end the user's resume tokens.
 */
export function userHandlers(engine: Engine, clients: LoggedInClients, tokens: ResumeTokens): Pick<Handlers, UserCalls> {
  const audit = (user: string, message: string) => engine.logEvent({ kind: 'config', user, message });
  return {
    'users.list': () => ok(engine.users.list()),
    'users.create': async ({ name, role, password }, client) => {
      if (engine.users.find(name)) return fail('EXISTS', `a user ${name} already exists`);
      const result = await engine.users.create(name, role, password);
      if (!result.ok) return fail(result.code, result.message);
      audit(client.user!.name, `user ${name} (${role}) created by ${client.user!.name}`);
      return ok(result.value);
    },
    'users.update': async ({ name, role, password, disabled }, client) => {
      const before = engine.users.find(name);
      const result = await engine.users.update(name, { role, password, disabled });
      if (!result.ok) return fail(result.code, result.message);
      const what = [role && `role ${role}`, password && 'password', disabled !== undefined && (disabled ? 'disabled' : 'enabled')].filter(Boolean).join(', ');
      audit(client.user!.name, `user ${name} updated (${what}) by ${client.user!.name}`);
      clients.update(name, result.value.disabled ? null : result.value.role);
      if (password !== undefined || result.value.disabled || before?.role !== result.value.role) tokens.revokeUser(name);
      return ok(result.value);
    },
    'users.remove': async ({ name }, client) => {
      if (name === client.user!.name) return fail('SELF', 'you cannot remove your own account');
      const result = await engine.users.remove(name);
      if (!result.ok) return fail(result.code, result.message);
      audit(client.user!.name, `user ${name} removed by ${client.user!.name}`);
      clients.update(name, null);
      tokens.revokeUser(name);
      return ok({});
    },
  };
}
