// Service map: services, their clients and the databases and remote services
// they call, as a left-to-right graph (GET /api/v1/service_map), refreshed
// every 10 s. Clicking a node shows its numbers and a link to its traces.
import { call, MapNode, ServiceMap } from '../api';
import { errorBox, h, replace } from '../dom';
import * as fmt from '../format';
import { drawMap } from '../map/draw';
import { nodeDetail, noSelection } from '../map/detail';
import { layoutMap } from '../map/layout';
import { link, replaceHash, Route } from '../router';
import { RANGES } from './traces';

const REFRESH_MS = 10_000;
const DEFAULT_RANGE = '3600';

function legend(): HTMLElement {
  const item = (cls: string, label: string) => h('span', null, h('span', { class: `swatch ${cls}` }), label);
  return h('div', { class: 'map-legend muted small' }, item('ok', 'OK'), item('error', 'Errors (4xx)'),
    item('throttle', 'Throttles (429)'), item('fault', 'Faults (5xx)'), item('inferred', 'Inferred (not traced)'));
}

function emptyState(): HTMLElement {
  return h('div', { class: 'empty', id: 'map-empty' }, h('h2', null, 'No traces in this time range'),
    h('p', { class: 'muted' }, 'Pick a longer time range, or send traces: OpenTelemetry (OTLP on port 4318) or the ',
      'X-Ray SDK (daemon on UDP port 2000). Calls between services appear once CLIENT spans have SERVER children ',
      'in another service; see ', h('a', { href: '#/' }, 'Home'), ' for the exact settings.'));
}

// Identity of a node across refreshes (ids may change between answers).
const keyOf = (n: MapNode) => `${n.type}\u0000${n.name}`;

// Renders the map page for `#/map?range=SECONDS`; the cleanup stops the refresh.
export function renderMap(root: HTMLElement, route: Route): () => void {
  let range = route.query.get('range') || DEFAULT_RANGE;
  const rangeSelect = h('select', { name: 'range', 'aria-label': 'Time range' },
    RANGES.map(([v, l]) => h('option', { value: v }, l)));
  if (!RANGES.some(([v]) => v === range)) rangeSelect.append(h('option', { value: range }, `Last ${range} s`));
  rangeSelect.value = range;
  const summary = h('span', { class: 'muted small', id: 'map-summary' });
  const canvas = h('div', { class: 'map-canvas' }, h('p', { class: 'muted' }, 'Loading the service map…'));
  const detail = h('aside', { class: 'detail map-detail', id: 'map-detail' }, noSelection());
  const body = h('div', { class: 'map-layout' }, canvas, detail);
  root.append(h('div', { class: 'page-head' }, h('h1', null, 'Service map'), summary),
    h('div', { class: 'toolbar' }, rangeSelect, legend()), body);

  let data: ServiceMap | null = null;
  let selected: string | null = null;
  let timer = 0;
  let stopped = false;
  let controller = new AbortController();

  const showDetail = () => {
    const node = data?.nodes.find((n) => keyOf(n) === selected);
    if (!node) selected = null;
    replace(detail, node && data ? nodeDetail(node, data.nodes, data.edges, range) : noSelection());
    for (const el of canvas.querySelectorAll('.map-node')) {
      el.classList.toggle('selected', (el as SVGElement).dataset.id === String(node?.id));
    }
  };
  const draw = (m: ServiceMap) => {
    const ids = new Set(m.nodes.map((n) => n.id));
    m.edges = m.edges.filter((e) => ids.has(e.from) && ids.has(e.to));
    data = m;
    const scroll = [canvas.scrollLeft, canvas.scrollTop];
    replace(canvas, m.nodes.length ? drawMap(m.nodes, m.edges, layoutMap(m.nodes, m.edges)) : emptyState());
    [canvas.scrollLeft, canvas.scrollTop] = scroll;
    const services = m.nodes.filter((n) => !n.client && !n.inferred).length;
    summary.textContent = `${fmt.count(services)} service${services === 1 ? '' : 's'} from ${fmt.count(m.traces)} ` +
      `trace${m.traces === 1 ? '' : 's'} · updated ${fmt.time(Date.now()).slice(11, 19)} · refreshes every ${REFRESH_MS / 1000} s`;
    showDetail();
  };
  const refresh = async () => {
    clearTimeout(timer);
    controller.abort();
    controller = new AbortController();
    try {
      const m = await call<ServiceMap>(`/api/v1/service_map?range=${encodeURIComponent(range)}`, undefined, controller.signal);
      if (!stopped) draw(m);
    } catch (e) {
      if ((e as Error).name === 'AbortError') return;
      if (!stopped) replace(canvas, errorBox('Could not load the service map.', (e as Error).message));
    }
    if (!stopped) timer = window.setTimeout(refresh, REFRESH_MS);
  };

  const select = (target: EventTarget | null) => {
    const el = (target as Element | null)?.closest?.('.map-node') as SVGElement | null;
    const node = el ? data?.nodes.find((n) => String(n.id) === el.dataset.id) : undefined;
    selected = node ? keyOf(node) : null;
    showDetail();
  };
  canvas.addEventListener('click', (e) => select(e.target));
  canvas.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); select(e.target); }
    if (e.key === 'Escape') select(null);
  });
  rangeSelect.addEventListener('change', () => {
    range = rangeSelect.value;
    replaceHash(link(['map'], { range: range === DEFAULT_RANGE ? '' : range }));
    void refresh();
  });
  void refresh();
  return () => {
    stopped = true;
    clearTimeout(timer);
    controller.abort();
  };
}
