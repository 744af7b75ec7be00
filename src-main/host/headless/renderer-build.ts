import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const repoRoot = resolve(import.meta.dirname, '../../..');

/** The built renderer the headless host serves. */
export const RENDERER_DIR = join(repoRoot, 'out/renderer');

function newestModification(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestModification(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Builds the renderer with the same Vite config as the desktop build when out/renderer
 * is missing or older than its sources, so `serve` works right after `npm ci`.
 */
export async function ensureRendererBuilt(log: (line: string) => void): Promise<string> {
  const index = join(RENDERER_DIR, 'index.html');
  const sources = Math.max(newestModification(join(repoRoot, 'src-renderer')), newestModification(join(repoRoot, 'src-shared')));
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return RENDERER_DIR;
  log('building the renderer (first run or sources changed)...');
  const [{ build }, { rendererConfig }] = await Promise.all([import('vite'), import('../../../vite.renderer')]);
  await build({ ...rendererConfig, configFile: false, logLevel: 'warn' });
  return RENDERER_DIR;
}
