import { interrogate } from '../../../commissioning/target/target-calls';
import type { CliCommand } from '../command';
import { CliError, EXIT } from '../exit-codes';
import { flag, intOption, onePositional, stringOption } from '../options';
import { pointJson, pointLine, TARGET_OPTIONS, TARGET_OPTIONS_USAGE, targetFailure, timeoutMs, withTarget } from '../target-cli';
import { parseTargetUrl } from '../target-url';

/** `poll <url> [--group N]`: DNP3 integrity poll or IEC 104 general (or group) interrogation, every point printed. */
export const pollCommand: CliCommand = {
  name: 'poll',
  summary: 'DNP3 integrity poll or IEC 104 general (or group) interrogation; prints every point',
  usage: [
    'usage: switchyard poll <url> [--group N] [--json] [--timeout S]',
    '',
    'Prints every point the device reports.',
    '  --group N       IEC 104: interrogation of group N (1-16, QOI 21-36) instead of the',
    '                  general interrogation; prints the points the station reports for it',
    ...TARGET_OPTIONS_USAGE,
  ].join('\n'),
  options: { ...TARGET_OPTIONS, group: { type: 'string' } },
  async run(args, io) {
    const target = parseTargetUrl(onePositional(args, 'poll', 'the target URL'));
    if (stringOption(args, 'group') !== undefined && target.protocol !== 'iec104') throw new CliError(EXIT.USAGE, 'poll: --group is the IEC 104 group interrogation; give an iec104 URL');
    const group = intOption(args, 'group', 0, 1, 16);
    const ms = timeoutMs(args);
    const result = await withTarget(target, { timeoutMs: ms }, (session) => interrogate(session, 2 * ms, group));
    if (!result.ok) throw targetFailure(result.error);
    const { points } = result.value;
    if (flag(args, 'json')) {
      io.out(JSON.stringify(points.map(pointJson)));
    } else {
      for (const p of points) io.out(pointLine(p));
      io.out(`${points.length} points in ${Math.round(result.value.durationMs)} ms${group === 0 ? '' : ` (group ${group})`}`);
    }
    return EXIT.OK;
  },
};
