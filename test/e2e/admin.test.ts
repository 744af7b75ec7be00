/**
 * The Administration view in Chromium against the headless host: an administrator
 * creates an operator, exports and (refused) imports the workspace, and stays logged in
 * across a reload; the operator, in a new page, sees the administration actions disabled
 * with the reason.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { VIEWS } from '../../src-renderer/views/view-list';
import { screenshot } from './harness';
import { ADMIN, logIn, openAppAsAdmin } from './session';

const OPERATOR = { name: 'operator1', password: 'operator-pass-1' };
const opened = openAppAsAdmin();

describe('Administration view', () => {
  it('is the last view, reached with Alt+number', async () => {
    const { page } = opened.app;
    expect(VIEWS.at(-1)).toEqual({ id: 'administration', label: 'Administration' });
    await page.locator('main').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press(`Alt+${VIEWS.length}`);
    await expect.poll(() => page.locator('main').getAttribute('data-view')).toBe('administration');
    await page.locator('tr[data-user=admin]').waitFor();
  });

  it('lets the administrator create an operator, who then shows in the table', async () => {
    const { page } = opened.app;
    await page.locator('[data-action=add-user]').click();
    await page.locator('input[name=new-user-name]').fill(OPERATOR.name);
    await page.locator('select[name=new-user-role]').selectOption('operator');
    await page.locator('input[name=new-user-password]').fill(OPERATOR.password);
    await page.locator('input[name=new-user-confirm]').fill(OPERATOR.password);
    await page.getByRole('button', { name: 'Create user' }).click();
    const row = page.locator(`tr[data-user=${OPERATOR.name}]`);
    await row.waitFor();
    expect(await row.locator('select').inputValue()).toBe('operator');
    await expect.poll(() => page.locator('.users-panel [role=status]').textContent()).toContain(`Create ${OPERATOR.name} (operator): done`);
  });

  it('refuses to demote the last administrator with the engine reason', async () => {
    const { page } = opened.app;
    const row = page.locator('tr[data-user=admin]');
    await row.locator('select').selectOption('engineer');
    await row.locator('[data-action=apply-role]').click();
    await expect.poll(() => page.locator('.users-panel [role=status]').textContent()).toContain('LAST_ADMIN');
    expect(await row.locator('select').inputValue()).toBe('administrator');
  });

  it('exports the workspace as a download and keeps the running one when an import is refused', async () => {
    const { page } = opened.app;
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-action=export-workspace]').click()]);
    expect(download.suggestedFilename()).toMatch(/\.workspace\.json$/);
    const name = await page.locator('.workspace-panel [data-field=name]').textContent();
    await page.locator('input[name=workspace-file]').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"formatVersion": 3, "stations": 7}') });
    await page.getByRole('button', { name: 'Replace workspace' }).click();
    const outcome = page.locator('.workspace-panel [data-outcome]');
    await expect.poll(() => outcome.textContent()).toMatch(/Import of broken\.json refused: INVALID_WORKSPACE: stations: .+The running workspace was kept\./);
    expect(await page.locator('.workspace-panel [data-field=name]').textContent()).toBe(name);
    expect(await page.locator(`tr[data-user=${OPERATOR.name}]`).count()).toBe(1);
    await screenshot(page, 'admin-import-refused-dark');
  });

  it('keeps the administrator logged in across a reload, and screenshots the view in both themes', async () => {
    const { page } = opened.app;
    await page.reload();
    await page.locator(`tr[data-user=${OPERATOR.name}]`).waitFor({ timeout: 15_000 });
    expect(await page.locator('footer.status .user').textContent()).toContain(ADMIN.name);
    expect(await page.getByRole('heading', { name: 'Log in to Switchyard' }).count()).toBe(0);
    await screenshot(page, 'admin-administrator-dark');
    await page.getByRole('button', { name: /Switch to light theme/ }).click();
    await screenshot(page, 'admin-administrator-light');
    await page.getByRole('button', { name: /Switch to dark theme/ }).click();
  });

  it('shows an operator, in a new page, the administration actions disabled with the reason', async () => {
    const page = await opened.app.browser.newPage({ viewport: { width: 1400, height: 860 } });
    try {
      await page.goto(opened.app.host.url);
      await logIn(page, OPERATOR.name, OPERATOR.password);
      await page.locator('nav button[data-view=administration]').click();
      const reason = page.locator('[data-reason]');
      await expect.poll(() => reason.textContent()).toContain(`Administrators only: you are logged in as ${OPERATOR.name} (operator).`);
      for (const action of ['add-user', 'export-workspace', 'import-workspace']) {
        const button = page.locator(`[data-action=${action}]`);
        expect(await button.isDisabled()).toBe(true);
        expect(await button.getAttribute('title')).toContain('Administrators only');
      }
      expect(await page.locator('[data-action=save-preferences]').isDisabled()).toBe(true);
      expect(await page.locator('input[name=current-password]').isDisabled()).toBe(false);
      await screenshot(page, 'admin-operator-dark');
      await page.getByRole('button', { name: /Switch to light theme/ }).click();
      await screenshot(page, 'admin-operator-light');
    } finally {
      await page.close();
    }
    expect(opened.app.errors).toEqual([]);
  });
  it('shows an imported workspace at once: a station it no longer has leaves the lists', async () => {
    const { page } = opened.app;
    await page.locator('nav button[data-view="administration"]').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-action=export-workspace]').click()]);
    const doc = JSON.parse(readFileSync((await download.path())!, 'utf8')) as { stations: Array<{ id: string }>; points: Record<string, unknown> };
    doc.stations = doc.stations.filter((s) => s.id !== 'demo-iec104');
    delete doc.points['demo-iec104'];
    await page.locator('input[name=workspace-file]').setInputFiles({ name: 'one-station.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) });
    await page.getByRole('button', { name: 'Replace workspace' }).click();
    await page.locator('nav button[data-view="stations"]').click();
    await expect.poll(() => page.locator('tr[data-station="demo-iec104"]').count(), { timeout: 10_000 }).toBe(0);
    expect(await page.locator('tr[data-station="demo-dnp3"]').count()).toBe(1);
    await page.locator('nav button[data-view="points"]').click();
    await expect.poll(() => page.locator('[data-key^="demo-iec104/"]').count(), { timeout: 10_000 }).toBe(0);
    expect(await page.locator('[data-key^="demo-dnp3/"]').count()).toBeGreaterThan(0);
  });
});
