import { decodeBinaryFrame } from '../../src-shared/ipc/binary-frames';
import type { Result } from '../../src-shared/ipc/result';
import { WS_CLOSE, type ClientMessage, type HostMessage } from '../../src-shared/ipc/ws-messages';
import type { ContractClient, LinkStatus } from './contract-client';

/**
 * A text frame is JSON; a binary frame is an event with typed arrays. A binary frame that
 * does not decode (never sent by a working host) is dropped: null.
 */
function parseHostMessage(data: unknown): HostMessage | null {
  if (!(data instanceof ArrayBuffer)) return JSON.parse(String(data)) as HostMessage;
  const decoded = decodeBinaryFrame(data);
  return decoded.ok ? (decoded.value as HostMessage) : null;
}

interface Pending {
  resolve(result: Result<unknown>): void;
}

const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 5_000;
const LOST: Result<never> = { ok: false, error: { code: 'DISCONNECTED', message: 'the connection to the Switchyard host was lost' } };
const REFUSED: Result<never> = { ok: false, error: { code: 'DISCONNECTED', message: 'the Switchyard host refused this page: open the link printed by npm run serve' } };

const encode = (message: ClientMessage): string => JSON.stringify(message);

/**
 * The contract client over the headless host's WebSocket. Says hello with the per-run
 * token, queues calls until welcomed, reconnects with backoff, and fails calls in flight
 * with `DISCONNECTED` when the link drops (a call never hangs or silently succeeds).
 * Without a token, or once the host refused it, it stays `rejected` and does not retry:
 * the token of a run never changes, so only the link of the current run can help.
 */
export function createWebSocketClient(url: string, token: string): ContractClient {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const statusListeners = new Set<(status: LinkStatus) => void>();
  const pending = new Map<number, Pending>();
  const queue: string[] = [];
  let status: LinkStatus = 'connecting';
  let socket: WebSocket | null = null;
  let welcomed = false;
  let nextId = 1;
  let delay = RECONNECT_MIN_MS;

  const setStatus = (next: LinkStatus) => {
    status = next;
    for (const listener of statusListeners) listener(next);
  };

  const connect = () => {
    setStatus('connecting');
    const ws = new WebSocket(url);
    ws.binaryType = 'arraybuffer';
    socket = ws;
    ws.onopen = () => ws.send(encode({ t: 'hello', token }));
    ws.onmessage = (event) => {
      const message = parseHostMessage(event.data);
      if (message === null) return;
      if (message.t === 'welcome') {
        welcomed = true;
        delay = RECONNECT_MIN_MS;
        setStatus('connected');
        for (const text of queue.splice(0)) ws.send(text);
      } else if (message.t === 'result') {
        pending.get(message.id)?.resolve(message.result);
        pending.delete(message.id);
      } else {
        for (const listener of listeners.get(message.name) ?? []) listener(message.payload);
      }
    };
    ws.onclose = (event) => {
      welcomed = false;
      socket = null;
      const refused = event.code === WS_CLOSE.badToken;
      failPending(refused ? REFUSED : LOST);
      if (refused) {
        setStatus('rejected');
        return;
      }
      setStatus('disconnected');
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, RECONNECT_MAX_MS);
    };
  };
  const failPending = (result: Result<never>) => {
    for (const [id, call] of pending) {
      call.resolve(result);
      pending.delete(id);
    }
    queue.length = 0;
  };
  if (token === '') setStatus('rejected');
  else connect();

  return {
    transport: 'websocket',
    call(name, request) {
      const id = nextId++;
      const text = encode({ t: 'call', id, name, request });
      if (status === 'rejected') return Promise.resolve(REFUSED);
      return new Promise((resolve) => {
        pending.set(id, { resolve: resolve as Pending['resolve'] });
        if (welcomed && socket) socket.send(text);
        else queue.push(text);
      });
    },
    on(name, listener) {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      const entry = listener as (payload: unknown) => void;
      set.add(entry);
      return () => set.delete(entry);
    },
    onStatus(listener) {
      statusListeners.add(listener);
      listener(status);
      return () => statusListeners.delete(listener);
    },
  };
}
