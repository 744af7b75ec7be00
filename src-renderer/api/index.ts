import type { PreloadBridge } from '../../src-shared/ipc/channels';
import { createBridgeClient } from './bridge-client';
import type { ContractClient } from './contract-client';
import { createWebSocketClient } from './websocket-client';

export type { ContractClient, LinkStatus } from './contract-client';

const TOKEN_KEY = 'switchyard.token';

/**
 * Chooses the transport: the preload bridge when the page runs in the Electron window,
 * the headless host's WebSocket otherwise. The token arrives once in the URL fragment
 * (`#token=...`), is kept for the tab's session and removed from the address bar.
 */
export function createContractClient(win: Window & { switchyard?: PreloadBridge }): ContractClient {
  if (win.switchyard) return createBridgeClient(win.switchyard);
  const fromHash = /(?:^#|&)token=([^&]+)/.exec(win.location.hash)?.[1];
  if (fromHash) {
    win.sessionStorage.setItem(TOKEN_KEY, fromHash);
    win.history.replaceState(null, '', win.location.pathname + win.location.search);
  }
  const token = fromHash ?? win.sessionStorage.getItem(TOKEN_KEY) ?? '';
  const scheme = win.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return createWebSocketClient(`${scheme}//${win.location.host}/ipc`, token);
}

let current: ContractClient | null = null;

/** Makes `client` the one every store uses (boot does this once; tests pass a fake). */
export function provideContract(client: ContractClient): void {
  current = client;
}

/** The contract client; boot must have provided it. */
export function useContract(): ContractClient {
  if (!current) throw new Error('the contract client is not connected yet (boot/ provides it)');
  return current;
}
