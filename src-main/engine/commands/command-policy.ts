/**
 * Pure checks of a command against the user's role and the point's command policy, and
 * the building of the session's CommandRequest.
 */
import { roleAllows, type Role } from '../../../src-shared/roles';
import type { CommandMode, CommandRequest, ControlAction } from '../../../src-shared/session';
import type { CommandPolicy, StationConfig } from '../../../src-shared/workspace/station';
import { splitAddress } from '../points/point-address';

/** What a client asks for. */
export interface CommandAsk {
  station: string;
  address: string;
  action: ControlAction;
  /** Defaults to the policy's mode. `direct-no-ack` (DNP3 only) where the policy allows direct operate. */
  mode?: CommandMode;
  /** IEC 104 QU (single, double, step) or QL (set-point); see CommandRequest. */
  qualifier?: number;
}

/** A refusal by name. */
export interface Refusal {
  result: 'REFUSED_ROLE' | 'REFUSED_POLICY' | 'REFUSED_ACTION' | 'REFUSED_MODE' | 'REFUSED_VALUE' | 'NOT_FOUND';
  detail: string;
}

/** The policy of a point, or undefined when the point is not controllable. */
export function policyFor(station: StationConfig, address: string): CommandPolicy | undefined {
  return station.commands.find((policy) => policy.address === address);
}

/** Checks role and policy; returns the effective mode or a refusal. */
export function checkCommand(role: Role, station: StationConfig | undefined, ask: CommandAsk): { ok: true; mode: CommandMode; policy: CommandPolicy } | { ok: false; refusal: Refusal } {
  if (!roleAllows(role, 'engineer')) return { ok: false, refusal: { result: 'REFUSED_ROLE', detail: `commands need the engineer role; the user is ${role}` } };
  if (!station) return { ok: false, refusal: { result: 'NOT_FOUND', detail: `no station ${ask.station}` } };
  const policy = policyFor(station, ask.address);
  if (!policy) return { ok: false, refusal: { result: 'REFUSED_POLICY', detail: `${ask.address} has no command policy: it is not controllable` } };
  if (!policy.actions.includes(ask.action.action)) {
    return { ok: false, refusal: { result: 'REFUSED_ACTION', detail: `${ask.action.action} is not allowed on ${ask.address} (allowed: ${policy.actions.join(', ')})` } };
  }
  const qualifierProblem = ask.qualifier === undefined ? null : qualifierRefusal(station.protocol, ask.action.action, ask.qualifier);
  if (qualifierProblem) return { ok: false, refusal: { result: 'REFUSED_VALUE', detail: qualifierProblem } };
  const mode = ask.mode ?? policy.mode;
  if (policy.mode === 'sbo' && mode !== 'sbo') return { ok: false, refusal: { result: 'REFUSED_MODE', detail: `${ask.address} must be operated with select-before-operate` } };
  if (mode === 'direct-no-ack' && station.protocol !== 'dnp3') return { ok: false, refusal: { result: 'REFUSED_MODE', detail: 'direct operate without acknowledgement exists in DNP3 only; IEC 104 always confirms a command' } };
  if (ask.action.action === 'setpoint') {
    const value = ask.action.value;
    if ((policy.min !== undefined && value < policy.min) || (policy.max !== undefined && value > policy.max)) {
      return { ok: false, refusal: { result: 'REFUSED_VALUE', detail: `setpoint ${value} is outside ${policy.min ?? '-inf'}..${policy.max ?? '+inf'}` } };
    }
  }
  return { ok: true, mode, policy };
}

/** Why a qualifier cannot go with this protocol and action, or null. */
function qualifierRefusal(protocol: StationConfig['protocol'], action: ControlAction['action'], qualifier: number): string | null {
  if (protocol !== 'iec104') return 'a qualifier (QU/QL) applies to IEC 104 commands only';
  if (action !== 'setpoint' && qualifier > 31) return `QU ${qualifier} is outside 0..31`;
  return null;
}

/** Fills the pulse times of a pulse or trip/close action from the policy. */
export function withPolicyTimes(action: ControlAction, policy: CommandPolicy): ControlAction {
  if (action.action !== 'pulseOn' && action.action !== 'pulseOff' && action.action !== 'trip' && action.action !== 'close') return action;
  return { ...action, onMs: action.onMs ?? policy.pulseOnMs, offMs: action.offMs ?? policy.pulseOffMs, count: action.count ?? 1 };
}

/** The session's request. */
export function buildRequest(id: string, ask: CommandAsk, mode: CommandMode, policy: CommandPolicy, pauseAfterSelect: boolean): CommandRequest {
  const { ref, commonAddress } = splitAddress(ask.address);
  return {
    id,
    target: ref,
    ...(commonAddress !== undefined ? { commonAddress } : {}),
    action: withPolicyTimes(ask.action, policy),
    mode,
    ...(policy.type ? { type: policy.type } : {}),
    ...(ask.qualifier !== undefined ? { qualifier: ask.qualifier } : {}),
    ...(pauseAfterSelect && mode === 'sbo' ? { pauseAfterSelect: true } : {}),
  };
}

/** A short text of what was asked beyond the action, for the audit (`12.5`, `up`, `1000/0 ms x1`, `QU 2`). */
export function askValue(ask: CommandAsk): string | null {
  const value = actionValue(ask.action);
  if (ask.qualifier === undefined) return value;
  const qualifier = `${ask.action.action === 'setpoint' ? 'QL' : 'QU'} ${ask.qualifier}`;
  return value === null ? qualifier : `${value} ${qualifier}`;
}

function actionValue(action: ControlAction): string | null {
  switch (action.action) {
    case 'setpoint':
      return String(action.value);
    case 'step':
      return action.direction;
    case 'pulseOn':
    case 'pulseOff':
    case 'trip':
    case 'close':
      return action.onMs !== undefined ? `${action.onMs}/${action.offMs ?? 0} ms x${action.count ?? 1}` : null;
    default:
      return null;
  }
}
