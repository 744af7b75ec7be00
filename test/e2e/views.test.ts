import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCapture } from '../../src-main/protocols/pcap';
import { VIEWS } from '../../src-renderer/views/view-list';
import { go, setTheme, trendInk } from './page-steps';
import { openApp, screenshot, type E2eContext } from './harness';
import { createUser, logIn, logOut, setUpAdmin } from './session';

let app: E2eContext;
const ENGINEER = { name: 'eng', password: 'engineer-pass-1' };
const OPERATOR = { name: 'op', password: 'operator-pass-1' };
const VECTORS = '/work/shared/vectors/captures';

beforeAll(async () => {
  app = await openApp();
  await app.page.getByRole('heading', { name: 'Set up the administrator' }).waitFor({ timeout: 20_000 });
  await screenshot(app.page, 'view-setup-dark');
  await setUpAdmin(app.page);
  await createUser(app.host, ENGINEER.name, 'engineer', ENGINEER.password);
  await createUser(app.host, OPERATOR.name, 'operator', OPERATOR.password);
});
afterAll(async () => {
  await app?.close();
});



const cellOf = (page: Page, key: string, column: string) => page.locator(`.row[data-key="${key}"] [data-column=${column}]`);

describe('the HMI views in Chromium against the demo workspace', () => {
  it('shows live values changing in the points table, filters it and opens a point', async () => {
    const { page } = app;
    await go(page, 'points');
    const key = 'demo-dnp3/ai:0';
    await page.locator(`.row[data-key="${key}"]`).waitFor({ timeout: 20_000 });
    const changes = async () => Number((await cellOf(page, key, 'changes').textContent())!.replace(/\D/g, ''));
    const before = await changes();
    await expect.poll(changes, { timeout: 20_000 }).toBeGreaterThan(before);
    expect(await cellOf(page, key, 'value').textContent()).toMatch(/\d A$/);

    await page.locator('input[name=point-search]').fill('Feeder 1');
    await expect.poll(() => page.locator('.body .row').count()).toBe(1);
    await page.locator(`.row[data-key="${key}"]`).dblclick();
    const details = page.locator('aside.details');
    await expect.poll(() => details.textContent()).toContain('HH 320 A');
    await screenshot(page, 'points-details-dark');
    await page.locator('input[name=point-search]').fill('');
    await page.locator('[role=grid]').focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowDown');
    expect(await page.locator('.row[aria-selected=true]').count()).toBe(1);
  });

  it('draws a trend of the chosen points', async () => {
    const { page } = app;
    await page.locator('[data-action=trend]').click();
    await expect.poll(() => page.locator('main').getAttribute('data-view')).toBe('trends');
    await page.locator('input[name=trend-search]').fill('Oil temperature');
    await page.locator('button[data-point="demo-iec104/ioa:3001@1"]').click();
    await page.locator('input[name=trend-search]').fill('Breaker Q1 position');
    await page.locator('button[data-point="demo-dnp3/bi:0"]').click();
    await page.locator('[aria-label="Trend controls"] .segmented label', { hasText: '10 min' }).click();
    await expect.poll(() => trendInk(page), { timeout: 15_000 }).toBeGreaterThan(20);
    expect(await page.locator('ul.chosen li').count()).toBe(3);
    await page.getByRole('button', { name: /Pause/ }).click();
    expect(await page.locator('.trend [role=status]').textContent()).toContain('Paused');
    await page.getByRole('button', { name: /Resume/ }).click();
  });

  it('validates the station form at the field with the engine schema', async () => {
    const { page } = app;
    await go(page, 'stations');
    await expect.poll(() => page.locator('tr[data-station="demo-dnp3"]').textContent(), { timeout: 20_000 }).toContain('Online');
    await page.locator('[data-action=add-station]').click();
    await page.locator('input[name=station-port]').fill('70000');
    await page.getByRole('button', { name: 'Add station', exact: true }).click();
    expect(await page.locator('input[name=station-id]').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#station-err-transport-port').textContent()).not.toBe('');
    await screenshot(page, 'stations-form-dark');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.locator('tr[data-station="demo-dnp3"] .link').click();
    await expect.poll(() => page.locator('section.detail').textContent()).toContain('Frames received');
  });

  it('lets an engineer select, then operate with confirmation, and audits the command', async () => {
    const { page } = app;
    await logOut(page);
    await logIn(page, ENGINEER.name, ENGINEER.password);
    await go(page, 'commands');
    await page.locator('select[name=command-station]').selectOption('demo-dnp3');
    await page.locator('select[name=command-point]').selectOption('bo:0');
    await page.locator('select[name=command-action]').selectOption('close');
    await page.locator('[data-action=select]').click();
    await expect.poll(() => page.locator('[data-testid=select-countdown]').textContent(), { timeout: 15_000 }).toMatch(/\d+ s left/);
    await screenshot(page, 'commands-selected-dark');
    await page.locator('[data-action=operate]').click();
    const dialog = page.getByRole('alertdialog');
    expect(await dialog.textContent()).toContain('Breaker Q1 control');
    await dialog.getByRole('button', { name: 'Operate' }).click();
    await expect.poll(() => page.locator('[data-testid=command-result]').textContent(), { timeout: 20_000 }).toContain('SUCCESS');
    await expect.poll(() => page.locator('[data-testid=audit-table] tbody tr').first().textContent(), { timeout: 10_000 }).toContain('SUCCESS');
    expect(await page.locator('[data-testid=audit-table] tbody tr').first().textContent()).toContain('eng');
    await screenshot(page, 'commands-done-dark');
  });

  it('sends an IEC 104 single command with the chosen QU and audits it', async () => {
    const { page } = app;
    await go(page, 'commands');
    await page.locator('select[name=command-station]').selectOption('demo-iec104');
    await page.locator('select[name=command-point]').selectOption('ioa:5001@1');
    // off opens CB1: its state alarm is the one the operator acknowledges below (the demo itself stays calm)
    await page.locator('select[name=command-action]').selectOption('off');
    await page.locator('select[name=command-qualifier]').selectOption('3');
    await page.locator('[data-action=select]').click();
    await expect.poll(() => page.locator('[data-testid=select-countdown]').textContent(), { timeout: 15_000 }).toMatch(/\d+ s left/);
    await page.locator('[data-action=operate]').click();
    const dialog = page.getByRole('alertdialog');
    expect(await dialog.textContent()).toContain('QU 3 persistent output');
    await dialog.getByRole('button', { name: 'Operate' }).click();
    await expect.poll(() => page.locator('[data-testid=command-result]').textContent(), { timeout: 20_000 }).toContain('SUCCESS');
    await expect.poll(() => page.locator('[data-testid=audit-table] tbody tr').first().textContent(), { timeout: 10_000 }).toContain('QU 3');
    await screenshot(page, 'commands-iec104-qualifier-dark');
  });

  it('shows decoded frames in the analyzer with two-way hex highlighting', async () => {
    const { page } = app;
    await go(page, 'analyzer');
    await page.locator('select[name=analyzer-station]').selectOption('demo-iec104');
    await expect.poll(() => page.locator('.frames .body .row').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await page.locator('.frames .body .row').first().click();
    await page.locator('[role=tree] [role=treeitem]').first().waitFor();
    const leaf = page.locator('[role=treeitem]:has(.span)').first();
    await leaf.click();
    expect(await page.locator('.byte.lit').count()).toBeGreaterThan(0);
    await page.locator('.byte[data-offset="0"]').click();
    expect(await page.locator('[role=treeitem][aria-selected=true]').count()).toBe(1);
    await screenshot(page, 'analyzer-frame-dark');
    await setTheme(page, 'light');
    await screenshot(page, 'analyzer-frame-light');
    await setTheme(page, 'dark');
  });

  it('saves the analysed station as a pcap and opens a capture file in place of the live frames', async () => {
    const { page } = app;
    await go(page, 'analyzer');
    if ((await page.locator('select[name=analyzer-station]').inputValue()) !== 'demo-iec104') await page.locator('select[name=analyzer-station]').selectOption('demo-iec104');
    await expect.poll(() => page.locator('.frames .body .row').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    const [saved] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save as pcap' }).click()]);
    expect(saved.suggestedFilename()).toMatch(/^demo-iec104-\d{8}-\d{6}\.pcap$/);
    const path = join(app.dataDir, saved.suggestedFilename());
    await saved.saveAs(path);
    const capture = readCapture(new Uint8Array(readFileSync(path)));
    expect(capture.ok && capture.value.packets.length).toBeGreaterThan(3);
    await page.getByRole('status').filter({ hasText: `Saved ${saved.suggestedFilename()}` }).waitFor();
    await screenshot(page, 'analyzer-saved-dark');

    await page.locator('input[name=analyzer-capture-file]').setInputFiles(join(VECTORS, 'iec104_example.pcapng'));
    await page.getByText('File (not live): iec104_example.pcapng').waitFor();
    expect(await page.getByRole('button', { name: 'Save as pcap' }).count()).toBe(0);
    await expect.poll(() => page.locator('.frames .body .row').count()).toBeGreaterThan(3);
    await page.locator('.frames .body .row').first().click();
    expect(await page.locator('.frames .body .row').first().textContent()).toMatch(/STARTDT/);
    await page.locator('[role=tree] [role=treeitem]').first().waitFor();
    await page.locator('[role=treeitem]:has(.span)').first().click();
    expect(await page.locator('.byte.lit').count()).toBeGreaterThan(0);
    await screenshot(page, 'analyzer-file-dark');
    await page.getByRole('button', { name: 'Back to live' }).click();
    expect(await page.getByText('File (not live)').count()).toBe(0);
    await expect.poll(() => page.locator('.frames .body .row').count(), { timeout: 30_000 }).toBeGreaterThan(0);
  });

  it('screenshots every view in both themes', async () => {
    const { page } = app;
    for (const theme of ['dark', 'light'] as const) {
      await setTheme(page, theme);
      for (const view of VIEWS) {
        await go(page, view.id);
        await page.waitForTimeout(300);
        await screenshot(page, `view-${view.id}-${theme}`);
      }
    }
    await setTheme(page, 'light');
    await logOut(page);
    await screenshot(page, 'view-login-light');
    await logIn(page, ENGINEER.name, ENGINEER.password);
    await setTheme(page, 'dark');
    await logOut(page);
    await screenshot(page, 'view-login-dark');
    await logIn(page, ENGINEER.name, ENGINEER.password);
  });

  it('refuses commands to an operator, with the reason, and lets them acknowledge an alarm', async () => {
    const { page } = app;
    await logOut(page);
    await logIn(page, OPERATOR.name, OPERATOR.password);
    await go(page, 'commands');
    expect(await page.locator('[data-testid=command-refusal]').textContent()).toContain('may monitor and acknowledge alarms but not issue commands');
    expect(await page.locator('select[name=command-station]').isDisabled()).toBe(true);
    await screenshot(page, 'commands-operator-dark');

    await go(page, 'events');
    const banner = page.locator('[data-testid=alarm-banner]');
    await expect.poll(() => banner.textContent(), { timeout: 20_000 }).toMatch(/\d+ unacknowledged alarm/);
    const count = async () => Number(/(\d+) unacknowledged/.exec((await banner.textContent()) ?? '')?.[1] ?? 0);
    const before = await count();
    await page.locator('[data-action=ack]').first().click();
    await expect.poll(count, { timeout: 10_000 }).toBeLessThan(before);
    await screenshot(page, 'events-acknowledged-dark');
    expect(app.errors).toEqual([]);
  });
});
