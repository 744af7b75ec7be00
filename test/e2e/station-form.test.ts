import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot } from './harness';
import { openAppAsAdmin } from './session';

const opened = openAppAsAdmin();

/** Screenshots the page in a window tall enough for the whole form. */
async function shoot(page: Page, name: string): Promise<void> {
  const size = page.viewportSize()!;
  await page.setViewportSize({ width: size.width, height: 1900 });
  await page.locator('main').evaluate((main) => main.scrollTo(0, 0));
  await screenshot(page, name);
  await page.setViewportSize(size);
}

/** Records every state the station's row shows from now on (so a brief reconnect is not missed). */
async function recordStates(page: Page, id: string): Promise<() => Promise<string[]>> {
  await page.evaluate(`(() => {
    const seen = [];
    window.seenStates = seen;
    const table = document.querySelector('table.stations');
    new MutationObserver(() => {
      const state = table.querySelector('tr[data-station="${id}"] td[data-state]')?.getAttribute('data-state');
      if (state && seen.at(-1) !== state) seen.push(state);
    }).observe(table, { subtree: true, attributes: true, attributeFilter: ['data-state'] });
  })()`);
  return () => page.evaluate('window.seenStates') as Promise<string[]>;
}

describe('the station form in Chromium against the demo workspace', () => {
  it('shows every DNP3 section of the demo substation', async () => {
    const { page } = opened.app;
    await page.locator('nav button[data-view="stations"]').click();
    for (const id of ['demo-dnp3', 'demo-iec104']) await expect.poll(() => page.locator(`tr[data-station="${id}"]`).textContent(), { timeout: 20_000 }).toContain('Online');
    await page.locator('tr[data-station="demo-dnp3"] [data-action=edit]').click();
    const form = page.locator('form.station-form');
    await form.waitFor();
    expect(await form.locator('legend').allTextContents()).toEqual(expect.arrayContaining(['Identity', 'Transport', 'DNP3 addresses', 'Polling and time sync', 'Command policies']));
    expect(await page.locator('#station-dnp3-classPolls-0-periodMs').inputValue()).toBe('2000');
    expect(await page.locator('#station-commands-2-max').inputValue()).toBe('1000');
    expect(await form.locator('#station-iec104-t1Ms').count()).toBe(0);
    // Secure Authentication: off in the demo; on, it asks for the user, the update key (or its file) and the MAC
    await form.locator('input[name=station-dnp3-secureAuth]').check();
    expect(await page.locator('#station-dnp3-secureAuth-user').inputValue()).toBe('1');
    await form.locator('input[name=station-dnp3-secureAuth-keySource][value=file]').check();
    await page.locator('#station-dnp3-secureAuth-keyFile').fill('/etc/switchyard/demo-user1.key');
    await shoot(page, 'station-form-dnp3-dark');
    await page.getByRole('button', { name: 'Switch to light theme' }).click();
    await shoot(page, 'station-form-dnp3-light');
    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    await page.getByRole('button', { name: 'Cancel' }).click();
  });

  it('shows t2 ≥ t1 at the field, then saves a redundancy connection and the station reconnects', async () => {
    const { page } = opened.app;
    await page.locator('tr[data-station="demo-iec104"] [data-action=edit]').click();
    const t2 = page.locator('#station-iec104-t2Ms');
    await t2.waitFor();
    expect(await page.locator('#station-iec104-t1Ms').inputValue()).toBe('15000');
    await t2.fill('15000');
    await page.getByRole('button', { name: 'Save changes' }).click();
    expect(await page.locator('#station-err-iec104-t2Ms').textContent()).toBe('t2 must be less than t1');
    expect(await t2.getAttribute('aria-invalid')).toBe('true');
    await shoot(page, 'station-form-iec104-error-dark');

    await t2.fill('9000');
    expect(await page.locator('#station-err-iec104-t2Ms').textContent()).toBe('');
    expect(await t2.getAttribute('aria-invalid')).toBe('false');
    const port = await page.locator('input[name=station-port]').inputValue();
    await page.locator('[data-action=add-connection]').click();
    await expect.poll(() => page.evaluate('document.activeElement.id')).toBe('station-iec104-redundancy-0-host');
    await page.keyboard.press('Tab');
    await page.keyboard.type('x');
    await page.getByRole('button', { name: 'Save changes' }).click();
    expect(await page.locator('#station-err-iec104-redundancy-0-port').textContent()).toBe('Enter a number');
    await page.locator('#station-iec104-redundancy-0-port').fill(port);
    await shoot(page, 'station-form-iec104-dark');

    const states = await recordStates(page, 'demo-iec104');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => page.locator('.bar [role=status]').textContent()).toContain('Saved Demo feeder RTU (IEC 104)');
    await expect.poll(async () => (await states()).join(' '), { timeout: 20_000 }).toMatch(/^(?!ready).*\bready$/);
    await expect.poll(() => page.locator('tr[data-station="demo-iec104"]').textContent()).toContain('Online');

    await page.locator('tr[data-station="demo-iec104"] [data-action=edit]').click();
    expect(await page.locator('#station-iec104-t2Ms').inputValue()).toBe('9000');
    expect(await page.locator('#station-iec104-redundancy-0-port').inputValue()).toBe(port);
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect(opened.app.errors).toEqual([]);
  });
});
