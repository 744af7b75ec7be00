/** The command console's logic: action names per protocol, building the action, the select countdown, and who may command. */
import type { Role } from '../../../src-shared/roles';
import type { ControlActionRequest } from '../../stores/commands';

/** Action labels as each protocol names them. */
const LABELS: Record<'dnp3' | 'iec104', Record<string, string>> = {
  dnp3: { on: 'CROB latch on', off: 'CROB latch off', pulseOn: 'CROB pulse on', pulseOff: 'CROB pulse off', trip: 'CROB trip', close: 'CROB close', nul: 'CROB NUL', setpoint: 'Analog output setpoint', step: 'Step' },
  iec104: { on: 'Single command ON', off: 'Single command OFF', pulseOn: 'Single command ON (short pulse)', pulseOff: 'Single command OFF (short pulse)', trip: 'Double command OFF (trip)', close: 'Double command ON (close)', setpoint: 'Set-point command', step: 'Regulating step' },
};

/** What an action is called on a station of `protocol`. */
export function actionLabel(protocol: 'dnp3' | 'iec104', action: string): string {
  return LABELS[protocol][action] ?? action;
}

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

/** Why commands are disabled for `role`, or null when it may command. */
export function commandRefusal(role: Role | undefined): string | null {
  if (role === 'engineer' || role === 'administrator') return null;
  return `Your role (${role ?? 'not logged in'}) may monitor${role === 'operator' ? ' and acknowledge alarms' : ''} but not issue commands; engineers and administrators may.`;
}
