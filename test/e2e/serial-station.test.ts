/**
 * A DNP3 station on a serial line, added through the station form in Chromium against the
 * headless host: the outstation simulator answers on the other end of a socat pty pair;
 * the station comes online and its details show the port and the line's counters.
 * Screenshots of the form and the details in both themes.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSerialSimulator, type SerialSimulator } from '../../src-main/commissioning/target/simulator';
import { DEFAULT_SERIAL_LINE } from '../../src-main/transport';
import { HAVE_SOCAT, VirtualSerialPair } from '../integration/helpers/virtual-serial';
import { screenshot } from './harness';
import { openAppAsAdmin } from './session';

const opened = openAppAsAdmin();
let pair: VirtualSerialPair;
let sim: SerialSimulator;

beforeAll(async () => {
  if (!HAVE_SOCAT) return;
  pair = await new VirtualSerialPair().plugIn();
  const started = await startSerialSimulator({ line: { ...DEFAULT_SERIAL_LINE, path: pair.b, baudRate: 19200 }, addresses: [21], rate: 0 });
  if (!started.ok) throw new Error(started.error.message);
  sim = started.value;
});

afterAll(async () => {
  await sim?.close();
  await pair?.dispose();
});

async function bothThemes(page: Page, name: string): Promise<void> {
  await screenshot(page, `${name}-dark`);
  await page.getByRole('button', { name: 'Switch to light theme' }).click();
  await screenshot(page, `${name}-light`);
  await page.getByRole('button', { name: 'Switch to dark theme' }).click();
}

describe.skipIf(!HAVE_SOCAT)('a serial DNP3 station in the browser UI', () => {
  it('is added with its line settings, comes online, and its details show the port and line counters', async () => {
    const { page } = opened.app;
    await page.locator('nav button[data-view="stations"]').click();
    await page.locator('[data-action=add-station]').click();
    const form = page.locator('form.station-form');
    await form.waitFor();
    await page.locator('#station-id').fill('feeder-serial');
    await page.locator('#station-name').fill('Feeder RTU (serial)');
    await page.locator('#station-transport-kind').selectOption('serial');
    expect(await form.locator('#station-transport-host').count()).toBe(0);
    await page.locator('#station-transport-serial-path').fill(pair.a);
    await page.locator('#station-transport-serial-baudRate').selectOption('19200');
    await page.locator('#station-dnp3-outstationAddress').fill('21');
    await page.locator('form.station-form legend', { hasText: 'Transport' }).scrollIntoViewIfNeeded();
    await bothThemes(page, 'station-form-serial');
    await form.locator('button[type=submit]').click();
    const row = page.locator('tr[data-station="feeder-serial"]');
    await expect.poll(() => row.textContent(), { timeout: 20_000 }).toContain('Online');
    expect(await row.locator('td.target').textContent()).toBe(`dnp3+serial://${pair.a}?baud=19200&parity=none&databits=8&stopbits=1&master=1&outstation=21`);
    await row.locator('button.link').click();
    const details = page.locator('section.detail');
    await expect.poll(() => details.textContent(), { timeout: 10_000 }).toContain(`${pair.a} 19200 8N1`);
    const text = (await details.textContent()) ?? '';
    expect(text).toMatch(/Outstations on the line\s*21/);
    expect(text).toMatch(/Line errors\s*0 CRC, 0 octets outside frames, 0 frames from other addresses/);
    await details.scrollIntoViewIfNeeded();
    await bothThemes(page, 'station-details-serial');
  });
});
