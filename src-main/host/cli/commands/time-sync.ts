import { timeSync } from '../../../commissioning/target/target-calls';
import type { CliCommand } from '../command';
import { CliError, EXIT } from '../exit-codes';
import { flag, onePositional, stringOption } from '../options';
import { TARGET_OPTIONS, TARGET_OPTIONS_USAGE, targetFailure, timeoutMs, withTarget } from '../target-cli';
import { parseTargetUrl } from '../target-url';

const PROCEDURES = ['lan', 'non-lan', 'write'] as const;

function offsetText(offsetMs: number | null): string {
  if (offsetMs === null) return 'the device did not report its time: offset unknown';
  const sign = offsetMs >= 0 ? '+' : '-';
  const side = offsetMs >= 0 ? 'ahead of' : 'behind';
  return `offset ${sign}${Math.abs(offsetMs).toFixed(1)} ms (the device clock was ${side} ours)`;
}

/** `time-sync <url>`: synchronises the device's clock and prints the offset it had. */
export const timeSyncCommand: CliCommand = {
  name: 'time-sync',
  summary: "synchronise the device's clock and print the offset it had",
  usage: [
    'usage: switchyard time-sync <url> [--procedure lan|non-lan|write] [--json] [--timeout S]',
    '',
    'DNP3: the LAN procedure by default (record current time, then g50v3); non-lan measures',
    'the delay first (g52); write writes g50v1. IEC 104: C_CS_NA_1.',
    '  --procedure P   DNP3 procedure (lan, non-lan or write)',
    ...TARGET_OPTIONS_USAGE,
  ].join('\n'),
  options: { ...TARGET_OPTIONS, procedure: { type: 'string' } },
  async run(args, io) {
    const target = parseTargetUrl(onePositional(args, 'time-sync', 'the target URL'));
    const procedure = stringOption(args, 'procedure');
    if (procedure !== undefined && !PROCEDURES.includes(procedure as (typeof PROCEDURES)[number])) {
      throw new CliError(EXIT.USAGE, `time-sync: --procedure must be lan, non-lan or write, got '${procedure}'`);
    }
    if (procedure !== undefined && target.protocol !== 'dnp3') throw new CliError(EXIT.USAGE, 'time-sync: --procedure applies to DNP3 only');
    const ms = timeoutMs(args);
    const result = await withTarget(target, { timeoutMs: ms }, (s) => timeSync(s, procedure as (typeof PROCEDURES)[number] | undefined, 3 * ms));
    if (!result.ok) throw targetFailure(result.error);
    const r = result.value;
    if (flag(args, 'json')) {
      io.out(JSON.stringify({ ok: r.ok, result: r.result, offsetMs: r.offsetMs, deviceTime: r.deviceTime === null ? null : new Date(r.deviceTime).toISOString() }));
    } else {
      io.out(`time-sync ${r.result}: ${offsetText(r.offsetMs)}`);
    }
    if (!r.ok) throw new CliError(EXIT.COMMAND, `time-sync failed: ${r.result}`);
    return EXIT.OK;
  },
};
