// Draws the service map as inline SVG: a circle per node with a ring split
// into ok / errors / throttles / faults, its mean latency inside and name,
// type and counts below; an arrow per edge labelled with calls and mean
// latency. Colours come from the page's CSS variables (light and dark).
import { MapEdge, MapNode } from '../api';
import { svg } from '../dom';
import * as fmt from '../format';
import { Layout, ROW_H } from './layout';
import { edgeLabel, health, nodeLine, nodeOutcomes, Outcomes, summary } from './stats';

const R = 26;
const R_CLIENT = 16;
const MAX_NAME = 30;

const radius = (n: MapNode) => (n.client ? R_CLIENT : R);
const short = (s: string) => (s.length > MAX_NAME ? `${s.slice(0, MAX_NAME - 1)}…` : s);
const num = (v: number) => Math.round(v * 10) / 10;

function markers(): SVGElement {
  const defs = svg('defs');
  for (const kind of ['ok', 'error', 'fault', 'idle']) {
    defs.append(svg('marker', { id: `map-arrow-${kind}`, class: `arrow health-${kind}`, viewBox: '0 0 10 10',
      refX: 10, refY: 5, markerWidth: 9, markerHeight: 9, markerUnits: 'userSpaceOnUse', orient: 'auto' },
    svg('path', { d: 'M0,0 L10,5 L0,10 z' })));
  }
  return defs;
}

// The ring: one arc per outcome, in proportion to its count.
function ring(o: Outcomes): SVGElement[] {
  const arcs: SVGElement[] = [];
  let at = 0;
  for (const [kind, n] of [['ok', o.ok], ['error', o.errors], ['throttle', o.throttles], ['fault', o.faults]] as const) {
    if (!n || !o.count) continue;
    const len = (100 * n) / o.count;
    arcs.push(svg('circle', { r: R, class: `arc arc-${kind}`, pathLength: 100, transform: 'rotate(-90)',
      'stroke-dasharray': `${num(len)} ${num(100 - len)}`, 'stroke-dashoffset': num(-at) }));
    at += len;
  }
  return arcs;
}

function clientIcon(): SVGElement {
  return svg('g', { class: 'client-icon' }, svg('circle', { cx: 0, cy: -4, r: 4 }),
    svg('path', { d: 'M-7,9 C-7,1 7,1 7,9 z' }));
}

function node(n: MapNode, edges: MapEdge[], layout: Layout): SVGElement {
  const p = layout.pos.get(n.id)!;
  const o = nodeOutcomes(n, edges);
  const r = radius(n);
  const classes = ['map-node', `health-${n.client ? 'idle' : health(o)}`];
  if (n.client) classes.push('client');
  if (n.inferred) classes.push('inferred');
  const label = n.client ? 'Client' : short(n.name);
  const type = n.client ? n.name : n.type;
  const g = svg('g', { class: classes.join(' '), transform: `translate(${num(p.x)} ${num(p.y)})`, tabindex: 0,
    role: 'button', 'data-id': n.id, 'data-name': n.name, 'data-type': n.type,
    'aria-label': `${n.client ? 'Client of ' : ''}${n.name}: ${summary(o)}` },
  svg('title', {}, `${n.client ? 'Client of ' : ''}${n.name}${n.type && !n.client ? ` (${n.type})` : ''}\n${summary(o)}`),
  svg('circle', { r, class: 'node-bg' }));
  if (n.inferred) g.append(svg('circle', { r: r + 6, class: 'inferred-ring' }));
  if (n.client) g.append(clientIcon());
  else {
    g.append(...ring(o));
    g.append(svg('text', { class: 'node-ms', y: 4 }, o.count ? fmt.duration(o.avg_ms) : '–'));
  }
  g.append(svg('text', { class: 'node-name', y: r + 16 }, label));
  let y = r + 30;
  if (type) {
    g.append(svg('text', { class: 'node-type', y }, short(type)));
    y += 14;
  }
  g.append(svg('text', { class: 'node-line', y }, nodeLine(o)));
  return g;
}

// The path of an edge and where its label goes.
function geometry(e: MapEdge, nodes: Map<number, MapNode>, layout: Layout): { d: string; lx: number; ly: number } {
  const a = layout.pos.get(e.from)!;
  const b = layout.pos.get(e.to)!;
  const ra = radius(nodes.get(e.from)!);
  const rb = radius(nodes.get(e.to)!) + 2;
  if (e.from === e.to) {
    const y0 = a.y - ra * 0.87;
    const cy = a.y - ra * 2.6;
    const [l, r, cl, cr] = [a.x - ra * 0.5, a.x + ra * 0.5, a.x - ra * 1.6, a.x + ra * 1.6].map(num);
    return { d: `M${r},${num(y0)} C${cr},${num(cy)} ${cl},${num(cy)} ${l},${num(y0)}`,
      lx: a.x, ly: (2 * y0 + 6 * cy) / 8 - 4 };
  }
  if (!layout.back.has(e) && b.col > a.col) {
    const x1 = a.x + ra;
    const x2 = b.x - rb;
    const d = Math.max(40, (x2 - x1) / 2);
    return { d: `M${num(x1)},${num(a.y)} C${num(x1 + d)},${num(a.y)} ${num(x2 - d)},${num(b.y)} ${num(x2)},${num(b.y)}`,
      lx: (x1 + x2) / 2, ly: (a.y + b.y) / 2 - 5 };
  }
  // Against the flow: a curve under both nodes.
  const y1 = a.y + ra;
  const y2 = b.y + rb;
  const cx = (a.x + b.x) / 2;
  const cy = Math.max(y1, y2) + ROW_H * 0.6;
  return { d: `M${num(a.x)},${num(y1)} Q${num(cx)},${num(cy)} ${num(b.x)},${num(y2)}`,
    lx: (a.x + 2 * cx + b.x) / 4, ly: (y1 + 2 * cy + y2) / 4 + 12 };
}

function edge(e: MapEdge, nodes: Map<number, MapNode>, layout: Layout): SVGElement {
  const from = nodes.get(e.from)!;
  const to = nodes.get(e.to)!;
  const kind = health(e);
  const { d, lx, ly } = geometry(e, nodes, layout);
  const width = 1.5 + Math.min(3, Math.log10(e.count + 1));
  return svg('g', { class: `map-edge health-${kind}`, 'data-from': from.name, 'data-from-type': from.type,
    'data-to': to.name, 'data-to-type': to.type, 'data-count': e.count },
  svg('title', {}, `${from.client ? 'Client' : from.name} → ${to.name}\n${summary(e)}`),
  svg('path', { d, 'stroke-width': num(width), 'marker-end': `url(#map-arrow-${kind})` }),
  svg('text', { class: 'edge-label', x: num(lx), y: num(ly) }, edgeLabel(e)));
}

// The whole map as one <svg> sized to its layout.
export function drawMap(nodes: MapNode[], edges: MapEdge[], layout: Layout): SVGElement {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const root = svg('svg', { id: 'service-map', class: 'service-map', width: layout.width, height: layout.height,
    viewBox: `0 0 ${layout.width} ${layout.height}`, role: 'group', 'aria-label': 'Service map' }, markers());
  root.append(svg('g', { class: 'edges' }, ...edges.map((e) => edge(e, byId, layout))));
  root.append(svg('g', { class: 'nodes' }, ...nodes.map((n) => node(n, edges, layout))));
  return root;
}
