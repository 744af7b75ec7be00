/**
 * Browser-test helpers for the login gate: the first-start administrator set-up, login
 * and logout through the UI, and creating users over the host's WebSocket (as an
 * administrator would in the users view), so tests can act as operator or engineer.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import WebSocket from 'ws';
import type { HeadlessHost } from '../../src-main/host/headless/host';
import { openApp, type E2eContext } from './harness';

/** The administrator the browser tests create on first start. */
export const ADMIN = { name: 'admin', password: 'switchyard-e2e-admin' };

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

/** A contract call's result as it comes over the WebSocket. */
export type CallResult = { ok: boolean; value?: unknown; error?: { code: string; message: string } };

/** One call over the contract: its result. */
export type ContractCall = (name: string, request: unknown) => Promise<CallResult>;

/**
 * Runs `work` with a contract client logged in as the administrator (as the renderer
 * would be), over the host's WebSocket; closes it afterwards.
 */
export async function asAdmin<T>(host: HeadlessHost, work: (call: ContractCall) => Promise<T>): Promise<T> {
  const url = new URL(host.url);
  const ws = new WebSocket(`ws://${url.host}/ipc`, { origin: url.origin });
  let nextId = 1;
  const pending = new Map<number, (result: CallResult) => void>();
  const call: ContractCall = (callName, request) =>
    new Promise<CallResult>((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      ws.send(JSON.stringify({ t: 'call', id, name: callName, request }));
    });
  await new Promise<void>((resolve, reject) => {
    ws.on('open', () => ws.send(JSON.stringify({ t: 'hello', token: host.token })));
    ws.on('error', reject);
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as { t: string; id?: number; result?: CallResult };
      if (message.t === 'welcome') resolve();
      else if (message.t === 'result' && message.id !== undefined) pending.get(message.id)?.(message.result!);
    });
  });
  try {
    const login = await call('session.login', { name: ADMIN.name, password: ADMIN.password });
    if (!login.ok) throw new Error(`admin login failed: ${JSON.stringify(login.error)}`);
    return await work(call);
  } finally {
    ws.close();
  }
}

/** Creates a user over the contract, logged in as the administrator. */
export async function createUser(host: HeadlessHost, name: string, role: 'viewer' | 'operator' | 'engineer', password: string): Promise<void> {
  await asAdmin(host, async (call) => {
    const created = await call('users.create', { name, role, password });
    if (!created.ok) throw new Error(`users.create failed: ${JSON.stringify(created.error)}`);
  });
}
