import type { IpcMain, IpcMainInvokeEvent, WebContents, WebFrameMain } from 'electron';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../../../src-shared/ipc/channels';
import { fail } from '../../../src-shared/ipc/result';
import { createClientContext, type ClientContext } from '../../ipc/client-context';
import type { EventHub } from '../../ipc/event-hub';
import type { Router } from '../../ipc/router';
import { originOf } from './origin';

/** Decides whether a frame is our own renderer (the app's origin, top-level frame). */
export type SenderCheck = (frame: WebFrameMain | null) => boolean;

/**
 * A SenderCheck that accepts only top-level frames whose URL has one of `origins` (e.g.
 * `app://switchyard` when packaged, the dev server's origin in development).
 */
export function senderCheckFor(origins: readonly string[]): SenderCheck {
  return (frame) => {
    if (!frame || frame.parent) return false;
    const origin = originOf(frame.url);
    return origin !== null && origins.includes(origin);
  };
}

/**
 * Registers the one ipcMain handler of the contract. Every call is checked for its
 * sender's frame, then goes through the shared router (name, payload schema, role). Each
 * window's web contents gets its own client context and receives pushed events.
 */
export function setupIpc(ipcMain: Pick<IpcMain, 'handle'>, router: Router, hub: EventHub, isTrusted: SenderCheck): void {
  const clients = new WeakMap<WebContents, ClientContext>();
  const clientFor = (contents: WebContents): ClientContext => {
    let client = clients.get(contents);
    if (!client) {
      const created = createClientContext('electron');
      clients.set(contents, created);
      const detach = hub.attach(created, (name, payload) => {
        if (!contents.isDestroyed()) contents.send(EVENT_CHANNEL, name, payload);
      });
      contents.once('destroyed', detach);
      client = created;
    }
    return client;
  };
  ipcMain.handle(INVOKE_CHANNEL, (event: IpcMainInvokeEvent, name: unknown, request: unknown) => {
    if (!isTrusted(event.senderFrame)) {
      return fail('FORBIDDEN_SENDER', 'call refused: it did not come from the Switchyard window');
    }
    return router.dispatch(clientFor(event.sender), name, request);
  });
}
