import * as v from 'valibot';
import { calls, isCallName, type CallName, type CallResponse } from '../../src-shared/ipc/contract';
import { fail, type Result } from '../../src-shared/ipc/result';
import { roleAllows } from '../../src-shared/roles';
import type { ClientContext } from './client-context';

/** The validated request of call N. */
export type ValidRequest<N extends CallName> = v.InferOutput<(typeof calls)[N]['request']>;

/** Serves one call: gets a request that passed the schema, returns a Result. */
export type Handler<N extends CallName> = (
  request: ValidRequest<N>,
  client: ClientContext,
) => Result<CallResponse<N>> | Promise<Result<CallResponse<N>>>;

/** One handler per call of the contract; a missing one is a type error. */
export type Handlers = { [N in CallName]: Handler<N> };

/** Dispatches raw calls from any host: checks name, payload, access; runs the handler. */
export interface Router {
  dispatch(client: ClientContext, name: unknown, request: unknown): Promise<Result<unknown>>;
}

/** Formats valibot issues as `path: message; ...` so the caller sees which field is wrong. */
function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues
    .map((issue) => {
      const path = issue.path?.map((item) => String(item.key)).join('.') ?? '';
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}

/**
 * Builds the router both hosts share. Nothing reaches a handler unless its name is in the
 * contract, its payload matches the request schema and the client's role allows the call.
 * A handler's exception becomes an `INTERNAL` error Result; a response that breaks the
 * contract is refused rather than sent.
 */
export function createRouter(handlers: Handlers, log: (message: string) => void = console.error): Router {
  return {
    async dispatch(client, name, request) {
      if (!isCallName(name)) return fail('UNKNOWN_CALL', `unknown call: ${String(name).slice(0, 80)}`);
      const spec = calls[name];
      if (spec.access !== 'public') {
        if (!client.user) return fail('UNAUTHENTICATED', `${name} needs a logged-in user`);
        if (!roleAllows(client.user.role, spec.access)) return fail('FORBIDDEN', `${name} needs the ${spec.access} role; ${client.user.name} is ${client.user.role}`);
      }
      const parsed = v.safeParse(spec.request, request ?? {});
      if (!parsed.success) return fail('INVALID_REQUEST', `${name}: ${describeIssues(parsed.issues)}`);
      try {
        const handler = handlers[name] as Handler<CallName>;
        const result = await handler(parsed.output as never, client);
        if (!result.ok) return result;
        const checked = v.safeParse(spec.response, result.value);
        if (!checked.success) {
          log(`ipc: ${name} returned a response outside the contract: ${describeIssues(checked.issues)}`);
          return fail('INTERNAL', `${name} produced an invalid response`);
        }
        return result;
      } catch (error) {
        log(`ipc: ${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        return fail('INTERNAL', `${name} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
  };
}
