/**
 * The APCI parameters of IEC 60870-5-104 (k, w, t0-t3): the standard's defaults and their
 * validation, shared by the controlling station (master) and the controlled station.
 */
import type { ApciParams } from './connection';

/** IEC 60870-5-104 defaults of the APCI parameters (t0 is the connection establishment timeout). */
export const APCI_DEFAULTS = Object.freeze({ k: 12, w: 8, t0Ms: 30_000, t1Ms: 15_000, t2Ms: 10_000, t3Ms: 20_000 });

/** The connection's APCI parameters, each one given or its default. */
export function resolveApciParams(c: Partial<ApciParams>): ApciParams {
  return {
    k: c.k ?? APCI_DEFAULTS.k,
    w: c.w ?? APCI_DEFAULTS.w,
    t1Ms: c.t1Ms ?? APCI_DEFAULTS.t1Ms,
    t2Ms: c.t2Ms ?? APCI_DEFAULTS.t2Ms,
    t3Ms: c.t3Ms ?? APCI_DEFAULTS.t3Ms,
  };
}

/** Validates APCI parameters (k, w <= k, positive times, t2 < t1; t0 when given); null when valid. */
export function apciProblem(r: ApciParams & { t0Ms?: number }): string | null {
  const int = (v: number, lo: number, hi: number): boolean => Number.isInteger(v) && v >= lo && v <= hi;
  if (!int(r.k, 1, 32767)) return `k=${r.k} must be 1..32767`;
  if (!int(r.w, 1, r.k)) return `w=${r.w} must be 1..k (${r.k})`;
  const times = [['t1', r.t1Ms], ['t2', r.t2Ms], ['t3', r.t3Ms]] as Array<[string, number]>;
  if (r.t0Ms !== undefined) times.unshift(['t0', r.t0Ms]);
  for (const [name, v] of times) {
    if (!(v > 0 && Number.isFinite(v))) return `${name}=${v} must be a positive time`;
  }
  if (!(r.t2Ms < r.t1Ms)) return `t2 (${r.t2Ms} ms) must be less than t1 (${r.t1Ms} ms)`;
  return null;
}
