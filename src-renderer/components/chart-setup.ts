/**
 * Registers exactly the Chart.js parts the trend chart uses (tree-shaken), the date-fns
 * time adapter and the zoom plugin. Imported only by TrendChart.vue, so unit tests that
 * stub the chart never load Chart.js.
 */
import { CategoryScale, Chart, Filler, Legend, LinearScale, LineController, LineElement, PointElement, TimeScale, Tooltip } from 'chart.js';
import 'chartjs-adapter-date-fns';
import zoomPlugin from 'chartjs-plugin-zoom';

Chart.register(LineController, LineElement, PointElement, LinearScale, TimeScale, CategoryScale, Filler, Legend, Tooltip, zoomPlugin);

export { Chart };

/**
 * Line styles per series: a dash pattern and a point shape as well as a tone, so series
 * differ without colour; tones per theme so each keeps its contrast.
 */
export const SERIES_STYLES: readonly { dark: string; light: string; dash: number[]; shape: 'circle' | 'rect' | 'triangle' | 'rectRot' | 'crossRot' | 'star' }[] = [
  { dark: '#7fb0e8', light: '#1d5fa8', dash: [], shape: 'circle' },
  { dark: '#d9dbde', light: '#3c4046', dash: [6, 3], shape: 'rect' },
  { dark: '#b59fd8', light: '#6a4aa5', dash: [2, 2], shape: 'triangle' },
  { dark: '#8fc7b5', light: '#2f7a63', dash: [10, 3, 2, 3], shape: 'rectRot' },
  { dark: '#d8b48f', light: '#8a5a22', dash: [1, 4], shape: 'crossRot' },
  { dark: '#9aa0a6', light: '#5f6368', dash: [12, 4], shape: 'star' },
];

/** Samples below which a series also draws its points (sparse data stays visible). */
export const SPARSE_SAMPLES = 200;

/** Reads a CSS custom property of the page (theme colours). */
export function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}
