/**
 * The Files panel in Chromium against `sim dnp3 --files DIR` run as its own process on a
 * directory the test creates: the listing, a download with its progress in octets and
 * percent, the simulator killed mid-transfer and started again (the download waits, resumes
 * from its .part and ends byte-identical), a cancelled download, and the recent downloads.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { asAdmin } from './contract-call';
import { screenshotTall } from './harness';
import { go, setTheme } from './page-steps';
import { openAppAsAdmin } from './session';

const opened = openAppAsAdmin();
const record = Buffer.from(Array.from({ length: 6 * 1024 * 1024 }, (_, i) => (i * 131 + (i >> 9)) & 0xff));
let served: string;
let sim: ChildProcess;
let port: number;
const ROOT = join(import.meta.dirname, '../..');

/**
 * Runs `sim dnp3 --files` as one process (node with tsx's loader, not tsx's launcher, so
 * that SIGKILL kills the simulator itself) and resolves with its port once it listens.
 */
function startSim(p: number): Promise<number> {
  sim = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src-main/host/cli/main.ts'), 'sim', 'dnp3', '--port', String(p), '--points', '1', '--rate', '0', '--files', served], { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] });
  return new Promise((resolve, reject) => {
    let out = '';
    sim.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening on \S+:(\d+)\?/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    sim.once('exit', (code) => reject(new Error(`sim exited ${code}: ${out}`)));
  });
}

beforeAll(async () => {
  served = mkdtempSync(join(tmpdir(), 'sy-e2e-files-'));
  mkdirSync(join(served, 'records'));
  writeFileSync(join(served, 'records', 'fault-0001.dat'), record);
  writeFileSync(join(served, 'readme.txt'), 'disturbance records of RTU 12\n');
  port = await startSim(0);
  await asAdmin(opened.app.host, (call) =>
    call('stations.add', { station: { id: 'rtu-files', name: 'RTU 12 records', protocol: 'dnp3', transport: { kind: 'tcp', host: '127.0.0.1', port, reconnectDelayMs: 500 } } }),
  );
});
afterAll(async () => {
  sim.kill('SIGKILL');
  rmSync(served, { recursive: true, force: true });
});

/** Screenshots the Files panel in both themes (dark last). */
async function shoot(page: Page, name: string): Promise<void> {
  for (const theme of ['light', 'dark'] as const) {
    await setTheme(page, theme);
    await screenshotTall(page, `${name}-${theme}`, 1500, 'section.files-panel');
  }
}

const panelOf = (page: Page) => page.locator('section.files-panel');

describe('the Files panel against sim dnp3 --files', () => {
  it('lists the served directory and a sub-directory with size and time', async () => {
    const { page } = opened.app;
    await go(page, 'stations');
    await expect.poll(() => page.locator('tr[data-station="rtu-files"]').textContent(), { timeout: 30_000 }).toContain('Online');
    await page.locator('tr[data-station="rtu-files"] button.link').click();
    const panel = panelOf(page);
    await panel.waitFor();
    await expect.poll(() => panel.locator('input[name=files-folder]').inputValue()).toBe(join(opened.app.dataDir, 'downloads'));
    await panel.locator('[data-action=files-list]').click();
    const rows = panel.locator('table[data-files=listing] tbody tr');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(2);
    expect(await rows.nth(0).textContent()).toMatch(/\/readme\.txt\s*30\s*\d{4}-\d\d-\d\d/);
    expect(await rows.nth(1).textContent()).toContain('/records/');
    await rows.nth(1).locator('[data-action=files-open]').click();
    await expect.poll(() => panel.locator('tr[data-entry="/records/fault-0001.dat"]').textContent(), { timeout: 15_000 }).toMatch(/6.?291.?456/);
    await shoot(page, 'files-listing');
  });

  it('resumes a download after the simulator is killed and restarted, and the file is byte-identical', async () => {
    const { page } = opened.app;
    const panel = panelOf(page);
    await panel.locator('tr[data-entry="/records/fault-0001.dat"] [data-action=files-fetch]').click();
    const active = panel.locator('li[data-transfer="/records/fault-0001.dat"]');
    await expect.poll(() => active.locator('.octets').textContent(), { timeout: 30_000 }).toMatch(/^[1-9][\d,. ]* of 6.?291.?456 octets \(\d+ %\)$/);
    sim.kill('SIGKILL');
    await expect.poll(() => active.getAttribute('data-state'), { timeout: 20_000 }).toBe('waiting');
    expect(await active.locator('.state').textContent()).toBe('Link lost: waiting to resume');
    await shoot(page, 'files-waiting');
    await startSim(port);
    await expect.poll(() => active.locator('.state').textContent(), { timeout: 30_000 }).toBe('Transferring (resumed 1×)');
    await shoot(page, 'files-progress');
    const done = panel.locator('table[data-files=recent] tbody tr').first();
    await expect.poll(() => done.getAttribute('data-result'), { timeout: 120_000 }).toBe('SUCCESS');
    expect(await done.textContent()).toMatch(/fault-0001\.dat.*SUCCESS \(resumed 1×\)/);
    expect(readFileSync(join(opened.app.dataDir, 'downloads', 'fault-0001.dat')).equals(record)).toBe(true);
    await shoot(page, 'files-done');
  }, 240_000);

  it('cancels a download: the device is told, the result is ABORTED by name', async () => {
    const { page } = opened.app;
    const panel = panelOf(page);
    await expect.poll(() => page.locator('tr[data-station="rtu-files"]').textContent(), { timeout: 30_000 }).toContain('Online');
    await panel.locator('tr[data-entry="/records/fault-0001.dat"] [data-action=files-fetch]').click();
    const active = panel.locator('li[data-transfer="/records/fault-0001.dat"]');
    await expect.poll(() => active.getAttribute('data-state'), { timeout: 15_000 }).toBe('running');
    await active.locator('[data-action=files-cancel]').click();
    const top = panel.locator('table[data-files=recent] tbody tr').first();
    await expect.poll(() => top.getAttribute('data-result'), { timeout: 15_000 }).toBe('ABORTED');
    expect(await top.textContent()).toContain('✖ ABORTED');
    expect(await panel.locator('table[data-files=recent] tbody tr').nth(1).getAttribute('data-result')).toBe('SUCCESS');
    await shoot(page, 'files-cancelled');
  }, 120_000);
});
