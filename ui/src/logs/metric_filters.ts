// A log group's metric filters (DescribeMetricFilters), each with the chart
// of its metric as computed from the group's events
// (GET /api/v1/metric_filters/series, docs/cloudwatch-logs.md).
import { call } from '../api';
import { errorBox, h, replace } from '../dom';
import * as fmt from '../format';
import { timeChart } from './chart';
import { logs, MetricFilter, MetricSeries } from './cw';

interface MetricSeriesWindow extends MetricSeries {
  start: number;
  end: number;
  period: number;
}

// The period (seconds) that gives a readable number of points for `range`.
export function periodFor(range: number): number {
  if (range <= 3600) return 60;
  if (range <= 6 * 3600) return 300;
  if (range <= 86400) return 900;
  return 3600;
}

// "1 min", "15 min", "1 h".
function periodLabel(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

// Every filter of `group` (at most 100 per group, 50 a page).
async function allFilters(group: string, signal: AbortSignal): Promise<MetricFilter[]> {
  const out: MetricFilter[] = [];
  let nextToken: string | undefined;
  do {
    const r = await logs<{ metricFilters?: MetricFilter[]; nextToken?: string }>('DescribeMetricFilters',
      { logGroupName: group, limit: 50, nextToken }, signal);
    out.push(...(r.metricFilters ?? []));
    nextToken = r.nextToken;
  } while (nextToken && out.length < 1000);
  return out;
}

function card(f: MetricFilter): { el: HTMLElement; chartSlot: HTMLElement } {
  const t = f.metricTransformations[0];
  const chartSlot = h('div', { class: 'mf-chart' }, h('p', { class: 'muted small' }, 'Loading the metric…'));
  const el = h('div', { class: 'card metric-filter', dataset: { filter: f.filterName } },
    h('h3', null, f.filterName),
    h('table', { class: 'kv' },
      h('tr', null, h('th', null, 'Filter pattern'), h('td', null, f.filterPattern || '(every event)')),
      t ? h('tr', null, h('th', null, 'Metric'), h('td', null, `${t.metricNamespace} / ${t.metricName}`)) : null,
      t ? h('tr', null, h('th', null, 'Metric value'), h('td', null, t.metricValue)) : null,
      t?.defaultValue !== undefined ? h('tr', null, h('th', null, 'Default value'), h('td', null, String(t.defaultValue))) : null,
      t?.unit ? h('tr', null, h('th', null, 'Unit'), h('td', null, t.unit)) : null,
      t?.dimensions && Object.keys(t.dimensions).length
        ? h('tr', null, h('th', null, 'Dimensions'), h('td', null, Object.entries(t.dimensions).map(([k, v]) => `${k}=${v}`).join(', ')))
        : null,
      f.creationTime ? h('tr', null, h('th', null, 'Created'), h('td', null, fmt.time(f.creationTime))) : null),
    chartSlot);
  return { el, chartSlot };
}

async function fillChart(group: string, f: MetricFilter, range: number, slot: HTMLElement, signal: AbortSignal): Promise<void> {
  const period = periodFor(range);
  const end = Math.ceil(Date.now() / 1000 / period) * period;
  const q = new URLSearchParams({ log_group: group, filter: f.filterName, start: String(end - range), end: String(end),
    period: String(period) });
  try {
    const s = await call<MetricSeriesWindow>(`/api/v1/metric_filters/series?${q}`, undefined, signal);
    const byTime = new Map(s.points.map((p) => [p.time, p.value]));
    const times: number[] = [];
    for (let t = s.start; t < s.end; t += s.period) times.push(t);
    const values = times.map((t) => byTime.get(t) ?? null);
    const total = s.points.reduce((n, p) => n + p.value, 0);
    const matches = s.points.reduce((n, p) => n + p.matches, 0);
    const width = Math.max(280, slot.clientWidth - 4);
    replace(slot,
      s.points.length
        ? timeChart(`mf-chart-${f.filterName}`, `${s.metric_name} per ${periodLabel(period)}`, times,
          [{ label: s.metric_name, values }], width)
        : h('p', { class: 'muted mf-empty' }, 'No events matched in this time range, and there is no default value.'),
      h('p', { class: 'muted small mf-total' },
        `${fmt.count(matches)} matching event${matches === 1 ? '' : 's'}, sum ${fmt.number(total)}${s.unit && s.unit !== 'None' ? ` ${s.unit}` : ''}`));
  } catch (e) {
    if ((e as Error).name !== 'AbortError') replace(slot, errorBox('Could not compute the metric.', (e as Error).message));
  }
}

// Fills `root` with the filters of `group` and their charts over the last
// `range` seconds.
export async function renderMetricFilters(root: HTMLElement, group: string, range: number, signal: AbortSignal): Promise<void> {
  replace(root, h('p', { class: 'muted' }, 'Loading metric filters…'));
  try {
    const filters = await allFilters(group, signal);
    if (!filters.length) {
      replace(root, h('div', { class: 'empty', id: 'metric-filters-empty' },
        h('p', null, 'This log group has no metric filters. Create one with PutMetricFilter, e.g.'),
        h('pre', { class: 'code' },
          `aws logs put-metric-filter --log-group-name ${group} --filter-name errors \\\n` +
          `  --filter-pattern '{ $.level = "ERROR" }' \\\n` +
          '  --metric-transformations metricName=ErrorCount,metricNamespace=App,metricValue=1,defaultValue=0')));
      return;
    }
    const cards = filters.map(card);
    replace(root, h('div', { class: 'cards', id: 'metric-filters' }, cards.map((c) => c.el)));
    for (let i = 0; i < filters.length; i++) void fillChart(group, filters[i], range, cards[i].chartSlot, signal);
  } catch (e) {
    if ((e as Error).name !== 'AbortError') replace(root, errorBox('Could not load metric filters.', (e as Error).message));
  }
}
