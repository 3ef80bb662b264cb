// Home: what arrived (datasets with events, bytes on disk, last event),
// refreshed every few seconds; for a new server, how to send data.
import { AuthInfo, call, Dataset } from '../api';
import { errorBox, h, replace } from '../dom';
import * as fmt from '../format';
import { link, Route } from '../router';

const REFRESH_MS = 3000;

function datasetTable(datasets: Dataset[]): HTMLElement {
  const now = Date.now();
  const rows = datasets.map((d) => {
    const lastMs = fmt.nanosToMs(d.last_event_unix_nano);
    const hasSpans = d.kinds.includes('spans');
    return h('tr', null,
      h('td', null, h('a', { href: hasSpans ? link(['traces'], { dataset: d.name }) : link(['query'], { dataset: d.name }) }, d.name)),
      h('td', { class: 'muted' }, d.environment),
      h('td', null, d.kinds.map((k) => h('span', { class: `tag ${k}` }, k))),
      h('td', { class: 'num' }, fmt.count(d.events)),
      h('td', { class: 'num' }, fmt.bytes(d.bytes_on_disk)),
      h('td', { title: fmt.time(lastMs) }, fmt.ago(lastMs, now)),
      h('td', null,
        hasSpans ? h('a', { href: link(['traces'], { dataset: d.name }) }, 'traces') : null, ' ',
        h('a', { href: link(['query'], { dataset: d.name }) }, 'query')));
  });
  return h('table', { class: 'grid', id: 'datasets' },
    h('thead', null, h('tr', null, h('th', null, 'Dataset'), h('th', null, 'Environment'),
      h('th', null, 'Kinds'), h('th', { class: 'num' }, 'Events'), h('th', { class: 'num' }, 'On disk'),
      h('th', null, 'Last event'), h('th', null, ''))),
    h('tbody', null, rows));
}

function snippet(title: string, note: string, lines: string[]): HTMLElement {
  return h('section', { class: 'card' }, h('h3', null, title), h('p', { class: 'muted' }, note),
    h('pre', { class: 'code' }, lines.join('\n')));
}

// The exact settings a new user needs, with this server's host filled in.
function emptyState(auth: AuthInfo | null): HTMLElement {
  const host = location.hostname || 'localhost';
  const edge = location.port || (location.protocol === 'https:' ? '443' : '80');
  const keyed = auth?.keys_enabled ?? false;
  const otlp = [`OTEL_EXPORTER_OTLP_ENDPOINT=http://${host}:4318`];
  if (keyed) otlp.push('OTEL_EXPORTER_OTLP_HEADERS=x-honeycomb-team=<your ingest key>');
  otlp.push('OTEL_SERVICE_NAME=backend-flask');
  return h('div', { class: 'empty', id: 'empty-state' },
    h('h2', null, 'No data yet'),
    h('p', null, 'Point your existing instrumentation at this server: only endpoints and keys change, never your code. ',
      'Data appears here within seconds.'),
    h('div', { class: 'cards' },
      snippet('OpenTelemetry (traces and logs)',
        `OTLP/HTTP on port 4318 (also on this port, ${edge}), OTLP/gRPC on 4317.`, otlp),
      snippet('AWS X-Ray SDK', 'Segments over the X-Ray daemon protocol (UDP).',
        [`AWS_XRAY_DAEMON_ADDRESS=${host === 'localhost' ? '127.0.0.1' : host}:2000`]),
      snippet('CloudWatch Logs (boto3, watchtower, aws CLI)', 'The CloudWatch Logs API on this port.',
        [`AWS_ENDPOINT_URL_CLOUDWATCH_LOGS=http://${host}:${edge}`]),
      snippet('Rollbar', 'Set the SDK endpoint; the access token is a Waggle key.',
        [`endpoint: http://${host}:${edge}/api/1/`])));
}

export function renderHome(root: HTMLElement, _route: Route): () => void {
  const body = h('div', null, h('p', { class: 'muted' }, 'Loading datasets…'));
  const updated = h('span', { class: 'muted small' });
  root.append(h('div', { class: 'page-head' }, h('h1', null, 'Datasets'), updated), body);
  let auth: AuthInfo | null = null;
  let timer = 0;
  let stopped = false;
  const refresh = async () => {
    try {
      if (auth === null) auth = await call<AuthInfo>('/api/v1/auth').catch(() => null);
      const { datasets } = await call<{ datasets: Dataset[] }>('/api/v1/datasets');
      if (stopped) return;
      datasets.sort((a, b) => Number(b.last_event_unix_nano) - Number(a.last_event_unix_nano));
      replace(body, datasets.length ? datasetTable(datasets) : emptyState(auth));
      updated.textContent = `updated ${fmt.time(Date.now()).slice(11, 19)} · refreshes every ${REFRESH_MS / 1000} s`;
    } catch (e) {
      if (!stopped) replace(body, errorBox('Could not load datasets.', (e as Error).message));
    }
    if (!stopped) timer = window.setTimeout(refresh, REFRESH_MS);
  };
  void refresh();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
