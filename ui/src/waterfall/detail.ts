// The span detail panel: identity and timing, every attribute (span,
// resource, scope), events with exception stack traces, links, log lines.
import { KeyValue, LogRecord, valueText } from '../api';
import { h } from '../dom';
import * as fmt from '../format';
import { link } from '../router';
import { SpanNode, SpanTree } from './tree';

const KINDS = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];
const STATUS = ['unset', 'ok', 'error'];

function kvTable(rows: Array<[string, string]>, id?: string): HTMLElement {
  if (!rows.length) return h('p', { class: 'muted small' }, 'none');
  return h('table', { class: 'kv', id },
    h('tbody', null, rows.map(([k, v]) => h('tr', null, h('th', null, k), h('td', null, v)))));
}

function attrRows(attrs: KeyValue[] | undefined): Array<[string, string]> {
  return (attrs ?? []).map((a) => [a.key, valueText(a.value)] as [string, string])
    .sort((a, b) => a[0].localeCompare(b[0]));
}

function eventBlock(node: SpanNode, tree: SpanTree, e: { time_unix_nano: string; name: string; attributes: KeyValue[] }): HTMLElement {
  const offset = Number(BigInt(e.time_unix_nano || '0') - tree.startNanos) / 1e6 - node.startMs;
  const stack = e.attributes.find((a) => a.key === 'exception.stacktrace');
  const rest = e.attributes.filter((a) => a !== stack);
  return h('div', { class: `event${e.name === 'exception' ? ' exception' : ''}` },
    h('div', null, h('b', null, e.name), h('span', { class: 'muted small' }, ` +${fmt.duration(offset)}`)),
    kvTable(attrRows(rest)),
    stack ? h('pre', { class: 'stack' }, valueText(stack.value)) : null);
}

export function renderDetail(node: SpanNode, tree: SpanTree, logs: LogRecord[]): HTMLElement {
  const span = node.span;
  if (!span) {
    return h('div', null, h('h2', null, '(missing span)'),
      h('p', { class: 'muted' }, `No span with id ${node.id} arrived; ${node.children.length} span(s) name it as their parent.`));
  }
  const spanLogs = logs.filter((l) => l.span_id === span.span_id);
  const facts: Array<[string, string]> = [
    ['service', node.service], ['dataset', span.dataset], ['span id', span.span_id],
    ['parent id', span.parent_span_id || '(root)'], ['start', `+${fmt.duration(node.startMs)}`],
    ['duration', fmt.duration(node.durationMs)], ['kind', KINDS[span.kind] ?? String(span.kind)],
    ['status', `${STATUS[span.status?.code ?? 0] ?? span.status?.code}${span.status?.message ? `: ${span.status.message}` : ''}`],
    ['scope', [span.scope?.name, span.scope?.version].filter(Boolean).join(' ')],
  ];
  return h('div', null,
    h('h2', { class: node.error ? 'error-text' : '' }, span.name),
    kvTable(facts),
    h('h3', null, `Attributes (${span.attributes?.length ?? 0})`), kvTable(attrRows(span.attributes), 'span-attributes'),
    span.events?.length ? [h('h3', null, `Events (${span.events.length})`), span.events.map((e) => eventBlock(node, tree, e))] : null,
    span.links?.length ? [h('h3', null, `Links (${span.links.length})`), h('ul', { class: 'links' },
      span.links.map((l) => h('li', null, h('a', { href: link(['traces', l.trace_id]) }, `${l.trace_id.slice(0, 12)}… / ${l.span_id}`),
        l.attributes?.length ? kvTable(attrRows(l.attributes)) : null)))] : null,
    spanLogs.length ? [h('h3', null, `Log lines (${spanLogs.length})`),
      spanLogs.map((l) => h('div', { class: 'log-line' }, h('span', { class: 'muted small' }, fmt.time(fmt.nanosToMs(l.time_unix_nano))), ' ',
        l.severity_text, ' ', valueText(l.body)))] : null,
    h('h3', null, 'Resource'), kvTable(attrRows(span.resource?.attributes)),
    span.scope?.attributes?.length ? [h('h3', null, 'Scope attributes'), kvTable(attrRows(span.scope.attributes))] : null);
}
