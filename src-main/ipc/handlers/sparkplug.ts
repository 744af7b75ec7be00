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
  const { password, passwordSecret, ...visible } = config;
  return { settings: { ...visible, passwordStored: passwordSecret !== '', passwordSet: password !== '' || passwordSecret !== '' || config.passwordFile !== '' || config.passwordEnv !== '' }, status };
}

type Request = NonNullable<CallRequest<'sparkplug.configure'>['settings']>;
type Stored = Pick<SparkplugConfigInput, 'password' | 'passwordSecret' | 'passwordFile' | 'passwordEnv'>;

/**
 * Where the password comes from after a configure: an entered one (moved to the secret
 * store when the workspace is saved) replaces every other source, '' removes them all,
 * none keeps what is stored unless the file or variable is given.
 */
function passwordSource(settings: Request, stored: Stored | undefined): Stored {
  if (settings.password !== undefined) return { password: settings.password, passwordSecret: '', passwordFile: '', passwordEnv: '' };
  const file = settings.passwordFile ?? stored?.passwordFile ?? '';
  const env = settings.passwordEnv ?? stored?.passwordEnv ?? '';
  const moved = file !== (stored?.passwordFile ?? '') || env !== (stored?.passwordEnv ?? '');
  return { password: stored?.password ?? '', passwordSecret: moved ? '' : (stored?.passwordSecret ?? ''), passwordFile: file, passwordEnv: env };
}

/**
 * A password file or environment variable names something on the engine's computer that
 * the engine then sends to the broker the request also names: only an administrator may
 * point it elsewhere (an engineer could otherwise send any file the engine can read, or
 * any of its variables, to a broker of their choosing).
 */
function sourceRefusal(settings: Request, stored: Stored | undefined, role: string): string | null {
  if (role === 'administrator') return null;
  if (settings.passwordFile !== undefined && settings.passwordFile !== (stored?.passwordFile ?? '')) return 'only an administrator may name the MQTT password file';
  if (settings.passwordEnv !== undefined && settings.passwordEnv !== (stored?.passwordEnv ?? '')) return 'only an administrator may name the MQTT password environment variable';
  return null;
}

/** Handlers of the `sparkplug.*` calls. */
export function sparkplugHandlers(engine: Engine): Pick<Handlers, 'sparkplug.get' | 'sparkplug.configure'> {
  return {
    'sparkplug.get': () => ok(sparkplugState(engine)),
    'sparkplug.configure': async ({ settings }, client) => {
      const refusal = settings ? sourceRefusal(settings, engine.workspace.workspace.sparkplug, client.user!.role) : null;
      if (refusal) return fail('FORBIDDEN', refusal);
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
