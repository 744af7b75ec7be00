import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

const created = vi.hoisted(() => ({ options: [] as Array<Record<string, unknown>>, closeHandlers: [] as Array<() => void> }));

vi.mock('electron', () => {
  class BrowserWindow {
    constructor(options: Record<string, unknown>) {
      created.options.push(options);
    }
    maximize() {}
    once() {}
    on(event: string, handler: () => void) {
      if (event === 'close') created.closeHandlers.push(handler);
    }
    getNormalBounds() {
      return { x: 10, y: 20, width: 1200, height: 800 };
    }
    isMaximized() {
      return false;
    }
    loadURL() {
      return Promise.resolve();
    }
  }
  return { BrowserWindow, screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] } };
});

const { createMainWindow } = await import('../../../../src-main/host/electron/window');
const { setupSecurity } = await import('../../../../src-main/host/electron/security');

describe('main window', () => {
  it('is created isolated, sandboxed, without Node integration or webviews', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-window-'));
    createMainWindow({ preload: '/p/index.cjs', url: 'app://switchyard/index.html', stateDir: dir });
    const prefs = created.options.at(-1)?.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      preload: '/p/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
    });
  });

  it('remembers its bounds on close and restores them next time', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-window-'));
    createMainWindow({ preload: '/p', url: 'app://switchyard/', stateDir: dir });
    created.closeHandlers.at(-1)?.();
    expect(JSON.parse(readFileSync(join(dir, 'window-state.json'), 'utf8'))).toEqual({ x: 10, y: 20, width: 1200, height: 800, maximized: false });
    createMainWindow({ preload: '/p', url: 'app://switchyard/', stateDir: dir });
    expect(created.options.at(-1)).toMatchObject({ x: 10, y: 20, width: 1200, height: 800 });
  });
});

describe('security', () => {
  it('denies navigation elsewhere, new windows, webviews and every permission', () => {
    const appHandlers: Record<string, (...args: unknown[]) => void> = {};
    const contentsHandlers: Record<string, (...args: unknown[]) => void> = {};
    let windowOpen: (() => unknown) | undefined;
    let permissionRequest: ((...args: unknown[]) => void) | undefined;
    let permissionCheck: (() => boolean) | undefined;
    setupSecurity(
      { on: (event: string, handler: (...args: unknown[]) => void) => (appHandlers[event] = handler) } as never,
      {
        setPermissionRequestHandler: (h: (...args: unknown[]) => void) => (permissionRequest = h),
        setPermissionCheckHandler: (h: () => boolean) => (permissionCheck = h),
      } as never,
      'app://switchyard',
    );
    appHandlers['web-contents-created']?.({}, {
      on: (event: string, handler: (...args: unknown[]) => void) => (contentsHandlers[event] = handler),
      setWindowOpenHandler: (h: () => unknown) => (windowOpen = h),
    });
    const away = { url: 'https://example.com/', preventDefault: vi.fn() };
    contentsHandlers['will-navigate']?.(away);
    expect(away.preventDefault).toHaveBeenCalled();
    const inside = { url: 'app://switchyard/index.html#/points', preventDefault: vi.fn() };
    contentsHandlers['will-navigate']?.(inside);
    expect(inside.preventDefault).not.toHaveBeenCalled();
    const webview = { preventDefault: vi.fn() };
    contentsHandlers['will-attach-webview']?.(webview);
    expect(webview.preventDefault).toHaveBeenCalled();
    expect(windowOpen?.()).toEqual({ action: 'deny' });
    const callback = vi.fn();
    permissionRequest?.({}, 'media', callback);
    expect(callback).toHaveBeenCalledWith(false);
    expect(permissionCheck?.()).toBe(false);
  });
});
