/**
 * The command console in Chromium against stations that behave as field devices: an IEC
 * 104 station that never sends ACTTERM (station setting `auto`: SUCCESS, the stage says no
 * ACTTERM came) and a DNP3 outstation whose output is in local mode (LOCAL by name, the IIN
 * as context). Also the station form's activation termination setting.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src-main/commissioning/target/simulator';
import { choose, go, shootBothThemes } from './page-steps';
import { asAdmin } from './contract-call';
import { openAppAsAdmin } from './session';

const opened = openAppAsAdmin();
const sims: Simulator[] = [];

beforeAll(async () => {
  for (const options of [{ protocol: 'iec104' as const, actTerm: false }, { protocol: 'dnp3' as const, points: 4, controlStatus: { 'bo:1': 7 } }]) {
    const started = await startSimulator({ host: '127.0.0.1', port: 0, rate: 0, ...options });
    if (!started.ok) throw new Error(started.error.message);
    sims.push(started.value);
  }
  const [iec, dnp] = sims as [Simulator, Simulator];
  await asAdmin(opened.app.host, async (call) => {
    const stations = [
      { id: 'silent-104', name: 'Station without ACTTERM', protocol: 'iec104', transport: { kind: 'tcp', host: '127.0.0.1', port: iec.port }, iec104: { actTermWindowMs: 500 }, commands: [{ address: 'ioa:5001@1', mode: 'sbo', actions: ['on', 'off'] }] },
      { id: 'local-dnp3', name: 'Recloser in local', protocol: 'dnp3', transport: { kind: 'tcp', host: '127.0.0.1', port: dnp.port }, commands: [{ address: 'bo:1', mode: 'direct', actions: ['on', 'off'] }] },
    ];
    for (const station of stations) await call('stations.add', { station });
  });
});
afterAll(async () => {
  for (const s of sims) await s.close();
});

/** The newest audit record as the table shows it. */
const auditTop = (page: Page) => page.locator('[data-testid=audit-table] tbody tr').first().textContent();

describe('command outcomes of field devices in the console', () => {
  it('shows SUCCESS with "no ACTTERM from this station" when an IEC 104 station sends none', async () => {
    const { page } = opened.app;
    await go(page, 'stations');
    await expect.poll(() => page.locator('tr[data-station="silent-104"]').textContent(), { timeout: 20_000 }).toContain('Online');
    await go(page, 'commands');
    await choose(page, 'silent-104', 'ioa:5001@1', 'on');
    await page.locator('[data-action=select]').click();
    await expect.poll(() => page.locator('[data-testid=select-countdown]').textContent(), { timeout: 15_000 }).toMatch(/\d+ s left/);
    await page.locator('[data-action=operate]').click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Operate' }).click();
    const result = page.locator('[data-testid=command-result]');
    await expect.poll(() => result.textContent(), { timeout: 20_000 }).toContain('SUCCESS');
    expect(await result.locator('.headline').textContent()).toContain('no ACTTERM from this station (activation termination: auto)');
    expect(await result.locator('.stages').textContent()).toContain('terminated NOT_RECEIVED (no ACTTERM from this station within 500 ms)');
    await expect.poll(() => auditTop(page), { timeout: 10_000 }).toContain('SUCCESS');
    await shootBothThemes(page, 'commands-no-actterm');
  });

  it("names the DNP3 outstation's own reason (LOCAL) with its IIN as context", async () => {
    const { page } = opened.app;
    await go(page, 'commands');
    await choose(page, 'local-dnp3', 'bo:1', 'on');
    await page.locator('[data-action=execute]').click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Execute' }).click();
    const headline = page.locator('[data-testid=command-result] .headline');
    await expect.poll(() => headline.textContent(), { timeout: 20_000 }).toContain('LOCAL');
    expect(await headline.textContent()).toContain('operate refused: the point is in local control (status 7); outstation IIN LOCAL_CONTROL');
    await expect.poll(() => auditTop(page), { timeout: 10_000 }).toContain('LOCAL');
    await shootBothThemes(page, 'commands-dnp3-local');
  });

  it('edits the activation termination of an IEC 104 station in the station form', async () => {
    const { page } = opened.app;
    await go(page, 'stations');
    await page.locator('tr[data-station="silent-104"] [data-action=edit]').click();
    const mode = page.locator('#station-iec104-actTerm');
    await mode.waitFor();
    expect(await mode.inputValue()).toBe('auto');
    expect(await page.locator('#station-iec104-actTermWindowMs').inputValue()).toBe('500');
    await mode.locator('xpath=ancestor::fieldset').scrollIntoViewIfNeeded();
    await shootBothThemes(page, 'station-form-actterm');
    await mode.selectOption('expected');
    expect(await page.locator('#station-iec104-actTermWindowMs').count()).toBe(0);
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => page.locator('.bar [role=status]').textContent()).toContain('Saved Station without ACTTERM');
  });
});
