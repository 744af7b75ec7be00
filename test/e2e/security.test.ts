/**
 * The Commissioning view's Security tab in Chromium against the demo workspace: a posture
 * check of the demo stations (plain TCP, so TLS is named as missing), findings with their
 * severity by word and shape, why and fix; the summary in the station details; both
 * themes screenshotted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src-main/commissioning/target/simulator';
import { startSim } from '../integration/cli/helpers/sims';
import { makeTestPki, type TestPki } from '../integration/transport/helpers/test-pki';
import { screenshot } from './harness';
import { go, setTheme } from './page-steps';
import { openAppAsAdmin } from './session';

const opened = openAppAsAdmin();
/** A badly configured TLS station: no client certificate required, plain port open beside TLS. */
let pki: TestPki;
let bad: Simulator;
beforeAll(async () => {
  pki = makeTestPki();
  const tls = { caFile: pki.ca.cert, certFile: pki.server.cert, keyFile: pki.server.key };
  bad = await startSim({ protocol: 'iec104', rate: 0, tls, clientCertificate: false, plainPort: 0, maxConnections: 1, tlsCiphers: 'ECDHE-ECDSA-AES128-GCM-SHA256' });
});
afterAll(async () => {
  await bad?.close();
  pki?.cleanup();
});

describe('the Security tab of Commissioning', () => {
  it('checks a station and lists its findings, most severe first, with why and the fix', async () => {
    const { page } = opened.app;
    await go(page, 'commissioning');
    await page.locator('button[role=tab][data-tab=security]').click();
    expect(await page.locator('button[role=tab][data-tab=security]').getAttribute('aria-selected')).toBe('true');
    expect(await page.locator('button[data-action=run-check]').isVisible()).toBe(false);
    await expect.poll(() => page.locator('select[data-field=security-station] option').count(), { timeout: 15_000 }).toBeGreaterThan(1);
    await page.locator('select[data-field=security-station]').selectOption('demo-iec104');
    await page.locator('button[data-action=run-security]').click();
    const report = page.locator('[data-report=security]');
    await report.waitFor({ timeout: 60_000 });
    expect(await report.locator('.summary').textContent()).toMatch(/^iec104 127\.0\.0\.1:\d+: 2 medium$/);
    const noTls = report.locator('[data-finding=NO_TLS]');
    expect(await noTls.getAttribute('data-severity')).toBe('medium');
    expect(await noTls.locator('.severity').textContent()).toBe('◆ MEDIUM');
    expect(await noTls.locator('.why').textContent()).toMatch(/^Why it matters: Without TLS anyone on the path/);
    expect(await noTls.locator('ol.fix li').count()).toBe(2);
    expect(await report.locator('[data-finding=TOO_MANY_MASTERS] .severity').textContent()).toBe('◆ MEDIUM');
    expect(await report.locator('[data-security-line="simultaneous masters"]').textContent()).toContain('✖ finding');
    expect(await page.locator('table.history tbody tr').first().textContent()).toContain('◆ 2 medium');

    await page.locator('select[data-field=security-station]').selectOption('demo-dnp3');
    await page.locator('button[data-action=run-security]').click();
    await expect.poll(() => report.locator('.summary').textContent(), { timeout: 60_000 }).toMatch(/^dnp3 127\.0\.0\.1:\d+: 1 high, 1 medium$/);
    expect(await report.locator('[data-finding=SA_NOT_PROTECTED] p').first().textContent()).toContain('does not speak SAv5');
    expect(await report.locator('[data-security-line="other master address"]').textContent()).toContain('✔ passed');
    expect(await page.locator('table.history tbody tr').count()).toBe(2);
    for (const theme of ['light', 'dark'] as const) {
      await setTheme(page, theme);
      await page.waitForTimeout(300);
      await screenshot(page, `commissioning-security-${theme}`);
    }
    // The connectivity tab keeps to connectivity checks.
    await page.locator('button[role=tab][data-tab=checks]').click();
    await page.locator('button[data-action=run-check]').waitFor();
    expect(await page.locator('[data-security-check]').count()).toBe(0);
    expect(opened.app.errors).toEqual([]);
  });

  it('shows the latest check in the station details', async () => {
    const { page } = opened.app;
    await go(page, 'stations');
    await page.locator('tr[data-station="demo-dnp3"] button.link').click();
    const line = page.locator('[data-security-summary]');
    await expect.poll(() => line.textContent(), { timeout: 15_000 }).toMatch(/^▲ Security: 1 high, 1 medium — checked \d\d:\d\d:\d\d$/);
    await page.locator('tr[data-station="demo-dnp3"] button.link').click();
    for (const theme of ['light', 'dark'] as const) {
      await setTheme(page, theme);
      await page.locator('tr[data-station="demo-iec104"] button.link').click();
      await line.waitFor();
      await page.waitForTimeout(300);
      await screenshot(page, `stations-security-${theme}`);
      await page.locator('tr[data-station="demo-iec104"] button.link').click();
    }
    expect(opened.app.errors).toEqual([]);
  });

  it('checks a target URL: high findings marked by word, shape and a double border', async () => {
    const { page } = opened.app;
    await go(page, 'commissioning');
    await page.locator('button[role=tab][data-tab=security]').click();
    await page.locator('input[data-field=security-mode-url]').check();
    const url = `${bad.url}&ca-file=${pki.ca.cert}&cert=${pki.client.cert}&key=${pki.client.key}`;
    await page.locator('input[data-field=security-url]').fill(url);
    await page.locator('input[data-field=plain-port]').fill(String(bad.plainPort));
    await page.locator('button[data-action=run-security]').click();
    const report = page.locator('[data-report=security]');
    await expect.poll(() => report.locator('.summary').textContent(), { timeout: 60_000 }).toMatch(/^iec104 127\.0\.0\.1:\d+\+tls: 2 high$/);
    expect(await report.locator('.finding .severity').allTextContents()).toEqual(['▲ HIGH', '▲ HIGH']);
    expect(await report.locator('.finding').evaluateAll((els) => els.map((e) => e.getAttribute('data-finding')).sort())).toEqual(['CLIENT_CERT_NOT_REQUIRED', 'PLAIN_PORT_OPEN']);
    expect(await page.locator('table.history tbody tr').first().textContent()).toContain('▲ 2 high');
    for (const theme of ['light', 'dark'] as const) {
      await setTheme(page, theme);
      await page.waitForTimeout(300);
      await screenshot(page, `commissioning-security-high-${theme}`);
    }
    expect(opened.app.errors).toEqual([]);
  });
});
