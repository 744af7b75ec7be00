/**
 * The Sparkplug section of the Administration view in Chromium against the headless host
 * (demo workspace) and a real mosquitto: an administrator configures the publisher with a
 * primary host application, the status line says it waits for the host, then (the host's
 * STATE online) turns to connected with messages sent; the password is only shown as set,
 * in its 0600 file;
 * a bad edge node id is refused naming the field. Screenshots in both themes.
 */
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMosquitto, type Mosquitto } from '../integration/helpers/mosquitto';
import { screenshot, screenshotTall } from './harness';
import { go, setTheme } from './page-steps';
import { openAppAsAdmin } from './session';

const opened = openAppAsAdmin();
let broker: Mosquitto;

beforeAll(async () => {
  broker = await startMosquitto();
});
afterAll(async () => {
  await broker.close();
});

describe('Sparkplug settings', () => {
  it('configures the publisher and shows it connected with messages sent', async () => {
    const { page } = opened.app;
    await go(page, 'administration');
    const panel = page.locator('.sparkplug-panel');
    await expect.poll(() => panel.locator('[data-sparkplug-status]').textContent()).toContain('Not publishing (disabled)');
    await panel.locator('input[name=sparkplug-enabled]').check();
    await panel.locator('input[name=sparkplug-broker]').fill(broker.url);
    await panel.locator('input[name=sparkplug-group]').fill('Plant');
    await panel.locator('input[name=sparkplug-node]').fill('HMI1');
    await panel.locator('input[name=sparkplug-primary-host]').fill('SCADA');
    await panel.locator('summary').click();
    await panel.locator('input[name=sparkplug-password]').fill('broker-secret-1');
    await panel.locator('input[name=sparkplug-dcmd]').check();
    await panel.locator('textarea[name=sparkplug-dcmd-points]').fill('feeder/bo:0');
    await panel.locator('[data-action=save-sparkplug]').click();
    await expect.poll(() => panel.locator('[data-sparkplug-outcome]').textContent()).toContain('Sparkplug settings saved');
    await expect.poll(() => panel.locator('[data-sparkplug-status]').textContent(), { timeout: 15_000 }).toContain('Waiting for primary host SCADA (no STATE received yet) · 0 messages sent');
    await setTheme(page, 'light');
    await screenshotTall(page, 'sparkplug-waiting-light', 1500, '.sparkplug-panel h2');
    await setTheme(page, 'dark');
    await screenshotTall(page, 'sparkplug-waiting-dark', 1500, '.sparkplug-panel h2');
    await setTheme(page, 'light');
    const host = await mqtt.connectAsync(broker.url);
    await host.publishAsync('spBv1.0/STATE/SCADA', JSON.stringify({ online: true, timestamp: Date.now() }), { qos: 1, retain: true });
    await host.endAsync();
    await expect.poll(() => panel.locator('[data-sparkplug-status]').textContent(), { timeout: 15_000 }).toMatch(/Connected \(bdSeq 0\), primary host SCADA online · [1-9][\d,]* messages sent/);
    expect(await panel.locator('[data-sparkplug-status]').textContent()).toContain(`${broker.url} spBv1.0/Plant/HMI1`);
    expect(await panel.locator('[data-password-state]').textContent()).toBe("Password set: kept by the host's secret store");
    expect(await panel.locator('input[name=sparkplug-password]').inputValue()).toBe('');
    expect(await page.content()).not.toContain('broker-secret-1');
    await setTheme(page, 'dark');
    await panel.locator('h2').scrollIntoViewIfNeeded();
    await screenshot(page, 'sparkplug-connected-dark');
    await setTheme(page, 'light');
    await screenshot(page, 'sparkplug-connected-light');
  });

  it('refuses a bad edge node id naming the field, and shows a stopped broker as disconnected', async () => {
    const { page } = opened.app;
    const panel = page.locator('.sparkplug-panel');
    await panel.locator('input[name=sparkplug-node]').fill('HMI 1');
    await panel.locator('[data-action=save-sparkplug]').click();
    await expect.poll(() => panel.locator('[data-sparkplug-outcome]').textContent()).toMatch(/refused: INVALID_REQUEST: .*edgeNodeId/);
    await broker.stop();
    await expect.poll(() => panel.locator('[data-sparkplug-status]').textContent(), { timeout: 15_000 }).toContain('Disconnected');
    await expect.poll(() => panel.locator('[data-last-error]').textContent(), { timeout: 15_000 }).toContain('ECONNREFUSED');
    await panel.locator('h2').scrollIntoViewIfNeeded();
    await screenshot(page, 'sparkplug-disconnected-light');
    await setTheme(page, 'dark');
    await screenshot(page, 'sparkplug-disconnected-dark');
  });
});
