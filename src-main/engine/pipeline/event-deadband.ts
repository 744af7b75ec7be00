/**
 * The event deadband: which values a device reported as events become SOE entries of the
 * event log. Every change of a digital point (binary, double-bit, step position, bit
 * string) is logged; an analog or counter change is logged only when it moved at least
 * the point's event deadband from the last logged value, or when its quality changed.
 * The deadband is the point list's `eventDeadband` (engineering units); without one it is
 * 1% of the largest magnitude of the point's alarm limits, else 1% of the last logged
 * value. Live values, trends and alarms see every update; only the log is thinned.
 */
import type { PointUpdate } from '../../../src-shared/session';
import type { PointConfig } from '../../../src-shared/workspace/point-config';

/** Share of the reference (largest alarm limit, else the last logged value) used when no deadband is configured. */
const DEFAULT_EVENT_DEADBAND_FRACTION = 0.01;

/** DNP3 analog inputs/outputs and (frozen) counters; IEC 104 measured values and integrated totals. */
const MEASURED_REF = /^(ai|ao|ctr|fc):/;
const MEASURED_TYPE = /^M_(ME|IT)_/;

/** True when an update is a measured value or counter, to which the deadband applies. */
export function isMeasured(update: PointUpdate): boolean {
  return typeof update.value === 'number' && isMeasuredPoint(update.ref, update.type);
}

function isMeasuredPoint(ref: string, type: string): boolean {
  return MEASURED_REF.test(ref) || MEASURED_TYPE.test(type);
}

/**
 * The event deadband of a point in words, for its details: `0.5 °C (configured)`,
 * `0.75 °C (1 % of the largest alarm limit)`, `1 % of the last logged value`, or
 * `every change` for a digital point.
 */
export function eventDeadbandText(address: string, type: string, config: PointConfig | undefined): string {
  if (!isMeasuredPoint(address, type)) return 'every change';
  const unit = config?.unit ? ` ${config.unit}` : '';
  if (config?.eventDeadband !== undefined) return `${config.eventDeadband}${unit} (configured)`;
  const percent = `${DEFAULT_EVENT_DEADBAND_FRACTION * 100} %`;
  const a = config?.alarms;
  if ([a?.hh, a?.h, a?.l, a?.ll].some((x) => x !== undefined)) return `${+eventDeadband(config, 0).toPrecision(6)}${unit} (${percent} of the largest alarm limit)`;
  return `${percent} of the last logged value`;
}

/** The event deadband of a point, given the last logged engineering value. */
export function eventDeadband(config: PointConfig | undefined, lastLogged: number): number {
  if (config?.eventDeadband !== undefined) return config.eventDeadband;
  const a = config?.alarms;
  const limits = [a?.hh, a?.h, a?.l, a?.ll].filter((x): x is number => x !== undefined).map(Math.abs);
  const reference = limits.length > 0 ? Math.max(...limits) : Math.abs(lastLogged);
  return reference * DEFAULT_EVENT_DEADBAND_FRACTION;
}

/** The last logged value and quality of each point (by point database index). */
export class EventDeadbandFilter {
  private readonly last = new Map<number, { value: number; quality: string }>();

  /**
   * Whether the event `update` of point `index` (now at `engineering`) goes into the log;
   * when it does, it becomes the reference for the point's next event.
   */
  admit(index: number, update: PointUpdate, engineering: number, config: PointConfig | undefined): boolean {
    if (!isMeasured(update) || Number.isNaN(engineering)) return true;
    const quality = update.quality.join(' ');
    const last = this.last.get(index);
    if (last !== undefined && last.quality === quality && Math.abs(engineering - last.value) < eventDeadband(config, last.value)) return false;
    this.last.set(index, { value: engineering, quality });
    return true;
  }

  /** Forgets the references of points that were dropped. */
  forget(indices: readonly number[]): void {
    for (const index of indices) this.last.delete(index);
  }
}
