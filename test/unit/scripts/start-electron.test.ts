import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { electronMissingMessage, errorSummary } from '../../../scripts/start-electron';

const ROOT = resolve(import.meta.dirname, '../../..');
const installed = existsSync(join(ROOT, 'node_modules/electron/path.txt'));

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

describe('npm start launcher', () => {
  it('sums an error output up by its first line that is not a stack frame', () => {
    expect(errorSummary('\nTypeError: fetch failed\n    at node:internal/deps/undici/undici:14976:13\n    at async FetchDownloader.download (x.js:46:30)\n')).toBe('TypeError: fetch failed');
    expect(errorSummary('')).toBe('no error message');
  });

  it('says in one paragraph what failed and that npm run serve gives the same app in a browser', () => {
    const text = electronMissingMessage('45.4.1', 'TypeError: fetch failed');
    expect(text).not.toContain('\n');
    expect(text).toContain('the Electron 45.4.1 binary is not installed');
    expect(text).toContain('(TypeError: fetch failed)');
    expect(text).toContain('`npm run serve`');
  });

  it.skipIf(installed)('when the binary cannot be downloaded: exit 1 with that paragraph, no stack trace, nothing built', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'sy-electron-cache-'));
    try {
      const result = spawnSync(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'scripts/start-electron.ts')], {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...process.env, ELECTRON_MIRROR: `http://127.0.0.1:${await closedPort()}/`, electron_config_cache: cache },
      });
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/^Switchyard cannot open the desktop app: the Electron [\d.]+ binary is not installed and downloading it from the mirror http:\/\/127\.0\.0\.1:\d+\/ failed \(.+\)\..*`npm run serve`/);
      expect(`${result.stdout}${result.stderr}`).not.toMatch(/^\s+at /m);
      expect(result.stdout).not.toContain('electron-vite');
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });
});
