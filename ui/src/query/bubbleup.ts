// Renders a BubbleUp answer (POST /api/v1/bubbleup, docs/query.md): one
// card per column, most different first. A dimension lists its values with
// two bars each — share of the selection and of the baseline — and a click
// (or Enter) on a value adds it as a filter; a measure overlays the two
// histograms. Each card can also add its column as a group by.
import { h, svg } from '../dom';
import * as fmt from '../format';

type Scalar = string | number | boolean | null;
export interface ValueShare { value: Scalar; selection: number; baseline: number }
export interface BinShare { lower: number; upper: number; selection: number; baseline: number }
export interface ColumnDiff {
  column: string;
  kind: 'dimension' | 'measure';
  score: number;
  values?: ValueShare[];
  bins?: BinShare[];
  missing?: { selection: number; baseline: number };
}
export interface BubbleUpResult {
  selection_count: number;
  baseline_count: number;
  sample: { selection: number; baseline: number };
  columns: ColumnDiff[];
}
export interface BubbleUpActions {
  filter: (column: string, value: Scalar) => void;
  groupBy: (column: string) => void;
}

const MAX_CARDS = 24;
const HIST_W = 280;
const HIST_H = 60;

const pct = (x: number) => `${(x * 100).toFixed(x > 0 && x < 0.01 ? 2 : 1)}%`;

function valueRow(column: string, v: ValueShare, actions: BubbleUpActions): HTMLElement {
  const label = v.value === null ? '(missing)' : String(v.value);
  const row = h('div', { class: 'bu-row', tabindex: '0', role: 'button',
    title: `Filter ${column} ${v.value === null ? 'does-not-exist' : `= ${label}`} — selection ${pct(v.selection)}, baseline ${pct(v.baseline)}` },
  h('span', { class: `bu-label${v.value === null ? ' muted' : ''}` }, label),
  h('span', { class: 'bu-bars' },
    h('span', { class: 'bu-bar sel', style: `width:${Math.max(v.selection * 100, 0.5)}%` }),
    h('span', { class: 'bu-bar base', style: `width:${Math.max(v.baseline * 100, 0.5)}%` })));
  const act = () => actions.filter(column, v.value);
  row.addEventListener('click', act);
  row.addEventListener('keydown', (e) => { if (e.key === 'Enter') act(); });
  return row;
}

function histogram(bins: BinShare[]): SVGElement {
  const max = Math.max(1e-9, ...bins.map((b) => Math.max(b.selection, b.baseline)));
  const w = HIST_W / bins.length;
  const bars = (key: 'selection' | 'baseline', cls: string) => bins.map((b, i) => {
    const bh = (b[key] / max) * (HIST_H - 2);
    return svg('rect', { class: cls, x: i * w, y: HIST_H - bh, width: Math.max(1, w - 1), height: bh });
  });
  return svg('svg', { class: 'bu-hist', width: HIST_W, height: HIST_H, viewBox: `0 0 ${HIST_W} ${HIST_H}`, role: 'img',
    'aria-label': 'selection and baseline histograms' }, ...bars('baseline', 'base'), ...bars('selection', 'sel'));
}

function card(c: ColumnDiff, actions: BubbleUpActions): HTMLElement {
  const group = h('button', { type: 'button', class: 'ghost small', title: `Group by ${c.column}` }, 'group by');
  group.addEventListener('click', () => actions.groupBy(c.column));
  const head = h('h3', null, h('span', { class: 'mono' }, c.column),
    h('span', { class: 'muted small' }, `${fmt.number(Math.round(c.score * 100))}% apart `, group));
  if (c.kind === 'measure') {
    const bins = c.bins ?? [];
    return h('div', { class: 'bu-col', dataset: { column: c.column, kind: c.kind } }, head, histogram(bins),
      h('div', { class: 'muted small' }, bins.length ? `${fmt.number(bins[0].lower)} – ${fmt.number(bins[bins.length - 1].upper)}` : '',
        c.missing && (c.missing.selection || c.missing.baseline)
          ? ` · missing: ${pct(c.missing.selection)} of the selection, ${pct(c.missing.baseline)} of the baseline` : ''));
  }
  return h('div', { class: 'bu-col', dataset: { column: c.column, kind: c.kind } }, head,
    (c.values ?? []).map((v) => valueRow(c.column, v, actions)));
}

// The BubbleUp panel for `r`.
export function renderBubbleUp(r: BubbleUpResult, actions: BubbleUpActions): HTMLElement {
  const sampled = r.sample.selection < 1 || r.sample.baseline < 1
    ? ` (profiled over a sample: ${pct(r.sample.selection)} of the selection, ${pct(r.sample.baseline)} of the baseline)` : '';
  const cards = r.columns.slice(0, MAX_CARDS).map((c) => card(c, actions));
  return h('div', null,
    h('p', { class: 'small' }, h('span', { class: 'legend-sel' }, '■ selection'), ` ${fmt.count(r.selection_count)} events · `,
      h('span', { class: 'muted' }, '■ baseline'), ` ${fmt.count(r.baseline_count)} events${sampled}. `,
      h('span', { class: 'muted' }, 'Most different columns first; click a value to filter on it.')),
    r.columns.length ? h('div', { class: 'bu-grid' }, cards) : h('p', { class: 'muted' }, 'No column tells the selection apart.'));
}
