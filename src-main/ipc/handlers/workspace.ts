import { fail, ok } from '../../../src-shared/ipc/result';
import type { Engine } from '../../engine';
import { releasedKeys } from '../../engine/stations/station-key-entry';
import { workspaceInfo } from '../../engine/workspace/workspace-info';
import type { Handlers } from '../router';

/** Handlers of the `workspace.*` calls. */
export function workspaceHandlers(engine: Engine): Pick<Handlers, 'workspace.info' | 'workspace.export' | 'workspace.import' | 'workspace.setPreferences'> {
  return {
    'workspace.info': () => ok(workspaceInfo(engine)),
    'workspace.export': () => ok({ text: engine.workspace.exportText() }),
    'workspace.import': async ({ text }, client) => {
      const before = engine.workspace.workspace.stations;
      const change = await engine.workspace.importText(text);
      if (!change.ok) return fail(change.error.code, change.error.message);
      // Update keys of stations the imported workspace no longer has leave the store with them.
      for (const id of releasedKeys(before, engine.workspace.workspace.stations)) await engine.secrets.remove(id);
      engine.logEvent({ kind: 'config', user: client.user!.name, message: `workspace imported by ${client.user!.name}` });
      return ok(workspaceInfo(engine));
    },
    'workspace.setPreferences': async ({ preferences }, client) => {
      const change = await engine.workspace.update((draft) => void (draft.preferences = preferences));
      if (!change.ok) return fail(change.error.code, change.error.message);
      engine.logEvent({ kind: 'config', user: client.user!.name, message: `preferences changed by ${client.user!.name}` });
      return ok(workspaceInfo(engine));
    },
  };
}
