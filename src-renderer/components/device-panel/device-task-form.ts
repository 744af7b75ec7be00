/**
 * The Device panel's form: which tasks a protocol offers, the parameters each one takes,
 * and the task request built from them (or the reason the input is not valid).
 */
import type { DeviceTaskRequest } from '../../stores/device-tasks';

/** A task the panel offers: its form name and the label shown. */
export interface TaskChoice {
  name: string;
  label: string;
}

/** The tasks of each protocol, in the order shown. */
export const TASK_CHOICES: Record<'dnp3' | 'iec104', TaskChoice[]> = {
  dnp3: [
    { name: 'readAttributes', label: 'Read device attributes (g0)' },
    { name: 'freeze', label: 'Counter freeze' },
    { name: 'restart', label: 'Restart' },
    { name: 'assignClass', label: 'Assign class' },
    { name: 'unsolicited', label: 'Unsolicited enable / disable' },
  ],
  iec104: [
    { name: 'counterInterrogation', label: 'Counter interrogation (C_CI_NA_1)' },
    { name: 'interrogation', label: 'Interrogation by group (C_IC_NA_1)' },
    { name: 'read', label: 'Read one IOA (C_RD_NA_1)' },
    { name: 'testCommand', label: 'Test command (C_TS_TA_1)' },
    { name: 'resetProcess', label: 'Reset process (C_RP_NA_1)' },
  ],
};

/** Every parameter the form holds (each task reads the ones it needs). */
export interface TaskParams {
  variation: number;
  clear: boolean;
  noAck: boolean;
  /** `A-B`, `A`, or empty for all. */
  range: string;
  restart: 'cold' | 'warm';
  /** DNP3 object group of ASSIGN_CLASS. */
  classGroup: number;
  /** IEC 104 interrogation or counter group (0 general). */
  group: number;
  cls: number;
  enable: boolean;
  classes: { 1: boolean; 2: boolean; 3: boolean };
  freeze: 'request' | 'freeze' | 'freezeReset' | 'reset';
  ioa: number;
  qrp: number;
}

/** Starting values of the form. */
export function defaultParams(): TaskParams {
  return { variation: 254, clear: false, noAck: false, range: '', restart: 'warm', classGroup: 20, group: 0, cls: 1, enable: true, classes: { 1: true, 2: true, 3: true }, freeze: 'request', ioa: 0, qrp: 1 };
}

/** DNP3 object groups of ASSIGN_CLASS, by label. */
export const CLASS_GROUP_CHOICES = [
  { group: 1, label: 'Binary inputs (g1)' },
  { group: 3, label: 'Double-bit inputs (g3)' },
  { group: 10, label: 'Binary outputs (g10)' },
  { group: 20, label: 'Counters (g20)' },
  { group: 21, label: 'Frozen counters (g21)' },
  { group: 30, label: 'Analog inputs (g30)' },
  { group: 40, label: 'Analog outputs (g40)' },
] as const;

type Built = { ok: true; task: DeviceTaskRequest } | { ok: false; reason: string };

function rangeOf(text: string): { ok: true; range?: { start: number; stop: number } } | { ok: false; reason: string } {
  const t = text.trim();
  if (t === '') return { ok: true };
  const m = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(t);
  const start = m ? Number(m[1]) : NaN;
  const stop = m?.[2] !== undefined ? Number(m[2]) : start;
  if (!m || stop < start || stop > 65535) return { ok: false, reason: `Range "${text}": give A-B (indices 0-65535, A not after B), one index, or leave it empty for all` };
  return { ok: true, range: { start, stop } };
}

function integer(value: number, min: number, max: number, what: string): string | null {
  return Number.isInteger(value) && value >= min && value <= max ? null : `${what} must be a whole number from ${min} to ${max}`;
}

/** The task the form describes, or why it cannot be sent. */
export function buildTask(name: string, p: TaskParams): Built {
  const bad = (reason: string | null): Built | null => (reason ? { ok: false, reason } : null);
  switch (name) {
    case 'readAttributes':
      return bad(integer(p.variation, 1, 255, 'Variation')) ?? { ok: true, task: { task: 'readAttributes', variation: p.variation } };
    case 'freeze':
    case 'assignClass': {
      const r = rangeOf(p.range);
      if (!r.ok) return r;
      const range = r.range ? { range: r.range } : {};
      if (name === 'freeze') return { ok: true, task: { task: 'freeze', clear: p.clear, noAck: p.noAck, ...range } };
      const group = CLASS_GROUP_CHOICES.find((c) => c.group === p.classGroup)?.group ?? 20;
      return { ok: true, task: { task: 'assignClass', group, cls: p.cls as 0 | 1 | 2 | 3, ...range } };
    }
    case 'restart':
      return { ok: true, task: { task: 'restart', kind: p.restart } };
    case 'unsolicited': {
      const classes = ([1, 2, 3] as const).filter((c) => p.classes[c]);
      return classes.length === 0 ? { ok: false, reason: 'Choose at least one event class' } : { ok: true, task: { task: 'unsolicited', enable: p.enable, classes } };
    }
    case 'counterInterrogation':
      return bad(integer(p.group, 0, 4, 'Counter group')) ?? { ok: true, task: { task: 'counterInterrogation', group: p.group, freeze: p.freeze } };
    case 'interrogation':
      return bad(integer(p.group, 0, 16, 'Group')) ?? { ok: true, task: { task: 'interrogation', group: p.group } };
    case 'read':
      return bad(integer(p.ioa, 0, 16_777_215, 'IOA')) ?? { ok: true, task: { task: 'read', ioa: p.ioa } };
    case 'testCommand':
      return { ok: true, task: { task: 'testCommand' } };
    case 'resetProcess':
      return { ok: true, task: { task: 'resetProcess', qrp: p.qrp === 2 ? 2 : 1 } };
    default:
      return { ok: false, reason: 'Choose a task' };
  }
}

/** What the device answered, as label/value rows (attributes, restart delay, the value read). */
export function answerRows(value: unknown): Array<[string, string]> {
  if (value === null || value === undefined) return [];
  if (typeof value !== 'object') return [['Value', String(value)]];
  return Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)]);
}
