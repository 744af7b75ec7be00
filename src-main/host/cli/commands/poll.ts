import { interrogate } from '../../../commissioning/target/target-calls';
import type { CliCommand } from '../command';
import { EXIT } from '../exit-codes';
import { flag, onePositional } from '../options';
import { pointJson, pointLine, TARGET_OPTIONS, TARGET_OPTIONS_USAGE, targetFailure, timeoutMs, withTarget } from '../target-cli';
import { parseTargetUrl } from '../target-url';

/** `poll <url>`: DNP3 integrity poll or IEC 104 general interrogation, every point printed. */
export const pollCommand: CliCommand = {
  name: 'poll',
  summary: 'DNP3 integrity poll or IEC 104 general interrogation; prints every point',
  usage: ['usage: switchyard poll <url> [--json] [--timeout S]', '', 'Prints every point the device reports.', ...TARGET_OPTIONS_USAGE].join('\n'),
  options: { ...TARGET_OPTIONS },
  async run(args, io) {
    const target = parseTargetUrl(onePositional(args, 'poll', 'the target URL'));
    const ms = timeoutMs(args);
    const result = await withTarget(target, { timeoutMs: ms }, (session) => interrogate(session, 2 * ms));
    if (!result.ok) throw targetFailure(result.error);
    const { points } = result.value;
    if (flag(args, 'json')) {
      io.out(JSON.stringify(points.map(pointJson)));
    } else {
      for (const p of points) io.out(pointLine(p));
      io.out(`${points.length} points in ${Math.round(result.value.durationMs)} ms`);
    }
    return EXIT.OK;
  },
};
