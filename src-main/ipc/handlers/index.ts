import type { Engine } from '../../engine';
import type { Handlers } from '../router';
import { appHandlers, type AppInfoBase } from './app';
import { stationHandlers } from './stations';

/** Every handler of the contract, bound to one engine. Each feature contributes its group. */
export function createHandlers(engine: Engine, info: AppInfoBase): Handlers {
  return {
    ...appHandlers(info, () => engine.isDemo),
    ...stationHandlers(engine),
  };
}
