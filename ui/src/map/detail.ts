// The service map's detail panel: a node's requests, mean latency, outcome
// counts and rates, its callers and callees, and a link to its traces.
import { MapEdge, MapNode } from '../api';
import { h } from '../dom';
import * as fmt from '../format';
import { link } from '../router';
import { edgeLabel, health, nodeOutcomes, Outcomes, pct } from './stats';

function row(label: string, value: string, extra = ''): HTMLElement {
  return h('tr', null, h('th', null, label), h('td', null, value, extra ? h('span', { class: 'muted' }, ` (${extra})`) : null));
}

const plural = (n: number, word: string) => `${fmt.count(n)} ${word}${n === 1 ? '' : 's'}`;

function stats(o: Outcomes): HTMLElement {
  return h('table', { class: 'kv', id: 'map-node-stats' },
    row('Requests', fmt.count(o.count)),
    row('Avg latency', o.count ? fmt.duration(o.avg_ms) : '–'),
    row('OK', fmt.count(o.ok), pct(o.ok, o)),
    row('Error %', pct(o.errors + o.throttles, o), `${plural(o.errors + o.throttles, 'error')}, 4xx`),
    row('Throttles', fmt.count(o.throttles), `${pct(o.throttles, o)}, 429`),
    row('Fault %', pct(o.faults, o), `${plural(o.faults, 'fault')}, 5xx`));
}

function calls(title: string, list: Array<[MapNode, MapEdge]>): HTMLElement | null {
  if (!list.length) return null;
  return h('div', null, h('h3', null, title), h('table', { class: 'kv calls' },
    list.map(([n, e]) => h('tr', { class: `health-${health(e)}` },
      h('th', null, n.client ? 'Client' : n.name),
      h('td', null, edgeLabel(e), e.errors + e.throttles ? ` · ${pct(e.errors + e.throttles, e)} err` : '',
        e.faults ? ` · ${pct(e.faults, e)} fault` : '')))));
}

function kindText(n: MapNode): string {
  if (n.client) return `client: requests that entered ${n.name}`;
  if (n.inferred) return `${n.type || 'remote'} · inferred from its callers' CLIENT spans`;
  return [n.type || 'service', n.root ? 'receives root requests' : ''].filter(Boolean).join(' · ');
}

// The panel for `node`; `range` (seconds) carries over to its traces link.
export function nodeDetail(node: MapNode, nodes: MapNode[], edges: MapEdge[], range: string): HTMLElement {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const o = nodeOutcomes(node, edges);
  const callers = edges.filter((e) => e.to === node.id).map((e) => [byId.get(e.from)!, e] as [MapNode, MapEdge]);
  const callees = edges.filter((e) => e.from === node.id).map((e) => [byId.get(e.to)!, e] as [MapNode, MapEdge]);
  const traces = node.inferred ? null : h('p', null,
    h('a', { id: 'map-traces-link', href: link(['traces'], { service: node.name, range }) }, `Traces of ${node.name} →`));
  return h('div', { id: 'map-detail-body', dataset: { name: node.name, type: node.type } },
    h('h2', null, node.client ? `Client of ${node.name}` : node.name),
    h('p', { class: 'muted small' }, kindText(node)),
    stats(o), traces,
    calls('Called by', callers), calls('Calls', callees));
}

// The panel before anything is selected.
export function noSelection(): HTMLElement {
  return h('div', { class: 'muted' }, h('h2', null, 'Details'),
    h('p', null, 'Click a node for its requests, latency, errors and faults, and a link to its traces.'));
}
