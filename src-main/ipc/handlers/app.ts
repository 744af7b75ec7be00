import { ok } from '../../../src-shared/ipc/result';
import type { CallResponse } from '../../../src-shared/ipc/contract';
import type { Handlers } from '../router';

/** What the host knows about itself; the engine adds whether the workspace is the demo. */
export type AppInfoBase = Omit<CallResponse<'app.info'>, 'demo'>;

/** Handlers of the `app.*` calls. */
export function appHandlers(info: AppInfoBase, isDemo: () => boolean): Pick<Handlers, 'app.info'> {
  return {
    'app.info': () => ok({ ...info, demo: isDemo() }),
  };
}
