/**
 * `files <url> list [DIR]` and `files <url> get NAME --out DIR [--resume]`: file transfer
 * from a device through the engine's file service on a one-shot target session (DNP3 g70,
 * IEC 104 file transfer where the session supports it).
 */
import { resolve } from 'node:path';
import type { FileDownload } from '../../../../src-shared/file-downloads';
import type { RemoteFileEntry } from '../../../../src-shared/file-transfer';
import type { TargetSession } from '../../../commissioning/target/target-session';
import { FileService } from '../../../engine/files/file-service';
import type { CliCommand, CliIo, ParsedArgs } from '../command';
import { CliError, EXIT } from '../exit-codes';
import { flag, stringOption } from '../options';
import { TARGET_OPTIONS, TARGET_OPTIONS_USAGE, timeoutMs, withTarget } from '../target-cli';
import { parseTargetUrl } from '../target-url';

const STATION = 'target';
const CLI_USER = { name: 'cli', role: 'engineer' as const };

/** A file service on the target session; `onDownload` hears of every change of a download. */
function serviceOn(s: TargetSession, idleMs: number, onDownload: (d: FileDownload) => void): FileService {
  const station = { state: 'ready', call: (c: Parameters<TargetSession['call']>[0]): boolean => (station.state === 'ready' ? (s.call(c), true) : false) };
  const service = new FileService({ stations: { get: (id) => (id === STATION ? station : undefined) }, defaultFolder: process.cwd(), audit: () => undefined, finished: onDownload, progress: onDownload, idleMs, progressMs: 500 });
  s.onEvent((e) => service.sessionEvent(STATION, e));
  void s.lost.then(() => {
    station.state = 'disconnected';
    service.stationState(STATION, false);
  });
  return service;
}

function entryLine(e: RemoteFileEntry): string {
  const time = e.modifiedMs === null ? '-'.padEnd(24) : new Date(e.modifiedMs).toISOString();
  return `${e.kind === 'directory' ? 'd' : '-'} ${String(e.size).padStart(10)} ${time} ${e.name}`;
}

/** The exit code of a download that did not succeed. */
function failure(d: FileDownload): CliError {
  const why = `get ${d.name}: ${d.result}${d.detail ? ` (${d.detail})` : ''}`;
  if (d.result === 'BAD_FOLDER') return new CliError(EXIT.USAGE, why);
  if (d.state === 'waiting' || d.result === 'LINK_LOST') return new CliError(EXIT.CONNECTION, `${why}; ${d.received} octets kept in ${d.path}.part: run again with --resume`);
  if (d.result === 'TIMEOUT' || d.result === 'UNSUPPORTED') return new CliError(EXIT.PROTOCOL, why);
  return new CliError(EXIT.COMMAND, why);
}

async function list(s: TargetSession, args: ParsedArgs, io: CliIo, directory: string): Promise<number> {
  const service = serviceOn(s, 3 * timeoutMs(args), () => undefined);
  const r = await service.list(CLI_USER, STATION, directory);
  if (!r.ok) throw new CliError(r.result === 'TIMEOUT' || r.result === 'UNSUPPORTED' ? EXIT.PROTOCOL : EXIT.COMMAND, `list ${directory}: ${r.result} (${r.detail})`);
  if (flag(args, 'json')) io.out(JSON.stringify(r.entries));
  else for (const e of r.entries) io.out(entryLine(e));
  return EXIT.OK;
}

async function get(s: TargetSession, args: ParsedArgs, io: CliIo, name: string, out: string): Promise<number> {
  const user = stringOption(args, 'user');
  const password = stringOption(args, 'password');
  let shown = -1;
  const ended = new Promise<FileDownload>((resolveEnd) => {
    const service = serviceOn(s, 3 * timeoutMs(args), (d) => {
      if (d.state === 'done' || d.state === 'waiting') resolveEnd(d);
      else if (!flag(args, 'json') && d.size !== null && d.received !== shown) {
        shown = d.received;
        io.err(`${d.name}: ${d.received} of ${d.size} octets (${d.size > 0 ? Math.floor((100 * d.received) / d.size) : 100}%)`);
      }
    });
    void service.fetch(CLI_USER, { station: STATION, name, folder: resolve(out), resume: flag(args, 'resume'), ...(password !== undefined ? { credentials: { user: user ?? '', password } } : {}) });
  });
  const d = await ended;
  if (flag(args, 'json')) io.out(JSON.stringify(d));
  else io.out(`${d.name} -> ${d.path}: ${d.result}${d.detail ? ` (${d.detail})` : ''}`);
  if (!d.ok) throw failure(d);
  return EXIT.OK;
}

/** `files <url> list [DIR]` / `files <url> get NAME --out DIR [--resume]`. */
export const filesCommand: CliCommand = {
  name: 'files',
  summary: 'list a device directory or download a file from it (DNP3 g70 file transfer)',
  usage: [
    'usage: switchyard files <url> list [DIR] [--json] [--timeout S]',
    '       switchyard files <url> get NAME --out DIR [--resume] [--user U --password P] [--json] [--timeout S]',
    '',
    'list: the entries of a directory of the device (DNP3: a path, default /; IEC 104: the',
    'directory IOA), one line each: d for a directory, the size, the time, the name to get it by.',
    '--json: one array of { "name", "kind": "file"|"directory", "size", "modifiedMs" }.',
    'get: downloads the file NAME into the folder DIR as NAME.part, renamed to its last path',
    'element when complete, with progress on stderr. Exit 3 when the link drops: the octets',
    'received stay in the .part, and',
    '  --resume        continues an existing .part from its size (DNP3 has no seek: the device',
    '                  sends the file again up to there, and only the rest is written)',
    '  --out DIR       the folder to download into (must exist and be writable)',
    '  --user U        the user name for the device\'s file authentication (DNP3 g70v2)',
    '  --password P    the password for it (without one, no authentication is asked for)',
    '--json: the download as one object { "id", "name", "path", "state", "result", "ok",',
    '"detail", "received", "size", "resumes", ... }. Exit 5 when the device refuses',
    '(NOT_FOUND, PERMISSION_DENIED, DEVICE_REFUSED), 4 when it does not answer.',
    ...TARGET_OPTIONS_USAGE,
  ].join('\n'),
  options: { ...TARGET_OPTIONS, out: { type: 'string' }, resume: { type: 'boolean' }, user: { type: 'string' }, password: { type: 'string' } },
  async run(args, io) {
    const [url, action, name, ...extra] = args.positionals;
    if (url === undefined || (action !== 'list' && action !== 'get') || extra.length > 0) throw new CliError(EXIT.USAGE, 'files: give <url> list [DIR] or <url> get NAME --out DIR (see files --help)');
    const target = parseTargetUrl(url);
    const out = stringOption(args, 'out');
    if (action === 'get' && (name === undefined || out === undefined)) throw new CliError(EXIT.USAGE, 'files: get needs NAME and --out DIR');
    if (action === 'list' && (out !== undefined || flag(args, 'resume'))) throw new CliError(EXIT.USAGE, 'files: --out and --resume are for get');
    if (stringOption(args, 'user') !== undefined && stringOption(args, 'password') === undefined) throw new CliError(EXIT.USAGE, 'files: --user needs --password');
    return withTarget(target, { timeoutMs: timeoutMs(args) }, (s) => (action === 'list' ? list(s, args, io, name ?? (target.protocol === 'dnp3' ? '/' : '')) : get(s, args, io, name!, out!)));
  },
};
