// Turns a trace's spans into a tree for the waterfall: children under their
// parents ordered by start, placeholders for parents that never arrived, and
// the flat list of rows visible given the collapsed subtrees. Iterative, so
// deep traces cannot overflow the stack; O(n log n) for n spans.
import { attr, Span } from '../api';

export interface SpanNode {
  id: string;
  span: Span | null;  // null: a placeholder for a parent that is missing.
  name: string;
  service: string;
  depth: number;
  startMs: number;  // Offset from the trace's first span start.
  durationMs: number;
  error: boolean;
  children: SpanNode[];
  descendants: number;
  parent: SpanNode | null;
}

export interface SpanTree {
  roots: SpanNode[];
  nodes: Map<string, SpanNode>;
  startNanos: bigint;  // Earliest span start.
  totalMs: number;  // Latest end − earliest start.
  spanCount: number;
  missingParents: number;
}

function toBig(s: string): bigint {
  try { return BigInt(s || '0'); } catch { return 0n; }
}

function makeNodes(spans: Span[], start: bigint): Map<string, SpanNode> {
  const nodes = new Map<string, SpanNode>();
  for (const span of spans) {
    if (nodes.has(span.span_id)) continue;  // A duplicate id keeps its first span.
    nodes.set(span.span_id, {
      id: span.span_id, span, name: span.name,
      service: attr(span.resource?.attributes, 'service.name') || span.dataset,
      depth: 0, startMs: Number(toBig(span.start_time_unix_nano) - start) / 1e6,
      durationMs: Math.max(0, span.duration_ms), error: span.status?.code === 2,
      children: [], descendants: 0, parent: null,
    });
  }
  return nodes;
}

function placeholder(id: string): SpanNode {
  return { id, span: null, name: '(missing span)', service: '', depth: 0, startMs: Infinity, durationMs: 0,
    error: false, children: [], descendants: 0, parent: null };
}

// Links children to parents; returns the roots (spans without a parent,
// placeholders for absent parents) and how many placeholders there are.
function link(nodes: Map<string, SpanNode>): { roots: SpanNode[]; missing: number } {
  const roots: SpanNode[] = [];
  const missing = new Map<string, SpanNode>();
  for (const node of nodes.values()) {
    const parentId = node.span!.parent_span_id;
    if (!parentId || parentId === node.id) { roots.push(node); continue; }
    let parent = nodes.get(parentId) ?? missing.get(parentId);
    if (!parent) {
      parent = placeholder(parentId);
      missing.set(parentId, parent);
      roots.push(parent);
    }
    parent.children.push(node);
    node.parent = parent;
  }
  // A placeholder spans its children. Loops, not Math.max(...spread): a
  // missing parent may have more children than a call takes arguments.
  for (const p of missing.values()) {
    let end = -Infinity;
    for (const c of p.children) {
      p.startMs = Math.min(p.startMs, c.startMs);
      end = Math.max(end, c.startMs + c.durationMs);
    }
    p.durationMs = end - p.startMs;
  }
  return { roots, missing: missing.size };
}

// Sets depths and descendant counts, sorts siblings; nodes unreachable from
// any root (a parent cycle in hostile data) become roots themselves.
function walk(roots: SpanNode[], nodes: Map<string, SpanNode>): SpanNode[] {
  const byStart = (a: SpanNode, b: SpanNode) => a.startMs - b.startMs || a.name.localeCompare(b.name);
  const seen = new Set<SpanNode>();
  const order: SpanNode[] = [];
  const visit = (root: SpanNode) => {
    const stack = [root];
    while (stack.length) {
      const node = stack.pop()!;
      if (seen.has(node)) continue;
      seen.add(node);
      order.push(node);
      node.children.sort(byStart);
      for (const c of node.children) { c.depth = node.depth + 1; stack.push(c); }
    }
  };
  roots.forEach(visit);
  for (const node of nodes.values()) {
    if (!seen.has(node)) {
      node.parent?.children.splice(node.parent.children.indexOf(node), 1);
      node.parent = null;
      node.depth = 0;
      roots.push(node);
      visit(node);
    }
  }
  for (let i = order.length - 1; i >= 0; i--) {
    const n = order[i];
    if (n.parent) n.parent.descendants += n.descendants + 1;
  }
  return roots.sort(byStart);
}

export function buildTree(spans: Span[]): SpanTree {
  let start = spans.length ? toBig(spans[0].start_time_unix_nano) : 0n;
  for (const s of spans) { const t = toBig(s.start_time_unix_nano); if (t < start) start = t; }
  const nodes = makeNodes(spans, start);
  const { roots, missing } = link(nodes);
  let total = 0;
  for (const n of nodes.values()) total = Math.max(total, n.startMs + n.durationMs);
  return { roots: walk(roots, nodes), nodes, startNanos: start, totalMs: total, spanCount: nodes.size,
    missingParents: missing };
}

// The rows shown, in display order: every node whose ancestors are all
// expanded.
export function visibleRows(tree: SpanTree, collapsed: Set<string>): SpanNode[] {
  const rows: SpanNode[] = [];
  const stack = [...tree.roots].reverse();
  while (stack.length) {
    const node = stack.pop()!;
    rows.push(node);
    if (collapsed.has(node.id)) continue;
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
  }
  return rows;
}
