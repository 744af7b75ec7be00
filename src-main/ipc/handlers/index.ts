import type { Engine } from '../../engine';
import { ResumeTokens } from '../../engine/users/resume-tokens';
import type { Handlers } from '../router';
import { alarmHandlers } from './alarms';
import { analyzerHandlers } from './analyzer';
import { appHandlers, type AppInfoBase } from './app';
import { commandHandlers } from './commands';
import { commissioningHandlers } from './commissioning';
import { eventHandlers } from './events';
import { fileHandlers } from './files';
import { guardHandlers } from './guard';
import { historyHandlers } from './history';
import { LoggedInClients } from './logged-in-clients';
import { monitorHandlers } from './monitor';
import { pointHandlers } from './points';
import { sessionHandlers } from './session';
import { sparkplugHandlers } from './sparkplug';
import { stationHandlers } from './stations';
import { userHandlers } from './users';
import { workspaceHandlers } from './workspace';

/**
 * Every handler of the contract, bound to one engine. Each feature contributes its group.
 * `tokens` holds the host's resume tokens (tests pass one with their own clock).
 */
export function createHandlers(engine: Engine, info: AppInfoBase, tokens = new ResumeTokens()): Handlers {
  const clients = new LoggedInClients();
  return guardHandlers(engine, tokens, {
    ...appHandlers(info, engine),
    ...stationHandlers(engine),
    ...analyzerHandlers(engine),
    ...pointHandlers(engine),
    ...historyHandlers(engine),
    ...alarmHandlers(engine),
    ...eventHandlers(engine),
    ...commandHandlers(engine),
    ...fileHandlers(engine),
    ...commissioningHandlers(engine),
    ...monitorHandlers(engine),
    ...workspaceHandlers(engine),
    ...sparkplugHandlers(engine),
    ...userHandlers(engine, clients, tokens),
    ...sessionHandlers(engine, clients, tokens),
  });
}
