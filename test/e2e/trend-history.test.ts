/**
 * Stored history in the Trends view, in Chromium against the headless host on the demo
 * workspace: values stored before a restart of the host are drawn after it (range 1 h,
 * raw samples), a longer range draws buckets with their min-max band (7 d, over two days
 * of samples written into history.db before the first start), and Export CSV downloads the
 * stored range. Screenshots of both in both themes.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HistoryStore } from '../../src-main/engine/history/history-store';
import { startHeadlessHost, type HeadlessHost } from '../../src-main/host/headless/host';
import { RENDERER_DIR } from '../../src-main/host/headless/renderer-build';
import { CHROMIUM_ARGS, chromiumPath } from './chromium';
import { asAdmin } from './contract-call';
import { screenshot } from './harness';
import { go, setTheme, trendInk } from './page-steps';
import { ADMIN, logIn, setUpAdmin } from './session';

const POINT = 'demo-dnp3/ai:0';
const HOUR = 3_600_000;
const dataDir = mkdtempSync(join(tmpdir(), 'sy-e2e-history-'));
let host: HeadlessHost | null = null;
let browser: Browser;
let page: Page;

const startHost = async (): Promise<HeadlessHost> => (host = await startHeadlessHost({ dataDir, rendererDir: RENDERER_DIR, version: 'e2e', log: () => {} }));

type Stored = { series: Array<{ times: number[]; bucketMs: number }> };
const storedSince = (since: number): Promise<Stored> =>
  asAdmin(host!, (call) => call('history.query', { ids: [POINT], from: since, to: Date.now() + 1000, maxPoints: 10_000 })) as Promise<Stored>;

/** Two days of a slow sine with fast ripple (so each bucket has a spread) for the point, ending an hour ago, one sample every 10 s. */
async function seedTwoDays(): Promise<void> {
  const store = await HistoryStore.open({ file: join(dataDir, 'history.db'), retention: { rawDays: 8, minuteDays: 90, hourDays: 1825 } });
  const series = store.seriesId('demo-dnp3', 'ai:0');
  const quality = store.qualityId(['ONLINE']);
  const end = Date.now() - HOUR;
  for (let t = end - 48 * HOUR; t < end; t += 10_000) store.append(series, t, 190 + 60 * Math.sin(t / 7_200_000) + 12 * Math.sin(t / 1234.5), quality, false);
  await store.close();
}

async function addToTrend(): Promise<void> {
  await go(page, 'trends');
  await page.locator('input[name=trend-search]').fill('Feeder 1 current');
  await page.locator(`button[data-point="${POINT}"]`).click();
}

const chooseRange = (label: string) => page.locator('[aria-label="Trend range"] .segmented label', { hasText: label }).click();
const sources = () => page.locator('[aria-label="Stored history shown"]').textContent();

beforeAll(async () => {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('no Chromium found (set CHROME_PATH or install Debian chromium)');
  await seedTwoDays();
  await startHost();
  browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1400, height: 860 }, acceptDownloads: true });
  await page.goto(host!.url);
  await setUpAdmin(page);
});
afterAll(async () => {
  await browser?.close();
  await host?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('stored history in the Trends view', () => {
  it('shows the samples stored before a restart of the host in the 1 h range', async () => {
    const started = Date.now() - 1000;
    // the demo's values reach the store while the host runs
    await expect.poll(async () => (await storedSince(started)).series[0]!.times.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(5);
    await host!.stop();
    host = null;
    const stoppedAt = Date.now();
    const before = (await (async () => {
      await startHost();
      return storedSince(started);
    })()).series[0]!.times.filter((t) => t <= stoppedAt);
    expect(before.length).toBeGreaterThanOrEqual(5);

    await page.goto(host!.url);
    await logIn(page, ADMIN.name, ADMIN.password);
    await addToTrend();
    await chooseRange('1 h');
    // every sample of the run before the restart is among the raw samples drawn
    await expect.poll(async () => Number(/(\d+) raw samples/.exec((await sources()) ?? '')?.[1] ?? 0), { timeout: 15_000 }).toBeGreaterThanOrEqual(before.length);
    await expect.poll(() => trendInk(page), { timeout: 15_000 }).toBeGreaterThan(20);
    expect((await page.locator('[aria-label="Trend range"] label.active').textContent())?.trim()).toBe('1 h');
    await setTheme(page, 'dark');
    await screenshot(page, 'trends-history-1h-dark');
    await setTheme(page, 'light');
    await screenshot(page, 'trends-history-1h-light');
  });

  it('draws a week as buckets with their min-max band', async () => {
    await chooseRange('7 d');
    await expect.poll(sources, { timeout: 15_000 }).toMatch(/\d+ [\d.]+-minute buckets \(average, min–max band\)/);
    await expect.poll(() => trendInk(page), { timeout: 15_000 }).toBeGreaterThan(20);
    expect(await page.locator('.trend .pause').count()).toBe(0);
    await screenshot(page, 'trends-history-7d-light');
    await setTheme(page, 'dark');
    await screenshot(page, 'trends-history-7d-dark');
  });

  it('downloads the stored range as CSV with the chosen resolution', async () => {
    await chooseRange('24 h');
    await expect.poll(() => page.locator('select[name=history-resolution]').inputValue()).toBe('1m');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^switchyard-history-1m-.*\.csv$/);
    const lines = readFileSync((await download.path())!, 'utf8').trim().split('\r\n');
    expect(lines[0]).toBe('time,station,point,value,quality,min,max,avg,count,invalid');
    // the seeded day of 1-minute buckets (6 samples each) and the minutes of the demo
    expect(lines.length).toBeGreaterThan(23 * 60);
    expect(lines[1]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:00\.000Z,demo-dnp3,ai:0,[\d.]+,ONLINE,[\d.]+,[\d.]+,[\d.]+,6,0$/);

    await page.locator('select[name=history-resolution]').selectOption('raw');
    await chooseRange('Custom');
    await page.locator('input[name=history-from]').fill(isoLocal(Date.now() - 2 * HOUR));
    await page.locator('input[name=history-to]').fill(isoLocal(Date.now() + 60_000));
    await page.getByRole('button', { name: 'Show' }).click();
    await expect.poll(sources, { timeout: 15_000 }).toMatch(/raw samples|buckets/);
    const [raw] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    const rows = readFileSync((await raw.path())!, 'utf8').trim().split('\r\n');
    expect(rows[0]).toBe('time,station,point,value,quality');
    expect(rows.length).toBeGreaterThan(300);
    expect(rows.slice(1).every((row) => row.includes(',demo-dnp3,ai:0,'))).toBe(true);
  });
});

/** A time as the datetime-local field wants it (local time, seconds). */
function isoLocal(ms: number): string {
  return new Date(ms - new Date(ms).getTimezoneOffset() * 60_000).toISOString().slice(0, 19);
}
