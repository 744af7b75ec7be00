/**
 * `npm start`: makes sure Electron's binary is there (the electron package downloads it
 * on first use), builds the app and opens it. When the binary cannot be downloaded (no
 * access to Electron's download site), it prints one paragraph saying what failed and
 * that `npm run serve` gives the same app in a browser, and exits 1: no stack trace.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { nodeTool, ROOT } from './run-step';

const ELECTRON_DIR = join(ROOT, 'node_modules', 'electron');

/** The version of the installed electron package. */
function electronVersion(): string {
  return (JSON.parse(readFileSync(join(ELECTRON_DIR, 'package.json'), 'utf8')) as { version: string }).version;
}

/** The first line of an error output that is not a stack frame, e.g. `TypeError: fetch failed`. */
export function errorSummary(output: string): string {
  const lines = output.split('\n').map((line) => line.trim());
  return lines.find((line) => line !== '' && !line.startsWith('at ')) ?? 'no error message';
}

/** The paragraph printed when Electron's binary cannot be had. */
export function electronMissingMessage(version: string, reason: string): string {
  const from = process.env.ELECTRON_MIRROR ? `the mirror ${process.env.ELECTRON_MIRROR}` : "Electron's download site (github.com/electron/electron/releases)";
  return [
    `Switchyard cannot open the desktop app: the Electron ${version} binary is not installed and downloading it from ${from} failed (${reason}).`,
    'The electron package fetches its binary on the first start, so this machine needs access to that site once (or set ELECTRON_MIRROR).',
    'The same app runs in a browser without Electron: `npm run serve` starts the engine with the same UI and workspace and prints the link to open (http://127.0.0.1:7420/#token=...).',
  ].join(' ');
}

/** Runs the electron package's own installer (a no-op when the binary is there); null when it succeeded, else the reason. */
function ensureElectronBinary(): string | null {
  if (!existsSync(join(ELECTRON_DIR, 'path.txt'))) console.log(`Fetching the Electron ${electronVersion()} binary (first start only)...`);
  const result = spawnSync(process.execPath, [join(ELECTRON_DIR, 'install.js')], { cwd: ELECTRON_DIR, encoding: 'utf8' });
  if (result.status === 0) return null;
  return errorSummary(result.error?.message ?? `${result.stderr ?? ''}\n${result.stdout ?? ''}`);
}

function main(): void {
  const failed = ensureElectronBinary();
  if (failed !== null) {
    console.error(electronMissingMessage(electronVersion(), failed));
    process.exit(1);
  }
  const [node, build] = nodeTool('electron-vite/bin/electron-vite.js');
  const built = spawnSync(node, [...build, 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
  // the package's main export is the binary's path once it is installed
  const binary = createRequire(join(ELECTRON_DIR, 'package.json'))('electron') as string;
  const app = spawn(binary, ['.'], { cwd: ROOT, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.kill(signal));
  app.on('close', (code) => process.exit(code ?? 1));
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) main();
