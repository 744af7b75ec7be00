/**
 * Loss of communication on every point, in Chromium against the demo workspace: a station
 * disconnected in the Stations view shows COMM_LOST (IEC 104: NT COMM_LOST) on every point
 * that has a value, greyed and hatched, found by the "Invalid or offline" filter; after
 * Connect the integrity poll / GI clears them. Command-only addresses (the IEC 104 demo's
 * IOAs 5001-5007) read as command points with no value and no quality throughout.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot } from './harness';
import { openAppAsAdmin } from './session';

const opened = openAppAsAdmin();

async function go(page: Page, view: string): Promise<void> {
  await page.locator(`nav button[data-view="${view}"]`).click();
  await expect.poll(() => page.locator('main').getAttribute('data-view')).toBe(view);
}

async function setTheme(page: Page, theme: 'dark' | 'light'): Promise<void> {
  if ((await page.locator('html').getAttribute('data-theme')) !== theme) await page.getByRole('button', { name: /Switch to .* theme/ }).click();
  await expect.poll(() => page.locator('html').getAttribute('data-theme')).toBe(theme);
}

/** Clicks Connect or Disconnect of a station in the Stations view and waits for the outcome. */
async function station(page: Page, id: string, action: 'connect' | 'disconnect'): Promise<void> {
  await go(page, 'stations');
  await page.locator(`tr[data-station="${id}"] button[data-action="${action}"]`).click();
  const other = action === 'connect' ? 'disconnect' : 'connect';
  await page.locator(`tr[data-station="${id}"] button[data-action="${other}"]`).waitFor({ timeout: 20_000 });
}

interface ShownRow {
  key: string;
  type: string;
  value: string;
  quality: string;
  notLive: boolean;
}

/** The points table's rows as shown (the demo stations' lists fit on one screen). */
async function rows(page: Page): Promise<ShownRow[]> {
  return page.locator('.body .row').evaluateAll((elements) =>
    elements.map((row) => {
      const cell = (column: string) => row.querySelector(`[role=gridcell][data-column=${column}]`)?.textContent?.trim() ?? '';
      return { key: row.getAttribute('data-key') ?? '', type: cell('type'), value: cell('value'), quality: cell('quality'), notLive: row.classList.contains('not-live') };
    }),
  );
}

async function showStation(page: Page, id: string, quality: 'any' | 'invalid' | 'good'): Promise<void> {
  await go(page, 'points');
  await page.locator('select[name=point-station]').selectOption(id);
  await page.locator('select[name=point-quality]').selectOption(quality);
}

/** Sets a station's stale time in its form (Stations view, Edit) and saves it. */
async function setStaleTime(page: Page, id: string, ms: number, shot?: string): Promise<void> {
  await go(page, 'stations');
  await page.locator(`tr[data-station="${id}"] button[data-action="edit"]`).click();
  const field = page.locator('input[name=station-stale]');
  await field.fill(String(ms));
  if (shot) {
    await field.scrollIntoViewIfNeeded();
    for (const theme of ['dark', 'light'] as const) {
      await setTheme(page, theme);
      await screenshot(page, `${shot}-${theme}`);
    }
    await setTheme(page, 'dark');
  }
  await page.getByRole('button', { name: 'Save changes' }).click();
  await field.waitFor({ state: 'detached', timeout: 20_000 });
}

const COMMAND_IOAS = ['ioa:5001@1', 'ioa:5002@1', 'ioa:5003@1', 'ioa:5007@1'].map((a) => `demo-iec104/${a}`);

describe('loss of communication in the points table', () => {
  it('marks every DNP3 point COMM_LOST on Disconnect, finds them as invalid, and clears them after the integrity poll on Connect', async () => {
    const { page } = opened.app;
    await showStation(page, 'demo-dnp3', 'any');
    await expect.poll(async () => (await rows(page)).length > 10 && (await rows(page)).every((r) => r.quality === 'good'), { timeout: 30_000 }).toBe(true);
    const all = (await rows(page)).map((r) => r.key);

    await station(page, 'demo-dnp3', 'disconnect');
    await showStation(page, 'demo-dnp3', 'any');
    await expect.poll(async () => (await rows(page)).filter((r) => r.quality === 'COMM_LOST' && r.notLive).length, { timeout: 10_000 }).toBe(all.length);
    await page.locator('select[name=point-quality]').selectOption('invalid');
    await expect.poll(async () => (await rows(page)).map((r) => r.key).sort()).toEqual([...all].sort());

    await page.locator('.row[data-key="demo-dnp3/ai:0"]').dblclick();
    const details = page.locator('aside.details');
    await expect.poll(() => details.textContent()).toContain('Communication lost: the last value received is shown.');
    expect(await details.locator('[data-testid=point-quality]').textContent()).toContain('COMM_LOST');
    for (const theme of ['dark', 'light'] as const) {
      await setTheme(page, theme);
      await screenshot(page, `comm-loss-points-${theme}`);
    }
    await setTheme(page, 'dark');
    await details.getByRole('button', { name: 'Close details' }).click();

    await station(page, 'demo-dnp3', 'connect');
    await showStation(page, 'demo-dnp3', 'any');
    await expect.poll(async () => (await rows(page)).filter((r) => r.quality.includes('COMM_LOST')).length, { timeout: 30_000 }).toBe(0);
    expect((await rows(page)).some((r) => r.notLive)).toBe(false);
    await page.locator('select[name=point-quality]').selectOption('invalid');
    await expect.poll(async () => (await rows(page)).length).toBe(0);
  });

  it('marks points of a connected station STALE after its stale time, set in the station form', async () => {
    const { page } = opened.app;
    await setStaleTime(page, 'demo-dnp3', 1_500, 'comm-loss-stale-form');
    await showStation(page, 'demo-dnp3', 'any');
    // The demo changes two points every 500 ms and polls events every 2 s: most points go a few seconds unreported.
    await expect.poll(async () => (await rows(page)).filter((r) => r.quality === 'STALE' && r.notLive).length, { timeout: 20_000 }).toBeGreaterThan(3);
    await page.locator('select[name=point-quality]').selectOption('invalid');
    await expect.poll(async () => (await rows(page)).some((r) => r.quality === 'STALE')).toBe(true);
    await screenshot(page, 'comm-loss-stale-points-dark');
    await setStaleTime(page, 'demo-dnp3', 0);
    await showStation(page, 'demo-dnp3', 'any');
    await expect.poll(async () => (await rows(page)).filter((r) => r.quality !== 'good').length, { timeout: 30_000 }).toBe(0);
  });

  it('shows IEC 104 points as NT COMM_LOST while disconnected and its command-only addresses as command points throughout', async () => {
    const { page } = opened.app;
    // The station's 32 rows (M_PS_NA_1 is 16 of them) must all be drawn for the comparisons below.
    const viewport = page.viewportSize();
    await page.setViewportSize({ width: 1400, height: 1500 });
    await showStation(page, 'demo-iec104', 'any');
    await expect.poll(async () => (await rows(page)).filter((r) => r.quality === 'good').length, { timeout: 30_000 }).toBeGreaterThan(5);
    // the command-only addresses come with the station's point list, which may land after the first live rows
    await expect.poll(async () => (await rows(page)).filter((r) => COMMAND_IOAS.includes(r.key)).length, { timeout: 30_000 }).toBe(COMMAND_IOAS.length);
    const commands = (await rows(page)).filter((r) => COMMAND_IOAS.includes(r.key));
    expect(commands.map((r) => [r.key, r.type, r.value, r.quality])).toEqual([
      ['demo-iec104/ioa:5001@1', 'C_SC_NA_1', 'command only', ''],
      ['demo-iec104/ioa:5002@1', 'C_DC_NA_1', 'command only', ''],
      ['demo-iec104/ioa:5003@1', 'C_RC_NA_1', 'command only', ''],
      ['demo-iec104/ioa:5007@1', 'C_SE_NC_1', 'command only', ''],
    ]);
    await page.locator('select[name=point-quality]').selectOption('good');
    await expect.poll(async () => (await rows(page)).some((r) => COMMAND_IOAS.includes(r.key))).toBe(false);
    await page.locator('.row[data-key="demo-iec104/ioa:5001@1"]').waitFor({ state: 'detached' });

    await station(page, 'demo-iec104', 'disconnect');
    await showStation(page, 'demo-iec104', 'any');
    const monitored = async () => (await rows(page)).filter((r) => !COMMAND_IOAS.includes(r.key));
    await expect.poll(async () => (await monitored()).every((r) => r.quality === 'NT COMM_LOST' && r.notLive), { timeout: 10_000 }).toBe(true);
    expect((await rows(page)).filter((r) => COMMAND_IOAS.includes(r.key)).map((r) => r.quality)).toEqual(['', '', '', '']);
    const marked = (await monitored()).map((r) => r.key).sort();
    await page.locator('select[name=point-quality]').selectOption('invalid');
    await expect.poll(async () => (await rows(page)).map((r) => r.key).sort()).toEqual(marked);
    await page.locator('select[name=point-quality]').selectOption('any');
    await page.locator('.row[data-key="demo-iec104/ioa:5001@1"]').dblclick();
    await expect.poll(() => page.locator('aside.details [data-testid=command-only]').count()).toBe(1);
    for (const theme of ['dark', 'light'] as const) {
      await setTheme(page, theme);
      await screenshot(page, `comm-loss-iec104-command-point-${theme}`);
    }
    await setTheme(page, 'dark');

    await station(page, 'demo-iec104', 'connect');
    await showStation(page, 'demo-iec104', 'any');
    await expect.poll(async () => (await rows(page)).filter((r) => r.quality.includes('COMM_LOST')).length, { timeout: 30_000 }).toBe(0);
    expect(page.context().pages()).toHaveLength(1);
    expect(opened.app.errors).toEqual([]);
    if (viewport) await page.setViewportSize(viewport);
  });
});
