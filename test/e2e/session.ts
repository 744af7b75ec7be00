/**
 * Browser-test helpers for the login gate: the first-start administrator set-up, login
 * and logout through the UI, and creating users over the host's WebSocket (as an
 * administrator would in the users view), so tests can act as operator or engineer.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import type { HeadlessHost } from '../../src-main/host/headless/host';
import { ADMIN, asAdmin } from './contract-call';
import { openApp, type E2eContext } from './harness';

export { ADMIN } from './contract-call';

/** Completes the first-start set-up in the UI and waits for the app shell. */
export async function setUpAdmin(page: Page): Promise<void> {
  await page.getByRole('heading', { name: 'Set up the administrator' }).waitFor({ timeout: 20_000 });
  await page.locator('input[name=admin-name]').fill(ADMIN.name);
  await page.locator('input[name=admin-password]').fill(ADMIN.password);
  await page.locator('input[name=admin-confirm]').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Create administrator' }).click();
  await page.locator('nav[aria-label=Views]').waitFor({ timeout: 15_000 });
}

/**
 * Opens the app once for the calling test file, with the first administrator set up and
 * logged in, and closes it after the file's tests; `app` is set once they start.
 */
export function openAppAsAdmin(): { readonly app: E2eContext } {
  const opened = {} as { app: E2eContext };
  beforeAll(async () => {
    opened.app = await openApp();
    await setUpAdmin(opened.app.page);
  });
  afterAll(async () => {
    await opened.app?.close();
  });
  return opened;
}

/** Logs in through the login form and waits for the app shell. */
export async function logIn(page: Page, name: string, password: string): Promise<void> {
  await page.getByRole('heading', { name: 'Log in to Switchyard' }).waitFor({ timeout: 20_000 });
  await page.locator('input[name=username]').fill(name);
  await page.locator('input[name=password]').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.locator('nav[aria-label=Views]').waitFor({ timeout: 15_000 });
  await expect.poll(() => page.locator('footer.status .user').textContent()).toContain(name);
}

/** Logs out through the status bar and waits for the login form. */
export async function logOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.getByRole('heading', { name: 'Log in to Switchyard' }).waitFor();
}

/** Creates a user over the contract, logged in as the administrator. */
export async function createUser(host: HeadlessHost, name: string, role: 'viewer' | 'operator' | 'engineer', password: string): Promise<void> {
  await asAdmin(host, (call) => call('users.create', { name, role, password }));
}
