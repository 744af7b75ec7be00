/**
 * Alarm state where the operator looks, in Chromium against the demo workspace: trends of
 * several units with the demo's alarm limits; a point driven into its H alarm shows it in
 * its row and details and acknowledging it changes the marker; the alarm list at 1600x900
 * (rows visible, no sideways scroll, shelving with a reason and an expiry, logged); the
 * event log taking new rows without a refresh.
 */
import { describe, expect, it } from 'vitest';
import { asAdmin } from './contract-call';
import { screenshot } from './harness';
import { go, setTheme, trendInk } from './page-steps';
import { openAppAsAdmin } from './session';

const opened = openAppAsAdmin();

/** Every value is at or above -1000, so these limits put the points in their H alarm at the next value. */
const FORCED_DNP3 = ['address,name,unit,scale,offset,h,deadband,priority', 'ai:0,Feeder 1 current,A,2,200,-1000,0,2', 'ai:1,Busbar voltage,kV,0.05,11,-1000,0,3', 'ai:3,Active power,MW,0.1,12,-1000,0,4'];
const FORCED_IEC104 = ['address,name,unit,scale,offset,h,deadband,priority', 'ioa:1007@1,Feeder current,A,1,0,-1000,0,3', 'ioa:3001@1,Oil temperature,°C,1,40,-1000,0,1', 'ioa:3002@1,Ambient temperature,°C,1,15,-1000,0,3'];

/** Merges forced limits into a station's point list and polls it, so every point is evaluated at once. */
async function forceAlarms(station: string, rows: string[]): Promise<void> {
  await asAdmin(opened.app.host, async (call) => {
    await call('points.importCsv', { station, csv: `${rows.join('\n')}\n`, mode: 'merge' });
    await call('stations.interrogate', { id: station });
  });
}



describe('alarm state on points, the alarm list and the live event log', () => {
  it('draws trends of several units on their own axes, with alarm limits on request', async () => {
    const { page } = opened.app;
    await go(page, 'trends');
    for (const [text, id] of [
      ['Oil temperature', 'demo-iec104/ioa:3001@1'],
      ['Feeder current', 'demo-iec104/ioa:1007@1'],
      ['Breaker Q1 position', 'demo-dnp3/bi:0'],
      ['Busbar voltage', 'demo-dnp3/ai:1'],
    ] as const) {
      await page.locator('input[name=trend-search]').fill(text);
      await page.locator(`button[data-point="${id}"]`).click();
    }
    expect(await page.locator('ul.chosen li').count()).toBe(4);
    const limits = page.locator('input[name=trend-limits]');
    expect(await limits.isDisabled()).toBe(false);
    await limits.check();
    await expect.poll(() => trendInk(page), { timeout: 15_000 }).toBeGreaterThan(20);
    for (const theme of ['light', 'dark'] as const) {
      await setTheme(page, theme);
      await page.waitForTimeout(300);
      await screenshot(page, `trends-units-${theme}`);
    }
    expect(opened.app.errors).toEqual([]);
  });

  it("shows a point's H alarm in its row and details; acknowledging changes the marker", async () => {
    const { page } = opened.app;
    await go(page, 'points');
    await page.locator('.row[data-key="demo-dnp3/ai:0"]').waitFor({ timeout: 20_000 });
    await forceAlarms('demo-dnp3', FORCED_DNP3);
    const cell = page.locator('.row[data-key="demo-dnp3/ai:0"] [data-column=alarm]');
    await expect.poll(() => cell.textContent(), { timeout: 20_000 }).toBe('▲ P2 H UNACK');
    expect(await cell.getAttribute('class')).toContain('unack');

    await page.locator('input[name=point-search]').fill('Feeder 1');
    await page.locator('.row[data-key="demo-dnp3/ai:0"]').dblclick();
    const details = page.locator('[data-testid=point-alarms]');
    await expect.poll(() => details.textContent()).toContain('▲ P2 H UNACK');
    expect(await details.textContent()).toContain('Feeder 1 current H');
    for (const theme of ['dark', 'light'] as const) {
      await setTheme(page, theme);
      await screenshot(page, `points-alarm-unack-${theme}`);
    }
    await details.locator('[data-action=ack-point-alarm]').click();
    await expect.poll(() => cell.textContent(), { timeout: 10_000 }).toBe('△ P2 H ack');
    await expect.poll(() => details.textContent()).toContain('△ P2 H ack');
    expect(await details.locator('[data-action=ack-point-alarm]').count()).toBe(0);
    await screenshot(page, 'points-alarm-ack-light');
    await setTheme(page, 'dark');
    await page.locator('input[name=point-search]').fill('');
    await screenshot(page, 'points-alarm-ack-dark');
  });

  it('lists more than 4 alarms at 1600x900 without sideways scrolling, shelves one with a reason, and the event log shows it live', async () => {
    const { page } = opened.app;
    await page.setViewportSize({ width: 1600, height: 900 });
    await forceAlarms('demo-dnp3', FORCED_DNP3);
    await forceAlarms('demo-iec104', FORCED_IEC104);
    await go(page, 'events');
    const rows = page.locator('[data-testid=alarm-table] [role=rowgroup] [role=row]');
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(6);
    await page.locator('[data-action=ack-all]').click();
    await expect.poll(() => page.locator('[data-testid=alarm-table] [data-action=ack]').count(), { timeout: 10_000 }).toBe(0);
    await page.mouse.move(5, 5);

    const layout = () =>
      page.evaluate(`(() => {
        const scroll = document.querySelector('[data-testid=alarm-scroll]');
        const box = scroll.getBoundingClientRect();
        const visible = [...scroll.querySelectorAll('[role=rowgroup] [role=row]')].filter((row) => {
          const r = row.getBoundingClientRect();
          return r.top >= box.top && r.bottom <= box.bottom + 1;
        }).length;
        const main = document.querySelector('main');
        return { visible, sideways: scroll.scrollWidth - scroll.clientWidth, mainSideways: main.scrollWidth - main.clientWidth };
      })()`) as Promise<{ visible: number; sideways: number; mainSideways: number }>;
    const measured = await layout();
    expect(measured.visible).toBeGreaterThan(4);
    expect(measured.sideways).toBeLessThanOrEqual(0);
    expect(measured.mainSideways).toBeLessThanOrEqual(0);
    const oil = page.locator('[data-testid=alarm-table] [data-alarm="demo-iec104/ioa:3001@1#H"]');
    expect(await oil.textContent()).toMatch(/-?\d+(\.\d+)? °C/);
    await screenshot(page, 'events-1600x900-dark');

    const eventTable = page.locator('[data-testid=event-table]');
    await oil.locator('[data-action=shelve]').click();
    const dialog = page.locator('[role=alertdialog]');
    await dialog.locator('[data-action=confirm]').click();
    expect(await dialog.textContent()).toContain('A reason is required');
    await page.locator('input[name=shelve-reason]').fill('thermometer being replaced');
    await page.locator('select[name=shelve-minutes]').selectOption('60');
    await screenshot(page, 'events-shelve-dialog-dark');
    await dialog.locator('[data-action=confirm]').click();
    await expect.poll(() => oil.count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => page.locator('[data-tab=shelved]').textContent()).toBe('Shelved (1)');
    // The event log takes the new row by itself: nobody clicks Refresh.
    const message = (pattern: RegExp) => eventTable.locator('[role=rowgroup] [role=row]', { has: page.locator('[role=gridcell]:last-child', { hasText: pattern }) });
    const shelvedRow = message(/^shelved: Oil temperature H/);
    await expect.poll(() => shelvedRow.count(), { timeout: 10_000 }).toBe(1);
    expect(await shelvedRow.locator('[role=gridcell]').nth(5).textContent()).toBe('admin');
    expect(await shelvedRow.textContent()).toMatch(/by admin for 60 min until \d{4}-\d\d-\d\dT[\d:]+Z; reason: thermometer being replaced/);
    // Its whole message, cut short in the line, is shown in full under the log when selected.
    await shelvedRow.click();
    const details = page.locator('[data-testid=event-details]');
    expect(await details.locator('.message').textContent()).toMatch(/^shelved: Oil temperature H.*; reason: thermometer being replaced\)$/);
    await screenshot(page, 'events-details-dark');
    await page.keyboard.press('Escape');
    expect(await details.count()).toBe(0);

    await page.locator('[data-tab=shelved]').click();
    const shelved = page.locator('[data-testid=shelved-table] tr[data-alarm="demo-iec104/ioa:3001@1#H"]');
    expect(await shelved.textContent()).toContain('thermometer being replaced');
    expect(await shelved.textContent()).toMatch(/min left/);
    await setTheme(page, 'light');
    await screenshot(page, 'events-shelved-light');
    await shelved.locator('[data-action=unshelve]').click();
    await expect.poll(() => page.locator('[data-tab=shelved]').textContent(), { timeout: 10_000 }).toBe('Shelved (0)');
    await page.locator('[data-tab=active]').click();
    await expect.poll(() => oil.textContent(), { timeout: 10_000 }).toContain('Active, unacknowledged');
    await expect.poll(() => message(/^unshelved: Oil temperature H.*by admin/).count(), { timeout: 10_000 }).toBe(1);
    await page.mouse.move(5, 5);
    await screenshot(page, 'events-1600x900-light');
    expect(opened.app.errors).toEqual([]);
  });

});
