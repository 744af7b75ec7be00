import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { startHeadlessHost } from '../../headless/host';
import { ensureRendererBuilt } from '../../headless/renderer-build';
import type { CliCommand } from '../command';
import { CliError, EXIT } from '../exit-codes';
import { packageVersion } from '../version';

/** The default data directory, shared with the desktop app on Linux. */
export function defaultDataDir(): string {
  return process.env.SWITCHYARD_DATA_DIR ?? join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Switchyard');
}

/** `serve`: the headless host with the browser UI, until interrupted. */
export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'serve the browser UI and the engine on 127.0.0.1 (prints the URL)',
  usage: [
    'usage: switchyard serve [--port N] [--data-dir DIR] [--downloads DIR]',
    '',
    'Runs the engine (the demo workspace on first start) and serves the UI on',
    'http://127.0.0.1:N with a per-run token in the URL: open the printed link (a page',
    'without that token, or with one of an earlier run, is refused). Stops on Ctrl+C.',
    '  --port N        TCP port on 127.0.0.1 (default 7420; 0 picks a free one)',
    '  --data-dir DIR  workspace, users and event log (default ~/.config/Switchyard)',
    '  --downloads DIR where files fetched from devices go when the Files panel names no other',
    '                  folder (default DATA-DIR/downloads); made absolute, created when first used',
  ].join('\n'),
  options: { port: { type: 'string' }, 'data-dir': { type: 'string' }, downloads: { type: 'string' } },
  async run(args, io) {
    const port = args.values.port === undefined ? 7420 : Number(args.values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(EXIT.USAGE, `--port must be 0-65535, got ${String(args.values.port)}`);
    const rendererDir = await ensureRendererBuilt(io.err);
    const host = await startHeadlessHost({
      dataDir: typeof args.values['data-dir'] === 'string' ? args.values['data-dir'] : defaultDataDir(),
      rendererDir,
      version: packageVersion(),
      port,
      log: io.err,
      ...(typeof args.values.downloads === 'string' ? { downloadsDir: resolve(args.values.downloads) } : {}),
    });
    io.out(`Switchyard is serving on ${host.url}`);
    await io.interrupted;
    await host.stop();
    return EXIT.OK;
  },
};
