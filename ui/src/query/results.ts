// Renders a query result (shared/specs/query.md §2.2/§2.3): one uPlot line
// chart per calculation with a series per group, a canvas heatmap for
// HEATMAP, and the results table.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { h } from '../dom';
import * as fmt from '../format';
import { calcKey, QuerySpec } from './spec';

type Row = Record<string, unknown>;
export interface QueryResult {
  query?: { granularity?: number };
  data?: {
    series?: Array<{ time: string; data: Row }>;
    results?: Array<{ data: Row }>;
    total_by_aggregate?: Row;
  };
}
interface HeatmapCell { buckets?: Array<[number, number, number]> }

const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7',
  '#9c755f', '#bab0ac'];

function groupKey(row: Row, breakdowns: string[]): string {
  return JSON.stringify(breakdowns.map((b) => row[b] ?? null));
}

function groupLabel(row: Row, breakdowns: string[]): string {
  if (!breakdowns.length) return 'all';
  return breakdowns.map((b) => (row[b] === null || row[b] === undefined ? '(null)' : String(row[b]))).join(' · ');
}

function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';
}

// Groups in table order, then any only seen in the series.
function groups(res: QueryResult, breakdowns: string[]): Array<{ key: string; label: string }> {
  const out = new Map<string, string>();
  for (const r of res.data?.results ?? []) out.set(groupKey(r.data, breakdowns), groupLabel(r.data, breakdowns));
  for (const s of res.data?.series ?? []) {
    const k = groupKey(s.data, breakdowns);
    if (!out.has(k)) out.set(k, groupLabel(s.data, breakdowns));
  }
  return [...out].map(([key, label]) => ({ key, label }));
}

const NICE_STEPS = [1, 5, 10, 15, 30, 60, 300, 600, 900, 1800, 3600, 10800, 21600, 43200, 86400];
const MAX_BUCKETS = 3000;

// Every bucket start (Unix seconds) of the query window, so that empty
// buckets show as gaps or zeros instead of being skipped; the series' own
// times are always included. The automatic step follows the spec (smallest
// nice step giving at most ~300 buckets).
function bucketTimes(res: QueryResult, spec: QuerySpec): number[] {
  const seen = new Set((res.data?.series ?? []).map((s) => Date.parse(s.time) / 1000).filter(Number.isFinite));
  const range = spec.time_range ?? 7200;
  const end = Date.now() / 1000;
  const step = res.query?.granularity ?? spec.granularity ?? NICE_STEPS.find((g) => range / g <= 300) ?? 86400;
  const first = Math.floor((end - range) / step) * step;
  if ((end - first) / step <= MAX_BUCKETS) {
    for (let t = first; t < end; t += step) seen.add(t);
  }
  return [...seen].sort((a, b) => a - b);
}

// Aggregates whose value in an empty bucket is zero rather than unknown.
function zeroWhenEmpty(key: string): boolean {
  return /^(COUNT|CONCURRENCY|SUM\(|COUNT_DISTINCT\()/.test(key);
}

function lineChart(res: QueryResult, spec: QuerySpec, key: string, width: number): HTMLElement {
  const series = res.data?.series ?? [];
  const times = bucketTimes(res, spec);
  const index = new Map(times.map((t, i) => [t, i]));
  const gs = groups(res, spec.breakdowns);
  const gIndex = new Map(gs.map((g, i) => [g.key, i]));
  const empty = zeroWhenEmpty(key) ? 0 : null;
  const ys: Array<Array<number | null>> = gs.map(() => times.map(() => empty));
  for (const s of series) {
    const v = s.data[key];
    const t = index.get(Date.parse(s.time) / 1000);
    const g = gIndex.get(groupKey(s.data, spec.breakdowns));
    if (t !== undefined && g !== undefined && typeof v === 'number') ys[g][t] = v;
  }
  const el = h('div', { class: 'chart', dataset: { calc: key, series: String(gs.length) } }, h('h3', null, key));
  if (!series.length) {
    el.appendChild(h('p', { class: 'muted' }, 'No data points in this time range.'));
    return el;
  }
  const axis = { stroke: cssVar('--muted'), grid: { stroke: cssVar('--grid'), width: 1 }, ticks: { stroke: cssVar('--grid') } };
  const opts: uPlot.Options = {
    width, height: 240,
    series: [{}, ...gs.map((g, i) => ({ label: g.label, stroke: PALETTE[i % PALETTE.length], width: 1.5,
      points: { show: times.length < 60 }, value: (_u: uPlot, v: number | null) => (v === null ? '–' : fmt.number(v)) }))],
    axes: [axis, { ...axis, size: 60, values: (_u: uPlot, vals: number[]) => vals.map((v) => fmt.number(v)) }],
    scales: { x: { time: true } },
    cursor: { drag: { x: true, y: false } },
  };
  new uPlot(opts, [times, ...ys] as uPlot.AlignedData, el);
  return el;
}

function heatmap(res: QueryResult, spec: QuerySpec, key: string, width: number): HTMLElement {
  const series = res.data?.series ?? [];
  const times = bucketTimes(res, spec).map((t) => t * 1000);
  const tIndex = new Map(times.map((t, i) => [t, i]));
  const edges = new Map<number, number>();  // lower → upper
  for (const s of series) for (const [lo, hi] of (s.data[key] as HeatmapCell | undefined)?.buckets ?? []) edges.set(lo, hi);
  const lows = [...edges.keys()].sort((a, b) => a - b);
  const bIndex = new Map(lows.map((l, i) => [l, i]));
  const counts = times.map(() => new Float64Array(lows.length));
  let max = 0;
  for (const s of series) {
    const t = tIndex.get(Date.parse(s.time));
    for (const [lo, , c] of (s.data[key] as HeatmapCell | undefined)?.buckets ?? []) {
      const b = bIndex.get(lo);
      if (t === undefined || b === undefined) continue;
      counts[t][b] += c;
      max = Math.max(max, counts[t][b]);
    }
  }
  const el = h('div', { class: 'chart heatmap', dataset: { calc: key } }, h('h3', null, key));
  if (!series.length || !lows.length) {
    el.appendChild(h('p', { class: 'muted' }, 'No data points in this time range.'));
    return el;
  }
  const height = 240;
  const pad = { left: 64, bottom: 22, top: 6, right: 8 };
  const canvas = h('canvas', { width: width * devicePixelRatio, height: height * devicePixelRatio,
    style: `width:${width}px;height:${height}px`, id: `heatmap-${key}` });
  const ctx = canvas.getContext('2d')!;
  ctx.scale(devicePixelRatio, devicePixelRatio);
  const cw = (width - pad.left - pad.right) / times.length;
  const ch = (height - pad.top - pad.bottom) / lows.length;
  const accent = cssVar('--accent');
  for (let t = 0; t < times.length; t++) {
    for (let b = 0; b < lows.length; b++) {
      const c = counts[t][b];
      if (!c) continue;
      ctx.globalAlpha = 0.15 + 0.85 * (Math.log1p(c) / Math.log1p(max));
      ctx.fillStyle = accent;
      ctx.fillRect(pad.left + t * cw, height - pad.bottom - (b + 1) * ch, Math.max(1, cw - 0.5), Math.max(1, ch - 0.5));
    }
  }
  ctx.globalAlpha = 1;
  ctx.fillStyle = cssVar('--muted');
  ctx.font = '11px system-ui, sans-serif';
  ctx.textAlign = 'right';
  ctx.fillText(fmt.number(lows[0]), pad.left - 6, height - pad.bottom);
  ctx.fillText(fmt.number(edges.get(lows[lows.length - 1])!), pad.left - 6, pad.top + 10);
  ctx.textAlign = 'left';
  ctx.fillText(fmt.time(times[0]).slice(11, 19), pad.left, height - 6);
  ctx.textAlign = 'right';
  ctx.fillText(fmt.time(times[times.length - 1]).slice(11, 19), width - pad.right, height - 6);
  const tip = h('div', { class: 'heat-tip muted small' }, 'Hover a cell for its count.');
  canvas.addEventListener('mousemove', (e) => {
    const t = Math.floor((e.offsetX - pad.left) / cw);
    const b = Math.floor((height - pad.bottom - e.offsetY) / ch);
    if (t < 0 || t >= times.length || b < 0 || b >= lows.length) return;
    tip.textContent = `${fmt.time(times[t])} · ${fmt.number(lows[b])} – ${fmt.number(edges.get(lows[b])!)} · count ${fmt.number(counts[t][b])}`;
  });
  el.append(canvas, tip);
  return el;
}

function table(res: QueryResult, spec: QuerySpec, keys: string[]): HTMLElement {
  const rows = res.data?.results ?? [];
  const cols = [...spec.breakdowns, ...keys];
  const cell = (r: Row, c: string) => h('td', { class: keys.includes(c) ? 'num' : '' },
    r[c] === null || r[c] === undefined ? h('span', { class: 'muted' }, '(null)') : fmt.number(r[c]));
  const total = res.data?.total_by_aggregate;
  return h('table', { class: 'grid', id: 'query-results' },
    h('thead', null, h('tr', null, cols.map((c) => h('th', { class: keys.includes(c) ? 'num' : '' }, c)))),
    h('tbody', null, rows.map((r) => h('tr', null, cols.map((c) => cell(r.data, c)))),
      total ? h('tr', { class: 'total' }, cols.map((c, i) => (keys.includes(c) ? cell(total, c) : h('td', null, i === 0 ? 'TOTAL' : ''))))
        : null));
}

// Charts (one per calculation) and the table for `res`.
export function renderResult(res: QueryResult, spec: QuerySpec, width: number): HTMLElement {
  const keys = spec.calculations.map(calcKey);
  const charts = spec.calculations.map((c, i) => (c.op === 'HEATMAP' ? heatmap(res, spec, keys[i], width) : lineChart(res, spec, keys[i], width)));
  const tableKeys = keys.filter((_, i) => spec.calculations[i].op !== 'HEATMAP');
  const count = res.data?.results?.length ?? 0;
  return h('div', { id: 'query-output' }, charts,
    h('h3', null, `Results (${count} group${count === 1 ? '' : 's'})`), table(res, spec, tableKeys));
}
