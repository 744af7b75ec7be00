import type { IpcRenderer, IpcRendererEvent } from 'electron';
import { EVENT_CHANNEL, INVOKE_CHANNEL, type PreloadBridge } from '../../src-shared/ipc/channels';

/**
 * Builds the object the preload exposes: `invoke` and `on` for contract names only, over
 * the two contract channels. Raw ipcRenderer never reaches the page. Unknown names are
 * refused here already (main refuses them again).
 */
export function createBridge(
  ipc: Pick<IpcRenderer, 'invoke' | 'on'>,
  callNames: readonly string[],
  eventNames: readonly string[],
): PreloadBridge {
  const calls = new Set(callNames);
  const events = new Set(eventNames);
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  ipc.on(EVENT_CHANNEL, (_event: IpcRendererEvent, name: unknown, payload: unknown) => {
    if (typeof name !== 'string') return;
    for (const listener of listeners.get(name) ?? []) listener(payload);
  });
  return Object.freeze({
    invoke(name: string, request: unknown) {
      if (!calls.has(name)) {
        return Promise.resolve({ ok: false, error: { code: 'UNKNOWN_CALL', message: `unknown call: ${String(name)}` } });
      }
      return ipc.invoke(INVOKE_CHANNEL, name, request);
    },
    on(name: string, listener: (payload: unknown) => void) {
      if (!events.has(name)) throw new Error(`unknown event: ${String(name)}`);
      if (typeof listener !== 'function') throw new Error('listener must be a function');
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
  });
}
