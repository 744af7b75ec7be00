import { describe, expect, it } from 'vitest';
import { lowerBound, sliceRange, trendCsv, upperBound, windowRange, type TrendSeries } from '../../../src-renderer/stores/trend-data';

const series: TrendSeries[] = [
  { id: 'a', label: 'Feeder, A', unit: 'A', step: false, samples: [{ x: 1000, y: 1 }, { x: 2000, y: null }, { x: 3000, y: 3 }] },
  { id: 'b', label: 'Breaker', unit: '', step: true, samples: [{ x: 500, y: 0 }, { x: 2500, y: 1 }] },
];

describe('trend-data', () => {
  it('gives each window its range, and all from the oldest sample', () => {
    expect(windowRange('1m', 100_000, series)).toEqual({ min: 40_000, max: 100_000 });
    expect(windowRange('all', 100_000, series)).toEqual({ min: 500, max: 100_000 });
  });

  it('slices a sorted array inclusively', () => {
    const samples = series[0]!.samples;
    expect(lowerBound(samples, 1500)).toBe(1);
    expect(upperBound(samples, 2000)).toBe(2);
    expect(sliceRange(samples, 1000, 2000).map((s) => s.x)).toEqual([1000, 2000]);
    expect(sliceRange(samples, 3001, 4000)).toEqual([]);
  });

  it('exports the shown samples as CSV with gaps as empty values and quoted labels', () => {
    const csv = trendCsv(series, 1000, 2600);
    expect(csv.split('\n')).toEqual([
      'time,series,unit,value',
      '1970-01-01T00:00:01.000Z,"Feeder, A",A,1',
      '1970-01-01T00:00:02.000Z,"Feeder, A",A,',
      '1970-01-01T00:00:02.500Z,Breaker,,1',
      '',
    ]);
  });
});
