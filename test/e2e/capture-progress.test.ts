/**
 * Opening a large capture in the Analyzer: while the engine decodes it (in its worker) the
 * view says how far it has come, with a bar and in words, in both themes; then the file's
 * frames replace the progress line.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ordinaryDnp3Capture } from '../unit/protocols/capture/capture-builders';
import { screenshot } from './harness';
import { openAppAsAdmin } from './session';

const opened = openAppAsAdmin();

async function setTheme(page: Page, theme: 'dark' | 'light'): Promise<void> {
  if ((await page.locator('html').getAttribute('data-theme')) !== theme) await page.getByRole('button', { name: /Switch to .* theme/ }).click();
}

describe('opening a large capture in the Analyzer', () => {
  it('shows the decoding progress in both themes, then the frames of the file', async () => {
    const { page, dataDir } = opened.app;
    const file = join(dataDir, 'ordinary-8mib.pcap');
    writeFileSync(file, ordinaryDnp3Capture(8 * 1024 * 1024));
    await page.locator('nav button[data-view="analyzer"]').click();
    await page.locator('input[name=analyzer-capture-file]').setInputFiles(file);
    const progress = page.locator('.capture-progress');
    await progress.filter({ hasText: /decoded [\d,]+ of 10,035 packets/ }).waitFor({ timeout: 60_000 });
    expect(await progress.getAttribute('role')).toBe('status');
    expect(await page.getByRole('button', { name: 'Open capture…' }).isDisabled()).toBe(true);
    for (const theme of ['dark', 'light'] as const) {
      await setTheme(page, theme);
      await screenshot(page, `analyzer-capture-progress-${theme}`);
    }
    await page.getByText('File (not live): ordinary-8mib.pcap').waitFor({ timeout: 120_000 });
    expect(await progress.count()).toBe(0);
    await setTheme(page, 'dark');
  }, 180_000);
});
