import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { screenshot } from './harness';
import { openAppAsAdmin } from './session';

const opened = openAppAsAdmin();

describe('the Commissioning view in Chromium against the demo workspace', () => {
  it('runs a connectivity check and shows it in the history with its protocol steps and latency', async () => {
    const { page } = opened.app;
    await page.locator('nav button[data-view="commissioning"]').click();
    await expect.poll(() => page.locator('main').getAttribute('data-view')).toBe('commissioning');
    await expect.poll(() => page.locator('select[data-field=station] option').count(), { timeout: 15_000 }).toBeGreaterThan(1);
    await page.locator('select[data-field=station]').selectOption('demo-dnp3');
    await page.locator('input[data-field=probes]').fill('3');
    await page.locator('button[data-action=run-check]').click();
    await page.locator('table.history tbody tr').first().waitFor({ timeout: 30_000 });
    expect(await page.locator('table.history tbody tr').first().textContent()).toContain('Answered');
    const report = page.locator('[data-report]');
    await expect.poll(() => report.textContent()).toContain('REQUEST_LINK_STATUS');
    expect(await page.locator('[data-latency]').textContent()).toMatch(/Latency over 3 probes: min [\d.]+ ms/);
  });

  it('runs a checkout: values with a tolerance, confirmed commands with their feedback, and an HTML export with its digest', async () => {
    const { page } = opened.app;
    await page.locator('button[data-action=new-checkout]').click();
    const rowOf = (address: string, kind: 'value' | 'command') =>
      page.locator('table.items tbody tr').filter({ has: page.locator('td', { hasText: new RegExp(`^${address}$`) }) }).filter({ hasText: kind === 'command' ? 'command' : 'value' });
    const current = rowOf('ai:0', 'value');
    await current.waitFor({ timeout: 15_000 });
    // The first click after typing lands: no Tab, no pause.
    await current.locator('input[data-field=expected]').fill('-99999');
    await current.locator('button[data-action=verify]').click();
    await expect.poll(() => current.locator('[data-result]').getAttribute('data-result'), { timeout: 15_000 }).toBe('fail');
    expect(await current.locator('[data-result]').textContent()).toContain('Fail');
    expect(await current.locator('.detail').textContent()).toMatch(/from -99999 \(tolerance 0\)/);
    // An analog point takes a tolerance; Enter verifies.
    await current.locator('input[data-field=tolerance]').fill('1000000');
    await current.locator('input[data-field=tolerance]').press('Enter');
    await expect.poll(() => current.locator('[data-result]').getAttribute('data-result'), { timeout: 15_000 }).toBe('pass');
    expect(await current.locator('.detail').textContent()).toMatch(/within 1000000 of -99999/);
    expect(await rowOf('bi:0', 'value').locator('input[data-field=tolerance]').count()).toBe(0);

    // A direct-operate point: no expected result, no command; then a confirmed Execute.
    const horn = rowOf('bo:1', 'command');
    await horn.locator('button[data-action=command]').click();
    const panel = page.locator('.checkout-command');
    await panel.waitFor();
    await panel.locator('button[data-action=checkout-execute]').click();
    expect(await page.locator('[data-testid=checkout-command-error]').textContent()).toContain('Enter the expected result');
    expect(await page.getByRole('alertdialog').count()).toBe(0);
    expect(await horn.locator('[data-result]').getAttribute('data-result')).toBe('pending');
    expect(await panel.locator('select[name=checkout-action] option').allTextContents()).toEqual(['Switch on (CROB LATCH_ON)', 'Switch off (CROB LATCH_OFF)', 'Pulse switch on (CROB PULSE_ON, pulse 1000 ms)']);
    await panel.locator('input[name=checkout-expected]').fill('On');
    await panel.locator('input[name=checkout-expected]').press('Enter');
    const dialog = page.getByRole('alertdialog');
    await expect.poll(() => dialog.textContent()).toContain('Execute this command?');
    expect(await dialog.textContent()).toContain('Switch on: Alarm horn (bo:1), expecting On');
    await dialog.getByRole('button', { name: 'Execute' }).click();
    await expect.poll(() => horn.locator('[data-result]').getAttribute('data-result'), { timeout: 15_000 }).toBe('pass');
    await panel.locator('button[data-action=close-command]').click();

    // A select-before-operate point: the chosen action, Select, then a confirmed Operate.
    const breaker = rowOf('bo:0', 'command');
    await breaker.locator('button[data-action=command]').click();
    await panel.locator('select[name=checkout-action]').selectOption('close');
    expect(await panel.locator('select[name=checkout-action] option:checked').textContent()).toBe('Close (CROB CLOSE, pulse 1000 ms)');
    await panel.locator('input[name=checkout-expected]').fill('Closed');
    await panel.locator('button[data-action=checkout-select]').click();
    await expect.poll(() => panel.locator('[role=timer]').textContent(), { timeout: 15_000 }).toMatch(/\d+ s left to operate/);
    expect(await page.getByRole('alertdialog').count()).toBe(0);
    expect(await breaker.locator('[data-result]').getAttribute('data-result')).toBe('pending');
    await panel.locator('button[data-action=checkout-operate]').click();
    await expect.poll(() => dialog.textContent()).toContain('Operate the selected command?');
    expect(await dialog.textContent()).toContain('Close: Breaker Q1 control (bo:0), expecting Closed');
    await dialog.getByRole('button', { name: 'Operate' }).click();
    await expect.poll(() => breaker.locator('[data-result]').getAttribute('data-result'), { timeout: 15_000 }).toBe('pass');
    expect(await breaker.locator('.detail').textContent()).toContain('command SUCCESS; bo:0: state Closed as expected');
    await expect.poll(() => panel.locator('[data-testid=command-feedback]').textContent()).toBe('Closed');
    await expect.poll(() => panel.locator('[data-testid=checkout-feedback-now]').textContent()).toBe('Closed');
    await page.locator('.checkout-command').scrollIntoViewIfNeeded();
    await screenshot(page, 'commissioning-checkout-command-dark');
    await page.getByRole('button', { name: /Switch to .* theme/ }).click();
    await screenshot(page, 'commissioning-checkout-command-light');
    await page.getByRole('button', { name: /Switch to .* theme/ }).click();
    await panel.locator('button[data-action=close-command]').click();

    const download = page.waitForEvent('download');
    await page.locator('button[data-action=export-html]').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^checkout-demo-dnp3-\d{4}-\d\d-\d\d\.html$/);
    const html = readFileSync((await file.path())!, 'utf8');
    expect(html).toContain('Point-by-point checkout');
    expect(html).toContain('Alarm horn');
    await expect.poll(() => page.locator('[data-digest]').textContent()).toMatch(/SHA-256 [0-9a-f]{64}/);
    expect(html).toContain((await page.locator('[data-digest]').textContent())!.replace('SHA-256 ', ''));
    await page.locator('.checkout .scroll').evaluate((el) => el.scrollTo({ left: 0 }));
    await screenshot(page, 'commissioning-checkout');
    await page.locator('#checks-title').scrollIntoViewIfNeeded();
    await screenshot(page, 'commissioning');
    expect(opened.app.errors).toEqual([]);
  });

  it('checks an ad-hoc target URL, names a bad URL, and sweeps the host', async () => {
    const { page } = opened.app;
    const saved = JSON.parse(readFileSync(join(opened.app.dataDir, 'workspace.json'), 'utf8')) as { stations: Array<{ id: string; transport: { port: number } }> };
    const port = saved.stations.find((s) => s.id === 'demo-dnp3')!.transport.port;
    await page.locator('input[data-field=mode-url]').check();
    await page.locator('button[data-action=run-check]').click();
    await expect.poll(() => page.locator('[role=alert]').textContent()).toMatch(/Type a target URL/);
    await page.locator('input[data-field=url]').fill('dnp3://127.0.0.1:20000?outstation=70000');
    await page.locator('button[data-action=run-check]').click();
    await expect.poll(() => page.locator('[role=alert]').textContent()).toMatch(/outstation must be 0-65519, got '70000'/);
    expect(await page.locator('button[data-action=new-checkout]').isDisabled()).toBe(true);

    await page.locator('input[data-field=url]').fill(`dnp3://127.0.0.1:${port}?master=1&outstation=10`);
    await page.locator('input[data-field=probes]').fill('2');
    await page.locator('button[data-action=run-check]').click();
    const first = page.locator('table.history tbody tr').first();
    await expect.poll(() => first.textContent(), { timeout: 30_000 }).toContain(`127.0.0.1:${port}`);
    expect(await first.textContent()).toContain('Answered');
    expect(await page.locator('[role=alert]').count()).toBe(0);
    await expect.poll(() => page.locator('[data-report=check]').textContent()).toContain('REQUEST_LINK_STATUS');
    expect(await page.locator('[data-latency]').textContent()).toMatch(/Latency over 2 probes/);

    await page.locator('button[data-action=run-sweep]').click();
    await expect.poll(() => first.textContent(), { timeout: 30_000 }).toContain('Port sweep of 127.0.0.1');
    const sweep = page.locator('[data-report=sweep]');
    await expect.poll(() => sweep.locator('tbody tr').count()).toBe(4);
    expect(await sweep.textContent()).toContain('20000/udp');
    await screenshot(page, 'commissioning-sweep');
    // Back to the ad-hoc check for the picture.
    await page.locator('table.history tbody tr').nth(1).click();
    await page.locator('#checks-title').scrollIntoViewIfNeeded();
    await screenshot(page, 'commissioning-ad-hoc');
    expect(opened.app.errors).toEqual([]);
  });
});
