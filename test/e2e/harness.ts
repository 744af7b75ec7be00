import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startHeadlessHost, type HeadlessHost } from '../../src-main/host/headless/host';
import { RENDERER_DIR } from '../../src-main/host/headless/renderer-build';
import { CHROMIUM_ARGS, chromiumPath } from './chromium';

/** Where screenshots go (test-results/ at the repository root). */
const SCREENSHOT_DIR = resolve(import.meta.dirname, '../../test-results/screenshots');

/** A headless host on a fresh data directory (so the demo workspace) and a browser page on it. */
export interface E2eContext {
  host: HeadlessHost;
  browser: Browser;
  page: Page;
  dataDir: string;
  /** Console errors and page errors seen so far. */
  errors: string[];
  close(): Promise<void>;
}

/** Starts the host and opens its URL (with the token) in Chromium. */
export async function openApp(): Promise<E2eContext> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('no Chromium found (set CHROME_PATH or install Debian chromium)');
  const dataDir = mkdtempSync(join(tmpdir(), 'sy-e2e-'));
  const host = await startHeadlessHost({ dataDir, rendererDir: RENDERER_DIR, version: 'e2e', log: () => {} });
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(host.url);
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return {
    host,
    browser,
    page,
    dataDir,
    errors,
    async close() {
      await browser.close();
      await host.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Saves a full-page screenshot as test-results/screenshots/NAME.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: false });
}

/** A screenshot in a window `height` px tall (then back to its size), scrolled to `selector` when given. */
export async function screenshotTall(page: Page, name: string, height: number, selector?: string): Promise<void> {
  const size = page.viewportSize()!;
  await page.setViewportSize({ width: size.width, height });
  if (selector) await page.locator(selector).scrollIntoViewIfNeeded();
  await screenshot(page, name);
  await page.setViewportSize(size);
}
