import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** Repository root. */
export const ROOT = resolve(import.meta.dirname, '..');

/** Runs a command from the repository root with inherited output; true when it exited 0. */
export function runStep(title: string, command: string, args: string[]): boolean {
  console.log(`\n=== ${title}: ${command} ${args.join(' ')}`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' });
  const ok = result.status === 0;
  console.log(`=== ${title}: ${ok ? 'ok' : `FAILED (exit ${result.status ?? result.signal})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return ok;
}

/** Test counts read from a Vitest JSON report. */
export interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

/** Reads the counts of a Vitest JSON report; a missing report counts as one failure. */
export function readVitestReport(path: string): Counts {
  if (!existsSync(path)) return { passed: 0, failed: 1, skipped: 0 };
  const report = JSON.parse(readFileSync(path, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
    testResults: Array<{ status: string; assertionResults: unknown[] }>;
  };
  // A test file that failed to load has no assertion results: count it as a failure.
  const brokenFiles = report.testResults.filter((file) => file.status === 'failed' && file.assertionResults.length === 0).length;
  return {
    passed: report.numPassedTests,
    failed: report.numFailedTests + brokenFiles,
    skipped: report.numPendingTests + report.numTodoTests,
  };
}

/** Node binary plus a package's script path, so the PID is the tool's own. */
export function nodeTool(path: string): [string, string[]] {
  return [process.execPath, [resolve(ROOT, 'node_modules', path)]];
}
