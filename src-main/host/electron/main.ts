/**
 * The Electron host: one engine in the main process, one hardened window, the IPC
 * contract over the preload bridge. Each concern is set up by its own function.
 */
import { app, BrowserWindow, dialog, ipcMain, protocol, safeStorage, session } from 'electron';
import { join } from 'node:path';
import { createEngine, type Engine } from '../../engine';
import { createEventHub } from '../../ipc/event-hub';
import { createHandlers } from '../../ipc/handlers';
import { createRouter } from '../../ipc/router';
import { APP_ORIGIN, registerAppScheme, serveRenderer } from './app-protocol';
import { senderCheckFor, setupIpc } from './ipc-bridge';
import { originOf } from './origin';
import { createDesktopSecretStore } from './safe-storage-secrets';
import { setupSecurity } from './security';
import { createMainWindow, preloadPath } from './window';

const mainDir = import.meta.dirname;
const devServerUrl = process.env.ELECTRON_RENDERER_URL;
let engine: Engine | null = null;

registerAppScheme(protocol);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows();
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });
  app.whenReady().then(start, (error: unknown) => fatal(error));
}

async function start(): Promise<void> {
  const rendererUrl = devServerUrl ?? `${APP_ORIGIN}/index.html`;
  const origin = originOf(rendererUrl) ?? APP_ORIGIN;
  setupSecurity(app, session.defaultSession, origin);
  serveRenderer(protocol, join(mainDir, '../renderer'));
  const hub = createEventHub();
  // safeStorage answers only once the app is ready, which it is here.
  const secrets = createDesktopSecretStore(app.getPath('userData'), safeStorage);
  if (secrets.protection.warning) console.error(`secrets: ${secrets.protection.warning}`);
  engine = await createEngine({ dataDir: app.getPath('userData'), publish: hub.publisher, secrets });
  const info = { name: 'Switchyard', version: app.getVersion(), host: 'electron' as const, platform: process.platform };
  setupIpc(ipcMain, createRouter(createHandlers(engine, info)), hub, senderCheckFor([origin]));
  createMainWindow({ preload: preloadPath(mainDir), url: rendererUrl, stateDir: app.getPath('userData') });
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', () => void engine?.stop());
}

function fatal(error: unknown): void {
  dialog.showErrorBox('Switchyard could not start', error instanceof Error ? error.message : String(error));
  app.exit(1);
}
