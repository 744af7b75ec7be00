import type { CommandMode, CommandRequest, ControlAction, Protocol, PulseTimes } from '../../../../src-shared/session';
import { commandWaitMs, operate, type CommandEvent } from '../../../commissioning/target/target-calls';
import { commandProblem } from '../../../commissioning/target/target-protocol';
import type { CliCommand, ParsedArgs } from '../command';
import { CliError, EXIT } from '../exit-codes';
import { flag, intOption, stringOption } from '../options';
import { parsePointRef } from '../point-ref';
import { TARGET_OPTIONS, TARGET_OPTIONS_USAGE, targetFailure, timeoutMs, withTarget } from '../target-cli';
import { parseTargetUrl } from '../target-url';

const ACTIONS = ['on', 'off', 'pulse-on', 'pulse-off', 'trip', 'close', 'nul', 'value', 'step'] as const;

/** Pulse times and count from `--on-ms`, `--off-ms` and `--count` (only those given; the station's defaults fill the rest). */
function pulseOf(args: ParsedArgs): PulseTimes {
  const pulse: PulseTimes = {};
  if (stringOption(args, 'on-ms') !== undefined) pulse.onMs = intOption(args, 'on-ms', 0, 1, 86_400_000);
  if (stringOption(args, 'off-ms') !== undefined) pulse.offMs = intOption(args, 'off-ms', 0, 1, 86_400_000);
  if (stringOption(args, 'count') !== undefined) pulse.count = intOption(args, 'count', 1, 1, 255);
  return pulse;
}

/** The one ACTION flag given, as a ControlAction; `--on-ms`, `--off-ms` and `--count` apply to pulses and trip/close. */
function actionOf(args: ParsedArgs, protocol: Protocol): ControlAction {
  const given = ACTIONS.filter((a) => args.values[a] !== undefined);
  if (given.length !== 1) {
    throw new CliError(EXIT.USAGE, `operate: give exactly one action of ${ACTIONS.map((a) => `--${a}`).join(', ')}${given.length > 1 ? ` (got ${given.map((a) => `--${a}`).join(' ')})` : ''}`);
  }
  const pulse = pulseOf(args);
  if (Object.keys(pulse).length > 0 && !['pulse-on', 'pulse-off', 'trip', 'close'].includes(given[0]!)) {
    throw new CliError(EXIT.USAGE, `operate: --on-ms, --off-ms and --count apply to --pulse-on, --pulse-off, --trip and --close, not --${given[0]!}`);
  }
  switch (given[0]!) {
    case 'on':
      return { action: 'on' };
    case 'off':
      return { action: 'off' };
    case 'pulse-on':
      return { action: 'pulseOn', ...pulse };
    case 'pulse-off':
      return { action: 'pulseOff', ...pulse };
    case 'trip':
      return { action: 'trip', ...pulse };
    case 'close':
      return { action: 'close', ...pulse };
    case 'nul':
      if (protocol !== 'dnp3') throw new CliError(EXIT.USAGE, 'operate: --nul is the DNP3 CROB NUL; IEC 104 has no command that operates nothing');
      return { action: 'nul' };
    case 'value': {
      const text = stringOption(args, 'value') ?? '';
      const value = Number(text);
      if (text.trim() === '' || !Number.isFinite(value)) throw new CliError(EXIT.USAGE, `operate: --value must be a number, got '${text}'`);
      return { action: 'setpoint', value };
    }
    case 'step': {
      const direction = stringOption(args, 'step');
      if (direction !== 'up' && direction !== 'down') throw new CliError(EXIT.USAGE, `operate: --step must be up or down, got '${direction ?? ''}'`);
      return { action: 'step', direction };
    }
  }
}

function modeOf(args: ParsedArgs, protocol: Protocol): CommandMode {
  const given = (['sbo', 'direct', 'direct-no-ack'] as const).filter((mode) => flag(args, mode));
  if (given.length > 1) throw new CliError(EXIT.USAGE, `operate: ${given.map((mode) => `--${mode}`).join(' and ')} exclude each other`);
  if (given[0] === 'direct-no-ack' && protocol !== 'dnp3') throw new CliError(EXIT.USAGE, 'operate: --direct-no-ack is DNP3 only (IEC 104 always confirms a command)');
  return given[0] ?? 'sbo';
}

/**
 * A command the protocol would refuse without sending is refused before connecting: a
 * value that does not fit its type exits 5 naming BAD_VALUE, an unknown type or one that
 * does not fit the action (`--on` with a set-point type) is a usage error.
 */
function refuseLocally(protocol: Protocol, command: CommandRequest): void {
  const problem = commandProblem(protocol, command);
  if (problem === null) return;
  if (problem.code === 'BAD_VALUE') throw new CliError(EXIT.COMMAND, `command failed: BAD_VALUE (${problem.message})`);
  throw new CliError(EXIT.USAGE, `operate: ${problem.code}: ${problem.message}`);
}

/** What each stage is called on the wire of each protocol. */
const STAGE_NAMES: Record<Protocol, Record<string, string>> = {
  dnp3: { select: 'SELECT', selected: 'SELECT echo', operate: 'OPERATE', operated: 'OPERATE echo', feedback: 'feedback', done: 'result' },
  iec104: { select: 'select (S/E=1)', selected: 'select ACTCON', operate: 'execute', operated: 'execute ACTCON', terminated: 'ACTTERM', feedback: 'return information', done: 'result' },
};

function stageLine(protocol: Protocol, mode: CommandMode, e: CommandEvent): string {
  let name = STAGE_NAMES[protocol][e.stage] ?? e.stage;
  if (protocol === 'dnp3' && mode !== 'sbo' && e.stage === 'operate') name = mode === 'direct-no-ack' ? 'DIRECT_OPERATE_NR' : 'DIRECT_OPERATE';
  const feedback = e.feedback ? ` ${e.feedback.ref}=${String(e.feedback.value)}` : '';
  return `${name.padEnd(18)} ${e.result}${feedback}${e.detail ? ` (${e.detail})` : ''}`;
}

/** `operate <url> --point P ACTION`: one command, every stage printed, the result by name. */
export const operateCommand: CliCommand = {
  name: 'operate',
  summary: 'issue one command (CROB, analog output, single/double/step/set-point) and print every stage',
  usage: [
    'usage: switchyard operate <url> --point P ACTION [--sbo | --direct | --direct-no-ack] [--type T] [--json] [--timeout S]',
    '',
    'ACTION: --on | --off | --pulse-on [PULSE] | --pulse-off [PULSE] | --trip [PULSE] | --close [PULSE]',
    '        | --nul (DNP3 CROB NUL: operates nothing) | --value V | --step up|down',
    'PULSE:  [--on-ms N] [--off-ms N] [--count N]: DNP3 CROB on time, off time and pulse count',
    '        (1-255); left out, the defaults apply (IEC 104 takes the pulse length from QU)',
    '  --point P       bo:N / ao:N (DNP3) or ioa:N (IEC 104)',
    '  --sbo           select before operate (the default)',
    '  --direct        direct operate / execute without select',
    '  --direct-no-ack DNP3 DIRECT_OPERATE_NR (function 6): the outstation sends no response,',
    '                  so the result is SENT (exit 0), never confirmed; poll to see the effect',
    '  --type T        IEC 104 command type (C_SC_NA_1, C_SE_NC_1...) or DNP3 g41v1-g41v4',
    ...TARGET_OPTIONS_USAGE,
    '',
    'IEC 104 URL parameters for the end of a command (activation termination, ACTTERM):',
    '  actterm=auto      (default) after the execute ACTCON wait actterm-ms for ACTTERM, then',
    '                    SUCCESS noting "no ACTTERM from this station"',
    '  actterm=expected  ACTTERM required: without it within --timeout the result is NO_ACTTERM',
    '  actterm=none      SUCCESS at the execute ACTCON; a late ACTTERM is ignored',
    '  actterm-ms=N      the auto window in ms (default 2000)',
    '',
    'DNP3 Secure Authentication v5 URL parameters, on dnp3://, dnp3+tls://, dnp3+udp:// and',
    'dnp3+serial:// alike (every critical request authenticated):',
    '  sa-key-file=PATH  the update key (64 or 32 hex digits, mode 0600); turns SA on',
    '  sa-user=N         the user number of that key (default 1)',
    '  sa-aggressive=1   aggressive mode: the MAC in the request itself after a first challenge',
    '  sa-mac=16|8       HMAC-SHA-256 truncated to 16 octets (default) or 8 (serial links)',
    '  refusals by name: SA_AUTHENTICATION_FAILED, SA_AUTHORIZATION_FAILED, SA_UPDATE_KEY_NOT_KNOWN,',
    '  SA_AGGRESSIVE_MODE_NOT_PERMITTED, ...; SA_REQUIRED when challenged without sa-key-file',
    '',
    'Exit 5 when the device refuses or the command fails; the result is printed by name',
    "(DNP3: the outstation's status of the echoed object, e.g. NOT_SUPPORTED or LOCAL,",
    'with its IIN as context).',
    'The command is checked before connecting: a value its type cannot carry exits 5 at once',
    '(BAD_VALUE); an unknown --type, or one that does not fit the action, exits 2 (BAD_TYPE).',
    'Negative values are values: --value -300.',
  ].join('\n'),
  options: {
    ...TARGET_OPTIONS,
    point: { type: 'string' },
    on: { type: 'boolean' },
    off: { type: 'boolean' },
    'pulse-on': { type: 'boolean' },
    'pulse-off': { type: 'boolean' },
    'on-ms': { type: 'string' },
    'off-ms': { type: 'string' },
    count: { type: 'string' },
    trip: { type: 'boolean' },
    close: { type: 'boolean' },
    nul: { type: 'boolean' },
    value: { type: 'string' },
    step: { type: 'string' },
    sbo: { type: 'boolean' },
    direct: { type: 'boolean' },
    'direct-no-ack': { type: 'boolean' },
    type: { type: 'string' },
  },
  async run(args, io) {
    if (args.positionals.length !== 1) throw new CliError(EXIT.USAGE, 'operate: give one target URL (see operate --help)');
    const target = parseTargetUrl(args.positionals[0]!);
    const pointText = stringOption(args, 'point');
    if (pointText === undefined) throw new CliError(EXIT.USAGE, 'operate: missing --point');
    const point = parsePointRef(pointText, target.protocol);
    if (target.protocol === 'dnp3' && point.kind !== 'bo' && point.kind !== 'ao') throw new CliError(EXIT.USAGE, `operate: ${point.ref} is not a command target (bo:N or ao:N)`);
    const action = actionOf(args, target.protocol);
    const mode = modeOf(args, target.protocol);
    const type = stringOption(args, 'type');
    const command: CommandRequest = { id: 'cli-operate', target: point.ref, action, mode, ...(type ? { type } : {}) };
    refuseLocally(target.protocol, command);
    if (target.protocol === 'iec104') command.commonAddress = target.commonAddress;
    const json = flag(args, 'json');
    const stages: CommandEvent[] = [];
    const ms = timeoutMs(args);
    const result = await withTarget(target, { timeoutMs: ms }, (s) =>
      operate(s, command, commandWaitMs(target, ms), (e) => {
        stages.push(e);
        if (!json && e.stage !== 'done') io.out(stageLine(target.protocol, mode, e));
      }),
    );
    if (!result.ok) throw targetFailure(result.error);
    const done = result.value;
    if (json) {
      io.out(JSON.stringify({ point: point.ref, mode, stages: stages.map((e) => ({ stage: e.stage, result: e.result, ok: e.ok, ...(e.detail ? { detail: e.detail } : {}) })), result: done.result, ok: done.ok }));
    } else {
      io.out(stageLine(target.protocol, mode, done));
    }
    if (!done.ok) throw new CliError(EXIT.COMMAND, `command failed: ${done.result}${done.detail ? ` (${done.detail})` : ''}`);
    return EXIT.OK;
  },
};
