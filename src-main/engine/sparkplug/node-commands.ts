/**
 * NCMD and DCMD payloads as commands: the node's rebirth request, and device writes as
 * control actions of the engine's command service (pure: no I/O).
 */
import type { UPayload } from 'sparkplug-payload/lib/sparkplugbpayload';
import type { ControlAction } from '../../../src-shared/session';
import { REBIRTH_METRIC } from './edge-node';

/** Whether an NCMD asks for a rebirth (`Node Control/Rebirth` = true). */
export function isRebirthRequest(payload: UPayload): boolean {
  return (payload.metrics ?? []).some((metric) => metric.name === REBIRTH_METRIC && metric.value === true);
}

/** One metric write of a DCMD, resolved to the point it names. */
export type DeviceWrite =
  | { ok: true; address: string; value: boolean | number }
  | { ok: false; metric: string; code: 'UNKNOWN_METRIC' | 'BAD_VALUE'; detail: string };

function plainValue(value: unknown): boolean | number | null {
  if (typeof value === 'boolean' || typeof value === 'number') return value;
  // Int64/UInt64 values arrive as Long objects.
  if (typeof value === 'object' && value !== null && 'toNumber' in value && typeof value.toNumber === 'function') return Number(value.toNumber());
  return null;
}

/**
 * The writes of a DCMD: each metric by name or by the alias its device's birth gave it
 * (`addressOfAlias`), with a boolean or numeric value.
 */
export function deviceWrites(payload: UPayload, addressOfAlias: (alias: number) => string | undefined): DeviceWrite[] {
  return (payload.metrics ?? []).map((metric): DeviceWrite => {
    const alias = plainValue(metric.alias ?? null);
    const address = metric.name ? metric.name : typeof alias === 'number' ? addressOfAlias(alias) : undefined;
    const label = metric.name ?? `alias ${String(alias)}`;
    if (!address) return { ok: false, metric: label, code: 'UNKNOWN_METRIC', detail: `${label} is not a metric of this device` };
    const value = plainValue(metric.value);
    if (value === null) return { ok: false, metric: label, code: 'BAD_VALUE', detail: `${label}: only Boolean and numeric writes are commands` };
    return { ok: true, address, value };
  });
}

const TRUE_ACTIONS = ['on', 'close', 'pulseOn'] as const;
const FALSE_ACTIONS = ['off', 'trip', 'pulseOff'] as const;

/**
 * The control action of a write, from the actions the point's policy allows: a number is
 * a set-point; true is on (else close, else pulse on), false is off (else trip, else pulse
 * off). Null when the policy allows none of those.
 */
export function actionOfWrite(value: boolean | number, allowed: readonly string[]): ControlAction | null {
  if (typeof value === 'number') return allowed.includes('setpoint') ? { action: 'setpoint', value } : null;
  const choice = (value ? TRUE_ACTIONS : FALSE_ACTIONS).find((action) => allowed.includes(action));
  return choice ? { action: choice } : null;
}
