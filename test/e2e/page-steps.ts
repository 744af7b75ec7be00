/** Steps the browser tests share: moving between views, choosing the theme, reading the trend canvas. */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { screenshot } from './harness';

/** Opens a view from the navigation and waits until it is shown. */
export async function go(page: Page, view: string): Promise<void> {
  await page.locator(`nav button[data-view="${view}"]`).click();
  await expect.poll(() => page.locator('main').getAttribute('data-view')).toBe(view);
}

/** Switches to the given theme unless it is on already. */
export async function setTheme(page: Page, theme: 'dark' | 'light'): Promise<void> {
  if ((await page.locator('html').getAttribute('data-theme')) !== theme) await page.getByRole('button', { name: /Switch to .* theme/ }).click();
}

/** Screenshots the page as NAME-dark and NAME-light, and goes back to the dark theme. */
export async function shootBothThemes(page: Page, name: string): Promise<void> {
  for (const theme of ['dark', 'light'] as const) {
    await setTheme(page, theme);
    await screenshot(page, `${name}-${theme}`);
  }
  await setTheme(page, 'dark');
}

/** Picks station, point and action in the console and waits until the point is offered. */
export async function choose(page: Page, station: string, point: string, action: string): Promise<void> {
  await expect.poll(() => page.locator(`select[name=command-station] option[value="${station}"]`).count(), { timeout: 20_000 }).toBe(1);
  await page.locator('select[name=command-station]').selectOption(station);
  await expect.poll(() => page.locator(`select[name=command-point] option[value="${point}"]`).count(), { timeout: 20_000 }).toBe(1);
  await page.locator('select[name=command-point]').selectOption(point);
  await page.locator('select[name=command-action]').selectOption(action);
}

/** Distinct colours in a sample of the trend canvas: a blank chart has a handful, a drawn one many. */
export function trendInk(page: Page): Promise<number> {
  return page.evaluate(`(() => {
    const canvas = document.querySelector('.canvas-box canvas');
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    const seen = new Set();
    for (let i = 0; i < data.length; i += 28) seen.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
    return seen.size;
  })()`) as Promise<number>;
}
