/**
 * The Commissioning view's Monitor tab in Chromium against the headless host: a relay to a
 * DNP3 simulator is started from the tab, a CLI poll goes through it, and its frames (with
 * the field tree and bytes) and the values the responses carried appear; the relay stops.
 * The relay records a pcap (named with its size as it grows); once stopped it downloads and
 * opens in the Analyzer with the relayed frames. Both themes screenshotted.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src-main/commissioning/target/simulator';
import { pollCommand } from '../../src-main/host/cli/commands/poll';
import { runCommand } from '../integration/cli/helpers/cli-run';
import { startSim } from '../integration/cli/helpers/sims';
import { screenshot, screenshotTall } from './harness';
import { go, setTheme } from './page-steps';
import { openAppAsAdmin } from './session';

const opened = openAppAsAdmin();
let sim: Simulator;
beforeAll(async () => {
  sim = await startSim({ protocol: 'dnp3', rate: 0, points: 4 });
});
afterAll(async () => {
  await sim?.close();
});

describe('the Monitor tab of Commissioning', () => {
  it('refuses a malformed address before anything is started', async () => {
    const { page } = opened.app;
    await go(page, 'commissioning');
    await page.locator('button[role=tab][data-tab=monitor]').click();
    await page.locator('input[data-field=monitor-listen]').fill('127.0.0.1:99999');
    await page.locator('button[data-action=monitor-start]').click();
    expect(await page.locator('.monitor-panel [role=alert]').textContent()).toBe("Listen: '127.0.0.1:99999' has port 99999: use 1-65535");
    expect(await page.locator('input[data-field=monitor-listen]').getAttribute('aria-invalid')).toBe('true');
    // an address beyond loopback is the engine's to refuse unless an administrator allowed it
    await page.locator('input[data-field=monitor-listen]').fill('0.0.0.0:0');
    await page.locator('input[data-field=monitor-forward]').fill(`127.0.0.1:${sim.port}`);
    await page.locator('button[data-action=monitor-start]').click();
    await expect.poll(() => page.locator('.monitor-panel [role=alert]').textContent()).toMatch(/^BIND_NOT_ALLOWED: a relay listens on loopback/);
    expect(await page.locator('tr[data-monitor]').count()).toBe(0);
  });

  it('relays a poll and shows its frames both ways and the values seen, then stops', async () => {
    const { page } = opened.app;
    await page.locator('input[data-field=monitor-listen]').fill('127.0.0.1:0');
    await page.locator('select[data-field=monitor-protocol]').selectOption('dnp3');
    await page.locator('button[data-action=monitor-start]').click();
    const row = page.locator('tr[data-monitor]').first();
    await expect.poll(() => row.textContent(), { timeout: 15_000 }).toMatch(/127\.0\.0\.1:\d+ → 127\.0\.0\.1:\d+ \(DNP3\).*● running/);
    await page.locator('[data-monitor-waiting]').waitFor();
    const recording = page.locator('[data-monitor-capture]');
    expect(await recording.textContent()).toMatch(/Recording to \S+\/captures\/monitor-\d{8}-\d{6}-m\d+\.pcap: 24 octets, 0 packets.*Stop the relay to download/s);
    expect(await page.locator('button[data-action=monitor-download]').count()).toBe(0); // not while it records
    const port = Number(/127\.0\.0\.1:(\d+) →/.exec((await row.textContent())!)![1]);
    expect(port).toBeGreaterThan(0);

    const poll = await runCommand([pollCommand], ['poll', `dnp3://127.0.0.1:${port}`, '--json']);
    expect(poll.code, poll.stderr.join('\n')).toBe(0);
    const points = JSON.parse(poll.stdout.join('')) as Array<{ ref: string; value: unknown }>;
    expect(points.length).toBeGreaterThan(0);

    const connection = page.locator('tr[data-connection="1"]');
    await expect.poll(() => connection.textContent(), { timeout: 15_000 }).toContain('closed (CLOSED)');
    const frames = page.locator('[aria-label="Monitored frames"] [role=row]');
    await expect.poll(() => page.locator('[aria-label="Monitored frames"]').textContent(), { timeout: 15_000 }).toMatch(/← O to M.*RESPONSE/s);
    expect(await page.locator('[aria-label="Monitored frames"]').textContent()).toMatch(/→ M to O.*READ/s);
    // every value the master polled is listed, read-only, as the outstation reported it
    for (const p of points) {
      const cells = page.locator(`tr[data-value="${p.ref}"] td`);
      await expect.poll(() => cells.nth(2).textContent(), { timeout: 15_000 }).toBe(typeof p.value === 'boolean' ? (p.value ? 'true (1)' : 'false (0)') : String(p.value));
    }
    // the file grew with the traffic
    await expect.poll(() => recording.textContent(), { timeout: 15_000 }).not.toMatch(/: 24 octets/);
    await frames.filter({ hasText: 'RESPONSE' }).first().click();
    await page.locator('.monitor-panel .detail-pane [role=tree]').waitFor();
    expect(await page.locator('.monitor-panel .detail-pane').textContent()).toMatch(/05 ?64/i);
    // nothing on the tab sends: no operate, select or write control exists
    expect(await page.locator('.monitor-panel button').allTextContents()).toEqual(expect.not.arrayContaining([expect.stringMatching(/operate|select|execute|send|write/i)]));
    for (const theme of ['light', 'dark'] as const) {
      await setTheme(page, theme);
      await page.waitForTimeout(300);
      await screenshotTall(page, `commissioning-monitor-${theme}`, 1400);
    }
    await page.locator('button[data-action=monitor-stop]').click();
    await expect.poll(() => row.textContent(), { timeout: 15_000 }).toMatch(/○ stopped/);
    expect(await page.locator('button[data-action=monitor-stop]').count()).toBe(0);

    // the recorded file: named with its size, downloaded whole, opened in the Analyzer
    expect(await recording.textContent()).toMatch(/^\s*Recorded /);
    const octets = Number(/([\d,. ]+) octets/.exec((await recording.locator('[data-capture-size]').textContent())!)![1]!.replace(/\D/g, ''));
    expect(await row.textContent()).toMatch(/monitor-\d{8}-\d{6}-m\d+\.pcap, [\d,. ]+ octets, [\d,. ]+ packets/);
    for (const theme of ['light', 'dark'] as const) {
      await setTheme(page, theme);
      await page.waitForTimeout(300);
      await screenshotTall(page, `commissioning-monitor-recorded-${theme}`, 900);
    }
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('button[data-action=monitor-download]').click()]);
    expect(download.suggestedFilename()).toMatch(/^monitor-\d{8}-\d{6}-m\d+\.pcap$/);
    const bytes = readFileSync((await download.path())!);
    expect(bytes.length).toBe(octets);
    expect(bytes.readUInt32LE(0).toString(16)).toBe('a1b2c3d4'); // pcap magic
    await page.locator('button[data-action=monitor-analyze]').click();
    await expect.poll(() => page.locator('main').getAttribute('data-view')).toBe('analyzer');
    await expect.poll(() => page.locator('section[aria-label="Opened capture file"]').textContent(), { timeout: 20_000 }).toContain(download.suggestedFilename());
    // the outstation's port is not a standard one: decoded as the monitor's protocol all the same
    await expect.poll(() => page.locator('.analyzer [role=grid]').textContent(), { timeout: 15_000 }).toMatch(/READ.*RESPONSE|RESPONSE.*READ/s);
    await screenshot(page, 'analyzer-monitor-capture-dark');
    // the relay is gone: a master can no longer connect through it
    const after = await runCommand([pollCommand], ['poll', `dnp3://127.0.0.1:${port}`, '--json', '--timeout', '2']);
    expect(after.code).toBe(3);
    expect(opened.app.errors).toEqual([]);
  });

  it('listens on an address not written as loopback once an administrator allows it in the preferences', async () => {
    const { page } = opened.app;
    await go(page, 'administration');
    // an address not written as loopback, yet bound to loopback only (tests stay off the network)
    await page.locator('input[name=monitor-bind-addresses]').fill('::ffff:127.0.0.1');
    await page.locator('[data-action=save-preferences]').click();
    await expect.poll(() => page.locator('[data-outcome]').textContent()).toContain('Preferences: done');
    await go(page, 'commissioning');
    await page.locator('button[role=tab][data-tab=monitor]').click();
    await page.locator('input[data-field=monitor-listen]').fill('[::ffff:127.0.0.1]:0');
    await page.locator('input[data-field=monitor-forward]').fill(`127.0.0.1:${sim.port}`);
    await page.locator('input[data-field=monitor-record]').uncheck();
    await page.locator('button[data-action=monitor-start]').click();
    const row = page.locator('tr[data-monitor]', { hasText: '::ffff:' });
    await expect.poll(() => row.textContent(), { timeout: 15_000 }).toContain('not recorded');
    await expect.poll(() => row.textContent(), { timeout: 15_000 }).toMatch(/\[::ffff:127\.0\.0\.1\]:\d+ → 127\.0\.0\.1:\d+.*● running/);
    expect(await page.locator('.monitor-panel [role=alert]').count()).toBe(0);
    await row.locator('button[data-action=monitor-stop]').click();
    await expect.poll(() => row.textContent(), { timeout: 15_000 }).toMatch(/○ stopped/);
    expect(opened.app.errors).toEqual([]);
  });
});
