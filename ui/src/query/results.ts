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

// A box drawn on a heatmap: a time span (unix seconds) and a value band.
export interface HeatmapSelection { column: string; start_time: number; end_time: number; min: number; max: number }

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

// Lets the user drag a box over the heatmap's cells; `onSelect` gets the
// cells' time span and value band.
function selectable(canvas: HTMLCanvasElement, box: HTMLElement, cellAt: (x: number, y: number) => [number, number] | null,
  rect: (t0: number, b0: number, t1: number, b1: number) => { x: number; y: number; w: number; h: number },
  onSelect: (t0: number, b0: number, t1: number, b1: number) => void): void {
  let from: [number, number] | null = null;
  const span = (a: [number, number], b: [number, number]) =>
    [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1])] as const;
  const show = (t0: number, b0: number, t1: number, b1: number) => {
    const r = rect(t0, b0, t1, b1);
    Object.assign(box.style, { display: 'block', left: `${r.x}px`, top: `${r.y}px`, width: `${r.w}px`, height: `${r.h}px` });
  };
  canvas.addEventListener('mousedown', (e) => {
    from = cellAt(e.offsetX, e.offsetY);
    if (from) show(from[0], from[1], from[0], from[1]);
  });
  canvas.addEventListener('mousemove', (e) => {
    const to = from && cellAt(e.offsetX, e.offsetY);
    if (from && to) show(...span(from, to));
  });
  canvas.addEventListener('mouseup', (e) => {
    const to = from && cellAt(e.offsetX, e.offsetY);
    if (from && to) onSelect(...span(from, to));
    from = null;
  });
}

function heatmap(res: QueryResult, spec: QuerySpec, key: string, column: string, width: number,
  onSelect?: (sel: HeatmapSelection) => void): HTMLElement {
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
  const tip = h('div', { class: 'heat-tip muted small' },
    onSelect ? 'Hover a cell for its count; drag a box to see what sets those events apart (BubbleUp).' : 'Hover a cell for its count.');
  const cellAt = (x: number, y: number): [number, number] | null => {
    const t = Math.floor((x - pad.left) / cw);
    const b = Math.floor((height - pad.bottom - y) / ch);
    return t < 0 || t >= times.length || b < 0 || b >= lows.length ? null : [t, b];
  };
  canvas.addEventListener('mousemove', (e) => {
    const cell = cellAt(e.offsetX, e.offsetY);
    if (!cell) return;
    const [t, b] = cell;
    tip.textContent = `${fmt.time(times[t])} · ${fmt.number(lows[b])} – ${fmt.number(edges.get(lows[b])!)} · count ${fmt.number(counts[t][b])}`;
  });
  const box = h('div', { class: 'heat-box', id: `heatmap-box-${key}` });
  const wrap = h('div', { class: 'heat-wrap' }, canvas, box);
  if (onSelect) {
    const step = times.length > 1 ? times[1] - times[0] : (res.query?.granularity ?? 60) * 1000;
    selectable(canvas, box, cellAt,
      (t0, b0, t1, b1) => ({ x: pad.left + t0 * cw, y: height - pad.bottom - (b1 + 1) * ch, w: (t1 - t0 + 1) * cw, h: (b1 - b0 + 1) * ch }),
      (t0, b0, t1, b1) => onSelect({ column, start_time: times[t0] / 1000, end_time: (times[t1] + step) / 1000,
        min: lows[b0], max: edges.get(lows[b1])! }));
  }
  el.append(wrap, tip);
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

// Charts (one per calculation) and the table for `res`; a box dragged on a
// heatmap goes to `onSelect`.
export function renderResult(res: QueryResult, spec: QuerySpec, width: number,
  onSelect?: (sel: HeatmapSelection) => void): HTMLElement {
  const keys = spec.calculations.map(calcKey);
  const charts = spec.calculations.map((c, i) => (c.op === 'HEATMAP'
    ? heatmap(res, spec, keys[i], c.column ?? '', width, onSelect) : lineChart(res, spec, keys[i], width)));
  const tableKeys = keys.filter((_, i) => spec.calculations[i].op !== 'HEATMAP');
  const count = res.data?.results?.length ?? 0;
  return h('div', { id: 'query-output' }, charts,
    h('h3', null, `Results (${count} group${count === 1 ? '' : 's'})`), table(res, spec, tableKeys));
}
