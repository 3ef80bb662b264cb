// One trace as a waterfall: virtualized rows (only the visible ones are in
// the DOM, so 10,000 spans scroll smoothly), collapsible subtrees, a detail
// panel with every attribute, event and link, and the trace's log lines.
// Keys: ↑/↓ select, ←/→ collapse/expand, Enter toggles.
import { call, LogRecord, Span, valueText } from '../api';
import { errorBox, h, replace } from '../dom';
import * as fmt from '../format';
import { link, Route } from '../router';
import { buildTree, SpanNode, SpanTree, visibleRows } from '../waterfall/tree';
import { renderDetail } from '../waterfall/detail';

const ROW_H = 24;
const OVERSCAN = 12;

interface State {
  tree: SpanTree;
  rows: SpanNode[];
  collapsed: Set<string>;
  selected: SpanNode | null;
  logs: LogRecord[];
}

function ticks(totalMs: number): HTMLElement {
  const el = h('div', { class: 'ruler' });
  for (let i = 0; i <= 4; i++) {
    el.appendChild(h('span', { style: `left:${i * 25}%` }, fmt.duration((totalMs * i) / 4)));
  }
  return el;
}

// Where a bar's duration label fits: after the bar, before it, or inside.
function labelPlace(left: number, width: number): 'after' | 'before' | 'inside' {
  if (left + width <= 85) return 'after';
  return left >= 15 ? 'before' : 'inside';
}

function labelStyle(left: number, width: number): string {
  const place = labelPlace(left, width);
  if (place === 'after') return `left:${left + width + 0.5}%`;
  if (place === 'before') return `right:${100 - left + 0.5}%`;
  return `left:${left + 0.5}%`;
}

function row(node: SpanNode, index: number, st: State): HTMLElement {
  const total = st.tree.totalMs || 1;
  const left = (100 * node.startMs) / total;
  const width = Math.max((100 * node.durationMs) / total, 0.15);
  const color = node.span ? fmt.serviceColor(node.service) : 'var(--muted)';
  const hasChildren = node.children.length > 0;
  const collapsed = st.collapsed.has(node.id);
  const toggle = hasChildren
    ? h('button', { class: 'toggle', 'aria-label': collapsed ? 'expand' : 'collapse', dataset: { toggle: node.id } },
      collapsed ? '▸' : '▾')
    : h('span', { class: 'toggle' });
  const events = (node.span?.events ?? []).map((e) => {
    const at = Number(BigInt(e.time_unix_nano || '0') - st.tree.startNanos) / 1e6;
    return h('span', { class: `event-dot${e.name === 'exception' ? ' exception' : ''}`,
      style: `left:${(100 * at) / total}%`, title: e.name });
  });
  return h('div', {
    class: `span-row${node === st.selected ? ' selected' : ''}${node.error ? ' error' : ''}${node.span ? '' : ' missing'}`,
    style: `top:${index * ROW_H}px`, role: 'row',
    dataset: { index: String(index), depth: String(node.depth), spanId: node.id, name: node.name },
  },
  h('div', { class: 'name-cell', style: `padding-left:${6 + Math.min(node.depth, 40) * 14}px` }, toggle,
    h('span', { class: 'dot', style: `background:${color}` }),
    h('span', { class: 'svc' }, node.service), ' ', h('span', { class: 'span-name' }, node.name),
    collapsed ? h('span', { class: 'muted small' }, ` +${node.descendants}`) : null),
  h('div', { class: 'time-cell' },
    h('div', { class: 'bar', style: `left:${left}%;width:${width}%;background:${color}` }), events,
    h('span', { class: `bar-label${labelPlace(left, width) === 'inside' ? ' inside' : ''}`, style: labelStyle(left, width) },
      fmt.duration(node.durationMs))));
}

function logTable(logs: LogRecord[], onPick: (spanId: string) => void): HTMLElement {
  if (!logs.length) return h('p', { class: 'muted' }, 'No log lines carry this trace id.');
  const sorted = [...logs].sort((a, b) => Number(BigInt(a.time_unix_nano || '0') - BigInt(b.time_unix_nano || '0')));
  return h('table', { class: 'grid compact', id: 'trace-logs' },
    h('thead', null, h('tr', null, h('th', null, 'Time'), h('th', null, 'Severity'), h('th', null, 'Body'), h('th', null, 'Span'))),
    h('tbody', null, sorted.map((l) => h('tr', { class: l.span_id ? 'clickable' : '', onclick: () => l.span_id && onPick(l.span_id) },
      h('td', { class: 'nowrap' }, fmt.time(fmt.nanosToMs(l.time_unix_nano))),
      h('td', null, h('span', { class: `sev sev-${(l.severity_text || 'unset').toLowerCase()}` }, l.severity_text || String(l.severity_number || ''))),
      h('td', { class: 'body-cell' }, valueText(l.body)),
      h('td', { class: 'mono muted' }, l.span_id.slice(0, 8))))));
}

function summary(tree: SpanTree, spans: Span[]): HTMLElement {
  const services = new Set([...tree.nodes.values()].map((n) => n.service));
  const errors = [...tree.nodes.values()].filter((n) => n.error).length;
  const first = fmt.nanosToMs(tree.startNanos.toString());
  return h('div', { class: 'facts' },
    h('span', null, h('b', { id: 'span-count' }, fmt.count(tree.spanCount)), ' spans'),
    h('span', null, h('b', null, fmt.duration(tree.totalMs)), ' total'),
    h('span', null, h('b', null, services.size), ' services'),
    errors ? h('span', { class: 'tag error' }, `${errors} error${errors > 1 ? 's' : ''}`) : null,
    h('span', { class: 'muted' }, fmt.time(first)),
    tree.missingParents ? h('span', { class: 'tag warn' }, `${tree.missingParents} missing parent span(s)`) : null,
    h('span', { class: 'mono muted' }, spans[0]?.trace_id ?? ''));
}

export function renderTrace(root: HTMLElement, route: Route): () => void {
  const traceId = route.path[1];
  root.appendChild(h('p', { class: 'muted' }, 'Loading trace…'));
  const controller = new AbortController();
  let cleanup = () => {};
  Promise.all([
    call<{ spans: Span[] }>(`/api/v1/traces/${encodeURIComponent(traceId)}`, undefined, controller.signal),
    call<{ logs: LogRecord[] }>(`/api/v1/logs?trace_id=${encodeURIComponent(traceId)}&limit=1000`, undefined,
      controller.signal).catch(() => ({ logs: [] as LogRecord[] })),
  ]).then(([{ spans }, { logs }]) => {
    cleanup = mount(root, spans, logs);
  }).catch((e) => {
    if ((e as Error).name === 'AbortError') return;
    replace(root, h('p', null, h('a', { href: link(['traces']) }, '← Traces')),
      errorBox(`Could not load trace ${traceId}.`, (e as Error).message));
  });
  return () => { controller.abort(); cleanup(); };
}

function mount(root: HTMLElement, spans: Span[], logs: LogRecord[]): () => void {
  const tree = buildTree(spans);
  const st: State = { tree, rows: [], collapsed: new Set(), selected: null, logs };
  st.rows = visibleRows(tree, st.collapsed);
  st.selected = st.rows[0] ?? null;
  const canvas = h('div', { class: 'rows', role: 'grid' });
  const viewport = h('div', { class: 'viewport', id: 'waterfall-viewport', tabindex: '0' }, canvas);
  const detail = h('aside', { class: 'detail', id: 'span-detail' });
  const rootName = tree.roots[0]?.name ?? 'Trace';
  replace(root,
    h('div', { class: 'page-head' }, h('a', { href: link(['traces']) }, '← Traces'), h('h1', null, rootName)),
    summary(tree, spans),
    h('div', { class: 'trace-layout' },
      h('section', { class: 'waterfall', id: 'waterfall' },
        h('div', { class: 'wf-head' }, h('div', { class: 'name-cell' }, 'Service · span'),
          h('div', { class: 'time-cell' }, ticks(tree.totalMs))), viewport),
      detail),
    h('h2', null, `Log lines (${logs.length})`),
    logTable(logs, (id) => select(tree.nodes.get(id) ?? null, true)));

  let frame = 0;
  const draw = () => {
    frame = 0;
    canvas.style.height = `${st.rows.length * ROW_H}px`;
    const first = Math.max(0, Math.floor(viewport.scrollTop / ROW_H) - OVERSCAN);
    const last = Math.min(st.rows.length, Math.ceil((viewport.scrollTop + viewport.clientHeight) / ROW_H) + OVERSCAN);
    const els: HTMLElement[] = [];
    for (let i = first; i < last; i++) els.push(row(st.rows[i], i, st));
    replace(canvas, els);
  };
  const schedule = () => { if (!frame) frame = requestAnimationFrame(draw); };
  const select = (node: SpanNode | null, reveal: boolean) => {
    if (!node) return;
    if (reveal) {
      for (let p = node.parent; p; p = p.parent) st.collapsed.delete(p.id);
      st.rows = visibleRows(tree, st.collapsed);
    }
    st.selected = node;
    const index = st.rows.indexOf(node);
    if (index >= 0) {
      const top = index * ROW_H;
      if (top < viewport.scrollTop) viewport.scrollTop = top;
      else if (top + ROW_H > viewport.scrollTop + viewport.clientHeight) viewport.scrollTop = top + ROW_H - viewport.clientHeight;
    }
    replace(detail, renderDetail(node, tree, logs));
    schedule();
  };
  const toggle = (node: SpanNode, open?: boolean) => {
    if (!node.children.length) return;
    const isOpen = !st.collapsed.has(node.id);
    if (open === isOpen) return;
    if (isOpen) st.collapsed.add(node.id); else st.collapsed.delete(node.id);
    st.rows = visibleRows(tree, st.collapsed);
    schedule();
  };
  viewport.addEventListener('scroll', schedule, { passive: true });
  canvas.addEventListener('click', (e) => {
    const target = e.target as HTMLElement;
    const rowEl = target.closest('.span-row') as HTMLElement | null;
    if (!rowEl) return;
    const node = st.rows[Number(rowEl.dataset.index)];
    if (target.closest('[data-toggle]')) toggle(node);
    select(node, false);
    viewport.focus({ preventScroll: true });
  });
  viewport.addEventListener('keydown', (e) => {
    const cur = st.selected ? st.rows.indexOf(st.selected) : -1;
    const node = st.selected;
    if (e.key === 'ArrowDown' || e.key === 'j') select(st.rows[Math.min(st.rows.length - 1, cur + 1)] ?? null, false);
    else if (e.key === 'ArrowUp' || e.key === 'k') select(st.rows[Math.max(0, cur - 1)] ?? null, false);
    else if (e.key === 'ArrowLeft' && node) {
      if (node.children.length && !st.collapsed.has(node.id)) toggle(node, false); else select(node.parent, false);
    } else if (e.key === 'ArrowRight' && node) toggle(node, true);
    else if (e.key === 'Enter' && node) toggle(node);
    else return;
    e.preventDefault();
  });
  const onResize = () => schedule();
  window.addEventListener('resize', onResize);
  select(st.selected, false);
  draw();
  viewport.focus({ preventScroll: true });
  return () => {
    window.removeEventListener('resize', onResize);
    if (frame) cancelAnimationFrame(frame);
  };
}
