/**
 * Runs Doyensec's Electronegativity over the app's own sources (main process, preload
 * and renderer) and fails on any finding of MEDIUM severity or higher, unless the
 * flagged line, or the line above it, carries a comment
 * `electronegativity: CHECK_NAME <why it does not apply>`.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const ELECTRON_VERSION = '45.4.1';
const FAILING = new Set(['MEDIUM', 'HIGH', 'CRITICAL']);

/** One row of the scanner's CSV report. */
interface Finding {
  issue: string;
  severity: string;
  file: string;
  line: number;
  description: string;
}

function parseCsvLine(line: string): string[] {
  const cells: string[] = [];
  const pattern = /\s*("(?:[^"]|"")*"|[^,]*)\s*(?:,|$)/g;
  for (const match of line.matchAll(pattern)) {
    if (match.index === line.length) break;
    const cell = match[1] ?? '';
    cells.push(cell.startsWith('"') ? cell.slice(1, -1).replaceAll('""', '"') : cell);
  }
  return cells;
}

function scan(): Finding[] {
  const work = mkdtempSync(join(tmpdir(), 'electronegativity-'));
  try {
    for (const dir of ['src-main', 'src-renderer']) cpSync(join(root, dir), join(work, 'app', dir), { recursive: true });
    const report = join(work, 'report.csv');
    const run = spawnSync(process.execPath, [join(root, 'node_modules/@doyensec/electronegativity/dist/index.js'), '-i', join(work, 'app'), '-e', ELECTRON_VERSION, '-o', report], {
      cwd: work,
      encoding: 'utf8',
    });
    if (run.status !== 0) throw new Error(`electronegativity exited ${run.status}: ${run.stderr}`);
    const rows = readFileSync(report, 'utf8').trim().split('\n').slice(1);
    return rows.map((row) => {
      const [issue = '', severity = '', , file = '', location = '0:0', , description = ''] = parseCsvLine(row);
      const inApp = file.startsWith(join(work, 'app')) ? join(root, relative(join(work, 'app'), file)) : file;
      return { issue, severity, file: inApp, line: Number(location.split(':')[0]), description };
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function isExplained(finding: Finding): boolean {
  if (finding.file === 'N/A' || finding.line < 1) return false;
  const lines = readFileSync(finding.file, 'utf8').split('\n');
  const nearby = [lines[finding.line - 1], lines[finding.line - 2]].join('\n');
  return new RegExp(`electronegativity: ${finding.issue}\\b\\s+\\S`).test(nearby);
}

const findings = scan();
let failures = 0;
for (const finding of findings) {
  const where = finding.file === 'N/A' ? 'whole app' : `${relative(root, finding.file)}:${finding.line}`;
  const serious = FAILING.has(finding.severity);
  const explained = serious && isExplained(finding);
  if (serious && !explained) failures++;
  const verdict = !serious ? 'info' : explained ? 'explained' : 'FAIL';
  console.log(`${verdict.padEnd(9)} ${finding.severity.padEnd(8)} ${finding.issue} at ${where}: ${finding.description}`);
}
console.log(`electronegativity: ${findings.length} finding(s), ${failures} unexplained of MEDIUM or higher severity`);
process.exit(failures === 0 ? 0 : 1);
