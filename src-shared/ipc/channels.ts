/**
 * The two Electron IPC channels that carry the whole contract: calls go renderer -> main
 * on INVOKE_CHANNEL (name, request), pushed events main -> renderer on EVENT_CHANNEL
 * (name, payload). Kept free of imports so the sandboxed preload can use it.
 */
export const INVOKE_CHANNEL = 'switchyard:invoke';
/** See {@link INVOKE_CHANNEL}. */
export const EVENT_CHANNEL = 'switchyard:event';

/** What the preload exposes on `window.switchyard`: the contract and nothing more. */
export interface PreloadBridge {
  invoke(name: string, request: unknown): Promise<unknown>;
  on(name: string, listener: (payload: unknown) => void): () => void;
}
