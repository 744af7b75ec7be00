import type { PreloadBridge } from '../../src-shared/ipc/channels';
import type { ContractClient } from './contract-client';

/** The contract client over the Electron preload bridge (always connected). */
export function createBridgeClient(bridge: PreloadBridge): ContractClient {
  return {
    transport: 'electron',
    call: (name, request) => bridge.invoke(name, request) as never,
    on: (name, listener) => bridge.on(name, listener as (payload: unknown) => void),
    onStatus(listener) {
      listener('connected');
      return () => {};
    },
  };
}
