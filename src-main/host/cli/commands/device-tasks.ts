/**
 * The device task commands: DNP3 `freeze`, `restart`, `assign-class`, `unsolicited`,
 * `attributes`; IEC 104 `counters`, `read`, `test-command`, `reset-process`.
 */
import type { CounterFreeze } from '../../../../src-shared/device-tasks';
import type { CliCommand } from '../command';
import { CliError, EXIT } from '../exit-codes';
import { flag, intOption, stringOption } from '../options';
import { parsePointRef } from '../point-ref';
import { eitherFlag, rangeOption, taskCommand } from '../task-cli';

const GROUP_OF = { bi: 1, dbi: 3, bo: 10, ctr: 20, fc: 21, ai: 30, ao: 40 } as const;
const FREEZE_FLAGS: Record<string, CounterFreeze> = { request: 'request', freeze: 'freeze', 'freeze-reset': 'freezeReset', reset: 'reset' };

function classList(text: string | undefined, command: string): Array<1 | 2 | 3> {
  if (text === undefined) return [1, 2, 3];
  const classes = text.split(',').map((c) => Number(c.trim()));
  if (classes.length === 0 || classes.some((c) => c !== 1 && c !== 2 && c !== 3)) throw new CliError(EXIT.USAGE, `${command}: --class must list event classes 1, 2 or 3 (e.g. 1,3), got '${text}'`);
  return [...new Set(classes)] as Array<1 | 2 | 3>;
}

const freeze = taskCommand({
  name: 'freeze',
  summary: 'DNP3 counter freeze: immediate, freeze-and-clear, no-ack; by range or all',
  synopsis: 'freeze <url> [--clear] [--no-ack] [--range A-B]',
  lines: [
    'IMMEDIATE_FREEZE (FREEZE_CLEAR with --clear) of the counters; the frozen counters (fc:N)',
    'then hold the values.',
    '  --clear         freeze and clear (the counters restart from 0)',
    '  --no-ack        the _NR function code: the outstation answers nothing (result SENT)',
    '  --range A-B     counter indices A to B (or one index A); default all counters',
  ],
  protocol: 'dnp3',
  options: { clear: { type: 'boolean' }, 'no-ack': { type: 'boolean' }, range: { type: 'string' } },
  task: (args) => {
    const range = rangeOption(args, 'freeze');
    return { task: 'freeze', clear: flag(args, 'clear'), noAck: flag(args, 'no-ack'), ...(range ? { range } : {}) };
  },
});

const restart = taskCommand({
  name: 'restart',
  summary: 'DNP3 cold or warm restart; prints the delay the outstation reports',
  synopsis: 'restart <url> --cold | --warm',
  lines: [
    'COLD_RESTART or WARM_RESTART; the outstation answers with the time it needs (g52), printed',
    'as delayMs. The outstation then sets IIN DEVICE_RESTART, which the master clears',
    '(WRITE g80v1 index 7) and follows with an integrity poll.',
    '  --cold | --warm',
  ],
  protocol: 'dnp3',
  options: { cold: { type: 'boolean' }, warm: { type: 'boolean' } },
  task: (args) => ({ task: 'restart', kind: eitherFlag(args, 'restart', 'cold', 'warm') ? 'cold' : 'warm' }),
});

const assignClass = taskCommand({
  name: 'assign-class',
  summary: 'DNP3 assign class: points of a type (and range) to event class 0-3',
  synopsis: 'assign-class <url> --class N --type bi|dbi|bo|ctr|fc|ai|ao [--range A-B]',
  lines: [
    'ASSIGN_CLASS with g60vN+1 followed by the points it applies to.',
    '  --class N       0 (no events), 1, 2 or 3',
    '  --type T        the point type (bi, dbi, bo, ctr, fc, ai, ao)',
    '  --range A-B     point indices A to B (or one index A); default all points of the type',
  ],
  protocol: 'dnp3',
  options: { class: { type: 'string' }, type: { type: 'string' }, range: { type: 'string' } },
  task: (args) => {
    const type = stringOption(args, 'type') ?? '';
    if (!(type in GROUP_OF)) throw new CliError(EXIT.USAGE, `assign-class: --type must be one of ${Object.keys(GROUP_OF).join(', ')}, got '${type}'`);
    if (stringOption(args, 'class') === undefined) throw new CliError(EXIT.USAGE, 'assign-class: missing --class N (0-3)');
    const range = rangeOption(args, 'assign-class');
    const cls = intOption(args, 'class', 0, 0, 3) as 0 | 1 | 2 | 3;
    return { task: 'assignClass', group: GROUP_OF[type as keyof typeof GROUP_OF], cls, ...(range ? { range } : {}) };
  },
});

const unsolicited = taskCommand({
  name: 'unsolicited',
  summary: 'DNP3 enable or disable unsolicited responses per event class',
  synopsis: 'unsolicited <url> --enable | --disable [--class 1,2,3]',
  lines: ['ENABLE_UNSOLICITED or DISABLE_UNSOLICITED.', '  --enable | --disable', '  --class LIST    event classes, comma-separated (default 1,2,3)'],
  protocol: 'dnp3',
  options: { enable: { type: 'boolean' }, disable: { type: 'boolean' }, class: { type: 'string' } },
  task: (args) => ({ task: 'unsolicited', enable: eitherFlag(args, 'unsolicited', 'enable', 'disable'), classes: classList(stringOption(args, 'class'), 'unsolicited') }),
});

const attributes = taskCommand({
  name: 'attributes',
  summary: 'DNP3 device attributes (g0): all, or one variation',
  synopsis: 'attributes <url> [--variation N]',
  lines: [
    'READ of g0: variation 254 all attributes (the default), 252 manufacturer name, or any other;',
    'prints each attribute by name (manufacturerName, numCounters...).',
    '  --variation N   1-255 (default 254)',
  ],
  protocol: 'dnp3',
  options: { variation: { type: 'string' } },
  task: (args) => ({ task: 'readAttributes', variation: intOption(args, 'variation', 254, 1, 255) }),
});

const counters = taskCommand({
  name: 'counters',
  summary: 'IEC 104 counter interrogation (C_CI_NA_1) with its freeze qualifier; prints the totals',
  synopsis: 'counters <url> [--group 0-4] [--freeze request|freeze|freeze-reset|reset]',
  lines: [
    'Counter interrogation; the station answers with its integrated totals (M_IT_*).',
    '  --group N       0 general (QCC RQT 5, the default) or counter group 1-4 (RQT 1-4)',
    '  --freeze Q      QCC FRZ: request (read, the default), freeze, freeze-reset, reset',
  ],
  protocol: 'iec104',
  options: { group: { type: 'string' }, freeze: { type: 'string' } },
  task: (args) => {
    const q = stringOption(args, 'freeze') ?? 'request';
    const freezeQ = FREEZE_FLAGS[q];
    if (!freezeQ) throw new CliError(EXIT.USAGE, `counters: --freeze must be one of ${Object.keys(FREEZE_FLAGS).join(', ')}, got '${q}'`);
    return { task: 'counterInterrogation', group: intOption(args, 'group', 0, 0, 4), freeze: freezeQ };
  },
});

const read = taskCommand({
  name: 'read',
  summary: 'IEC 104 read command (C_RD_NA_1) of one IOA',
  synopsis: 'read <url> --point ioa:N',
  lines: ['Read command; the station answers with the object (COT 5, requested).', '  --point ioa:N   the information object address'],
  protocol: 'iec104',
  options: { point: { type: 'string' } },
  task: (args) => {
    const text = stringOption(args, 'point');
    if (text === undefined) throw new CliError(EXIT.USAGE, 'read: missing --point ioa:N');
    return { task: 'read', ioa: parsePointRef(text, 'iec104').index };
  },
});

const testCommand = taskCommand({
  name: 'test-command',
  summary: 'IEC 104 test command with time tag (C_TS_TA_1)',
  synopsis: 'test-command <url>',
  lines: ['Test command with time tag; the station mirrors it (ACTCON).'],
  protocol: 'iec104',
  options: {},
  task: () => ({ task: 'testCommand' }),
});

const resetProcess = taskCommand({
  name: 'reset-process',
  summary: 'IEC 104 reset process command (C_RP_NA_1)',
  synopsis: 'reset-process <url> [--qrp 1|2]',
  lines: ['Reset process command.', '  --qrp N         1 general reset of the process (the default), 2 reset of the time-tagged event buffer'],
  protocol: 'iec104',
  options: { qrp: { type: 'string' } },
  task: (args) => ({ task: 'resetProcess', qrp: intOption(args, 'qrp', 1, 1, 2) as 1 | 2 }),
});

/** The device task commands, in the order `--help` lists them. */
export const DEVICE_TASK_COMMANDS: readonly CliCommand[] = [freeze, restart, assignClass, unsolicited, attributes, counters, read, testCommand, resetProcess];

