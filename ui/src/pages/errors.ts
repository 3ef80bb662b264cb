// Errors: Rollbar-style items (docs/rollbar.md's read API). The inbox lists
// items by last occurrence with status and level filters in the URL; an
// item page shows its occurrences, the newest one's stack trace, request,
// person and server, a link to the failing request's trace, and resolves,
// mutes or reactivates the item. j/k or arrows move in the list, Enter opens.
import { RollbarData, RollbarFrame, RollbarInstance, RollbarItem, rollbarCall } from '../api';
import { errorBox, h, replace, svg } from '../dom';
import * as fmt from '../format';
import { link, replaceHash, Route } from '../router';

const STATUSES: Array<[string, string]> = [
  ['active', 'Active'], ['resolved', 'Resolved'], ['muted', 'Muted'], ['', 'Any status'],
];
const LEVELS = ['', 'critical', 'error', 'warning', 'info', 'debug'];

function levelTag(level: string): HTMLElement {
  const cls = level === 'critical' || level === 'error' ? 'tag error' : level === 'warning' ? 'tag warn' : 'tag';
  return h('span', { class: cls }, level);
}

function itemTable(items: RollbarItem[]): HTMLElement {
  const rows = items.map((it) =>
    h('tr', { class: 'clickable', tabindex: '-1', dataset: { href: link(['errors', String(it.id)]) } },
      h('td', null, levelTag(it.level)),
      h('td', { class: 'num muted' }, `#${it.counter}`),
      h('td', null, h('a', { href: link(['errors', String(it.id)]) }, it.title)),
      h('td', { class: 'num' }, fmt.count(it.total_occurrences)),
      h('td', { class: 'spark-cell' }),
      h('td', null, fmt.ago(it.last_occurrence_timestamp * 1000)),
      h('td', null, fmt.ago(it.first_occurrence_timestamp * 1000)),
      h('td', { class: 'muted' }, it.environment),
      h('td', null, it.status)));
  return h('table', { class: 'grid', id: 'error-items' },
    h('thead', null, h('tr', null, h('th', null, 'Level'), h('th', { class: 'num' }, 'Item'), h('th', null, 'Title'),
      h('th', { class: 'num' }, 'Occurrences'), h('th', null, 'Last 24 h'), h('th', null, 'Last seen'), h('th', null, 'First seen'),
      h('th', null, 'Environment'), h('th', null, 'Status'))),
    h('tbody', null, rows));
}

function keyboard(root: HTMLElement): () => void {
  const onKey = (e: KeyboardEvent) => {
    if ((e.target as HTMLElement).closest('input, select, textarea')) return;
    const rows = [...root.querySelectorAll<HTMLTableRowElement>('#error-items tbody tr')];
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

export function renderErrors(root: HTMLElement, route: Route): () => void {
  const status = route.query.get('status') ?? 'active';
  const level = route.query.get('level') ?? '';
  const statusSelect = h('select', { 'aria-label': 'Status' }, STATUSES.map(([v, l]) => h('option', { value: v }, l)));
  statusSelect.value = status;
  const levelSelect = h('select', { 'aria-label': 'Level' },
    LEVELS.map((l) => h('option', { value: l }, l || 'Any level')));
  levelSelect.value = level;
  const onChange = () => {
    replaceHash(link(['errors'], { status: statusSelect.value || 'any', level: levelSelect.value }));
    void load(statusSelect.value, levelSelect.value);
  };
  statusSelect.addEventListener('change', onChange);
  levelSelect.addEventListener('change', onChange);
  const summary = h('span', { class: 'muted small' });
  const results = h('div', null, h('p', { class: 'muted' }, 'Loading errors…'));
  root.append(h('div', { class: 'page-head' }, h('h1', null, 'Errors'), summary),
    h('div', { class: 'toolbar' }, statusSelect, levelSelect), results);
  let controller = new AbortController();
  const load = async (s: string, l: string) => {
    controller.abort();
    controller = new AbortController();
    const q = new URLSearchParams();
    if (s && s !== 'any') q.set('status', s);
    if (l) q.set('level', l);
    try {
      const r = await rollbarCall<{ items: RollbarItem[]; total_count: number }>(
        `/api/1/items/?${q}`, undefined, controller.signal);
      summary.textContent = `${fmt.count(r.total_count)} item${r.total_count === 1 ? '' : 's'}, most recently seen first`;
      const table = r.items.length ? itemTable(r.items) : null;
      replace(results, table ?? h('div', { class: 'empty' },
        h('p', null, 'No items match. Errors arrive from Rollbar SDKs (endpoint http://HOST:8080/api/1/) and from exceptions recorded on OTLP spans and X-Ray segments.')));
      if (table) void fillSparklines(table, r.items, controller.signal);
    } catch (e) {
      if ((e as Error).name !== 'AbortError') replace(results, errorBox('Could not load errors.', (e as Error).message));
    }
  };
  results.addEventListener('click', (e) => {
    const row = (e.target as HTMLElement).closest('tr[data-href]') as HTMLElement | null;
    if (row && !(e.target as HTMLElement).closest('a')) location.hash = row.dataset.href!;
  });
  void load(status, level);
  const stopKeys = keyboard(root);
  return () => { controller.abort(); stopKeys(); };
}

const SPARK_W = 96;
const SPARK_H = 20;
const SPARK_FETCHES = 4;

// Bars of hourly counts ([bucket start, count] pairs), scaled to the
// tallest; a flat baseline when there were none.
function sparkline(counts: Array<[number, number]>): SVGElement {
  const max = Math.max(1, ...counts.map(([, c]) => c));
  const total = counts.reduce((n, [, c]) => n + c, 0);
  const w = SPARK_W / counts.length;
  const bars = counts.map(([, c], i) => {
    const bh = c ? Math.max(1.5, (c / max) * SPARK_H) : 0;
    return svg('rect', { x: i * w + 0.5, y: SPARK_H - bh, width: Math.max(1, w - 1), height: bh });
  });
  const marks = total ? bars : [svg('line', { x1: 0, x2: SPARK_W, y1: SPARK_H - 0.5, y2: SPARK_H - 0.5 })];
  const label = `${total} occurrence${total === 1 ? '' : 's'} in the last 24 hours`;
  return svg('svg', { class: 'spark', width: SPARK_W, height: SPARK_H, viewBox: `0 0 ${SPARK_W} ${SPARK_H}`,
    role: 'img', 'aria-label': label }, svg('title', {}, label), ...marks);
}

// Fills each row's "Last 24 h" cell from the item's hourly occurrence
// counts, a few requests at a time.
async function fillSparklines(table: HTMLElement, items: RollbarItem[], signal: AbortSignal): Promise<void> {
  const cells = [...table.querySelectorAll<HTMLElement>('td.spark-cell')];
  let next = 0;
  const worker = async () => {
    while (next < items.length && !signal.aborted) {
      const i = next++;
      try {
        const counts = await rollbarCall<Array<[number, number]>>(
          `/api/1/reports/occurrence_counts?bucket_size=3600&min_level=debug&item_id=${items[i].id}`,
          undefined, signal);
        replace(cells[i], sparkline(counts));
      } catch {
        cells[i].textContent = '';
      }
    }
  };
  await Promise.all(Array.from({ length: SPARK_FETCHES }, worker));
}

// The frames of the payload's trace (or the chain's first), newest call first.
function frames(data: RollbarData): { title: string; frames: RollbarFrame[] } | null {
  const trace = data.body?.trace ?? data.body?.trace_chain?.[0];
  if (!trace) return null;
  const ex = trace.exception ?? {};
  return { title: [ex.class, ex.message].filter(Boolean).join(': '), frames: [...(trace.frames ?? [])].reverse() };
}

function stackTrace(data: RollbarData): HTMLElement {
  const t = frames(data);
  if (!t) return h('pre', { class: 'stack' }, data.body?.message?.body ?? '(no stack trace)');
  return h('div', { id: 'stack-trace' }, h('p', { class: 'mono' }, t.title),
    h('ol', { class: 'frames' }, t.frames.map((f) => h('li', { class: 'frame' },
      h('span', { class: 'mono' }, `${f.filename ?? '?'}:${f.lineno ?? '?'}`), ' in ',
      h('span', { class: 'mono' }, f.method ?? '?'),
      f.code ? h('pre', { class: 'code' }, f.code) : null))));
}

function block(title: string, value: Record<string, unknown> | undefined): HTMLElement | null {
  if (!value || !Object.keys(value).length) return null;
  return h('div', null, h('h3', null, title), h('table', { class: 'kv' },
    Object.entries(value).map(([k, v]) => h('tr', null, h('th', null, k),
      h('td', { class: 'mono' }, typeof v === 'string' ? v : JSON.stringify(v))))));
}

function occurrenceList(instances: RollbarInstance[]): HTMLElement {
  return h('table', { class: 'grid', id: 'occurrences' },
    h('thead', null, h('tr', null, h('th', null, 'When'), h('th', null, 'Notifier'), h('th', null, 'Server'),
      h('th', null, 'Person'), h('th', null, 'Trace'))),
    h('tbody', null, instances.map((o) => h('tr', null,
      h('td', null, fmt.time(o.timestamp * 1000)),
      h('td', { class: 'muted' }, o.data?.notifier?.name ?? ''),
      h('td', null, String(o.data?.server?.host ?? '')),
      h('td', null, String(o.data?.person?.id ?? '')),
      h('td', null, o.trace_id ? h('a', { href: link(['traces', o.trace_id]), class: 'mono' }, `${o.trace_id.slice(0, 12)}…`) : '')))));
}

function actions(item: RollbarItem, onDone: () => void): HTMLElement {
  const message = h('span', { class: 'muted small' });
  const button = (label: string, status: string) => {
    const b = h('button', { type: 'button', disabled: item.status === status }, label);
    b.addEventListener('click', async () => {
      try {
        await rollbarCall(`/api/1/item/${item.id}`, { status });
        onDone();
      } catch (e) {
        message.textContent = `Could not change the status: ${(e as Error).message} (a key with the admin scope is needed when keys are on).`;
      }
    });
    return b;
  };
  return h('div', { class: 'toolbar', id: 'item-actions' },
    button('Resolve', 'resolved'), button('Mute', 'muted'), button('Reactivate', 'active'), message);
}

export function renderErrorItem(root: HTMLElement, route: Route): () => void {
  const id = route.path[1];
  const controller = new AbortController();
  const body = h('div', null, h('p', { class: 'muted' }, 'Loading the item…'));
  root.append(h('p', null, h('a', { href: link(['errors']) }, '← Errors')), body);
  const load = async () => {
    try {
      const item = await rollbarCall<RollbarItem>(`/api/1/item/${encodeURIComponent(id)}`, undefined, controller.signal);
      const { instances } = await rollbarCall<{ instances: RollbarInstance[] }>(
        `/api/1/item/${encodeURIComponent(id)}/instances/`, undefined, controller.signal);
      const newest = instances[0];
      const data = newest?.data ?? {};
      replace(body,
        h('div', { class: 'page-head' }, levelTag(item.level), h('h1', { id: 'item-title' }, item.title)),
        h('p', { class: 'muted', id: 'item-facts' },
          `#${item.counter} · ${item.status} · ${fmt.count(item.total_occurrences)} occurrences · ${item.environment}` +
          ` · first seen ${fmt.ago(item.first_occurrence_timestamp * 1000)}, last seen ${fmt.ago(item.last_occurrence_timestamp * 1000)}`),
        actions(item, () => void load()),
        newest?.trace_id ? h('p', null, 'The newest occurrence came from ',
          h('a', { href: link(['traces', newest.trace_id]), id: 'item-trace' }, `trace ${newest.trace_id}`), '.') : null,
        h('h2', null, 'Stack trace (newest occurrence)'), stackTrace(data),
        block('Request', data.request), block('Person', data.person), block('Server', data.server),
        h('h2', null, `Occurrences (${instances.length} newest)`), occurrenceList(instances));
    } catch (e) {
      if ((e as Error).name !== 'AbortError') replace(body, errorBox('Could not load this item.', (e as Error).message));
    }
  };
  void load();
  return () => controller.abort();
}
