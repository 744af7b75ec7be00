/** Temporary data directories and engines of a test file: stopped and removed after each test. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { Engine } from '../../../src-main/engine';

/** Registers the clean-up; push engines to `engines` (a test may empty it after stopping them itself). */
export function engineCleanup(): { engines: Engine[]; dataDir(prefix: string): string } {
  const dirs: string[] = [];
  const engines: Engine[] = [];
  afterEach(async () => {
    for (const engine of engines.splice(0)) await engine.stop();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return {
    engines,
    dataDir(prefix) {
      const dir = mkdtempSync(join(tmpdir(), prefix));
      dirs.push(dir);
      return dir;
    },
  };
}
