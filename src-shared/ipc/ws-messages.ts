/**
 * Messages of the contract over the headless host's WebSocket (JSON text frames), shared
 * by the host (src-main/host/headless/server.ts) and the renderer's client
 * (src-renderer/api/websocket-client.ts).
 * client -> host: `{ t: 'hello', token }` first, then `{ t: 'call', id, name, request }`.
 * host -> client: `{ t: 'welcome' }`, `{ t: 'result', id, result }`, `{ t: 'event', name, payload }`;
 * an event whose payload carries typed arrays (`points.batch`) is one binary frame
 * (src-shared/ipc/binary-frames.ts).
 */
import type { Result } from './result';

/** A message the renderer sends. */
export type ClientMessage =
  | { t: 'hello'; token: string }
  | { t: 'call'; id: number; name: string; request: unknown };

/** A message the host sends. */
export type HostMessage =
  | { t: 'welcome' }
  | { t: 'result'; id: number; result: Result<unknown> }
  | { t: 'event'; name: string; payload: unknown };

/** Close codes the host uses besides the standard ones (1009: too much before the hello). */
export const WS_CLOSE = {
  /** No hello within the host's hello timeout. */
  noHello: 4001,
  /** A frame that is not a well-formed client message. */
  malformed: 4002,
  /** A hello whose token is not this run's. */
  badToken: 4003,
} as const;

/** Parses one text frame from a client; null for anything that is not a well-formed message. */
export function parseClientMessage(text: string): ClientMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const message = value as Record<string, unknown>;
  if (message.t === 'hello' && typeof message.token === 'string') return { t: 'hello', token: message.token };
  if (message.t === 'call' && Number.isSafeInteger(message.id) && typeof message.name === 'string') {
    return { t: 'call', id: message.id as number, name: message.name, request: message.request };
  }
  return null;
}
