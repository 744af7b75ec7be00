import type { Engine } from '../../engine';
import type { Handlers } from '../router';
import { alarmHandlers } from './alarms';
import { appHandlers, type AppInfoBase } from './app';
import { commandHandlers } from './commands';
import { commissioningHandlers } from './commissioning';
import { eventHandlers } from './events';
import { guardHandlers } from './guard';
import { LoggedInClients } from './logged-in-clients';
import { pointHandlers } from './points';
import { sessionHandlers } from './session';
import { stationHandlers } from './stations';
import { userHandlers } from './users';
import { workspaceHandlers } from './workspace';

/** Every handler of the contract, bound to one engine. Each feature contributes its group. */
export function createHandlers(engine: Engine, info: AppInfoBase): Handlers {
  const clients = new LoggedInClients();
  return guardHandlers(engine, {
    ...appHandlers(info, () => engine.isDemo),
    ...stationHandlers(engine),
    ...pointHandlers(engine),
    ...alarmHandlers(engine),
    ...eventHandlers(engine),
    ...commandHandlers(engine),
    ...commissioningHandlers(engine),
    ...workspaceHandlers(engine),
    ...userHandlers(engine, clients),
    ...sessionHandlers(engine, clients),
  });
}
