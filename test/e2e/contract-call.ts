/**
 * Calls the contract over the host's WebSocket as the administrator, as another client of
 * the same engine would (to create users, or to configure points and poll in a test).
 */
import WebSocket from 'ws';
import type { HeadlessHost } from '../../src-main/host/headless/host';

/** What a call returned. */
export interface CallResult {
  ok: boolean;
  value?: unknown;
  error?: { code: string; message: string };
}

/** One call; throws with the error when it fails. */
export type AdminCall = (name: string, request: unknown) => Promise<unknown>;

/** The administrator every browser test creates on first start. */
export const ADMIN = { name: 'admin', password: 'switchyard-e2e-admin' };

/** Opens a WebSocket client, logs in as the administrator, runs `body` with a call function, and closes. */
export async function asAdmin<T>(host: HeadlessHost, body: (call: AdminCall) => Promise<T>): Promise<T> {
  const url = new URL(host.url);
  const ws = new WebSocket(`ws://${url.host}/ipc`, { origin: url.origin });
  let nextId = 1;
  const pending = new Map<number, (result: CallResult) => void>();
  const raw = (name: string, request: unknown) =>
    new Promise<CallResult>((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      ws.send(JSON.stringify({ t: 'call', id, name, request }));
    });
  const call: AdminCall = async (name, request) => {
    const result = await raw(name, request);
    if (!result.ok) throw new Error(`${name} failed: ${JSON.stringify(result.error)}`);
    return result.value;
  };
  await new Promise<void>((resolve, reject) => {
    ws.on('open', () => ws.send(JSON.stringify({ t: 'hello', token: host.token })));
    ws.on('error', reject);
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as { t: string; id?: number; result?: CallResult };
      if (message.t === 'welcome') resolve();
      else if (message.t === 'result' && message.id !== undefined) pending.get(message.id)?.(message.result!);
    });
  });
  try {
    await call('session.login', { name: ADMIN.name, password: ADMIN.password });
    return await body(call);
  } finally {
    ws.close();
  }
}
