/**
 * The Commissioning view's Firewall rules panel in Chromium: a bad master address named,
 * the rules of a TLS station in two formats (as the golden files have them), Copy to the
 * clipboard and Download of each file, and screenshots in both themes. The station is
 * disabled: its documentation address is never dialled.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { asAdmin } from './contract-call';
import { screenshot } from './harness';
import { openAppAsAdmin } from './session';

const opened = openAppAsAdmin();
const GOLDEN = join(import.meta.dirname, '../vectors/firewall/iec104-tls-dual-stack');
const golden = (name: string): string => readFileSync(join(GOLDEN, name), 'utf8');

beforeAll(async () => {
  await asAdmin(opened.app.host, async (call) => {
    const tls = { caFile: 'ca.pem', certFile: 'cert.pem', keyFile: 'key.pem' };
    await call('stations.add', { station: { id: 'rtu7', name: 'RTU 7', protocol: 'iec104', enabled: false, transport: { kind: 'tls', host: '192.0.2.10', port: 19998, tls } } });
  });
});

describe('the Firewall rules panel', () => {
  it('names a bad address, then writes the rules of each format with Copy and Download', async () => {
    const { page } = opened.app;
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.locator('nav button[data-view="commissioning"]').click();
    await page.locator('[role=tab][data-tab=firewall]').click();
    const panel = page.locator('[data-panel=firewall]');
    await expect.poll(() => panel.locator('select[data-field=fw-station] option').allTextContents(), { timeout: 15_000 }).toContain('RTU 7');
    await panel.locator('select[data-field=fw-station]').selectOption('rtu7');
    expect(await panel.locator('[data-endpoint]').textContent()).toBe('iec104+tls://192.0.2.10:19998');

    await panel.locator('textarea[data-field=fw-masters]').fill('192.0.2.21\n192.0.2.220.1');
    await panel.locator('button[data-action=write-firewall]').click();
    await expect.poll(() => panel.locator('[data-firewall-error]').textContent()).toContain("master address '192.0.2.220.1' is not an IPv4 or IPv6 address");
    expect(await panel.locator('pre.rules').count()).toBe(0);
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, 'firewall-rules-bad-address-dark');

    await panel.locator('textarea[data-field=fw-masters]').fill('192.0.2.21\n192.0.2.22\n2001:db8::21');
    await panel.locator('input[data-field=fw-station-address]').fill('2001:db8::10');
    expect(await panel.locator('[data-firewall-error]').count()).toBe(0);
    await panel.locator('button[data-action=write-firewall]').click();
    const v4 = panel.locator('[data-file="rules.v4"]');
    await v4.waitFor({ timeout: 15_000 });
    expect(await panel.locator('[data-file]').evaluateAll((files) => files.map((f) => f.getAttribute('data-file')))).toEqual(['rules.v4', 'rules.v6']);
    expect(await v4.locator('pre.rules').textContent()).toBe(golden('rules.v4'));
    expect(await panel.locator('[data-file="rules.v6"] pre.rules').textContent()).toBe(golden('rules.v6'));
    expect(await panel.locator('[data-firewall-summary]').textContent()).toBe('IEC 104 over TLS station RTU 7 (192.0.2.10, 2001:db8::10), tcp/19998: admits 192.0.2.21, 192.0.2.22, 2001:db8::21');

    await v4.locator('button[data-action=copy-rules]').click();
    await expect.poll(() => v4.locator('[role=status]').textContent()).toBe('Copied');
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(golden('rules.v4'));
    const [download] = await Promise.all([page.waitForEvent('download'), v4.locator('button[data-action=download-rules]').click()]);
    expect(download.suggestedFilename()).toBe('rules.v4');
    expect(readFileSync(await download.path(), 'utf8')).toBe(golden('rules.v4'));
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, 'firewall-rules-iptables-dark');

    // A new choice clears the rules shown; nftables is one file.
    await panel.locator('select[data-field=fw-format]').selectOption('nftables');
    expect(await panel.locator('pre.rules').count()).toBe(0);
    await panel.locator('button[data-action=write-firewall]').click();
    const nft = panel.locator('[data-file="swy_iec104_355c3e7f.nft"] pre.rules');
    await nft.waitFor({ timeout: 15_000 });
    expect(await nft.textContent()).toBe(golden('swy_iec104_355c3e7f.nft'));
    await page.getByRole('button', { name: /Switch to light theme/ }).click();
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, 'firewall-rules-nftables-light');
    await page.getByRole('button', { name: /Switch to dark theme/ }).click();
    expect(opened.app.errors).toEqual([]);
  });
});
