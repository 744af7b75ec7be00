import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshotTall } from './harness';
import { createUser, logIn, logOut, openAppAsAdmin } from './session';

const opened = openAppAsAdmin();

/** Screenshots of the station details in a window tall enough for the Raw request panel. */
const shoot = (page: Page, name: string): Promise<void> => screenshotTall(page, name, 1900, 'section.raw-panel');

describe('the Raw request panel in Chromium against the demo workspace', () => {
  it('reads g0v252 and shows the decoded answer with the field tree linked to the octets', async () => {
    const { page } = opened.app;
    await page.locator('nav button[data-view="stations"]').click();
    for (const id of ['demo-dnp3', 'demo-iec104']) await expect.poll(() => page.locator(`tr[data-station="${id}"]`).textContent(), { timeout: 20_000 }).toContain('Online');
    await page.locator('tr[data-station="demo-dnp3"] button.link').click();
    const panel = page.locator('section.raw-panel');
    await panel.waitFor();
    expect(await panel.locator('select[name=raw-template]').inputValue()).toBe('read-g0v252');
    await expect.poll(() => panel.locator('[data-action=raw-send]').isEnabled(), { timeout: 10_000 }).toBe(true);
    await panel.locator('[data-action=raw-send]').click();
    const result = panel.locator('.result[data-stage=done]');
    await expect.poll(() => result.getAttribute('data-result'), { timeout: 15_000 }).toBe('SUCCESS');
    expect(await result.textContent()).toContain('raw READ (1) g0v252: SUCCESS');
    expect(await panel.locator('[data-answer=head]').textContent()).toMatch(/RESPONSE · IIN 0x[0-9a-f]{4}/);
    expect(await panel.locator('table[data-answer=objects]').textContent()).toMatch(/g0v252.*Switchyard/s);
    const frames = panel.locator('.frames > ul > li');
    expect(await frames.count()).toBe(2);
    expect(await frames.nth(0).textContent()).toMatch(/sent: READ seq \d+ g0v252\s*c[0-9a-f] 01 00 fc 06/);
    // the received fragment is selected: clicking its IIN field lights its two octets
    await panel.locator('li[role=treeitem]', { hasText: 'IIN' }).click();
    await expect.poll(() => panel.locator('.hex .byte.lit').evaluateAll((els) => els.map((e) => e.getAttribute('data-offset')))).toEqual(['2', '3']);
    await shoot(page, 'raw-request-dnp3-read-dark');
  });

  it('names a JSON problem and sends a write only after the explicit confirmation', async () => {
    const { page } = opened.app;
    const panel = page.locator('section.raw-panel');
    const editor = panel.locator('textarea[name=raw-json]');
    await editor.fill('{"function": "write", "ranges": [}');
    expect(await panel.locator('[data-problem]').textContent()).toMatch(/^Not valid JSON at line 1, column 34: /);
    expect(await panel.locator('[data-action=raw-send]').isDisabled()).toBe(true);
    await editor.fill('{"function": "read"}');
    expect(await panel.locator('[data-problem]').textContent()).toContain('Missing "ranges"');
    await editor.fill('{"function": "read", "ranges": [{"type": 30, "variation": 1, "qualifier_code": 1}]}');
    await panel.locator('[data-action=raw-send]').click();
    await expect.poll(() => panel.locator('[data-problem]').textContent()).toContain('ranges[0]: qualifier_code 1 needs start and stop');

    await panel.locator('select[name=raw-template]').selectOption('write-g34v1');
    await panel.locator('[data-action=raw-send]').click();
    const armed = panel.locator('[data-stage=armed]');
    await armed.waitFor();
    expect(await armed.textContent()).toMatch(/raw WRITE \(2\) g34v1 can change the device: confirm within \d+ s or cancel/);
    await shoot(page, 'raw-request-dnp3-armed-dark');
    await armed.locator('[data-action=raw-confirm]').click();
    const dialog = page.getByRole('alertdialog');
    expect(await dialog.textContent()).toContain('raw WRITE (2) g34v1 on');
    await dialog.getByRole('button', { name: 'Send it' }).click();
    const result = panel.locator('.result[data-stage=done]');
    // the simulator has no g34 deadbands: it answers, and says so in its IIN
    await expect.poll(() => result.getAttribute('data-result'), { timeout: 15_000 }).toBe('OBJECT_UNKNOWN');
    expect(await panel.locator('[data-answer=head]').textContent()).toContain('OBJECT_UNKNOWN');
    expect(await panel.locator('.frames > ul > li').nth(0).textContent()).toContain('22 01 00 00 00 0a 00');
    await shoot(page, 'raw-request-dnp3-write-dark');
    await page.getByRole('button', { name: 'Switch to light theme' }).click();
    await shoot(page, 'raw-request-dnp3-write-light');
    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
  });

  it('runs an IEC 104 general interrogation and lists every ASDU of the answer', async () => {
    const { page } = opened.app;
    await page.locator('tr[data-station="demo-iec104"] button.link').click();
    const panel = page.locator('section.raw-panel');
    await expect.poll(() => panel.getAttribute('data-protocol')).toBe('iec104');
    expect(await panel.locator('input[name=raw-function]').count()).toBe(0);
    await panel.locator('[data-action=raw-send]').click();
    await expect.poll(() => panel.locator('.result').getAttribute('data-result'), { timeout: 15_000 }).toBe('SUCCESS');
    const table = await panel.locator('table[data-answer=objects]').textContent();
    expect(table).toMatch(/C_IC_NA_1\s*actcon/);
    expect(table).toMatch(/C_IC_NA_1\s*actterm/);
    expect(await panel.locator('.frames > ul > li').nth(0).textContent()).toMatch(/sent: I\(\d+,\d+\) C_IC_NA_1 act IOA 0/);
    await shoot(page, 'raw-request-iec104-dark');
    await page.getByRole('button', { name: 'Switch to light theme' }).click();
    await shoot(page, 'raw-request-iec104-light');
  });

  it('is disabled, with the reason, for an operator', async () => {
    const { page, host } = opened.app;
    await createUser(host, 'raw-op', 'operator', 'raw-op-pass-1');
    await logOut(page);
    await logIn(page, 'raw-op', 'raw-op-pass-1');
    await page.locator('nav button[data-view="stations"]').click();
    await page.locator('tr[data-station="demo-dnp3"] button.link').click();
    const panel = page.locator('section.raw-panel');
    await panel.waitFor();
    expect(await panel.locator('[data-reason=role]').textContent()).toBe('Engineers and administrators only');
    expect(await panel.locator('[data-action=raw-send]').isDisabled()).toBe(true);
    expect(await panel.locator('[data-action=raw-send]').getAttribute('title')).toBe('Engineers and administrators only');
    expect(await panel.locator('textarea[name=raw-json]').isDisabled()).toBe(true);
  });
});
