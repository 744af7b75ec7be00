import { BrowserWindow, screen } from 'electron';
import { join } from 'node:path';
import { loadWindowState, saveWindowState } from './window-state';

/**
 * Opens the main window with the hardened web preferences (context isolation, sandbox,
 * no Node integration, no webview), restores its remembered bounds and saves them on close.
 */
export function createMainWindow(options: { preload: string; url: string; stateDir: string }): BrowserWindow {
  const state = loadWindowState(options.stateDir, screen.getAllDisplays().map((d) => d.workArea));
  const window = new BrowserWindow({
    x: state.x,
    y: state.y,
    width: state.width,
    height: state.height,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Switchyard',
    backgroundColor: '#2b2d30',
    webPreferences: {
      // electronegativity: PRELOAD_JS_CHECK the preload is ours and exposes only the contract's invoke/on (src-main/preload).
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick',
    },
  });
  if (state.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());
  window.on('close', () => {
    const bounds = window.getNormalBounds();
    saveWindowState(options.stateDir, { ...bounds, maximized: window.isMaximized() });
  });
  void window.loadURL(options.url);
  return window;
}

/** Path of the built preload next to the built main bundle. */
export function preloadPath(mainDir: string): string {
  return join(mainDir, '../preload/index.cjs');
}
