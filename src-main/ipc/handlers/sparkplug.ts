import { fail, ok } from '../../../src-shared/ipc/result';
import type { CallRequest, CallResponse } from '../../../src-shared/ipc/contract';
import type { SparkplugConfigInput } from '../../../src-shared/workspace/sparkplug';
import type { Engine } from '../../engine';
import type { Handlers } from '../router';

/** The settings and status as the contract shows them: the password only as set or not. */
function sparkplugState(engine: Engine): CallResponse<'sparkplug.get'> {
  const config = engine.workspace.workspace.sparkplug;
  const status = engine.sparkplug.status();
  if (!config) return { settings: null, status };
  const { password, ...visible } = config;
  return { settings: { ...visible, passwordSet: password !== '' || config.passwordFile !== '' || config.passwordEnv !== '' }, status };
}

type Request = NonNullable<CallRequest<'sparkplug.configure'>['settings']>;
type Stored = Pick<SparkplugConfigInput, 'password' | 'passwordFile' | 'passwordEnv'>;

/**
 * Where the password comes from after a configure: an entered one (moved to its file when
 * the workspace is saved) replaces the file and variable, '' removes every source, none
 * keeps what is stored unless the file or variable is given.
 */
function passwordSource(settings: Request, stored: Stored | undefined): Stored {
  if (settings.password !== undefined) return { password: settings.password, passwordFile: '', passwordEnv: '' };
  return { password: stored?.password ?? '', passwordFile: settings.passwordFile ?? stored?.passwordFile ?? '', passwordEnv: settings.passwordEnv ?? stored?.passwordEnv ?? '' };
}

/** Handlers of the `sparkplug.*` calls. */
export function sparkplugHandlers(engine: Engine): Pick<Handlers, 'sparkplug.get' | 'sparkplug.configure'> {
  return {
    'sparkplug.get': () => ok(sparkplugState(engine)),
    'sparkplug.configure': async ({ settings }, client) => {
      const change = await engine.workspace.update((draft) => {
        if (!settings) delete draft.sparkplug;
        else draft.sparkplug = { ...settings, ...passwordSource(settings, draft.sparkplug) };
      });
      if (!change.ok) return fail(change.error.code, change.error.message);
      const what = settings ? `${settings.enabled ? 'enabled' : 'disabled'}, ${settings.brokerUrl} as ${settings.groupId}/${settings.edgeNodeId}, DCMD ${settings.dcmdEnabled ? `enabled for ${settings.dcmdPoints?.length ?? 0} point(s)` : 'off'}` : 'removed';
      engine.logEvent({ kind: 'config', user: client.user!.name, message: `Sparkplug publisher ${what} by ${client.user!.name}` });
      return ok(sparkplugState(engine));
    },
  };
}
