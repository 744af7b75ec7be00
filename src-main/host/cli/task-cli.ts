/**
 * What the device task commands share (`freeze`, `restart`, `assign-class`, `unsolicited`,
 * `attributes`, `counters`, `read`, `test-command`, `reset-process`): a command built from
 * the task its options describe, run on the target with the points it reports collected,
 * and printed as the result by name, what the device answered and those points.
 */
import { taskLabel, type DeviceTask } from '../../../src-shared/device-tasks';
import type { PointUpdate, Protocol } from '../../../src-shared/session';
import { runDeviceTask, type TaskOutcome } from '../../commissioning/target/target-calls';
import type { CliCommand, CliIo, ParsedArgs } from './command';
import { CliError, EXIT } from './exit-codes';
import { flag, parseInteger, stringOption } from './options';
import { pointJson, pointLine, TARGET_OPTIONS, TARGET_OPTIONS_USAGE, targetFailure, timeoutMs, withTarget } from './target-cli';
import { parseTargetUrl } from './target-url';

/** A device task command: its name, help and how its options become a task. */
export interface TaskCommandSpec {
  name: string;
  summary: string;
  /** The synopsis after `usage: switchyard `, then the lines describing the options. */
  synopsis: string;
  lines: string[];
  protocol: Protocol;
  options: CliCommand['options'];
  task(args: ParsedArgs): DeviceTask;
}

/** `--range A-B` (or one index `A`) as an inclusive range; absent: undefined. */
export function rangeOption(args: ParsedArgs, command: string): { start: number; stop: number } | undefined {
  const text = stringOption(args, 'range');
  if (text === undefined) return undefined;
  const m = /^(\d+)(?:-(\d+))?$/.exec(text.trim());
  if (!m) throw new CliError(EXIT.USAGE, `${command}: --range must be A-B or A (point indices), got '${text}'`);
  const start = parseInteger(m[1]!, 'range', 0, 65535);
  const stop = m[2] === undefined ? start : parseInteger(m[2], 'range', 0, 65535);
  if (stop < start) throw new CliError(EXIT.USAGE, `${command}: --range ${text} ends before it starts`);
  return { start, stop };
}

/** Exactly one of two flags: true for the first, false for the second. */
export function eitherFlag(args: ParsedArgs, command: string, yes: string, no: string): boolean {
  const a = flag(args, yes);
  if (a === flag(args, no)) throw new CliError(EXIT.USAGE, `${command}: give one of --${yes} or --${no}`);
  return a;
}

function valueLines(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (typeof value !== 'object') return [`  value: ${String(value)}`];
  return Object.entries(value as Record<string, unknown>).map(([k, v]) => `  ${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
}

function print(io: CliIo, json: boolean, task: DeviceTask, outcome: TaskOutcome, points: PointUpdate[]): void {
  if (json) {
    io.out(JSON.stringify({ task: taskLabel(task), ok: outcome.ok, result: outcome.result, detail: outcome.detail, value: outcome.value, points: points.map(pointJson) }));
    return;
  }
  io.out(`${taskLabel(task)}: ${outcome.result}${outcome.detail ? ` (${outcome.detail})` : ''}`);
  for (const line of valueLines(outcome.value)) io.out(line);
  for (const p of points) io.out(pointLine(p));
}

/** The CLI command of a device task. */
export function taskCommand(spec: TaskCommandSpec): CliCommand {
  return {
    name: spec.name,
    summary: spec.summary,
    usage: [
      `usage: switchyard ${spec.synopsis} [--json] [--timeout S]`,
      '',
      ...spec.lines,
      ...TARGET_OPTIONS_USAGE,
      'Prints the result by name, what the device answered and the points it reported;',
      '--json: one object { "task", "ok", "result", "detail", "value", "points" }.',
      'Exit 5 when the device refuses or the task fails.',
    ].join('\n'),
    options: { ...TARGET_OPTIONS, ...spec.options },
    async run(args, io) {
      if (args.positionals.length !== 1) throw new CliError(EXIT.USAGE, `${spec.name}: give one target URL (see ${spec.name} --help)`);
      const target = parseTargetUrl(args.positionals[0]!);
      if (target.protocol !== spec.protocol) throw new CliError(EXIT.USAGE, `${spec.name}: a ${spec.protocol === 'dnp3' ? 'DNP3' : 'IEC 104'} function; give a ${spec.protocol} URL`);
      const task = spec.task(args);
      const ms = timeoutMs(args);
      const points: PointUpdate[] = [];
      const result = await withTarget(target, { timeoutMs: ms }, async (s) => {
        const off = s.onEvent((e) => {
          if (e.type === 'points') points.push(...e.updates);
        });
        const outcome = await runDeviceTask(s, task, 3 * ms);
        off();
        return outcome;
      });
      if (!result.ok) throw targetFailure(result.error);
      print(io, flag(args, 'json'), task, result.value, points);
      if (!result.value.ok) throw new CliError(EXIT.COMMAND, `${spec.name} failed: ${result.value.result}`);
      return EXIT.OK;
    },
  };
}
