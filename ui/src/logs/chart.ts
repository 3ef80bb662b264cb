// A uPlot line chart over time for the Logs pages (Insights' bin() stats,
// metric filters' series), coloured from the theme's CSS variables.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { h } from '../dom';
import * as fmt from '../format';

const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7',
  '#9c755f', '#bab0ac'];

export interface Series {
  label: string;
  values: Array<number | null>;
}

function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';
}

// A chart card titled `title` with one line per series over `times` (epoch
// seconds, ascending); `id` names the card for links and tests.
export function timeChart(id: string, title: string, times: number[], series: Series[], width: number): HTMLElement {
  const el = h('div', { class: 'chart', id, dataset: { series: String(series.length), points: String(times.length) } },
    h('h3', null, title));
  if (!times.length) {
    el.appendChild(h('p', { class: 'muted' }, 'No data points in this time range.'));
    return el;
  }
  const axis = { stroke: cssVar('--muted'), grid: { stroke: cssVar('--grid'), width: 1 }, ticks: { stroke: cssVar('--grid') } };
  const opts: uPlot.Options = {
    width: Math.max(280, width), height: 220,
    series: [{}, ...series.map((s, i) => ({
      label: s.label, stroke: PALETTE[i % PALETTE.length], width: 1.5, spanGaps: false,
      points: { show: times.length < 80 },
      value: (_u: uPlot, v: number | null) => (v === null ? '–' : fmt.number(v)),
    }))],
    axes: [axis, { ...axis, size: 60, values: (_u: uPlot, vals: number[]) => vals.map((v) => fmt.number(v)) }],
    scales: { x: { time: true } },
    legend: { show: series.length > 0 },
  };
  new uPlot(opts, [times, ...series.map((s) => s.values)] as uPlot.AlignedData, el);
  return el;
}
