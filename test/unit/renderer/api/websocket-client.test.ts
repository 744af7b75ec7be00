import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createWebSocketClient } from '../../../../src-renderer/api/websocket-client';
import { createContractClient } from '../../../../src-renderer/api';
import { encodeBinaryFrame } from '../../../../src-shared/ipc/binary-frames';

/** A stand-in for the browser's WebSocket that records what the client sends. */
class FakeSocket {
  static last: FakeSocket | null = null;
  sent: Array<Record<string, unknown>> = [];
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: string | ArrayBuffer }) => void) | null = null;
  binaryType = 'blob';
  onclose: ((event: { code: number }) => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.last = this;
  }
  send(text: string) {
    this.sent.push(JSON.parse(text) as Record<string, unknown>);
  }
  receive(message: unknown) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.stubGlobal('WebSocket', FakeSocket);
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('WebSocket contract client', () => {
  it('says hello with the token, queues calls until welcomed, then resolves results by id', async () => {
    const client = createWebSocketClient('ws://127.0.0.1:1/ipc', 'secret');
    const statuses: string[] = [];
    client.onStatus((s) => statuses.push(s));
    const socket = FakeSocket.last!;
    const pending = client.call('app.info', {});
    socket.onopen?.();
    expect(socket.sent).toEqual([{ t: 'hello', token: 'secret' }]);
    socket.receive({ t: 'welcome' });
    expect(socket.sent[1]).toMatchObject({ t: 'call', name: 'app.info', request: {} });
    socket.receive({ t: 'result', id: socket.sent[1]!.id, result: { ok: true, value: 'info' } });
    await expect(pending).resolves.toEqual({ ok: true, value: 'info' });
    expect(statuses).toEqual(['connecting', 'connected']);
  });

  it('delivers events to subscribers until they unsubscribe', () => {
    const client = createWebSocketClient('ws://x/ipc', 't');
    const seen: unknown[] = [];
    const off = client.on('stations.state', (p) => seen.push(p));
    FakeSocket.last!.receive({ t: 'event', name: 'stations.state', payload: 1 });
    off();
    FakeSocket.last!.receive({ t: 'event', name: 'stations.state', payload: 2 });
    expect(seen).toEqual([1]);
  });

  it('asks for binary frames as ArrayBuffers, delivers a binary event with its typed arrays, and drops a binary frame that does not decode', () => {
    const client = createWebSocketClient('ws://x/ipc', 't');
    const seen: unknown[] = [];
    client.on('points.batch', (p) => seen.push(p));
    const socket = FakeSocket.last!;
    expect(socket.binaryType).toBe('arraybuffer');
    socket.onmessage?.({ data: encodeBinaryFrame({ t: 'event', name: 'points.batch', payload: { station: 's1', slots: Uint32Array.of(3, 4) } }).slice().buffer });
    socket.onmessage?.({ data: new ArrayBuffer(2) });
    expect(seen).toEqual([{ station: 's1', slots: Uint32Array.of(3, 4) }]);
  });

  it('fails calls in flight with DISCONNECTED when the link drops, and reconnects', async () => {
    const client = createWebSocketClient('ws://x/ipc', 't');
    const first = FakeSocket.last!;
    first.onopen?.();
    first.receive({ t: 'welcome' });
    const pending = client.call('app.info', {});
    first.onclose?.({ code: 1006 });
    await expect(pending).resolves.toMatchObject({ ok: false, error: { code: 'DISCONNECTED' } });
    vi.advanceTimersByTime(500);
    expect(FakeSocket.last).not.toBe(first);
  });

  it('without a token: rejected at once, opens no socket and fails calls', async () => {
    FakeSocket.last = null;
    const client = createWebSocketClient('ws://x/ipc', '');
    const statuses: string[] = [];
    client.onStatus((s) => statuses.push(s));
    expect(statuses).toEqual(['rejected']);
    await expect(client.call('app.info', {})).resolves.toMatchObject({ ok: false, error: { code: 'DISCONNECTED', message: expect.stringContaining('npm run serve') } });
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.last).toBeNull();
  });

  it('a token the host refuses (close 4003): rejected, queued calls fail, and it never reconnects', async () => {
    const client = createWebSocketClient('ws://x/ipc', 'old');
    const statuses: string[] = [];
    client.onStatus((s) => statuses.push(s));
    const first = FakeSocket.last!;
    const queued = client.call('app.info', {});
    first.onopen?.();
    first.onclose?.({ code: 4003 });
    await expect(queued).resolves.toMatchObject({ ok: false, error: { code: 'DISCONNECTED' } });
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.last).toBe(first);
    expect(statuses).toEqual(['connecting', 'rejected']);
  });
});

describe('transport choice', () => {
  it('uses the preload bridge when the page runs in Electron', async () => {
    const bridge = { invoke: vi.fn(async () => ({ ok: true, value: 1 })), on: vi.fn(() => () => {}) };
    const client = createContractClient(Object.assign(Object.create(window) as Window, { switchyard: bridge }));
    expect(client.transport).toBe('electron');
    await client.call('app.info', {});
    expect(bridge.invoke).toHaveBeenCalledWith('app.info', {});
  });

  it('uses the WebSocket with the token from the URL fragment, and removes it from the address bar', () => {
    window.history.replaceState(null, '', '/#token=abc123');
    const client = createContractClient(window);
    expect(client.transport).toBe('websocket');
    expect(FakeSocket.last!.url).toBe(`ws://${window.location.host}/ipc`);
    FakeSocket.last!.onopen?.();
    expect(FakeSocket.last!.sent[0]).toEqual({ t: 'hello', token: 'abc123' });
    expect(window.location.hash).toBe('');
  });
});
