import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot } from './harness';
import { asAdmin } from './contract-call';
import { openAppAsAdmin } from './session';

const opened = openAppAsAdmin();
/** The demo DNP3 station's select timeout in this test: short, so a select lapses quickly. */
const SELECT_TIMEOUT_MS = 4000;

type Audit = { id: string; point: string; action: string; result: string; stages: Array<{ stage: string; result: string }> };

async function audits(point: string): Promise<Audit[]> {
  return asAdmin(opened.app.host, async (call) => {
    const page = (await call('audit.query', { station: 'demo-dnp3', point, offset: 0, limit: 50 })) as { records: Audit[] };
    return page.records;
  });
}

async function setTheme(page: Page, theme: 'dark' | 'light'): Promise<void> {
  if ((await page.locator('html').getAttribute('data-theme')) !== theme) await page.getByRole('button', { name: /Switch to .* theme/ }).click();
}

async function chooseBreaker(page: Page): Promise<void> {
  await page.locator('select[name=command-station]').selectOption('demo-dnp3');
  await page.locator('select[name=command-point]').selectOption('bo:0');
}

async function selectAction(page: Page, action: string): Promise<void> {
  await page.locator('select[name=command-action]').selectOption(action);
  await page.locator('[data-action=select]').click();
  await expect.poll(() => page.locator('[data-testid=select-countdown]').textContent(), { timeout: 15_000 }).toMatch(/\d+ s left/);
}

describe('the command console in Chromium against the demo workspace', () => {
  it('names the breaker\'s actions by its states, shows the feedback as a label, and clears the result on a new point', async () => {
    const { page } = opened.app;
    await page.locator('nav button[data-view="commands"]').click();
    await expect.poll(() => page.locator('main').getAttribute('data-view')).toBe('commands');
    await chooseBreaker(page);
    const options = await page.locator('select[name=command-action] option').allTextContents();
    expect(options).toContain('Close (CROB CLOSE, pulse 1000 ms)');
    expect(options).toContain('Open (CROB TRIP, pulse 1000 ms)');
    expect(options).toContain('Close (CROB LATCH_ON)');
    await selectAction(page, 'close');
    await page.locator('[data-action=operate]').click();
    const dialog = page.getByRole('alertdialog');
    expect(await dialog.textContent()).toContain('Close: Breaker Q1 control (bo:0)');
    expect(await dialog.textContent()).toContain('CROB CLOSE, 1000 ms on');
    await dialog.getByRole('button', { name: 'Operate' }).click();
    await expect.poll(() => page.locator('[data-testid=command-result]').textContent(), { timeout: 20_000 }).toContain('SUCCESS');
    await expect.poll(() => page.locator('[data-testid=command-feedback]').textContent(), { timeout: 10_000 }).toBe('Closed');
    const row = page.locator('[data-testid=audit-table] tbody tr').first();
    await expect.poll(() => row.getAttribute('data-result'), { timeout: 10_000 }).toBe('SUCCESS');
    expect(await row.locator('[data-field=action]').textContent()).toBe('Close (CROB CLOSE)');
    await screenshot(page, 'commands-done-dark');
    await setTheme(page, 'light');
    await screenshot(page, 'commands-done-light');
    await setTheme(page, 'dark');

    await page.locator('select[name=command-point]').selectOption('bo:1');
    await expect.poll(() => page.locator('[data-testid=command-result]').count()).toBe(0);
    expect(await page.locator('select[name=command-action] option').allTextContents()).toContain('Switch on (CROB LATCH_ON)');
  });

  it('sends a direct command without acknowledgement only when asked, warns in the confirmation, and shows SENT as unconfirmed', async () => {
    const { page } = opened.app;
    await page.locator('select[name=command-point]').selectOption('bo:1');
    const noAck = page.locator('input[name=command-no-ack]');
    expect(await noAck.isChecked()).toBe(false);
    await page.locator('select[name=command-action]').selectOption('on');
    await noAck.check();
    await page.locator('[data-action=execute]').click();
    const dialog = page.getByRole('alertdialog');
    expect(await dialog.locator('[data-testid=no-ack-warning]').textContent()).toContain('nothing will confirm');
    await screenshot(page, 'commands-no-ack-confirm-dark');
    await dialog.getByRole('button', { name: 'Execute' }).click();
    await expect.poll(() => page.locator('[data-testid=command-result]').textContent(), { timeout: 20_000 }).toContain('SENT');
    expect(await page.locator('[data-testid=command-unconfirmed]').textContent()).toContain('not confirmed');
    expect(await page.locator('[data-testid=command-result]').textContent()).not.toContain('SUCCESS');
    await screenshot(page, 'commands-no-ack-sent-dark');
    const horn = await audits('bo:1');
    expect(horn[0]).toMatchObject({ action: 'on', mode: 'direct-no-ack', result: 'SENT' });
    // The outstation acted although it said nothing: the next poll shows the horn on.
    await expect.poll(() => page.locator('[data-testid=command-present-value]').textContent(), { timeout: 20_000 }).toBe('On');
    // Another point starts with the acknowledged mode again.
    await page.locator('select[name=command-point]').selectOption('bo:0');
    await page.locator('select[name=command-point]').selectOption('bo:1');
    expect(await noAck.isChecked()).toBe(false);
  });

  it('shortens the demo DNP3 station\'s select timeout over the contract', async () => {
    const saved = JSON.parse(readFileSync(join(opened.app.dataDir, 'workspace.json'), 'utf8')) as { stations: Array<{ id: string; dnp3: Record<string, unknown> }> };
    const station = saved.stations.find((s) => s.id === 'demo-dnp3')!;
    await asAdmin(opened.app.host, (call) => call('stations.update', { station: { ...station, dnp3: { ...station.dnp3, selectTimeoutMs: SELECT_TIMEOUT_MS } } }));
    const { page } = opened.app;
    await page.locator('nav button[data-view="stations"]').click();
    await expect.poll(() => page.locator('tr[data-station="demo-dnp3"]').textContent(), { timeout: 20_000 }).toContain('Online');
    await page.locator('nav button[data-view="commands"]').click();
  });

  it('ends the operate question when the select expires, and never executes a command', async () => {
    const { page } = opened.app;
    // The demo outstation keeps its outputs across connections (the test before closed the
    // breaker): open it over the contract first, so that the close below would change it.
    expect(await asAdmin(opened.app.host, (call) => call('commands.execute', { station: 'demo-dnp3', address: 'bo:0', action: { action: 'trip' } }))).toMatchObject({ result: 'SUCCESS' });
    await chooseBreaker(page);
    await expect.poll(() => page.locator('[data-testid=command-present-value]').textContent(), { timeout: 15_000 }).toBe('Open');
    const before = (await audits('bo:0')).length;
    await setTheme(page, 'light');
    await selectAction(page, 'close');
    await page.locator('[data-action=operate]').click();
    const dialog = page.getByRole('alertdialog');
    expect(await dialog.textContent()).toContain('Operate the selected command?');
    expect(await dialog.textContent()).toContain('Close: Breaker Q1 control (bo:0)');
    await screenshot(page, 'commands-confirm-light');
    // Leave the question open until the select lapses: it must close, not turn into Execute.
    await expect.poll(() => page.locator('[data-testid=select-lapsed]').textContent(), { timeout: SELECT_TIMEOUT_MS + 10_000 }).toContain('Select expired: nothing was operated. Select again.');
    expect(await page.getByRole('alertdialog').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Execute' }).count()).toBe(0);
    await expect.poll(() => page.locator('[data-testid=command-result]').textContent(), { timeout: 10_000 }).toContain('SELECT_TIMEOUT');
    await expect.poll(() => page.locator('[data-testid=audit-table] tbody tr').first().getAttribute('data-result'), { timeout: 10_000 }).toBe('SELECT_TIMEOUT');
    await screenshot(page, 'commands-select-expired-light');
    await setTheme(page, 'dark');
    await screenshot(page, 'commands-select-expired-dark');

    const records = await audits('bo:0');
    expect(records.length).toBe(before + 1);
    const expired = records[0]!;
    expect(expired).toMatchObject({ action: 'close', result: 'SELECT_TIMEOUT' });
    expect(expired.stages.map((s) => s.stage)).not.toContain('operated');
    expect(expired.stages.map((s) => s.stage)).not.toContain('operate-request');

    // Whatever a client does, the engine refuses an operate of the expired select, and audits it.
    const late = await asAdmin(opened.app.host, (call) => call('commands.operate', { id: expired.id }));
    expect(late).toMatchObject({ result: 'SELECT_TIMEOUT', done: true });
    const after = (await audits('bo:0'))[0]!;
    expect(after.id).toBe(expired.id);
    expect(after.stages.at(-1)).toMatchObject({ stage: 'operate-request', result: 'SELECT_TIMEOUT' });
    expect(after.stages.map((s) => s.stage)).not.toContain('operated');
    // The close never reached the outstation: the breaker is still open.
    expect(await page.locator('[data-testid=command-present-value]').textContent()).toBe('Open');
    expect(opened.app.errors).toEqual([]);
  });
});
