import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshotTall } from './harness';
import { openAppAsAdmin } from './session';

const opened = openAppAsAdmin();

/** Screenshots in a window tall enough for the station details and the Device panel. */
const shoot = (page: Page, name: string): Promise<void> => screenshotTall(page, name, 1300);

describe('the Device panel in Chromium against the demo workspace', () => {
  it('reads DNP3 device attributes into the station details and cold-restarts after the confirmation', async () => {
    const { page } = opened.app;
    await page.locator('nav button[data-view="stations"]').click();
    for (const id of ['demo-dnp3', 'demo-iec104']) await expect.poll(() => page.locator(`tr[data-station="${id}"]`).textContent(), { timeout: 20_000 }).toContain('Online');
    await page.locator('tr[data-station="demo-dnp3"] button.link').click();
    const panel = page.locator('section.device-panel');
    await panel.waitFor();
    expect(await page.locator('[data-attributes="none"]').count()).toBe(1);
    await panel.locator('select[name=device-task]').selectOption('readAttributes');
    await panel.locator('[data-action=device-request]').click();
    const result = panel.locator('.result[data-stage=done]');
    await expect.poll(() => result.getAttribute('data-result'), { timeout: 15_000 }).toBe('SUCCESS');
    expect(await result.textContent()).toContain('manufacturerName');
    await expect.poll(() => page.locator('dl[data-attributes=read]').textContent(), { timeout: 5_000 }).toContain('Switchyard');

    await panel.locator('select[name=device-task]').selectOption('restart');
    await panel.getByLabel('Cold').check();
    await panel.locator('[data-action=device-request]').click();
    const armed = panel.locator('[data-stage=armed]');
    await armed.waitFor();
    expect(await armed.textContent()).toMatch(/cold restart changes the device: confirm within \d+ s or cancel/);
    await shoot(page, 'device-panel-armed-dark');
    await armed.locator('[data-action=device-confirm]').click();
    const dialog = page.getByRole('alertdialog');
    expect(await dialog.textContent()).toContain('cold restart on');
    await dialog.getByRole('button', { name: 'Run it' }).click();
    await expect.poll(() => panel.locator('.result').getAttribute('data-result'), { timeout: 15_000 }).toBe('SUCCESS');
    expect(await panel.locator('.result').textContent()).toMatch(/cold restart: SUCCESS.*delayMs/s);
    await shoot(page, 'device-panel-dnp3-dark');
    await page.getByRole('button', { name: 'Switch to light theme' }).click();
    await shoot(page, 'device-panel-dnp3-light');
    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
  });

  it('cancels an armed freeze and runs an IEC 104 counter interrogation at once', async () => {
    const { page } = opened.app;
    const panel = page.locator('section.device-panel');
    await panel.locator('select[name=device-task]').selectOption('freeze');
    await panel.locator('input[name=device-range]').fill('1-0');
    await panel.locator('[data-action=device-request]').click();
    expect(await panel.getByRole('alert').textContent()).toMatch(/Range "1-0"/);
    await panel.locator('input[name=device-range]').fill('0-1');
    await panel.locator('[data-action=device-request]').click();
    await panel.locator('[data-stage=armed]').waitFor();
    await panel.locator('[data-action=device-cancel]').click();
    await expect.poll(() => panel.locator('.result').getAttribute('data-result')).toBe('CANCELLED');

    await page.locator('tr[data-station="demo-iec104"] button.link').click();
    await expect.poll(() => panel.getAttribute('data-protocol')).toBe('iec104');
    await panel.locator('select[name=device-task]').selectOption('counterInterrogation');
    await panel.locator('[data-action=device-request]').click();
    await expect.poll(() => panel.locator('.result').getAttribute('data-result'), { timeout: 15_000 }).toBe('SUCCESS');
    expect(await panel.locator('.result').textContent()).toContain('counter interrogation general request');
    await shoot(page, 'device-panel-iec104-dark');
    await page.getByRole('button', { name: 'Switch to light theme' }).click();
    await shoot(page, 'device-panel-iec104-light');
  });
});
