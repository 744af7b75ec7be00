/**
 * The y axes of the trend chart: one labelled axis per engineering unit (series of the
 * same unit share it), and one per set of state labels for digital points, whose steps
 * are drawn in the lowest third of the plot with the state names as ticks. Axes alternate
 * left and right. Alarm limits, when shown, widen their axis so that their lines are in
 * view. Kept apart from Chart.js (only its types) so it can be tested without a canvas.
 */
import type { ScaleOptions } from 'chart.js';
import type { TrendSeries } from '../stores/trend-data';

/** One state tick of a digital axis. */
export interface StateTick {
  value: number;
  label: string;
}

/** One y axis and the series drawn on it. */
export interface TrendAxis {
  /** Chart.js scale id (`y0`, `y1`, ...). */
  id: string;
  /** The axis title: the unit, or the state names. */
  title: string;
  position: 'left' | 'right';
  /** Indices of the series on this axis. */
  series: number[];
  /** Set for a digital axis: its states, lowest first. */
  states: StateTick[] | null;
}

/** The states of a digital series: its labels, or 0 and 1 when it has none. */
function statesOf(series: TrendSeries): StateTick[] {
  const entries = Object.entries(series.states ?? {}).map(([value, label]) => ({ value: Number(value), label }));
  const numeric = entries.filter((e) => Number.isFinite(e.value)).sort((a, b) => a.value - b.value);
  return numeric.length ? numeric : [{ value: 0, label: '0' }, { value: 1, label: '1' }];
}

/** The axes for `series` and, per series, the id of its axis. */
export function trendAxes(series: readonly TrendSeries[]): { axes: TrendAxis[]; axisOf: string[] } {
  const axes: TrendAxis[] = [];
  const byKey = new Map<string, TrendAxis>();
  const axisOf = series.map((s, index) => {
    const states = s.step ? statesOf(s) : null;
    const key = states ? `states:${JSON.stringify(states)}` : `unit:${s.unit}`;
    let axis = byKey.get(key);
    if (!axis) {
      const id = `y${axes.length}`;
      const title = states ? states.map((t) => t.label).join(' / ') : s.unit || 'value (no unit)';
      axis = { id, title, position: axes.length % 2 === 0 ? 'left' : 'right', series: [], states };
      axes.push(axis);
      byKey.set(key, axis);
    }
    axis.series.push(index);
    return axis.id;
  });
  return { axes, axisOf };
}

/** Colours of the axes (theme). */
export interface AxisColours {
  text: string;
  grid: string;
}

/**
 * The Chart.js options of one axis. A digital axis spans three times its states, so the
 * steps stay in the lowest third, clear of the analog lines; its ticks are the states.
 * With `limits` shown, an analog axis reaches at least to its series' alarm limits.
 */
export function axisOptions(axis: TrendAxis, series: readonly TrendSeries[], limits: boolean, colours: AxisColours, first: boolean): ScaleOptions<'linear'> {
  const common = {
    type: 'linear' as const,
    position: axis.position,
    title: { display: true, text: axis.title, color: colours.text },
    grid: { color: colours.grid, drawOnChartArea: first },
  };
  if (axis.states) {
    const states = axis.states;
    const top = states.at(-1)!.value;
    const bottom = states[0]!.value;
    return {
      ...common,
      min: bottom - 0.25,
      max: bottom + (top - bottom + 0.5) * 3,
      afterBuildTicks: (scale) => {
        scale.ticks = states.map((state) => ({ value: state.value }));
      },
      ticks: { color: colours.text, autoSkip: false, callback: (value) => states.find((state) => state.value === value)?.label ?? '' },
    };
  }
  const values = limits ? axis.series.flatMap((index) => (series[index]!.limits ?? []).map((limit) => limit.value)) : [];
  return { ...common, ...reach(values), ticks: { color: colours.text } };
}

/** Suggested bounds that take in every value with a margin of a twentieth (none without values). */
function reach(values: number[]): { suggestedMin?: number; suggestedMax?: number } {
  if (!values.length) return {};
  const min = Math.min(...values);
  const max = Math.max(...values);
  const margin = (max - min || Math.abs(max) || 1) / 20;
  return { suggestedMin: min - margin, suggestedMax: max + margin };
}
