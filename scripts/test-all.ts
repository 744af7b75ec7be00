/**
 * `npm test`: lint, type check, the Electron security scan, unused exports and files (knip),
 * unit and integration tests,
 * then the browser tests. Every step runs even when an earlier one failed; the closing
 * line `N passed, N failed` counts the tests from the Vitest JSON reports plus one
 * failure per failed check.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { runE2e } from './e2e';
import { nodeTool, readVitestReport, ROOT, runStep } from './run-step';

const UNIT_REPORT = resolve(ROOT, 'test-results/vitest.json');
const [node, eslint] = nodeTool('eslint/bin/eslint.js');
const [, tsc] = nodeTool('typescript/bin/tsc');
const [, vueTsc] = nodeTool('vue-tsc/bin/vue-tsc.js');
const [, vitest] = nodeTool('vitest/vitest.mjs');
const [, tsx] = nodeTool('tsx/dist/cli.mjs');
const [, knip] = nodeTool('knip/bin/knip.js');

const checks = [
  runStep('lint', node, [...eslint, '--max-warnings', '0', '.']),
  runStep('types (node)', node, [...tsc, '-p', 'tsconfig.node.json', '--noEmit']),
  runStep('types (renderer)', node, [...vueTsc, '-p', 'tsconfig.web.json', '--noEmit']),
  runStep('electron security (electronegativity)', node, [...tsx, 'scripts/electronegativity.ts']),
  runStep('unused exports and files (knip)', node, [...knip, '--no-progress', '--include', 'exports,files']),
];
rmSync(UNIT_REPORT, { force: true });
runStep('unit and integration tests', node, [...vitest, 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${UNIT_REPORT}`]);
const unit = readVitestReport(UNIT_REPORT);
const e2e = runE2e() ?? { passed: 0, failed: 0, skipped: 0 };
const failedChecks = checks.filter((ok) => !ok).length;

const passed = unit.passed + e2e.passed;
const failed = unit.failed + e2e.failed + failedChecks;
console.log(`\nunit+integration: ${unit.passed} passed, ${unit.failed} failed; browser: ${e2e.passed} passed, ${e2e.failed} failed; checks failed: ${failedChecks}; skipped: ${unit.skipped + e2e.skipped}`);
const closing = `${passed} passed, ${failed} failed`;
mkdirSync(resolve(ROOT, 'test-results'), { recursive: true });
writeFileSync(resolve(ROOT, 'test-results/summary.txt'), `${closing}\n`);
console.log(closing);
process.exit(failed === 0 ? 0 : 1);
