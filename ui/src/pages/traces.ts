// Traces: the recent trace list with filters kept in the URL; j/k or arrows
// move, Enter opens.
import { call, Dataset, TraceSummary } from '../api';
import { errorBox, h, replace } from '../dom';
import * as fmt from '../format';
import { link, replaceHash, Route } from '../router';

export const RANGES: Array<[string, string]> = [
  ['900', 'Last 15 minutes'], ['3600', 'Last hour'], ['7200', 'Last 2 hours'],
  ['21600', 'Last 6 hours'], ['86400', 'Last 24 hours'], ['604800', 'Last 7 days'],
];

interface Filters {
  dataset: string;
  service: string;
  min_duration: string;
  error: string;
  range: string;
}

function readFilters(q: URLSearchParams): Filters {
  return {
    dataset: q.get('dataset') ?? '', service: q.get('service') ?? '',
    min_duration: q.get('min_duration') ?? '', error: q.get('error') ?? '',
    range: q.get('range') ?? '7200',
  };
}

function apiPath(f: Filters): string {
  const q = new URLSearchParams({ limit: '200' });
  if (f.dataset) q.set('dataset', f.dataset);
  if (f.service) q.set('service', f.service);
  if (f.min_duration) q.set('min_duration', f.min_duration);
  if (f.error) q.set('error', 'true');
  const end = Math.ceil(Date.now() / 1000);
  q.set('start', String(end - Number(f.range || 7200)));
  q.set('end', String(end + 60));
  return `/api/v1/traces?${q}`;
}

function traceTable(traces: TraceSummary[]): HTMLElement {
  const longest = Math.max(1, ...traces.map((t) => t.duration_ms));
  const rows = traces.map((t) =>
    h('tr', { class: 'clickable', tabindex: '-1', dataset: { href: link(['traces', t.trace_id]) } },
      h('td', null, fmt.time(fmt.nanosToMs(t.start_time_unix_nano))),
      h('td', null, h('span', { class: 'dot', style: `background:${fmt.serviceColor(t.root_service)}` }),
        t.root_service),
      h('td', null, h('a', { href: link(['traces', t.trace_id]) }, t.root_name || '(no root span)'),
        t.error ? h('span', { class: 'tag error' }, 'error') : null),
      h('td', { class: 'num' }, fmt.duration(t.duration_ms)),
      h('td', { class: 'bar-cell' }, h('span', { class: 'mini-bar', style: `width:${(100 * t.duration_ms) / longest}%` })),
      h('td', { class: 'num' }, fmt.count(t.span_count)),
      h('td', { class: 'mono muted' }, t.trace_id.slice(0, 12) + '…')));
  return h('table', { class: 'grid', id: 'trace-list' },
    h('thead', null, h('tr', null, h('th', null, 'Start'), h('th', null, 'Service'), h('th', null, 'Root span'),
      h('th', { class: 'num' }, 'Duration'), h('th', null, ''), h('th', { class: 'num' }, 'Spans'),
      h('th', null, 'Trace ID'))),
    h('tbody', null, rows));
}

function filterForm(f: Filters, datasets: Dataset[], onChange: (f: Filters) => void): HTMLElement {
  const dataset = h('select', { name: 'dataset', 'aria-label': 'Dataset' }, h('option', { value: '' }, 'All datasets'),
    datasets.filter((d) => d.kinds.includes('spans')).map((d) => h('option', { value: d.name }, d.name)));
  dataset.value = f.dataset;
  const service = h('input', { name: 'service', placeholder: 'service', value: f.service, size: 14 });
  const minDuration = h('input', { name: 'min_duration', type: 'number', min: 0, placeholder: 'min ms', value: f.min_duration, style: 'width:7em' });
  const error = h('input', { name: 'error', type: 'checkbox', checked: f.error === 'true' });
  const range = h('select', { name: 'range', 'aria-label': 'Time range' }, RANGES.map(([v, l]) => h('option', { value: v }, l)));
  range.value = f.range;
  const form = h('form', { class: 'toolbar' }, dataset, service, minDuration,
    h('label', null, error, ' errors only'), range, h('button', { type: 'submit' }, 'Search'));
  const submit = () => onChange({
    dataset: dataset.value, service: service.value.trim(), min_duration: minDuration.value,
    error: error.checked ? 'true' : '', range: range.value,
  });
  form.addEventListener('submit', (e) => { e.preventDefault(); submit(); });
  for (const el of [dataset, error, range]) el.addEventListener('change', submit);
  return form;
}

// Arrow/j/k selection and Enter to open, on the rows of `table`.
function keyboard(root: HTMLElement): () => void {
  const onKey = (e: KeyboardEvent) => {
    if ((e.target as HTMLElement).closest('input, select, textarea')) return;
    const rows = [...root.querySelectorAll<HTMLTableRowElement>('#trace-list tbody tr')];
    if (!rows.length) return;
    const cur = rows.findIndex((r) => r.classList.contains('selected'));
    let next = cur;
    if (e.key === 'ArrowDown' || e.key === 'j') next = Math.min(rows.length - 1, cur + 1);
    else if (e.key === 'ArrowUp' || e.key === 'k') next = Math.max(0, cur - 1);
    else if (e.key === 'Enter' && cur >= 0) { location.hash = rows[cur].dataset.href!; return; }
    else return;
    e.preventDefault();
    rows.forEach((r, i) => r.classList.toggle('selected', i === next));
    rows[next].scrollIntoView({ block: 'nearest' });
  };
  document.addEventListener('keydown', onKey);
  return () => document.removeEventListener('keydown', onKey);
}

export function renderTraces(root: HTMLElement, route: Route): () => void {
  let filters = readFilters(route.query);
  const formSlot = h('div');
  const results = h('div', null, h('p', { class: 'muted' }, 'Loading traces…'));
  const summary = h('span', { class: 'muted small' });
  root.append(h('div', { class: 'page-head' }, h('h1', null, 'Traces'), summary), formSlot, results);
  let controller = new AbortController();
  const load = async () => {
    controller.abort();
    controller = new AbortController();
    try {
      const { traces } = await call<{ traces: TraceSummary[] }>(apiPath(filters), undefined, controller.signal);
      summary.textContent = `${traces.length} trace${traces.length === 1 ? '' : 's'}, newest first`;
      replace(results, traces.length ? traceTable(traces)
        : h('div', { class: 'empty' }, h('p', null, 'No traces match these filters in this time range.')));
    } catch (e) {
      if ((e as Error).name !== 'AbortError') replace(results, errorBox('Could not load traces.', (e as Error).message));
    }
  };
  const onChange = (f: Filters) => {
    filters = f;
    replaceHash(link(['traces'], { ...f, range: f.range === '7200' ? '' : f.range }));
    void load();
  };
  results.addEventListener('click', (e) => {
    const row = (e.target as HTMLElement).closest('tr[data-href]') as HTMLElement | null;
    if (row && !(e.target as HTMLElement).closest('a')) location.hash = row.dataset.href!;
  });
  call<{ datasets: Dataset[] }>('/api/v1/datasets')
    .then(({ datasets }) => replace(formSlot, filterForm(filters, datasets, onChange)))
    .catch(() => replace(formSlot, filterForm(filters, [], onChange)));
  void load();
  const stopKeys = keyboard(root);
  return () => { controller.abort(); stopKeys(); };
}
