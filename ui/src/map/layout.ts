// A layered, left-to-right layout of the service map: client nodes in
// column 0, every other node in the column of its longest path from a source
// (edges that close a cycle are set aside first), nodes spread vertically in
// each column in the order of their callers. Linear in nodes plus edges.
import { MapEdge, MapNode } from '../api';

const COL_W = 250;
export const ROW_H = 130;
const PAD_X = 110;
const PAD_TOP = 60;
const PAD_BOTTOM = 90;

export interface Placed {
  x: number;
  y: number;
  col: number;
}

export interface Layout {
  pos: Map<number, Placed>; // by node id
  back: Set<MapEdge>; // edges drawn against the flow (they close a cycle)
  width: number;
  height: number;
}

function push<T>(map: Map<number, T[]>, key: number, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

// Edges that close a cycle, found by a depth-first search from the clients,
// then from nodes nobody calls, then from whatever is left.
function backEdges(nodes: MapNode[], out: Map<number, MapEdge[]>, called: Set<number>): Set<MapEdge> {
  const state = new Map<number, 1 | 2>(); // 1 = on the stack, 2 = done
  const back = new Set<MapEdge>();
  const starts = [...nodes.filter((n) => n.client), ...nodes.filter((n) => !n.client && !called.has(n.id)), ...nodes];
  for (const start of starts) {
    if (state.has(start.id)) continue;
    const stack: Array<[number, number]> = [[start.id, 0]];
    state.set(start.id, 1);
    while (stack.length) {
      const top = stack[stack.length - 1];
      const edges = out.get(top[0]) ?? [];
      if (top[1] >= edges.length) {
        state.set(top[0], 2);
        stack.pop();
        continue;
      }
      const e = edges[top[1]++];
      const s = state.get(e.to);
      if (s === 1) back.add(e);
      else if (s === undefined) {
        state.set(e.to, 1);
        stack.push([e.to, 0]);
      }
    }
  }
  return back;
}

// Column of every node: the longest path from a source over forward edges.
function columns(nodes: MapNode[], edges: MapEdge[], back: Set<MapEdge>): Map<number, number> {
  const col = new Map<number, number>(nodes.map((n) => [n.id, 0]));
  const indegree = new Map<number, number>(nodes.map((n) => [n.id, 0]));
  const out = new Map<number, MapEdge[]>();
  const called = new Set<number>();
  for (const e of edges) {
    if (back.has(e)) continue;
    called.add(e.to);
    indegree.set(e.to, (indegree.get(e.to) ?? 0) + 1);
    push(out, e.from, e);
  }
  const queue = nodes.filter((n) => indegree.get(n.id) === 0).map((n) => n.id);
  for (let i = 0; i < queue.length; i++) {
    const from = queue[i];
    for (const e of out.get(from) ?? []) {
      col.set(e.to, Math.max(col.get(e.to) ?? 0, (col.get(from) ?? 0) + 1));
      const left = (indegree.get(e.to) ?? 0) - 1;
      indegree.set(e.to, left);
      if (left === 0) queue.push(e.to);
    }
  }
  // A service nobody calls sits just before the first node it calls, not
  // in column 0, so its arrows stay short.
  for (const n of nodes) {
    const calls = out.get(n.id);
    if (n.client || !calls || called.has(n.id)) continue;
    col.set(n.id, Math.max(0, Math.min(...calls.map((e) => col.get(e.to) ?? 0)) - 1));
  }
  return col;
}

// Positions every node; `edges` must only name ids present in `nodes`.
export function layoutMap(nodes: MapNode[], edges: MapEdge[]): Layout {
  const out = new Map<number, MapEdge[]>();
  const callers = new Map<number, number[]>();
  for (const e of edges) {
    push(out, e.from, e);
    if (e.from !== e.to) push(callers, e.to, e.from);
  }
  const back = backEdges(nodes, out, new Set(callers.keys()));
  const col = columns(nodes, edges, back);
  const byCol: MapNode[][] = [];
  for (const n of nodes) (byCol[col.get(n.id)!] ??= []).push(n);
  // Order each column by the mean position of its callers (fewer crossings).
  const rank = new Map<number, number>();
  const byName = (a: MapNode, b: MapNode) => a.name.localeCompare(b.name) || a.type.localeCompare(b.type);
  for (const column of byCol) {
    if (!column) continue;
    const key = new Map<number, number>();
    for (const n of column) {
      const ranks = (callers.get(n.id) ?? []).map((c) => rank.get(c)).filter((r) => r !== undefined) as number[];
      key.set(n.id, ranks.length ? ranks.reduce((a, b) => a + b, 0) / ranks.length : Infinity);
    }
    column.sort((a, b) => (key.get(a.id)! - key.get(b.id)!) || byName(a, b));
    column.forEach((n, i) => rank.set(n.id, (i + 0.5) / column.length));
  }
  const rows = Math.max(1, ...byCol.map((c) => c?.length ?? 0));
  const pos = new Map<number, Placed>();
  byCol.forEach((column, c) => {
    const top = PAD_TOP + ((rows - column.length) * ROW_H) / 2;
    column.forEach((n, i) => pos.set(n.id, { x: PAD_X + c * COL_W, y: top + i * ROW_H, col: c }));
  });
  return {
    pos, back,
    width: PAD_X * 2 + Math.max(0, byCol.length - 1) * COL_W,
    height: PAD_TOP + PAD_BOTTOM + (rows - 1) * ROW_H,
  };
}
