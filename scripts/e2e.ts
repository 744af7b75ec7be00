/**
 * `npm run test:e2e`: the browser tests. Without a Chromium they are skipped loudly,
 * except in CI (CI=true), where a missing browser fails the run.
 */
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromiumPath } from '../test/e2e/chromium';
import { nodeTool, readVitestReport, ROOT, runStep, type Counts } from './run-step';

/** Report of the browser tests' last run. */
export const E2E_REPORT = resolve(ROOT, 'test-results/vitest-e2e.json');

/** Runs the browser tests; null when they were skipped for want of a browser outside CI. */
export function runE2e(): Counts | null {
  if (!chromiumPath()) {
    const line = '!'.repeat(78);
    console.log(`\n${line}\n!! BROWSER TESTS NOT RUN: no Chromium at $CHROME_PATH or /usr/bin/chromium.`);
    console.log(`!! Install Debian's chromium (apt-get install chromium) to run them.\n${line}`);
    return process.env.CI === 'true' ? { passed: 0, failed: 1, skipped: 0 } : null;
  }
  rmSync(E2E_REPORT, { force: true });
  const [node, vitest] = nodeTool('vitest/vitest.mjs');
  runStep('browser tests', node, [...vitest, 'run', '--config', 'vitest.e2e.config.ts', '--reporter=default', '--reporter=json', `--outputFile.json=${E2E_REPORT}`]);
  return readVitestReport(E2E_REPORT);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const counts = runE2e();
  if (counts) console.log(`\n${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
  process.exit(counts && counts.failed > 0 ? 1 : 0);
}
