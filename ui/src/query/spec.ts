// The query specification (shared/specs/query.md §1) as the builder edits it,
// and its round trip through the URL so every query is a shareable link.

export interface Calculation { op: string; column?: string }
export interface Filter { column: string; op: string; value?: unknown }
export interface Order { column?: string; op?: string; order?: 'ascending' | 'descending' }
export interface Having { calculate_op: string; column?: string; op: string; value: number }

export interface QuerySpec {
  calculations: Calculation[];
  filters: Filter[];
  filter_combination?: 'AND' | 'OR';
  breakdowns: string[];
  orders: Order[];
  havings: Having[];
  limit?: number;
  time_range?: number;
  granularity?: number;
}

export const CALC_OPS = ['COUNT', 'CONCURRENCY', 'SUM', 'AVG', 'COUNT_DISTINCT', 'MAX', 'MIN', 'P001', 'P01',
  'P05', 'P10', 'P20', 'P25', 'P50', 'P75', 'P80', 'P90', 'P95', 'P99', 'P999', 'HEATMAP', 'RATE_AVG',
  'RATE_SUM', 'RATE_MAX'];
export const FILTER_OPS = ['=', '!=', '>', '>=', '<', '<=', 'starts-with', 'does-not-start-with', 'ends-with',
  'does-not-end-with', 'contains', 'does-not-contain', 'exists', 'does-not-exist', 'in', 'not-in'];
export const HAVING_OPS = ['=', '!=', '>', '>=', '<', '<='];
// Columns every span dataset has, offered before the dataset's own.
export const DERIVED_COLUMNS = ['duration_ms', 'name', 'service.name', 'error', 'status_code', 'span.kind',
  'trace.trace_id', 'trace.span_id', 'trace.parent_id'];

export function needsColumn(op: string): boolean {
  return op !== 'COUNT' && op !== 'CONCURRENCY';
}

export function needsValue(op: string): boolean {
  return op !== 'exists' && op !== 'does-not-exist';
}

// The result key of a calculation: "COUNT" or "P99(duration_ms)".
export function calcKey(c: { op: string; column?: string }): string {
  return needsColumn(c.op) ? `${c.op}(${c.column ?? ''})` : c.op;
}

export function emptySpec(): QuerySpec {
  return { calculations: [{ op: 'COUNT' }], filters: [], breakdowns: [], orders: [], havings: [], time_range: 7200 };
}

// Filter text → typed value: lists for in/not-in, numbers, booleans, else text.
export function parseValue(op: string, text: string): unknown {
  if (op === 'in' || op === 'not-in') return text.split(',').map((s) => parseScalar(s.trim()));
  return parseScalar(text);
}

function parseScalar(text: string): unknown {
  if (text === 'true' || text === 'false') return text === 'true';
  if (text.trim() !== '' && /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(text.trim())) return Number(text);
  return text;
}

export function valueToText(v: unknown): string {
  if (Array.isArray(v)) return v.map(String).join(', ');
  return v === undefined || v === null ? '' : String(v);
}

// The spec as sent: empty clauses dropped, incomplete ones removed.
export function cleanSpec(s: QuerySpec): QuerySpec {
  const out: QuerySpec = {
    calculations: s.calculations.filter((c) => !needsColumn(c.op) || c.column)
      .map((c) => (needsColumn(c.op) ? { op: c.op, column: c.column } : { op: c.op })),
    filters: s.filters.filter((f) => f.column).map((f) => (needsValue(f.op) ? f : { column: f.column, op: f.op })),
    breakdowns: s.breakdowns.filter((b) => b),
    orders: s.orders.filter((o) => o.column || o.op),
    havings: s.havings.filter((h) => h.calculate_op && Number.isFinite(h.value)),
  };
  if (!out.calculations.length) out.calculations = [{ op: 'COUNT' }];
  if (s.filter_combination === 'OR') out.filter_combination = 'OR';
  if (s.limit) out.limit = s.limit;
  if (s.time_range) out.time_range = s.time_range;
  if (s.granularity) out.granularity = s.granularity;
  return out;
}

// Reads the spec from the URL's `q` parameter (JSON); defaults when absent
// or unreadable.
export function specFromUrl(q: string | null): QuerySpec {
  const base = emptySpec();
  if (!q) return base;
  try {
    const parsed = JSON.parse(q) as Partial<QuerySpec>;
    return {
      ...base, ...parsed,
      calculations: Array.isArray(parsed.calculations) && parsed.calculations.length ? parsed.calculations : base.calculations,
      filters: Array.isArray(parsed.filters) ? parsed.filters : [],
      breakdowns: Array.isArray(parsed.breakdowns) ? parsed.breakdowns : [],
      orders: Array.isArray(parsed.orders) ? parsed.orders : [],
      havings: Array.isArray(parsed.havings) ? parsed.havings : [],
    };
  } catch {
    return base;
  }
}
