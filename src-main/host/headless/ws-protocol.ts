/**
 * Messages of the contract over the headless host's WebSocket (JSON text frames).
 * client -> host: `{ t: 'hello', token }` first, then `{ t: 'call', id, name, request }`.
 * host -> client: `{ t: 'welcome' }`, `{ t: 'result', id, result }`, `{ t: 'event', name, payload }`;
 * an event whose payload carries typed arrays (`points.batch`) is one binary frame
 * (src-shared/ipc/binary-frames.ts).
 */

/** A message the renderer sends. */
export type ClientMessage =
  | { t: 'hello'; token: string }
  | { t: 'call'; id: number; name: string; request: unknown };

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
