import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, screenshot, type E2eContext } from './harness';

let app: E2eContext;
let origin: string;

beforeAll(async () => {
  app = await openApp();
  origin = new URL(app.host.url).origin;
});
afterAll(async () => {
  await app?.close();
});

/** The client's reconnect backoff starts at 0.5 s and doubles: a retrying page opens 3 or more sockets in this time. */
const RETRY_WINDOW_MS = 4_000;

/** A fresh page in the given theme that counts the WebSockets it opens. */
async function freshPage(theme: 'dark' | 'light'): Promise<{ page: Page; sockets: () => number }> {
  const page = await app.browser.newPage({ viewport: { width: 1400, height: 860 } });
  await page.addInitScript({ content: `window.localStorage.setItem('switchyard.theme', '${theme}')` });
  let opened = 0;
  page.on('websocket', () => opened++);
  return { page, sockets: () => opened };
}

const heading = (page: Page) => page.getByRole('heading', { name: 'This page needs the link printed by npm run serve' });

describe('first contact with the serve URL', () => {
  it('without a token: says the page needs the link printed by npm run serve, and never tries to connect', async () => {
    for (const theme of ['dark', 'light'] as const) {
      const { page, sockets } = await freshPage(theme);
      await page.goto(`${origin}/`);
      await heading(page).waitFor({ timeout: 20_000 });
      expect(await page.locator('main').textContent()).toContain(`${origin}/#token=`);
      await screenshot(page, `first-contact-no-token-${theme}`);
      await page.waitForTimeout(RETRY_WINDOW_MS); // proving an absence: no socket may open in this window
      expect(sockets()).toBe(0);
      expect(await page.getByText('Cannot reach the Switchyard host').count()).toBe(0);
      await page.close();
    }
  });

  it('with an old or wrong token: the host refuses it once and the page stops retrying with the same message', async () => {
    const { page, sockets } = await freshPage('dark');
    await page.goto(`${origin}/#token=token-of-an-earlier-run`);
    await heading(page).waitFor({ timeout: 20_000 });
    expect(sockets()).toBe(1);
    await page.waitForTimeout(RETRY_WINDOW_MS); // proving an absence: no second socket may open in this window
    expect(sockets()).toBe(1);
    expect(await heading(page).isVisible()).toBe(true);
    expect(await page.getByText('Cannot reach the Switchyard host').count()).toBe(0);
    expect(await page.evaluate('window.location.hash')).toBe(''); // the token was taken out of the address bar
    await page.close();
  });

  it('the printed link still opens the app', async () => {
    await app.page.getByRole('heading', { name: 'Set up the administrator' }).waitFor({ timeout: 20_000 });
    expect(await heading(app.page).count()).toBe(0);
  });
});
