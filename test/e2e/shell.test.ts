import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VIEWS } from '../../src-renderer/views/view-list';
import { openApp, screenshot, type E2eContext } from './harness';
import { ADMIN, setUpAdmin } from './session';

let app: E2eContext;

beforeAll(async () => {
  app = await openApp();
});
afterAll(async () => {
  await app?.close();
});

describe('app shell in Chromium against the headless host', () => {
  it('loads, connects over the WebSocket and round-trips app.info', async () => {
    await setUpAdmin(app.page);
    const status = app.page.locator('footer.status');
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toContain('Switchyard e2e · headless');
    expect(await status.textContent()).toContain('Connected to host');
    expect(app.page.url()).not.toContain('token=');
  });

  it('navigates to every view by click and by Alt+number, and screenshots each in both themes', async () => {
    const { page } = app;
    for (const [index, view] of VIEWS.entries()) {
      await page.locator(`nav button[data-view="${view.id}"]`).click();
      await expect.poll(() => page.locator('main').getAttribute('data-view')).toBe(view.id);
      expect(await page.locator(`nav button[data-view="${view.id}"]`).getAttribute('aria-current')).toBe('page');
      await page.locator('main').click({ position: { x: 5, y: 5 } });
      await page.keyboard.press(`Alt+${((index + 1) % VIEWS.length) + 1}`);
      const next = VIEWS[(index + 1) % VIEWS.length]!;
      await expect.poll(() => page.locator('main').getAttribute('data-view')).toBe(next.id);
      await page.locator(`nav button[data-view="${view.id}"]`).click();
      await screenshot(page, `shell-${view.id}-dark`);
    }
    await page.getByRole('button', { name: /Switch to light theme/ }).click();
    expect(await page.locator('html').getAttribute('data-theme')).toBe('light');
    for (const view of VIEWS) {
      await page.locator(`nav button[data-view="${view.id}"]`).click();
      await screenshot(page, `shell-${view.id}-light`);
    }
  });

  it('keeps the chosen view and the login across a reload and logs no errors', async () => {
    const { page } = app;
    await page.locator('nav button[data-view="analyzer"]').click();
    await page.reload();
    await page.locator('nav[aria-label=Views]').waitFor({ timeout: 15_000 });
    await expect.poll(() => page.locator('footer.status .user').textContent()).toContain(ADMIN.name);
    await expect.poll(() => page.locator('main').getAttribute('data-view')).toBe('analyzer');
    await expect.poll(() => page.locator('footer.status').textContent()).toContain('Connected to host');
    expect(app.errors).toEqual([]);
  });
});
