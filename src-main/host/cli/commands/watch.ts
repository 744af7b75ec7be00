import type { PointUpdate } from '../../../../src-shared/session';
import type { CliCommand } from '../command';
import { EXIT } from '../exit-codes';
import { flag, onePositional, secondsOption } from '../options';
import { pointJson, pointLine, TARGET_OPTIONS, TARGET_OPTIONS_USAGE, targetFailure, timeoutMs, withTarget } from '../target-cli';
import { parseTargetUrl } from '../target-url';

/** CLI.md's `--summary --json` object. */
interface WatchSummary {
  updates: number;
  seconds: number;
  perSecond: number;
  byType: Record<string, number>;
}

function summaryLines(s: WatchSummary): string[] {
  const types = Object.entries(s.byType).sort(([a], [b]) => a.localeCompare(b));
  return [...types.map(([type, n]) => `${type.padEnd(10)} ${n}`), `${s.updates} updates in ${s.seconds.toFixed(1)} s: ${s.perSecond.toFixed(1)}/s`];
}

/** `watch <url>`: prints changes as they come, or a summary at the end. */
export const watchCommand: CliCommand = {
  name: 'watch',
  summary: 'print point changes as they come (or only a summary) until interrupted or --duration',
  usage: [
    'usage: switchyard watch <url> [--duration S] [--summary] [--json] [--timeout S]',
    '',
    'DNP3: unsolicited responses are enabled for classes 1-3; IEC 104: spontaneous data.',
    '  --duration S    stop after S seconds (default: until Ctrl+C)',
    '  --summary       only the count of updates per type, the total and the rate at the end',
    ...TARGET_OPTIONS_USAGE,
  ].join('\n'),
  options: { ...TARGET_OPTIONS, duration: { type: 'string' }, summary: { type: 'boolean' } },
  async run(args, io) {
    const target = parseTargetUrl(onePositional(args, 'watch', 'the target URL'));
    const durationS = secondsOption(args, 'duration', undefined);
    const json = flag(args, 'json');
    const summaryOnly = flag(args, 'summary');
    const byType: Record<string, number> = {};
    let updates = 0;
    const print = (u: PointUpdate): void => {
      updates++;
      byType[u.type] = (byType[u.type] ?? 0) + 1;
      if (!summaryOnly) io.out(json ? JSON.stringify(pointJson(u)) : pointLine(u));
    };
    const { seconds, lost } = await withTarget(target, { timeoutMs: timeoutMs(args), unsolicited: true }, async (session) => {
      const started = performance.now();
      session.onEvent((e) => {
        if (e.type === 'points') for (const u of e.updates) print(u);
      });
      let timer: ReturnType<typeof setTimeout> | undefined;
      let timeUp = false;
      const elapsed = new Promise<null>((resolve) => {
        if (durationS !== undefined) timer = setTimeout(() => resolve(null), durationS * 1000);
      }).then(() => {
        timeUp = true;
        return null;
      });
      const end = await Promise.race([elapsed, io.interrupted.then(() => null), session.lost]);
      clearTimeout(timer);
      // A timer may fire up to a millisecond before the clock says so: a full --duration is reported whole.
      const seconds = (performance.now() - started) / 1000;
      return { seconds: timeUp ? Math.max(seconds, durationS!) : seconds, lost: end };
    });
    if (summaryOnly) {
      const summary: WatchSummary = { updates, seconds: Number(seconds.toFixed(3)), perSecond: Number((updates / seconds).toFixed(1)), byType };
      if (json) io.out(JSON.stringify(summary));
      else for (const l of summaryLines(summary)) io.out(l);
    }
    if (lost) throw targetFailure(lost);
    return EXIT.OK;
  },
};
