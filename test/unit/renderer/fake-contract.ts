/** A scripted ContractClient for store and view tests: canned answers per call, events on demand. */
import type { ContractClient, LinkStatus } from '../../../src-renderer/api';
import { provideContract } from '../../../src-renderer/api';
import type { CallName, EventName, EventPayload } from '../../../src-shared/ipc/contract';
import type { Result } from '../../../src-shared/ipc/result';

/** The fake and what it saw. */
export interface FakeContract {
  client: ContractClient;
  calls: { name: string; request: unknown }[];
  /** Sets the answer of a call (a function of the request, or a fixed Result). */
  answer(name: CallName, result: Result<unknown> | ((request: never) => Result<unknown>)): void;
  emit<N extends EventName>(name: N, payload: EventPayload<N>): void;
  status(next: LinkStatus): void;
}

/** Creates a fake contract and provides it to the stores. */
export function fakeContract(): FakeContract {
  const answers = new Map<string, Result<unknown> | ((request: never) => Result<unknown>)>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const statusListeners = new Set<(status: LinkStatus) => void>();
  const calls: { name: string; request: unknown }[] = [];
  const client: ContractClient = {
    transport: 'websocket',
    call(name, request) {
      calls.push({ name, request });
      const answer = answers.get(name);
      const result = typeof answer === 'function' ? answer(request as never) : (answer ?? { ok: false, error: { code: 'UNSCRIPTED', message: `no answer for ${name}` } });
      return Promise.resolve(result) as never;
    },
    on(name, listener) {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(listener as (payload: unknown) => void);
      return () => set.delete(listener as (payload: unknown) => void);
    },
    onStatus(listener) {
      statusListeners.add(listener);
      listener('connecting');
      return () => statusListeners.delete(listener);
    },
  };
  provideContract(client);
  return {
    client,
    calls,
    answer: (name, result) => answers.set(name, result),
    emit: (name, payload) => {
      for (const listener of listeners.get(name) ?? []) listener(payload);
    },
    status: (next) => {
      for (const listener of statusListeners) listener(next);
    },
  };
}
