/**
 * DNP3 Secure Authentication end to end in Chromium against the SA outstation simulator
 * (`sim dnp3 --sa-update-key` as the CLI runs it: user 1, role engineer): the update key is entered once in
 * the station form and afterwards shown only by its fingerprint; a control is challenged and
 * succeeds, and the station's details show the SA state (session keys in force, challenges
 * answered); a station with the wrong key is refused by the outstation, and the console and
 * the audit name the refusal (SA_AUTHENTICATION_FAILED). Screenshots in both themes.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src-main/commissioning/target/simulator';
import { choose, go, shootBothThemes } from './page-steps';
import { asAdmin } from './contract-call';
import { openAppAsAdmin } from './session';

const KEY = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';
const WRONG = 'ff0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';
const opened = openAppAsAdmin();
let sim: Simulator;
const refusals: string[] = [];

const station = (id: string, name: string, secureAuth?: object) => ({
  id,
  name,
  protocol: 'dnp3',
  transport: { kind: 'tcp', host: '127.0.0.1', port: sim.port, reconnectDelayMs: 500 },
  dnp3: secureAuth ? { secureAuth } : {},
  commands: [{ address: 'bo:1', mode: 'sbo', actions: ['on', 'off'] }],
});

beforeAll(async () => {
  const started = await startSimulator({ host: '127.0.0.1', port: 0, rate: 0, protocol: 'dnp3', points: 4, secureAuth: { user: 1, updateKey: Buffer.from(KEY, 'hex'), role: 'engineer', aggressive: false }, onRefused: (code) => refusals.push(code) });
  if (!started.ok) throw new Error(started.error.message);
  sim = started.value;
  await asAdmin(opened.app.host, async (call) => {
    await call('stations.add', { station: station('rtu-sa', 'RTU 7 (SA)') });
    await call('stations.add', { station: station('rtu-wrong', 'RTU 7 wrong key', { user: 1 }), saUpdateKey: WRONG });
  });
});
afterAll(async () => {
  await sim?.close();
});

const auditTop = (page: Page) => page.locator('[data-testid=audit-table] tbody tr').first().textContent();

describe('DNP3 Secure Authentication in the browser', () => {
  it('takes the update key once in the station form and then shows only its fingerprint', async () => {
    const { page } = opened.app;
    await go(page, 'stations');
    await page.locator('tr[data-station="rtu-sa"] [data-action=edit]').click();
    const form = page.locator('form.station-form');
    await form.waitFor();
    await form.locator('input[name=station-dnp3-secureAuth]').check();
    const key = form.locator('input[name=station-dnp3-secureAuth-key]');
    expect(await key.getAttribute('type')).toBe('password');
    expect(await form.locator('[data-testid=sa-key-storage]').textContent()).toContain('Saved by the engine in a file only its account can read (mode 0600)');
    await key.fill('0001');
    await form.getByRole('button', { name: 'Save changes' }).click();
    expect(await page.locator('#station-err-dnp3-secureAuth-key').textContent()).toBe('64 hex digits (AES-256) or 32 (AES-128); this has 4');
    await key.fill(KEY);
    await key.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await shootBothThemes(page, 'station-form-sa-key-entry');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => page.locator('.bar [role=status]').textContent()).toContain('Saved RTU 7 (SA)');

    await page.locator('tr[data-station="rtu-sa"] [data-action=edit]').click();
    await form.waitFor();
    const state = form.locator('[data-testid=sa-key-state]');
    expect(await state.textContent()).toContain('Key set, fingerprint 630d cd29 66c4 3366');
    expect(await form.locator('input[name=station-dnp3-secureAuth-key]').count()).toBe(0);
    expect(await page.content()).not.toContain(KEY);
    await state.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await shootBothThemes(page, 'station-form-sa-key-set');
    await form.getByRole('button', { name: 'Cancel' }).click();
  });

  it('a challenged control succeeds; the details show the session keys in force and the challenges answered', async () => {
    const { page } = opened.app;
    await expect.poll(() => page.locator('tr[data-station="rtu-sa"]').textContent(), { timeout: 20_000 }).toContain('Online');
    await go(page, 'commands');
    await choose(page, 'rtu-sa', 'bo:1', 'on');
    await page.locator('[data-action=select]').click();
    await expect.poll(() => page.locator('[data-testid=select-countdown]').textContent(), { timeout: 15_000 }).toMatch(/\d+ s left/);
    await page.locator('[data-action=operate]').click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Operate' }).click();
    await expect.poll(() => page.locator('[data-testid=command-result]').textContent(), { timeout: 20_000 }).toContain('SUCCESS');
    await expect.poll(() => auditTop(page), { timeout: 10_000 }).toContain('SUCCESS');

    await go(page, 'stations');
    await page.locator('tr[data-station="rtu-sa"] button.link').click();
    const details = page.locator('section.detail');
    await expect.poll(() => details.textContent(), { timeout: 10_000 }).toMatch(/user 1, session keys in force \(OK\)/);
    // Select and operate are both critical requests: each was challenged and answered.
    await expect.poll(() => details.textContent(), { timeout: 10_000 }).toMatch(/[2-9] challenges answered/);
    expect(await details.textContent()).toMatch(/0 failures/);
    await details.scrollIntoViewIfNeeded();
    await shootBothThemes(page, 'station-details-sa');
  });

  it('the wrong key: the outstation refuses, and the console and the audit say SA_AUTHENTICATION_FAILED', async () => {
    const { page } = opened.app;
    await expect.poll(() => page.locator('tr[data-station="rtu-wrong"]').textContent(), { timeout: 20_000 }).toContain('Online');
    await go(page, 'commands');
    await choose(page, 'rtu-wrong', 'bo:1', 'on');
    await page.locator('[data-action=select]').click();
    const headline = page.locator('[data-testid=command-result] .headline');
    await expect.poll(() => headline.textContent(), { timeout: 20_000 }).toContain('SA_AUTHENTICATION_FAILED');
    await expect.poll(() => auditTop(page), { timeout: 10_000 }).toContain('SA_AUTHENTICATION_FAILED');
    expect(await auditTop(page)).toContain('bo:1');
    expect(refusals).toContain('SA_AUTHENTICATION_FAILED');
    await shootBothThemes(page, 'commands-sa-refused');
  });
});
