import type { Scale } from 'chart.js';
import { describe, expect, it } from 'vitest';
import { axisOptions, trendAxes } from '../../../src-renderer/components/trend-axes';
import { labelRight, limitLabel } from '../../../src-renderer/components/trend-limits';
import type { TrendSeries } from '../../../src-renderer/stores/trend-data';
import { limitsOf } from '../../../src-renderer/stores/trends';

const series = (label: string, over: Partial<TrendSeries> = {}): TrendSeries => ({ id: label, label, unit: '', step: false, samples: [], ...over });
const colours = { text: '#aaa', grid: '#444' };

describe('trend axes', () => {
  const shown = [
    series('Oil temperature', { unit: '°C', limits: [{ level: 'HH', value: 90 }, { level: 'H', value: 70 }] }),
    series('Feeder current', { unit: 'A' }),
    series('Breaker Q1', { step: true, states: { '0': 'Open', '1': 'Closed' } }),
    series('Ambient temperature', { unit: '°C' }),
    series('Trip', { step: true }),
  ];

  it('gives each unit and each set of states its own labelled axis, alternating sides', () => {
    const { axes, axisOf } = trendAxes(shown);
    expect(axes.map((a) => [a.id, a.title, a.position, a.series])).toEqual([
      ['y0', '°C', 'left', [0, 3]],
      ['y1', 'A', 'right', [1]],
      ['y2', 'Open / Closed', 'left', [2]],
      ['y3', '0 / 1', 'right', [4]],
    ]);
    expect(axisOf).toEqual(['y0', 'y1', 'y2', 'y0', 'y3']);
    expect(trendAxes([series('Count')]).axes[0]!.title).toBe('value (no unit)');
  });

  it('puts a digital axis in the lowest third with its states as ticks', () => {
    const { axes } = trendAxes(shown);
    const options = axisOptions(axes[2]!, shown, false, colours, false);
    expect(options).toMatchObject({ min: -0.25, max: 4.5, title: { display: true, text: 'Open / Closed' }, grid: { drawOnChartArea: false } });
    const scale = { ticks: [] as { value: number }[] } as unknown as Scale;
    (options.afterBuildTicks as (scale: Scale) => void)(scale);
    expect(scale.ticks).toEqual([{ value: 0 }, { value: 1 }]);
    const label = options.ticks!.callback as (value: number) => string;
    expect([label(0), label(1), label(0.5)]).toEqual(['Open', 'Closed', '']);
  });

  it('widens an analog axis to its alarm limits only while they are shown', () => {
    const { axes } = trendAxes(shown);
    expect(axisOptions(axes[0]!, shown, true, colours, true)).toMatchObject({ suggestedMin: 69, suggestedMax: 91, grid: { drawOnChartArea: true } });
    expect(axisOptions(axes[0]!, shown, false, colours, true)).not.toHaveProperty('suggestedMax');
  });

  it("takes a point's limits in order and labels them in words", () => {
    expect(limitsOf({ alarms: { hh: 320, h: 280, l: 120, deadband: 4, priority: 3 } })).toEqual([
      { level: 'HH', value: 320 },
      { level: 'H', value: 280 },
      { level: 'L', value: 120 },
    ]);
    expect(limitsOf({ alarms: null })).toEqual([]);
    expect(limitLabel({ label: 'Oil temperature', unit: '°C' }, 'H', 70)).toBe('Oil temperature H 70 °C');
  });

  it('moves a limit label left of the labels it would overlap', () => {
    const placed = [{ left: 800, right: 1000, y: 20 }];
    expect(labelRight(placed, 1000, 150, 25)).toBe(790);
    expect(labelRight(placed, 1000, 150, 60)).toBe(1000);
    expect(labelRight([...placed, { left: 600, right: 790, y: 18 }], 1000, 150, 25)).toBe(590);
  });
});
