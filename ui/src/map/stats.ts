// Outcome counts of service map nodes and edges: totals, percentages and the
// health colour class (ok, error, fault) used by the drawing and the panel.
import { MapEdge, MapNode, MapOutcomes } from '../api';
import * as fmt from '../format';

// Request counts and mean latency of a node or an edge.
export type Outcomes = MapOutcomes;

export type Health = 'ok' | 'error' | 'fault' | 'idle';

// A node's own counts; a client node (count 0) counts its outgoing calls.
export function nodeOutcomes(node: MapNode, edges: MapEdge[]): Outcomes {
  if (!node.client || node.count > 0) return node;
  const sum: Outcomes = { count: 0, ok: 0, errors: 0, throttles: 0, faults: 0, avg_ms: 0 };
  let totalMs = 0;
  for (const e of edges) {
    if (e.from !== node.id) continue;
    sum.count += e.count;
    sum.ok += e.ok;
    sum.errors += e.errors;
    sum.throttles += e.throttles;
    sum.faults += e.faults;
    totalMs += e.avg_ms * e.count;
  }
  sum.avg_ms = sum.count ? totalMs / sum.count : 0;
  return sum;
}

// Faults (5xx) make it red, errors or throttles (4xx) yellow, else green.
export function health(o: Outcomes): Health {
  if (o.count === 0) return 'idle';
  if (o.faults > 0) return 'fault';
  if (o.errors + o.throttles > 0) return 'error';
  return 'ok';
}

// The share of `part` in `o.count` as "25%" or "2.7%" ("0%" when none).
export function pct(part: number, o: Outcomes): string {
  if (!o.count || !part) return '0%';
  const v = (100 * part) / o.count;
  return `${v >= 10 ? v.toFixed(0) : Number(v.toPrecision(2))}%`;
}

// "1,234 · 12.5 ms": calls and mean latency, the label of an edge.
export function edgeLabel(o: Outcomes): string {
  return `${fmt.count(o.count)} · ${fmt.duration(o.avg_ms)}`;
}

// "4 req · 25% err · 25% fault": the line under a node.
export function nodeLine(o: Outcomes): string {
  const parts = [`${fmt.count(o.count)} req`];
  if (o.errors + o.throttles) parts.push(`${pct(o.errors + o.throttles, o)} err`);
  if (o.faults) parts.push(`${pct(o.faults, o)} fault`);
  return parts.join(' · ');
}

// Every count on one line, for tooltips.
export function summary(o: Outcomes): string {
  return `${fmt.count(o.count)} requests, avg ${fmt.duration(o.avg_ms)}, ` +
    `${fmt.count(o.errors)} errors, ${fmt.count(o.throttles)} throttles, ${fmt.count(o.faults)} faults`;
}
