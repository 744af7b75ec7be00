/**
 * Alarm limits on the trend chart: a dashed line per limit of each shown series, in the
 * series' own tone and dash, labelled in words (`Oil temperature H 70 °C`) so a limit is
 * never told by colour alone.
 */
import type { Chart, Plugin } from 'chart.js';
import type { TrendSeries } from '../stores/trend-data';
import { number } from '../util/format';

/** What the plugin draws, read at each redraw. */
export interface LimitLinesState {
  shown: boolean;
  series: readonly TrendSeries[];
  /** The axis id of each series. */
  axisOf: readonly string[];
  /** The tone of each series. */
  colourOf: (index: number) => string;
}

/** The label of a limit line. */
export function limitLabel(series: Pick<TrendSeries, 'label' | 'unit'>, level: string, value: number): string {
  return `${series.label} ${level} ${number(value)}${series.unit ? ` ${series.unit}` : ''}`;
}

/** A label already drawn: its left and right edge and its baseline. */
interface Placed {
  left: number;
  right: number;
  y: number;
}

/** The right edge for a label of `width` at `y`: moved left past every drawn label it would overlap. */
export function labelRight(placed: readonly Placed[], right: number, width: number, y: number, lineHeight = 13): number {
  let edge = right;
  for (let moved = true; moved; ) {
    moved = false;
    for (const p of placed) {
      if (Math.abs(p.y - y) < lineHeight && edge - width < p.right && edge > p.left) {
        edge = p.left - 10;
        moved = true;
      }
    }
  }
  return edge;
}

function drawLimits(chart: Chart, state: LimitLinesState): void {
  const { ctx, chartArea } = chart;
  const placed: Placed[] = [];
  ctx.save();
  ctx.setLineDash([6, 4]);
  ctx.lineWidth = 1;
  ctx.font = '11px system-ui, sans-serif';
  ctx.textAlign = 'right';
  ctx.textBaseline = 'bottom';
  state.series.forEach((series, index) => {
    const scale = chart.scales[state.axisOf[index] ?? ''];
    if (!scale) return;
    for (const limit of series.limits ?? []) {
      const y = scale.getPixelForValue(limit.value);
      if (y < chartArea.top || y > chartArea.bottom) continue;
      ctx.strokeStyle = ctx.fillStyle = state.colourOf(index);
      ctx.beginPath();
      ctx.moveTo(chartArea.left, y);
      ctx.lineTo(chartArea.right, y);
      ctx.stroke();
      const text = limitLabel(series, limit.level, limit.value);
      const width = ctx.measureText(text).width;
      const right = labelRight(placed, chartArea.right - 4, width, y);
      placed.push({ left: right - width, right, y });
      ctx.fillText(text, right, y - 2);
    }
  });
  ctx.restore();
}

/** The Chart.js plugin: draws the limits over the datasets while `state().shown`. */
export function limitLinesPlugin(state: () => LimitLinesState): Plugin<'line'> {
  return {
    id: 'alarmLimits',
    afterDatasetsDraw(chart) {
      const current = state();
      if (current.shown) drawLimits(chart as unknown as Chart, current);
    },
  };
}
