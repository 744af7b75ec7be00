import { fail, ok } from '../../../src-shared/ipc/result';
import type { Engine } from '../../engine';
import type { ClientContext, ClientUser } from '../client-context';
import type { ResumeRefusal, ResumeTokens } from '../../engine/users/resume-tokens';
import type { Handlers } from '../router';
import type { LoggedInClients } from './logged-in-clients';

type SessionCalls = 'session.status' | 'session.setupAdmin' | 'session.login' | 'session.resume' | 'session.logout' | 'session.changePassword';

const REFUSAL: Record<ResumeRefusal, string> = {
  SESSION_UNKNOWN: 'this login is not known to the host (it was restarted, or the login ended long ago); log in again',
  SESSION_EXPIRED: 'this login expired after a long time without use; log in again',
  SESSION_REVOKED: 'this login was ended (logout, or a password or role change); log in again',
};

/**
 * Handlers of the `session.*` calls: they set and clear the client's logged-in user and
 * issue, check and revoke its resume token. Tokens and passwords are never logged.
 */
export function sessionHandlers(engine: Engine, clients: LoggedInClients, tokens: ResumeTokens): Pick<Handlers, SessionCalls> {
  const logIn = (client: ClientContext, user: ClientUser): void => {
    client.user = { name: user.name, role: user.role };
    clients.add(client);
  };
  const issue = (client: ClientContext) => tokens.issue(client, engine.users.credentialStamp(client.user!.name)!);
  const grant = (client: ClientContext) => ({ ...client.user!, resumeToken: issue(client) });
  return {
    'session.status': (_request, client) => ok({ user: client.user ? { ...client.user } : null, needsSetup: engine.users.needsSetup, demo: engine.isDemo }),
    'session.setupAdmin': async ({ name, password }, client) => {
      const result = await engine.users.setupAdmin(name, password);
      if (!result.ok) return fail(result.code, result.message);
      logIn(client, result.value);
      engine.logEvent({ kind: 'session', user: name, message: `first administrator ${name} created` });
      return ok(grant(client));
    },
    'session.login': async ({ name, password }, client) => {
      const { result, audit } = await engine.users.attemptLogin(name, password, client.id);
      for (const message of audit) engine.logEvent({ kind: 'session', user: name, message });
      if (!result.ok) {
        if (result.code !== 'LOGIN_THROTTLED') engine.logEvent({ kind: 'session', user: name, message: `login refused for ${name}: ${result.code}` });
        return fail(result.code, result.message);
      }
      logIn(client, result.value);
      engine.logEvent({ kind: 'session', user: name, message: `${name} logged in (${result.value.role})` });
      return ok(grant(client));
    },
    'session.resume': ({ token }, client) => {
      const outcome = tokens.resume(token, client);
      if (!outcome.ok) {
        if (outcome.user) engine.logEvent({ kind: 'session', user: outcome.user, message: `resumed login refused for ${outcome.user}: ${outcome.code}` });
        return fail(outcome.code, REFUSAL[outcome.code]);
      }
      const current = engine.users.find(outcome.user.name);
      if (!current || current.disabled || current.role !== outcome.user.role || engine.users.credentialStamp(current.name) !== outcome.credentialStamp) {
        // The workspace changed under the token (an import): the login it stood for is over.
        tokens.revokeUser(outcome.user.name);
        return fail('SESSION_REVOKED', REFUSAL.SESSION_REVOKED);
      }
      logIn(client, outcome.user);
      engine.logEvent({ kind: 'session', user: outcome.user.name, message: `${outcome.user.name} resumed their login (${outcome.user.role})` });
      return ok({ ...client.user! });
    },
    'session.logout': (_request, client) => {
      if (client.user) engine.logEvent({ kind: 'session', user: client.user.name, message: `${client.user.name} logged out` });
      tokens.revokeClient(client);
      client.user = null;
      engine.fanout.subscribe(client, new Set());
      engine.analyzer.subscribe(client, null);
      return ok({});
    },
    'session.changePassword': async ({ oldPassword, newPassword }, client) => {
      const name = client.user!.name;
      const { result: check, audit } = await engine.users.attemptLogin(name, oldPassword, client.id);
      for (const message of audit) engine.logEvent({ kind: 'session', user: name, message });
      if (!check.ok) return check.code === 'LOGIN_THROTTLED' ? fail(check.code, check.message) : fail('BAD_CREDENTIALS', 'the current password is wrong');
      const result = await engine.users.update(name, { password: newPassword });
      if (!result.ok) return fail(result.code, result.message);
      tokens.revokeUser(name);
      engine.logEvent({ kind: 'session', user: name, message: `${name} changed their password` });
      return ok({ resumeToken: issue(client) });
    },
  };
}
