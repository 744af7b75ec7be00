import type { CallName, CallRequest, CallResponse, EventName, EventPayload } from '../../src-shared/ipc/contract';
import type { Result } from '../../src-shared/ipc/result';

/**
 * State of the renderer's link to its host. `rejected`: the headless host refused the
 * page's token (or the page has none), so retrying cannot help; the page needs the link
 * that `npm run serve` printed.
 */
export type LinkStatus = 'connecting' | 'connected' | 'disconnected' | 'rejected';

/** The renderer's only way to the engine: typed calls and pushed events of the contract. */
export interface ContractClient {
  /** `electron` through the preload bridge, `websocket` through the headless host. */
  readonly transport: 'electron' | 'websocket';
  call<N extends CallName>(name: N, request: CallRequest<N>): Promise<Result<CallResponse<N>>>;
  on<N extends EventName>(name: N, listener: (payload: EventPayload<N>) => void): () => void;
  /** Reports the link state now and on every change; returns the unsubscribe function. */
  onStatus(listener: (status: LinkStatus) => void): () => void;
}
