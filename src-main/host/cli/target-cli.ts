/**
 * What the target commands share: the common options, opening a target with failures
 * mapped onto exit codes (3 connection, 4 protocol), and the point output of CLI.md.
 */
import type { PointUpdate } from '../../../src-shared/session';
import { isConnectionFailure, type Target, type TargetError } from '../../commissioning/target/target';
import { openTarget, type OpenTargetOptions, type TargetSession } from '../../commissioning/target/target-session';
import type { ParsedArgs } from './command';
import { CliError, EXIT } from './exit-codes';
import { secondsOption } from './options';

/** Options every target command takes. */
export const TARGET_OPTIONS = {
  timeout: { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** Usage lines of the common options. */
export const TARGET_OPTIONS_USAGE = [
  '  --timeout S     connect and answer timeout in seconds (default 5)',
  '  --json          machine-readable output',
];

/** The answer timeout in ms from `--timeout`. */
export function timeoutMs(args: ParsedArgs): number {
  return Math.round((secondsOption(args, 'timeout', 5) ?? 5) * 1000);
}

/** The CliError for a target failure: exit 3 for connection failures, 4 for protocol and TLS failures. */
export function targetFailure(error: TargetError): CliError {
  if (isConnectionFailure(error.code)) return new CliError(EXIT.CONNECTION, `connection failure (${error.code}): ${error.message}`);
  const what = error.code.startsWith('TLS_') ? 'TLS failure' : 'protocol failure';
  return new CliError(EXIT.PROTOCOL, `${what} (${error.code}): ${error.message}`);
}

/** Opens `target` or throws the CliError of its failure. */
async function openOrFail(target: Target, options: OpenTargetOptions): Promise<TargetSession> {
  const opened = await openTarget(target, options);
  if (!opened.ok) throw targetFailure(opened.error);
  return opened.value;
}

/** The JSON shape of a point in CLI.md. */
export interface PointJson {
  ref: string;
  type: string;
  value: number | boolean | string;
  quality: string[];
  time: string | null;
}

/** A point update as CLI.md's JSON object. */
export function pointJson(u: PointUpdate): PointJson {
  return { ref: u.ref, type: u.type, value: u.value, quality: [...u.quality], time: u.deviceTime === null ? null : new Date(u.deviceTime).toISOString() };
}

/** A point update as one human-readable line. */
export function pointLine(u: PointUpdate): string {
  const p = pointJson(u);
  const ca = u.commonAddress === undefined ? '' : ` CA ${u.commonAddress}`;
  return `${p.ref.padEnd(10)} ${p.type.padEnd(10)} ${String(p.value).padEnd(12)} [${p.quality.join(' ')}]${p.time ? ` ${p.time}` : ''}${ca}`;
}

/** Runs `body` with an open session and always closes it. */
export async function withTarget<T>(target: Target, options: OpenTargetOptions, body: (session: TargetSession) => Promise<T>): Promise<T> {
  const session = await openOrFail(target, options);
  try {
    return await body(session);
  } finally {
    await session.close();
  }
}
