import type { Engine } from '../../engine';
import { ResumeTokens } from '../../engine/resume-tokens';
import type { ForbiddenListener, HandlerSet } from '../router';
import { alarmHandlers } from './alarms';
import { analyzerHandlers } from './analyzer';
import { appHandlers, type AppInfoBase } from './app';
import { auditForbiddenCommand, commandHandlers } from './commands';
import { commissioningHandlers } from './commissioning';
import { eventHandlers } from './events';
import { guardHandlers } from './guard';
import { LoggedInClients } from './logged-in-clients';
import { pointHandlers } from './points';
import { sessionHandlers } from './session';
import { stationHandlers } from './stations';
import { userHandlers } from './users';
import { workspaceHandlers } from './workspace';

/**
 * Every handler of the contract, bound to one engine. Each feature contributes its group.
 * `tokens` holds the host's resume tokens (tests pass one with their own clock). Command
 * calls the router refuses for the role are audited as command attempts.
 */
export function createHandlers(engine: Engine, info: AppInfoBase, tokens = new ResumeTokens()): HandlerSet {
  const clients = new LoggedInClients();
  const handlers = guardHandlers(engine, tokens, {
    ...appHandlers(info, () => engine.isDemo),
    ...stationHandlers(engine),
    ...analyzerHandlers(engine),
    ...pointHandlers(engine),
    ...alarmHandlers(engine),
    ...eventHandlers(engine),
    ...commandHandlers(engine),
    ...commissioningHandlers(engine),
    ...workspaceHandlers(engine),
    ...userHandlers(engine, clients, tokens),
    ...sessionHandlers(engine, clients, tokens),
  });
  const onForbidden: ForbiddenListener = (client, name, request, message) => {
    if (client.user) auditForbiddenCommand(engine, client.user, name, request, message);
  };
  return { ...handlers, onForbidden };
}
