import { fail, ok } from '../../../src-shared/ipc/result';
import type { Engine } from '../../engine';
import type { Handlers } from '../router';

/** Handlers of the `files.*` calls: every one goes through the engine's file service. */
export function fileHandlers(engine: Engine): Pick<Handlers, 'files.list' | 'files.fetch' | 'files.cancel' | 'files.transfers'> {
  return {
    'files.list': async ({ station, directory }, client) => {
      const r = await engine.files.list(client.user!, station, directory);
      return r.ok ? ok({ directory, entries: r.entries }) : fail(r.result, r.detail);
    },
    'files.fetch': async ({ station, name, folder, resume, credentials }, client) =>
      ok(await engine.files.fetch(client.user!, { station, name, ...(folder !== undefined ? { folder } : {}), ...(resume !== undefined ? { resume } : {}), ...(credentials ? { credentials } : {}) })),
    'files.cancel': ({ id }, client) => {
      const r = engine.files.cancel(client.user!, id);
      return 'refused' in r ? fail('NOT_RUNNING', r.refused) : ok(r);
    },
    'files.transfers': () => ok({ defaultFolder: engine.files.defaultFolder, transfers: engine.files.recent() }),
  };
}
