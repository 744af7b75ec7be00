import { ok } from '../../../src-shared/ipc/result';
import type { CallResponse } from '../../../src-shared/ipc/contract';
import type { Engine } from '../../engine';
import type { Handlers } from '../router';

/** What the host knows about itself; the engine adds whether the workspace is the demo and how it keeps secrets. */
export type AppInfoBase = Omit<CallResponse<'app.info'>, 'demo' | 'secretStorage'>;

/** Handlers of the `app.*` calls. */
export function appHandlers(info: AppInfoBase, engine: Pick<Engine, 'isDemo' | 'secrets'>): Pick<Handlers, 'app.info'> {
  return {
    'app.info': () => ok({ ...info, demo: engine.isDemo, secretStorage: { ...engine.secrets.protection } }),
  };
}
