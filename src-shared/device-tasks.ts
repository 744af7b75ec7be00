/**
 * Device tasks: the protocol functions beyond polls and point commands that an engineer
 * runs on a device (counter freeze, restart, class assignment, unsolicited enable/disable,
 * device attributes; IEC 104 counter and group interrogation, read, test command, reset
 * process). One description for the contract, the engine's task service and the CLI, and
 * the session call each one becomes.
 */
import type { SessionCall } from './session';
import type { Protocol } from './session';

/** An inclusive index range of points (left out: every point). */
export interface IndexRange {
  start: number;
  stop: number;
}

/** IEC 104 counter interrogation qualifier FRZ (QCC bits 7-8): read, freeze, freeze and reset, reset. */
export const COUNTER_FREEZE = ['request', 'freeze', 'freezeReset', 'reset'] as const;
/** One of {@link COUNTER_FREEZE}. */
export type CounterFreeze = (typeof COUNTER_FREEZE)[number];

/** A device task as a user asks for it. */
export type DeviceTask =
  /** DNP3 IMMEDIATE_FREEZE / FREEZE_CLEAR (`noAck`: the _NR codes, no response) of the counters in `range` or all. */
  | { task: 'freeze'; clear: boolean; noAck: boolean; range?: IndexRange }
  /** DNP3 COLD_RESTART / WARM_RESTART; the value is the delay the outstation reports (ms). */
  | { task: 'restart'; kind: 'cold' | 'warm' }
  /** DNP3 ASSIGN_CLASS: the points of object group `group` (1 bi, 3 dbi, 10 bo, 20 ctr, 21 fc, 30 ai, 40 ao) in `range` or all to class `cls`. */
  | { task: 'assignClass'; group: (typeof CLASS_GROUPS)[number]; cls: 0 | 1 | 2 | 3; range?: IndexRange }
  /** DNP3 ENABLE_UNSOLICITED / DISABLE_UNSOLICITED for the event classes. */
  | { task: 'unsolicited'; enable: boolean; classes: Array<1 | 2 | 3> }
  /** DNP3 READ of g0 (device attributes): variation 254 all, 252 manufacturer name, or any other. */
  | { task: 'readAttributes'; variation: number }
  /** IEC 104 counter interrogation C_CI_NA_1: group 0 general or 1-4, with its freeze qualifier. */
  | { task: 'counterInterrogation'; group: number; freeze: CounterFreeze }
  /** DNP3 integrity poll / IEC 104 general interrogation (group 0) or group 1-16. */
  | { task: 'interrogation'; group: number }
  /** IEC 104 read command C_RD_NA_1 of one IOA. */
  | { task: 'read'; ioa: number }
  /** IEC 104 test command with time tag C_TS_TA_1. */
  | { task: 'testCommand' }
  /** IEC 104 reset process C_RP_NA_1 (QRP 1 general reset, 2 reset of time-tagged events). */
  | { task: 'resetProcess'; qrp: 1 | 2 };

/**
 * A raw request run as a device task: the description as the user gave it (DNP3 object
 * ranges `{"function", "ranges"}` or an IEC 104 ASDU `{"typeId", "cause", "commonAddress",
 * "objects"}`) and, for DNP3, a function code (name or number) that replaces its "function".
 * The engine checks it against the station's protocol.
 */
export interface RawTask {
  task: 'raw';
  request: Record<string, unknown>;
  function?: string;
}

/** DNP3 static object groups whose points ASSIGN_CLASS moves: bi, dbi, bo, ctr, fc, ai, ao. */
export const CLASS_GROUPS = [1, 3, 10, 20, 21, 30, 40] as const;

/** Name of a device task. */
export type DeviceTaskName = DeviceTask['task'];

/** The protocols each task applies to. */
export const TASK_PROTOCOLS: Readonly<Record<DeviceTaskName, readonly Protocol[]>> = {
  freeze: ['dnp3'],
  restart: ['dnp3'],
  assignClass: ['dnp3'],
  unsolicited: ['dnp3'],
  readAttributes: ['dnp3'],
  counterInterrogation: ['iec104'],
  interrogation: ['dnp3', 'iec104'],
  read: ['iec104'],
  testCommand: ['iec104'],
  resetProcess: ['iec104'],
};

/**
 * Whether a task changes the device (its counters, its configuration, its running
 * state): those run only after an explicit confirmation, like a command's operate.
 */
export function changesDevice(t: DeviceTask): boolean {
  switch (t.task) {
    case 'freeze':
    case 'restart':
    case 'assignClass':
    case 'unsolicited':
    case 'resetProcess':
      return true;
    case 'counterInterrogation':
      return t.freeze !== 'request';
    default:
      return false;
  }
}

function rangeText(range: IndexRange | undefined): string {
  return range ? ` ${range.start}-${range.stop}` : ' all';
}

/** One line naming the task and its parameters, e.g. `freeze-and-clear no-ack counters 0-3`. */
export function taskLabel(t: DeviceTask): string {
  switch (t.task) {
    case 'freeze':
      return `${t.clear ? 'freeze-and-clear' : 'immediate freeze'}${t.noAck ? ' no-ack' : ''} counters${rangeText(t.range)}`;
    case 'restart':
      return `${t.kind} restart`;
    case 'assignClass':
      return `assign class ${t.cls} to g${t.group}${rangeText(t.range)}`;
    case 'unsolicited':
      return `${t.enable ? 'enable' : 'disable'} unsolicited class ${t.classes.join(',')}`;
    case 'readAttributes':
      return `read device attributes g0v${t.variation}`;
    case 'counterInterrogation':
      return `counter interrogation ${t.group === 0 ? 'general' : `group ${t.group}`} ${t.freeze}`;
    case 'interrogation':
      return t.group === 0 ? 'general interrogation' : `interrogation group ${t.group}`;
    case 'read':
      return `read ioa:${t.ioa}`;
    case 'testCommand':
      return 'test command';
    case 'resetProcess':
      return `reset process QRP ${t.qrp}`;
  }
}

/**
 * How the session reports a task's outcome: a `response` event with the call's id, or
 * (interrogations, which are tasks of the session) a `task` event of this name.
 */
export type TaskCompletion = { kind: 'response' } | { kind: 'task'; name: string };

/** The session call a task becomes, with `id` to correlate its outcome, and how it completes. */
export function taskCall(t: DeviceTask, id: string, protocol: Protocol): { call: SessionCall; completion: TaskCompletion } {
  const response = { kind: 'response' } as const;
  switch (t.task) {
    case 'freeze':
      return { call: { op: 'dnp3.freeze', id, mode: t.clear ? 'clear' : 'immediate', noAck: t.noAck, ...(t.range ?? {}) }, completion: response };
    case 'restart':
      return { call: { op: 'dnp3.restart', id, kind: t.kind }, completion: response };
    case 'assignClass':
      return { call: { op: 'dnp3.assignClass', id, group: t.group, cls: t.cls, ...(t.range ?? {}) }, completion: response };
    case 'unsolicited':
      return { call: { op: 'dnp3.unsolicited', id, enable: t.enable, classes: t.classes }, completion: response };
    case 'readAttributes':
      return { call: { op: 'dnp3.readAttributes', id, variation: t.variation }, completion: response };
    case 'counterInterrogation': {
      const name = t.group === 0 ? 'counter interrogation' : `counter interrogation group ${t.group}`;
      return { call: { op: 'iec104.counterInterrogation', group: t.group, freeze: COUNTER_FREEZE.indexOf(t.freeze) as 0 | 1 | 2 | 3 }, completion: { kind: 'task', name } };
    }
    case 'interrogation': {
      const name = protocol === 'dnp3' ? 'integrity' : t.group === 0 ? 'GI' : `GI group ${t.group}`;
      return { call: { op: 'interrogate', ...(t.group !== 0 ? { group: t.group } : {}) }, completion: { kind: 'task', name } };
    }
    case 'read':
      return { call: { op: 'iec104.read', id, ioa: t.ioa }, completion: response };
    case 'testCommand':
      return { call: { op: 'iec104.testCommand', id }, completion: response };
    case 'resetProcess':
      return { call: { op: 'iec104.resetProcess', id, qrp: t.qrp }, completion: response };
  }
}

/** Stages of a device task: requested, armed (awaiting the confirmation), running, done or refused. */
export const DEVICE_TASK_STAGES = ['requested', 'armed', 'running', 'done', 'refused'] as const;

/** A stage of a device task. */
export type DeviceTaskStage = (typeof DEVICE_TASK_STAGES)[number];
