/**
 * Typed calls through the real IPC router, for tests that drive the engine as a client
 * would: `call` returns the Result, `value` the value (throwing with the error's code and
 * message otherwise).
 */
import type { CallName, CallRequest, CallResponse } from '../../../src-shared/ipc/contract';
import type { Result } from '../../../src-shared/ipc/result';
import type { ClientContext } from '../../../src-main/ipc/client-context';
import type { Router } from '../../../src-main/ipc/router';

/** Calls and values through the router `router()` returns (read at each call: tests make it in beforeAll). */
export function routerCalls(router: () => Router) {
  async function call<N extends CallName>(client: ClientContext, name: N, request: CallRequest<N> | Record<string, never> = {}): Promise<Result<CallResponse<N>>> {
    return (await router().dispatch(client, name, request)) as Result<CallResponse<N>>;
  }
  async function value<N extends CallName>(client: ClientContext, name: N, request: CallRequest<N> | Record<string, never> = {}): Promise<CallResponse<N>> {
    const result = await call(client, name, request);
    if (!result.ok) throw new Error(`${name}: ${result.error.code} ${result.error.message}`);
    return result.value;
  }
  return { call, value };
}
