/** The command console's logic: building the action, the select countdown and its lapse, and who may command. */
import type { Role } from '../../../src-shared/roles';
import type { ControlActionRequest } from '../../stores/commands';

/**
 * Whether an action takes on time, off time and count: pulses on both protocols, and
 * DNP3 trip/close (a TRIP or CLOSE code on a PULSE_ON); an IEC 104 double command has none.
 */
export function takesPulseTimes(protocol: 'dnp3' | 'iec104', action: string): boolean {
  return action === 'pulseOn' || action === 'pulseOff' || (protocol === 'dnp3' && (action === 'trip' || action === 'close'));
}

/** The parameters the console collects for an action. */
export interface ActionParams {
  onMs: number;
  offMs: number;
  count: number;
  value: string;
  direction: 'up' | 'down';
  /** IEC 104 QU or QL as typed or chosen; '' leaves it to the action. */
  qualifier: string;
}

/** IEC 104 QU choices for single, double and regulating-step commands ('' = by the action). */
export const QU_CHOICES: ReadonlyArray<{ value: string; label: string }> = [
  { value: '', label: 'By action (pulse: short pulse, else none)' },
  { value: '0', label: '0 no additional definition' },
  { value: '1', label: '1 short pulse' },
  { value: '2', label: '2 long pulse' },
  { value: '3', label: '3 persistent output' },
];

/**
 * The IEC 104 qualifier to send (QL for a set-point, QU otherwise), undefined to leave it
 * to the action, or an error for people. DNP3 commands carry none.
 */
export function buildQualifier(protocol: 'dnp3' | 'iec104', action: string, typed: string): { qualifier: number | undefined } | { error: string } {
  if (protocol !== 'iec104' || typed.trim() === '') return { qualifier: undefined };
  const qualifier = Number(typed);
  const max = action === 'setpoint' ? 127 : 31;
  if (!Number.isInteger(qualifier) || qualifier < 0 || qualifier > max) return { error: `The ${action === 'setpoint' ? 'QL' : 'QU'} must be a whole number from 0 to ${max}.` };
  return { qualifier };
}

/** How a qualifier reads in the confirmation ('' when none is given). */
export function qualifierText(action: string, qualifier: number | undefined): string {
  if (qualifier === undefined) return '';
  return action === 'setpoint' ? `, QL ${qualifier}` : `, QU ${QU_CHOICES.find((c) => c.value === String(qualifier))?.label ?? qualifier}`;
}

/** The pulse parameters as typed, or an error for people. */
function pulseTimes(params: ActionParams): { onMs: number; offMs: number; count: number } | { error: string } {
  if (!Number.isInteger(params.onMs) || params.onMs < 1) return { error: 'The on time must be a whole number of milliseconds, at least 1.' };
  if (!Number.isInteger(params.offMs) || params.offMs < 1) return { error: 'The off time must be a whole number of milliseconds, at least 1.' };
  if (!Number.isInteger(params.count) || params.count < 1 || params.count > 255) return { error: 'The count must be 1 to 255.' };
  return { onMs: params.onMs, offMs: params.offMs, count: params.count };
}

/** The action request for the contract, or an error for people when a parameter is wrong. */
export function buildAction(protocol: 'dnp3' | 'iec104', action: string, params: ActionParams, limits: { min?: number; max?: number } = {}): { action: ControlActionRequest } | { error: string } {
  switch (action) {
    case 'on':
    case 'off':
      return { action: { action } };
    case 'nul':
      return protocol === 'dnp3' ? { action: { action } } : { error: 'NUL is a DNP3 control: IEC 104 has no command that operates nothing.' };
    case 'pulseOn':
    case 'pulseOff':
    case 'trip':
    case 'close': {
      if (!takesPulseTimes(protocol, action)) return { action: { action } };
      const times = pulseTimes(params);
      return 'error' in times ? times : { action: { action, ...times } };
    }
    case 'setpoint': {
      const value = Number(params.value);
      if (params.value.trim() === '' || !Number.isFinite(value)) return { error: 'Enter the setpoint as a number.' };
      if (limits.min !== undefined && value < limits.min) return { error: `The setpoint must be at least ${limits.min}.` };
      if (limits.max !== undefined && value > limits.max) return { error: `The setpoint must be at most ${limits.max}.` };
      return { action: { action, value } };
    }
    case 'step':
      return { action: { action, direction: params.direction } };
    default:
      return { error: `Unknown action ${action}.` };
  }
}

/** Whole seconds left until `deadline` (never negative). */
export function secondsLeft(deadline: number | null, now: number): number {
  return deadline === null ? 0 : Math.max(0, Math.ceil((deadline - now) / 1000));
}

/** What an open operate confirmation needs to know of the console's current command. */
export type SelectedState = { id: string; done: boolean; stage: string; result: string } | null;

/**
 * Why the operate confirmation opened for the selected command `id` may no longer be
 * confirmed (its select expired, it ended or was replaced), or null while it may. An
 * operate that lapsed must never turn into another command.
 */
export function selectLapse(state: SelectedState, id: string, secondsLeft: number): string | null {
  if (state?.id !== id) return 'The selected command is no longer current: nothing was operated. Select again.';
  if (state.done && state.result !== 'SELECT_TIMEOUT') return `The selected command ended (${state.result}) before it was operated: nothing was operated. Select again.`;
  if (state.done || state.stage !== 'selected' || secondsLeft === 0) return 'Select expired: nothing was operated. Select again.';
  return null;
}

/** Why commands are disabled for `role`, or null when it may command. */
export function commandRefusal(role: Role | undefined): string | null {
  if (role === 'engineer' || role === 'administrator') return null;
  return `Your role (${role ?? 'not logged in'}) may monitor${role === 'operator' ? ' and acknowledge alarms' : ''} but not issue commands; engineers and administrators may.`;
}
