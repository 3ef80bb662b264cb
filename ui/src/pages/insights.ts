// Logs Insights: a query over one or more log groups
// (#/logs/insights?groups=G1,G2&q=QUERY&range=SECONDS), run with StartQuery
// and GetQueryResults (polled until Complete). The results table shows every
// field but @ptr; a `stats ... by bin(period)` result is also drawn as one
// line chart per statistic, a line per group. Ctrl+Enter runs.
import { errorBox, h, replace } from '../dom';
import * as fmt from '../format';
import { link, Route } from '../router';
import { Series, timeChart } from '../logs/chart';
import { LogGroup, logs, QueryResults } from '../logs/cw';
import { RANGES } from './traces';

const DEFAULT_QUERY = 'fields @timestamp, @message, @logStream\n| sort @timestamp desc\n| limit 100';
const DEFAULT_RANGE = '3600';
const POLL_MS = 500;
const MAX_GROUPS = 50;

type Row = Map<string, string>;

// The result's rows as field → value, and the fields in order of first
// appearance (without @ptr).
function rowsOf(res: QueryResults): { rows: Row[]; fields: string[] } {
  const fields: string[] = [];
  const seen = new Set<string>();
  const rows = res.results.map((r) => {
    const row: Row = new Map();
    for (const { field, value } of r) {
      if (field === '@ptr') continue;
      row.set(field, value);
      if (!seen.has(field)) { seen.add(field); fields.push(field); }
    }
    return row;
  });
  return { rows, fields };
}

// Splits `text` on `sep` outside quotes, brackets and parentheses.
function splitTop(text: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = '';
  let cur = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') { cur += c + (text[++i] ?? ''); continue; }
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === sep && depth === 0) { out.push(cur); cur = ''; continue; }
    cur += c;
  }
  out.push(cur);
  return out;
}

// The stats command's `by` list: each column's name (its alias, else the
// expression as written) and expression, e.g. [{name: "bin(1m)", expr: "bin(1m)"}].
export function byColumns(query: string): Array<{ name: string; expr: string }> {
  const lines = query.split('\n').map((l) => l.replace(/(^|\s)#.*$/, '')).join('\n');
  const stats = splitTop(lines, '|').map((c) => c.trim()).find((c) => /^stats\s/i.test(c));
  if (!stats) return [];
  const m = /\sby\s+([\s\S]*)$/i.exec(stats);
  if (!m) return [];
  return splitTop(m[1], ',').map((item) => {
    const alias = /^([\s\S]*?)\s+as\s+`?([^`\s]+)`?\s*$/i.exec(item.trim());
    return alias ? { name: alias[2], expr: alias[1].trim() } : { name: item.trim(), expr: item.trim() };
  }).filter((c) => c.name);
}

// "2024-05-06 07:08:00.000" (UTC) → epoch seconds.
function binTime(value: string): number {
  return Date.parse(`${value.replace(' ', 'T')}Z`) / 1000;
}

// "5m" → 300 (seconds), 0 if unknown.
function binSeconds(column: string): number {
  const m = /^bin\(\s*(\d+(?:\.\d+)?)\s*(ms|s|sec|m|min|h|hr|d|w)?\s*\)$/i.exec(column);
  if (!m) return 0;
  const unit: Record<string, number> = { ms: 0.001, s: 1, sec: 1, m: 60, min: 60, h: 3600, hr: 3600, d: 86400, w: 604800 };
  return Number(m[1]) * (unit[(m[2] ?? 's').toLowerCase()] ?? 1);
}

// Charts a `stats ... by bin(...)` result: the bin column as time, the
// other `by` columns as groups, every other column as a statistic.
function charts(query: string, rows: Row[], fields: string[], width: number): HTMLElement[] {
  const by = byColumns(query);
  const binCol = by.find((b) => /^bin\(/i.test(b.expr) && fields.includes(b.name)) ??
    (fields.some((f) => /^bin\(/i.test(f)) ? { name: fields.find((f) => /^bin\(/i.test(f))!, expr: '' } : undefined);
  if (!binCol) return [];
  const bin = binCol.name;
  const byNames = by.map((b) => b.name);
  const dims = fields.filter((f) => f !== bin && byNames.includes(f));
  const stats = fields.filter((f) => f !== bin && !byNames.includes(f));
  const step = binSeconds(binCol.expr || bin);
  const seen = new Set<number>();
  for (const r of rows) {
    const t = binTime(r.get(bin) ?? '');
    if (Number.isFinite(t)) seen.add(t);
  }
  let times = [...seen].sort((a, b) => a - b);
  if (step > 0 && times.length > 1 && (times[times.length - 1] - times[0]) / step <= 2000) {
    const all: number[] = [];
    for (let t = times[0]; t <= times[times.length - 1]; t += step) all.push(t);
    times = [...new Set([...all, ...times])].sort((a, b) => a - b);
  }
  const index = new Map(times.map((t, i) => [t, i]));
  const groups = new Map<string, string>();
  for (const r of rows) {
    const key = JSON.stringify(dims.map((d) => r.get(d) ?? null));
    if (!groups.has(key)) groups.set(key, dims.length ? dims.map((d) => r.get(d) ?? '(none)').join(' · ') : 'all');
  }
  return stats.map((stat) => {
    const zero = /^count/i.test(stat) ? 0 : null;
    const series: Series[] = [...groups].map(([, label]) => ({ label, values: times.map(() => zero) }));
    const gIndex = new Map([...groups.keys()].map((k, i) => [k, i]));
    for (const r of rows) {
      const t = index.get(binTime(r.get(bin) ?? ''));
      const g = gIndex.get(JSON.stringify(dims.map((d) => r.get(d) ?? null)));
      const v = Number(r.get(stat));
      if (t !== undefined && g !== undefined && r.has(stat) && Number.isFinite(v)) series[g].values[t] = v;
    }
    return timeChart(`insights-chart-${stats.indexOf(stat)}`, `${stat} by ${bin}`, times, series, width);
  }).map((el) => { el.classList.add('insights-chart'); return el; });
}

function table(rows: Row[], fields: string[]): HTMLElement {
  const cell = (f: string, v: string | undefined) => {
    if (v === undefined) return h('td', { class: 'muted' }, '');
    if (f === '@message') return h('td', { class: 'body-cell insights-message' }, v);
    return h('td', { class: /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(v) ? 'num' : '' }, v);
  };
  return h('table', { class: 'grid compact', id: 'insights-results' },
    h('thead', null, h('tr', null, h('th', { class: 'num' }, '#'), fields.map((f) => h('th', null, f)))),
    h('tbody', null, rows.map((r, i) => h('tr', null, h('td', { class: 'num muted' }, String(i + 1)),
      fields.map((f) => cell(f, r.get(f)))))));
}

// Every log group name (for the picker), a page of 50 at a time.
async function groupNames(signal: AbortSignal): Promise<string[]> {
  const out: string[] = [];
  let nextToken: string | undefined;
  do {
    const r = await logs<{ logGroups?: LogGroup[]; nextToken?: string }>('DescribeLogGroups', { limit: 50, nextToken }, signal);
    out.push(...(r.logGroups ?? []).map((g) => g.logGroupName));
    nextToken = r.nextToken;
  } while (nextToken && out.length < 5000);
  return out;
}

export function renderInsights(root: HTMLElement, route: Route): () => void {
  const groups = (route.query.get('groups') ?? '').split(',').map((g) => g.trim()).filter(Boolean);
  const query = route.query.get('q') ?? DEFAULT_QUERY;
  const rangeValue = route.query.get('range') ?? DEFAULT_RANGE;
  const controller = new AbortController();
  let run = new AbortController();

  const chips = h('span', { class: 'group-chips', id: 'insights-groups' });
  const addInput = h('input', { list: 'insights-group-names', placeholder: 'Add a log group…', class: 'col-input',
    'aria-label': 'Add a log group', id: 'insights-add-group', spellcheck: 'false' });
  const names = h('datalist', { id: 'insights-group-names' });
  const showChips = () => replace(chips, groups.map((g, i) => h('span', { class: 'chip', dataset: { group: g } },
    h('span', { class: 'chip-label' }, g),
    h('button', { type: 'button', class: 'ghost remove', 'aria-label': `Remove ${g}`, title: 'Remove',
      onclick: () => { groups.splice(i, 1); showChips(); } }, '×'))));
  const addGroup = () => {
    const g = addInput.value.trim();
    if (g && !groups.includes(g) && groups.length < MAX_GROUPS) groups.push(g);
    addInput.value = '';
    showChips();
  };
  addInput.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !(e.ctrlKey || e.metaKey)) { e.preventDefault(); addGroup(); }
  });
  addInput.addEventListener('change', () => { if ([...names.options].some((o) => o.value === addInput.value)) addGroup(); });
  showChips();

  const editor = h('textarea', { class: 'mono query-editor', id: 'insights-query', rows: 6, spellcheck: 'false',
    'aria-label': 'Logs Insights query' }, query);
  const range = h('select', { 'aria-label': 'Time range' }, RANGES.map(([v, l]) => h('option', { value: v }, l)));
  range.value = rangeValue;
  const runButton = h('button', { type: 'submit', id: 'run-insights', title: 'Run (Ctrl+Enter)' }, 'Run query');
  const form = h('form', { class: 'query-form', id: 'insights-form' },
    h('div', { class: 'toolbar' }, h('span', { class: 'muted' }, 'Log groups'), chips, addInput, names,
      h('span', { class: 'spacer' }), range, runButton),
    editor,
    h('p', { class: 'muted small' }, 'Commands: fields, filter, parse, stats (… by bin(5m)), sort, dedup, limit, display. ',
      'Ctrl+Enter runs. ', h('a', { href: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax.html',
        target: '_blank', rel: 'noreferrer' }, 'query syntax')));
  const output = h('div', { id: 'insights-output' });
  root.append(h('p', null, h('a', { href: link(['logs']) }, '← Log groups')),
    h('div', { class: 'page-head' }, h('h1', null, 'Logs Insights')), form, output);

  const hashFor = () => link(['logs', 'insights'], {
    groups: groups.join(','), q: editor.value, range: range.value === DEFAULT_RANGE ? '' : range.value,
  });
  const execute = async () => {
    run.abort();
    run = new AbortController();
    const signal = run.signal;
    if (!groups.length) {
      replace(output, h('p', { class: 'muted', id: 'insights-hint' }, 'Add at least one log group, then Run (Ctrl+Enter).'));
      return;
    }
    const text = editor.value;
    replace(output, h('p', { class: 'muted' }, 'Running…'));
    const started = performance.now();
    try {
      const end = Math.ceil(Date.now() / 1000);
      const { queryId } = await logs<{ queryId: string }>('StartQuery', {
        logGroupNames: groups, startTime: end - Number(range.value), endTime: end, queryString: text,
      }, signal);
      let res: QueryResults;
      for (;;) {
        res = await logs<QueryResults>('GetQueryResults', { queryId }, signal);
        if (!['Scheduled', 'Running'].includes(res.status)) break;
        replace(output, h('p', { class: 'muted' }, `${res.status}… ${fmt.count(res.results.length)} rows so far`));
        await new Promise((r) => setTimeout(r, POLL_MS));
        if (signal.aborted) return;
      }
      if (res.status !== 'Complete') {
        replace(output, errorBox('The query did not complete.', `status ${res.status}`));
        return;
      }
      const ms = Math.round(performance.now() - started);
      const { rows, fields } = rowsOf(res);
      const st = res.statistics ?? {};
      const width = Math.max(320, output.clientWidth - 30);
      replace(output,
        h('p', { class: 'muted small', id: 'insights-stats' },
          `${fmt.count(rows.length)} row${rows.length === 1 ? '' : 's'} · ${fmt.count(st.recordsMatched ?? 0)} records matched · ` +
          `${fmt.count(st.recordsScanned ?? 0)} scanned · ${fmt.bytes(st.bytesScanned ?? 0)} · ${ms} ms`),
        charts(text, rows, fields, width),
        rows.length ? table(rows, fields) : h('div', { class: 'empty', id: 'insights-empty' }, h('p', null, 'No rows: nothing matched in this time range.')));
    } catch (e) {
      if ((e as Error).name !== 'AbortError') replace(output, errorBox('The query failed.', (e as Error).message));
    }
  };
  const submit = () => {
    if (addInput.value.trim()) addGroup();
    const next = hashFor();
    if (next === location.hash) void execute();
    else location.hash = next;  // The page re-renders from the URL and runs.
  };
  form.addEventListener('submit', (e) => { e.preventDefault(); submit(); });
  editor.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); submit(); }
  });
  form.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && e.target !== editor) { e.preventDefault(); submit(); }
  });

  groupNames(controller.signal)
    .then((all) => replace(names, all.map((n) => h('option', { value: n }))))
    .catch(() => { /* the picker still takes typed names */ });
  if (route.query.get('q') && groups.length) void execute();
  else replace(output, h('p', { class: 'muted', id: 'insights-hint' },
    groups.length ? 'Write a query, then Run (Ctrl+Enter).' : 'Add at least one log group, then Run (Ctrl+Enter).'));
  return () => { controller.abort(); run.abort(); };
}
