import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../../../../src-shared/ipc/channels';
import { ok } from '../../../../src-shared/ipc/result';
import { senderCheckFor, setupIpc } from '../../../../src-main/host/electron/ipc-bridge';
import { createEventHub } from '../../../../src-main/ipc/event-hub';
import { createRouter, type Handlers } from '../../../../src-main/ipc/router';

vi.mock('electron', () => ({}));

type InvokeHandler = (event: unknown, name: unknown, request: unknown) => Promise<unknown>;

function fakeContents() {
  const contents = Object.assign(new EventEmitter(), { send: vi.fn(), isDestroyed: () => false });
  return contents;
}

function setup() {
  let handler: InvokeHandler | undefined;
  const appInfo = vi.fn(() => ok({ name: 'Switchyard', version: '0', host: 'electron' as const, platform: 'linux', demo: true, secretStorage: { kind: 'os-keychain' as const, warning: null } }));
  const router = createRouter({ 'app.info': appInfo, 'stations.list': () => ok([]) } as unknown as Handlers, () => {});
  const hub = createEventHub();
  setupIpc({ handle: (channel: string, h: InvokeHandler) => channel === INVOKE_CHANNEL && (handler = h) } as never, router, hub, senderCheckFor(['app://switchyard']));
  const contents = fakeContents();
  const event = (url: string, parent: unknown = null) => ({ sender: contents, senderFrame: { url, parent } });
  return { invoke: async (e: unknown, name: unknown, req: unknown) => handler!(e, name, req), appInfo, hub, contents, event };
}

describe('electron ipc wrapper', () => {
  it('serves a valid call from our own top-level frame', async () => {
    const { invoke, event, appInfo } = setup();
    await expect(invoke(event('app://switchyard/index.html'), 'app.info', {})).resolves.toMatchObject({ ok: true });
    expect(appInfo).toHaveBeenCalledTimes(1);
  });

  it('refuses calls from another origin or from a sub-frame before any handler runs', async () => {
    const { invoke, event, appInfo } = setup();
    await expect(invoke(event('https://evil.example/'), 'app.info', {})).resolves.toMatchObject({ error: { code: 'FORBIDDEN_SENDER' } });
    await expect(invoke(event('app://switchyard/x', { url: 'app://switchyard/' }), 'app.info', {})).resolves.toMatchObject({
      error: { code: 'FORBIDDEN_SENDER' },
    });
    await expect(invoke({ sender: fakeContents(), senderFrame: null }, 'app.info', {})).resolves.toMatchObject({ error: { code: 'FORBIDDEN_SENDER' } });
    expect(appInfo).not.toHaveBeenCalled();
  });

  it('answers an invalid payload with an error Result and never calls the handler', async () => {
    const { invoke, event, appInfo } = setup();
    await expect(invoke(event('app://switchyard/'), 'app.info', 'not an object')).resolves.toMatchObject({ error: { code: 'INVALID_REQUEST' } });
    expect(appInfo).not.toHaveBeenCalled();
  });

  it('pushes hub events to the window until it is destroyed', async () => {
    const { invoke, event, hub, contents } = setup();
    await invoke(event('app://switchyard/'), 'app.info', {});
    const station = { id: 's', name: 'S', protocol: 'dnp3' as const, target: 't', enabled: true, state: 'ready' as const, lastError: null, demo: false, iin: null, protocolState: null };
    hub.publish('stations.state', station);
    expect(contents.send).toHaveBeenCalledWith(EVENT_CHANNEL, 'stations.state', station);
    contents.emit('destroyed');
    hub.publish('stations.state', station);
    expect(contents.send).toHaveBeenCalledTimes(1);
  });
});
