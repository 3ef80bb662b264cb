// The query builder: VISUALIZE / WHERE / GROUP BY / ORDER BY / HAVING /
// LIMIT, time range and granularity, posted to POST /api/v1/query. The query
// lives in the URL (#/query?dataset=D&q=JSON), so a link reruns it.
// Ctrl+Enter runs.
import { call, Column, Dataset } from '../api';
import { errorBox, h, replace } from '../dom';
import * as fmt from '../format';
import { link, Route } from '../router';
import { BubbleUpResult, renderBubbleUp } from '../query/bubbleup';
import { libraryPanel, saveControl } from '../query/library';
import { HeatmapSelection, renderResult, QueryResult } from '../query/results';
import {
  CALC_OPS, calcKey, cleanSpec, DERIVED_COLUMNS, FILTER_OPS, HAVING_OPS, needsColumn, needsValue, parseValue,
  QuerySpec, specFromUrl, valueToText,
} from '../query/spec';
import { RANGES } from './traces';

const GRANULARITIES: Array<[string, string]> = [['', 'auto'], ['10', '10 s'], ['60', '1 min'], ['300', '5 min'],
  ['900', '15 min'], ['3600', '1 h'], ['86400', '1 day']];

function select(options: Array<[string, string]> | string[], value: string, onChange: (v: string) => void, label: string): HTMLSelectElement {
  const el = h('select', { 'aria-label': label },
    options.map((o) => (Array.isArray(o) ? h('option', { value: o[0] }, o[1]) : h('option', { value: o }, o))));
  el.value = value;
  el.addEventListener('change', () => onChange(el.value));
  return el;
}

function columnInput(value: string, onInput: (v: string) => void, label = 'column'): HTMLInputElement {
  const el = h('input', { list: 'query-columns', placeholder: label, value, 'aria-label': label, class: 'col-input', spellcheck: 'false' });
  el.addEventListener('input', () => onInput(el.value.trim()));
  return el;
}

function removeButton(onClick: () => void): HTMLElement {
  return h('button', { type: 'button', class: 'ghost remove', title: 'Remove', 'aria-label': 'Remove', onclick: onClick }, '×');
}

function clause(title: string, items: HTMLElement[], onAdd: () => void, addLabel: string): HTMLElement {
  return h('div', { class: 'clause' }, h('div', { class: 'clause-title' }, title),
    h('div', { class: 'clause-items' }, items,
      h('button', { type: 'button', class: 'ghost add', onclick: onAdd, 'aria-label': addLabel }, '+')));
}

// Builds the editor for `spec`; `rebuild` re-renders after structural edits.
function builder(spec: QuerySpec, rebuild: () => void): HTMLElement[] {
  const calcs = spec.calculations.map((c, i) => h('span', { class: 'chip' },
    select(CALC_OPS, c.op, (v) => { c.op = v; rebuild(); }, 'calculation'),
    needsColumn(c.op) ? columnInput(c.column ?? '', (v) => { c.column = v; }) : null,
    spec.calculations.length > 1 ? removeButton(() => { spec.calculations.splice(i, 1); rebuild(); }) : null));
  const filters = spec.filters.map((f, i) => {
    const value = h('input', { placeholder: f.op === 'in' || f.op === 'not-in' ? 'a, b, c' : 'value', value: valueToText(f.value), 'aria-label': 'value', class: 'val-input' });
    value.addEventListener('input', () => { f.value = parseValue(f.op, value.value); });
    return h('span', { class: 'chip' }, columnInput(f.column, (v) => { f.column = v; }),
      select(FILTER_OPS, f.op, (v) => { f.op = v; f.value = parseValue(v, valueToText(f.value)); rebuild(); }, 'operator'),
      needsValue(f.op) ? value : null, removeButton(() => { spec.filters.splice(i, 1); rebuild(); }));
  });
  const breakdowns = spec.breakdowns.map((b, i) => h('span', { class: 'chip' },
    columnInput(b, (v) => { spec.breakdowns[i] = v; }), removeButton(() => { spec.breakdowns.splice(i, 1); rebuild(); })));
  const orderTerms = (): Array<[string, string]> => [
    ...spec.calculations.filter((c) => c.op !== 'HEATMAP').map((c) => [`c:${c.op}:${c.column ?? ''}`, calcKey(c)] as [string, string]),
    ...spec.breakdowns.filter(Boolean).map((b) => [`b:${b}`, b] as [string, string])];
  const orders = spec.orders.map((o, i) => {
    const cur = o.op ? `c:${o.op}:${o.column ?? ''}` : `b:${o.column ?? ''}`;
    return h('span', { class: 'chip' },
      select(orderTerms(), cur, (v) => {
        const [kind, a, b] = v.split(':');
        spec.orders[i] = kind === 'c' ? { op: a, ...(b ? { column: b } : {}), order: o.order } : { column: v.slice(2), order: o.order };
      }, 'order by'),
      select([['descending', 'desc'], ['ascending', 'asc']], o.order ?? 'ascending', (v) => { o.order = v as 'ascending' | 'descending'; }, 'direction'),
      removeButton(() => { spec.orders.splice(i, 1); rebuild(); }));
  });
  const havings = spec.havings.map((hv, i) => {
    const value = h('input', { type: 'number', value: String(hv.value ?? ''), 'aria-label': 'having value', class: 'num-input' });
    value.addEventListener('input', () => { hv.value = Number(value.value); });
    return h('span', { class: 'chip' },
      select(spec.calculations.filter((c) => c.op !== 'HEATMAP').map((c) => [`${c.op}:${c.column ?? ''}`, calcKey(c)] as [string, string]),
        `${hv.calculate_op}:${hv.column ?? ''}`, (v) => {
          const [op, col] = v.split(':');
          hv.calculate_op = op;
          if (col) hv.column = col; else delete hv.column;
        }, 'having calculation'),
      select(HAVING_OPS, hv.op, (v) => { hv.op = v; }, 'having operator'), value,
      removeButton(() => { spec.havings.splice(i, 1); rebuild(); }));
  });
  const firstCalc = spec.calculations[0];
  return [
    clause('VISUALIZE', calcs, () => { spec.calculations.push({ op: 'COUNT' }); rebuild(); }, 'add calculation'),
    clause('WHERE', [...filters, spec.filters.length > 1 ? select(['AND', 'OR'], spec.filter_combination ?? 'AND',
      (v) => { spec.filter_combination = v as 'AND' | 'OR'; }, 'combine filters') : h('span')],
    () => { spec.filters.push({ column: '', op: '=', value: '' }); rebuild(); }, 'add filter'),
    clause('GROUP BY', breakdowns, () => { spec.breakdowns.push(''); rebuild(); }, 'add group by'),
    clause('ORDER BY', orders, () => {
      spec.orders.push({ op: firstCalc.op, ...(firstCalc.column ? { column: firstCalc.column } : {}), order: 'descending' });
      rebuild();
    }, 'add order'),
    clause('HAVING', havings, () => {
      spec.havings.push({ calculate_op: firstCalc.op, ...(firstCalc.column ? { column: firstCalc.column } : {}), op: '>', value: 0 });
      rebuild();
    }, 'add having'),
  ];
}

export function renderQuery(root: HTMLElement, route: Route): () => void {
  const spec = specFromUrl(route.query.get('q'));
  let dataset = route.query.get('dataset') ?? '';
  const datalist = h('datalist', { id: 'query-columns' });
  const editor = h('div', { class: 'builder' });
  const output = h('div', { class: 'output' });
  const bubble = h('section', { id: 'bubbleup' });
  const datasetSlot = h('span');
  const controller = new AbortController();

  const rebuild = () => replace(editor, builder(spec, rebuild));
  const loadColumns = async () => {
    const names = new Set(DERIVED_COLUMNS);
    if (dataset && dataset !== '__all__') {
      try {
        const { columns } = await call<{ columns: Column[] }>(`/api/v1/columns?dataset=${encodeURIComponent(dataset)}`);
        for (const c of columns) names.add(c.name);
      } catch { /* autocompletion is a convenience */ }
    }
    replace(datalist, [...names].map((n) => h('option', { value: n })));
  };
  const hashFor = () => link(['query'], { dataset, q: JSON.stringify(cleanSpec(spec)) });
  const bubbleUp = async (sel: HeatmapSelection) => {
    const band = `${sel.column} ${fmt.number(sel.min)} – ${fmt.number(sel.max)}`;
    const when = `${fmt.time(sel.start_time * 1000).slice(11, 19)} – ${fmt.time(sel.end_time * 1000).slice(11, 19)}`;
    replace(bubble, h('h2', null, 'BubbleUp'), h('p', { class: 'muted' }, `Comparing ${band}, ${when}, with the rest…`));
    bubble.scrollIntoView({ block: 'nearest' });
    try {
      const r = await call<BubbleUpResult>(`/api/v1/bubbleup?dataset=${encodeURIComponent(dataset)}`,
        { query: cleanSpec(spec), selection: sel }, controller.signal);
      replace(bubble, h('h2', null, `BubbleUp: ${band}, ${when}`), renderBubbleUp(r, {
        filter: (column, value) => {
          spec.filters.push(value === null ? { column, op: 'does-not-exist' } : { column, op: '=', value });
          submit();
        },
        groupBy: (column) => {
          if (!spec.breakdowns.includes(column)) spec.breakdowns.push(column);
          submit();
        },
      }));
    } catch (e) {
      if ((e as Error).name !== 'AbortError') replace(bubble, errorBox('BubbleUp failed.', (e as Error).message));
    }
  };
  const run = async () => {
    if (!dataset) {
      replace(output, h('p', { class: 'muted' }, 'Pick a dataset, then Run.'));
      return;
    }
    const body = cleanSpec(spec);
    replace(output, h('p', { class: 'muted' }, 'Running…'));
    const started = performance.now();
    try {
      const res = await call<QueryResult>(`/api/v1/query?dataset=${encodeURIComponent(dataset)}&history=true`, body, controller.signal);
      void library.refresh();
      const ms = Math.round(performance.now() - started);
      replace(output, h('p', { class: 'muted small' }, `${ms} ms`),
        renderResult(res, body, Math.max(320, output.clientWidth - 4), (sel) => void bubbleUp(sel)));
      replace(bubble);
    } catch (e) {
      if ((e as Error).name !== 'AbortError') replace(output, errorBox('The query failed.', (e as Error).message));
    }
  };
  const submit = () => {
    const next = hashFor();
    if (next === location.hash) void run();
    else location.hash = next;  // The page re-renders from the URL and runs.
  };

  const timeRange = select(RANGES, String(spec.time_range ?? 7200), (v) => { spec.time_range = Number(v); }, 'time range');
  const granularity = select(GRANULARITIES, String(spec.granularity ?? ''), (v) => { spec.granularity = v ? Number(v) : undefined; }, 'granularity');
  const limit = h('input', { type: 'number', min: 1, max: 10000, placeholder: '100', value: spec.limit ? String(spec.limit) : '', 'aria-label': 'limit', class: 'num-input' });
  limit.addEventListener('input', () => { spec.limit = limit.value ? Number(limit.value) : undefined; });
  const library = libraryPanel();
  const form = h('form', { class: 'query-form', id: 'query-form' },
    h('div', { class: 'toolbar' }, datasetSlot, timeRange, h('label', null, 'granularity ', granularity),
      h('label', null, 'limit ', limit), h('span', { class: 'spacer' }),
      saveControl(() => ({ dataset, query: cleanSpec(spec) }), () => void library.refresh()),
      h('button', { type: 'submit', id: 'run-query', title: 'Run (Ctrl+Enter)' }, 'Run query')),
    editor, datalist);
  form.addEventListener('submit', (e) => { e.preventDefault(); submit(); });
  form.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); submit(); }
  });
  root.append(h('div', { class: 'page-head' }, h('h1', null, 'Query')), form, library.el, output, bubble);
  void library.refresh();
  rebuild();

  call<{ datasets: Dataset[] }>('/api/v1/datasets').then(({ datasets }) => {
    if (!dataset && datasets.length) dataset = datasets[0].name;
    const options: Array<[string, string]> = [['__all__', 'All datasets'], ...datasets.map((d) => [d.name, d.name] as [string, string])];
    replace(datasetSlot, select(options, dataset, (v) => { dataset = v; void loadColumns(); }, 'dataset'));
    void loadColumns();
    if (route.query.get('q') || route.query.get('dataset')) void run();
    else replace(output, h('p', { class: 'muted' }, 'Build a query, then Run (Ctrl+Enter).'));
  }).catch((e) => replace(output, errorBox('Could not load datasets.', (e as Error).message)));
  return () => controller.abort();
}
