// Logs: CloudWatch log groups (docs/cloudwatch-logs.md) over Waggle's AWS
// JSON API. #/logs lists the groups (prefix search, pages of 50); a group's
// page (#/logs/GROUP) shows its streams, newest first, and its events:
// FilterLogEvents over a time range with a filter pattern, the streams
// ticked, "Load more" pages, and live tail (a poll every 2 s from the newest
// event seen); or its metric filters with their charts (tab=metric-filters).
import { errorBox, h, replace } from '../dom';
import * as fmt from '../format';
import { link, replaceHash, Route } from '../router';
import { LogEvent, LogGroup, logs, LogStream, retention } from '../logs/cw';
import { EventList } from '../logs/events';
import { renderMetricFilters } from '../logs/metric_filters';
import { RANGES } from './traces';

const GROUP_PAGE = 50;
const STREAM_PAGE = 50;
const EVENT_PAGE = 200;
const TAIL_EVERY_MS = 2000;
// Each tail poll looks this far behind the newest event seen, for events
// that arrive a little late; eventIds drop the repeats.
const TAIL_LOOKBACK_MS = 5000;
const DEFAULT_RANGE = '3600';

// ---- #/logs ----

function groupRow(g: LogGroup): HTMLElement {
  const href = link(['logs', g.logGroupName]);
  return h('tr', { class: 'clickable', tabindex: '-1', dataset: { href, group: g.logGroupName } },
    h('td', null, h('a', { href }, g.logGroupName)),
    h('td', { class: 'num' }, fmt.bytes(g.storedBytes ?? 0)),
    h('td', null, retention(g.retentionInDays)),
    h('td', { class: 'num' }, fmt.count(g.metricFilterCount ?? 0)),
    h('td', null, g.creationTime ? fmt.time(g.creationTime) : '–'));
}

function keyboard(root: HTMLElement, rowsSelector: string): () => void {
  const onKey = (e: KeyboardEvent) => {
    if ((e.target as HTMLElement).closest('input, select, textarea, button, tr.log-row')) return;
    const rows = [...root.querySelectorAll<HTMLTableRowElement>(rowsSelector)];
    if (!rows.length) return;
    const cur = rows.findIndex((r) => r.classList.contains('selected'));
    let next = cur;
    if (e.key === 'ArrowDown' || e.key === 'j') next = Math.min(rows.length - 1, cur + 1);
    else if (e.key === 'ArrowUp' || e.key === 'k') next = Math.max(0, cur - 1);
    else if (e.key === 'Enter' && cur >= 0) { location.hash = rows[cur].dataset.href!; return; }
    else return;
    e.preventDefault();
    rows.forEach((r, i) => r.classList.toggle('selected', i === next));
    rows[next].scrollIntoView({ block: 'nearest' });
  };
  document.addEventListener('keydown', onKey);
  return () => document.removeEventListener('keydown', onKey);
}

function emptyGroups(prefix: string): HTMLElement {
  if (prefix) return h('div', { class: 'empty' }, h('p', null, `No log group name starts with "${prefix}".`));
  const endpoint = `${location.protocol}//${location.host}`;
  return h('div', { class: 'empty', id: 'logs-empty' },
    h('h2', null, 'No log groups yet'),
    h('p', null, 'Point a CloudWatch Logs client (AWS SDKs, the aws CLI, watchtower, winston-cloudwatch) at this server:'),
    h('pre', { class: 'code' },
      `export AWS_ENDPOINT_URL_CLOUDWATCH_LOGS=${endpoint}\n` +
      'aws logs create-log-group --log-group-name /app/web\n' +
      'aws logs create-log-stream --log-group-name /app/web --log-stream-name host-1\n' +
      'aws logs put-log-events --log-group-name /app/web --log-stream-name host-1 \\\n' +
      '  --log-events timestamp=$(date +%s000),message=hello'));
}

export function renderLogGroups(root: HTMLElement, route: Route): () => void {
  const prefix = route.query.get('prefix') ?? '';
  const search = h('input', { type: 'search', placeholder: 'Log group name prefix', value: prefix,
    'aria-label': 'Log group name prefix', class: 'wide-input', id: 'group-prefix', spellcheck: 'false' });
  const form = h('form', { class: 'toolbar' }, search, h('button', { type: 'submit' }, 'Search'),
    h('span', { class: 'spacer' }), h('a', { href: link(['logs', 'insights']), id: 'insights-link' }, 'Logs Insights →'));
  const summary = h('span', { class: 'muted small' });
  const results = h('div', null, h('p', { class: 'muted' }, 'Loading log groups…'));
  root.append(h('div', { class: 'page-head' }, h('h1', null, 'Log groups'), summary), form, results);
  let controller = new AbortController();
  let shown = 0;
  const load = async (p: string, nextToken?: string, tbody?: HTMLElement, more?: HTMLElement) => {
    if (!nextToken) {
      controller.abort();
      controller = new AbortController();
      shown = 0;
    }
    try {
      const body: Record<string, unknown> = { limit: GROUP_PAGE };
      if (p) body.logGroupNamePrefix = p;
      if (nextToken) body.nextToken = nextToken;
      const r = await logs<{ logGroups?: LogGroup[]; nextToken?: string }>('DescribeLogGroups', body, controller.signal);
      const groups = r.logGroups ?? [];
      shown += groups.length;
      summary.textContent = `${fmt.count(shown)}${r.nextToken ? '+' : ''} log group${shown === 1 ? '' : 's'}`;
      more?.remove();
      const moreButton = r.nextToken ? h('button', { type: 'button', class: 'ghost load-more', id: 'groups-more' }, 'Load more') : null;
      if (tbody) {
        tbody.append(...groups.map(groupRow));
      } else if (!groups.length) {
        replace(results, emptyGroups(p));
        return;
      } else {
        tbody = h('tbody', null, groups.map(groupRow));
        replace(results, h('table', { class: 'grid', id: 'log-groups' },
          h('thead', null, h('tr', null, h('th', null, 'Log group'), h('th', { class: 'num' }, 'Stored bytes'),
            h('th', null, 'Retention'), h('th', { class: 'num' }, 'Metric filters'), h('th', null, 'Created'))),
          tbody));
      }
      if (moreButton) {
        const t = tbody;
        moreButton.addEventListener('click', () => {
          moreButton.setAttribute('disabled', '');
          moreButton.textContent = 'Loading…';
          void load(p, r.nextToken, t, moreButton);
        });
        results.appendChild(moreButton);
      }
    } catch (e) {
      if ((e as Error).name !== 'AbortError') replace(results, errorBox('Could not load log groups.', (e as Error).message));
    }
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const p = search.value.trim();
    replaceHash(link(['logs'], { prefix: p }));
    void load(p);
  });
  results.addEventListener('click', (e) => {
    const row = (e.target as HTMLElement).closest('tr[data-href]') as HTMLElement | null;
    if (row && !(e.target as HTMLElement).closest('a')) location.hash = row.dataset.href!;
  });
  void load(prefix);
  const stopKeys = keyboard(root, '#log-groups tbody tr');
  return () => { controller.abort(); stopKeys(); };
}

// ---- #/logs/GROUP ----

interface EventQuery {
  filter: string;
  range: string;
  streams: string[];
}

// "#/logs/GROUP?filter=&range=&stream=a&stream=b" (streams repeat: their
// names may hold commas).
function groupHash(group: string, q: EventQuery, tab = ''): string {
  const p = new URLSearchParams();
  if (tab) p.set('tab', tab);
  if (q.filter) p.set('filter', q.filter);
  if (q.range && q.range !== DEFAULT_RANGE) p.set('range', q.range);
  for (const s of q.streams) p.append('stream', s);
  const qs = p.toString();
  return `${link(['logs', group])}${qs ? `?${qs}` : ''}`;
}

function facts(g: LogGroup): HTMLElement {
  return h('div', { class: 'facts', id: 'group-facts' },
    h('span', null, 'Retention ', h('b', null, retention(g.retentionInDays))),
    h('span', null, 'Stored ', h('b', null, fmt.bytes(g.storedBytes ?? 0))),
    h('span', null, 'Metric filters ', h('b', null, fmt.count(g.metricFilterCount ?? 0))),
    g.creationTime ? h('span', null, 'Created ', h('b', null, fmt.time(g.creationTime))) : null,
    g.arn ? h('span', { class: 'mono small' }, g.arn) : null);
}

function streamList(group: string, selected: Set<string>, onChange: () => void, signal: AbortSignal): HTMLElement {
  const list = h('ul', { class: 'plain stream-list', id: 'log-streams', 'aria-label': 'Log streams' });
  const all = h('input', { type: 'checkbox', checked: selected.size === 0, id: 'all-streams' });
  all.addEventListener('change', () => {
    selected.clear();
    for (const box of list.querySelectorAll<HTMLInputElement>('input[data-stream]')) box.checked = false;
    all.checked = true;
    onChange();
  });
  const panel = h('aside', { class: 'stream-panel' },
    h('h3', null, 'Log streams'), h('label', { class: 'stream-all' }, all, ' All streams'), list,
    h('p', { class: 'muted small' }, 'Loading streams…'));
  const row = (s: LogStream) => {
    const box = h('input', { type: 'checkbox', checked: selected.has(s.logStreamName), dataset: { stream: s.logStreamName } });
    box.addEventListener('change', () => {
      if (box.checked) selected.add(s.logStreamName);
      else selected.delete(s.logStreamName);
      all.checked = selected.size === 0;
      onChange();
    });
    const last = s.lastEventTimestamp ?? s.lastIngestionTime ?? 0;
    return h('li', null, h('label', { title: s.logStreamName }, box, h('span', { class: 'stream-name' }, s.logStreamName),
      h('span', { class: 'muted small stream-last', title: last ? fmt.time(last) : 'no events' }, last ? fmt.ago(last) : '–')));
  };
  const load = async (nextToken?: string) => {
    const tail = panel.lastElementChild!;
    try {
      const r = await logs<{ logStreams?: LogStream[]; nextToken?: string }>('DescribeLogStreams',
        { logGroupName: group, orderBy: 'LastEventTime', descending: true, limit: STREAM_PAGE, nextToken }, signal);
      const streams = r.logStreams ?? [];
      list.append(...streams.map(row));
      if (r.nextToken) {
        const more = h('button', { type: 'button', class: 'ghost load-more' }, 'More streams');
        more.addEventListener('click', () => void load(r.nextToken));
        replace(tail, more);
      } else {
        replace(tail, list.children.length ? '' : 'No streams.');
      }
    } catch (e) {
      if ((e as Error).name !== 'AbortError') replace(tail, errorBox('Could not load streams.', (e as Error).message));
    }
  };
  void load();
  return panel;
}

interface FilterPage {
  events?: LogEvent[];
  nextToken?: string;
  searchedLogStreams?: unknown[];
}

function tabs(group: string, q: EventQuery, current: string): HTMLElement {
  const tab = (id: string, label: string) => h('a', {
    href: groupHash(group, q, id), class: current === id ? 'active' : '', 'aria-current': current === id ? 'page' : false,
    id: `tab-${id || 'events'}`,
  }, label);
  return h('nav', { class: 'tabs', 'aria-label': 'Log group views' }, tab('', 'Log events'), tab('metric-filters', 'Metric filters'));
}

export function renderLogGroup(root: HTMLElement, route: Route): () => void {
  const group = route.path[1];
  const tab = route.query.get('tab') ?? '';
  const q: EventQuery = {
    filter: route.query.get('filter') ?? '',
    range: route.query.get('range') ?? DEFAULT_RANGE,
    streams: route.query.getAll('stream'),
  };
  const controller = new AbortController();
  const factsSlot = h('div', null, h('p', { class: 'muted small' }, 'Loading the log group…'));
  root.append(h('p', null, h('a', { href: link(['logs']) }, '← Log groups')),
    h('div', { class: 'page-head' }, h('h1', { id: 'group-name' }, group),
      h('a', { href: link(['logs', 'insights'], { groups: group }), id: 'group-insights' }, 'Query with Logs Insights →')),
    factsSlot, tabs(group, q, tab));
  logs<{ logGroups?: LogGroup[] }>('DescribeLogGroups', { logGroupIdentifiers: [group] }, controller.signal)
    .then((r) => {
      const g = r.logGroups?.find((x) => x.logGroupName === group);
      replace(factsSlot, g ? facts(g) : errorBox('No such log group.', `ResourceNotFoundException: ${group} does not exist in this environment.`));
    })
    .catch((e) => { if ((e as Error).name !== 'AbortError') replace(factsSlot, errorBox('Could not load the log group.', (e as Error).message)); });

  if (tab === 'metric-filters') {
    const range = h('select', { 'aria-label': 'Time range' }, RANGES.map(([v, l]) => h('option', { value: v }, l)));
    range.value = q.range;
    const body = h('div');
    range.addEventListener('change', () => {
      q.range = range.value;
      replaceHash(groupHash(group, q, tab));
      void renderMetricFilters(body, group, Number(range.value), controller.signal);
    });
    root.append(h('div', { class: 'toolbar' }, range), body);
    void renderMetricFilters(body, group, Number(q.range), controller.signal);
    return () => controller.abort();
  }
  return eventsView(root, group, q, controller);
}

// The streams panel, the search toolbar, the events and live tail.
function eventsView(root: HTMLElement, group: string, q: EventQuery, page: AbortController): () => void {
  const selected = new Set(q.streams);
  const pattern = h('input', { type: 'search', class: 'mono pattern-input', id: 'filter-pattern', value: q.filter,
    placeholder: 'Filter pattern: ERROR -WARN, { $.level = "ERROR" }, [ip, user, ..., status = 5*]',
    'aria-label': 'Filter pattern', spellcheck: 'false', autocomplete: 'off' });
  const range = h('select', { 'aria-label': 'Time range' }, RANGES.map(([v, l]) => h('option', { value: v }, l)));
  range.value = q.range;
  const tailButton = h('button', { type: 'button', class: 'ghost tail-toggle', id: 'live-tail', 'aria-pressed': 'false',
    title: 'Poll for new events every 2 s' }, 'Live tail');
  const form = h('form', { class: 'toolbar', id: 'events-form' }, pattern, range,
    h('button', { type: 'submit', id: 'search-events' }, 'Search'), tailButton,
    h('a', { href: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html',
      class: 'small', target: '_blank', rel: 'noreferrer' }, 'pattern syntax'));
  const summary = h('p', { class: 'muted small', id: 'events-summary' });
  const tailStatus = h('p', { class: 'muted small', id: 'tail-status', 'aria-live': 'polite' });
  const list = new EventList();
  const status = h('div', null, h('p', { class: 'muted' }, 'Loading events…'));
  const moreSlot = h('div');
  const eventsPane = h('section', { class: 'events-pane' }, form, summary, status, list.el, moreSlot, tailStatus);
  root.append(h('div', { class: 'log-layout' },
    streamList(group, selected, () => { q.streams = [...selected]; void search(); }, page.signal), eventsPane));

  let controller = new AbortController();
  let nextToken: string | undefined;
  let span = { start: 0, end: 0 };
  // Live tail: one chain of polls at a time (`generation` retires older ones).
  let tailing = false;
  let tailController = new AbortController();
  let tailTimer: number | undefined;
  let generation = 0;
  let tailCursor = 0;
  let tailAdded = 0;

  const baseBody = () => {
    const b: Record<string, unknown> = { logGroupName: group };
    if (q.filter) b.filterPattern = q.filter;
    if (q.streams.length) b.logStreamNames = q.streams;
    return b;
  };
  const describe = () => {
    const where = q.streams.length ? `${q.streams.length} stream${q.streams.length === 1 ? '' : 's'}` : 'all streams';
    const what = q.filter ? ` matching ${q.filter}` : '';
    summary.textContent = `${fmt.count(list.size)} event${list.size === 1 ? '' : 's'}${what} in ${where}, oldest first` +
      (nextToken && !tailing ? ' (more below)' : '');
  };
  const showMore = () => {
    if (!nextToken || tailing) { replace(moreSlot); return; }
    const more = h('button', { type: 'button', class: 'ghost load-more', id: 'events-more' }, 'Load more');
    more.addEventListener('click', () => { more.setAttribute('disabled', ''); more.textContent = 'Loading…'; void nextPage(); });
    replace(moreSlot, more);
  };
  // Fetches the next page of the current search; an empty page with a
  // token (the server stopped scanning) is followed a few times.
  const nextPage = async (): Promise<void> => {
    const signal = controller.signal;
    try {
      let hops = 0;
      do {
        const r = await logs<FilterPage>('FilterLogEvents',
          { ...baseBody(), startTime: span.start, endTime: span.end, limit: EVENT_PAGE, nextToken }, signal);
        list.add(r.events ?? []);
        nextToken = r.nextToken;
        if ((r.events ?? []).length) break;
      } while (nextToken && ++hops < 5);
      list.el.hidden = !list.size;
      replace(status, list.size ? '' : h('div', { class: 'empty', id: 'events-empty' },
        h('p', null, q.filter ? 'No events match this filter pattern in this time range.' : 'No events in this time range.')));
      describe();
      showMore();
    } catch (e) {
      if ((e as Error).name !== 'AbortError') {
        replace(status, errorBox('Could not load events.', (e as Error).message));
        replace(moreSlot);
      }
    }
  };

  const poll = async (gen: number) => {
    tailTimer = undefined;
    const signal = tailController.signal;
    try {
      let token: string | undefined;
      let pages = 0;
      let added = 0;
      const atBottom = window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 40;
      do {
        const r = await logs<FilterPage>('FilterLogEvents',
          { ...baseBody(), startTime: Math.max(0, tailCursor - TAIL_LOOKBACK_MS), limit: 1000, nextToken: token }, signal);
        if (gen !== generation) return;
        added += list.add(r.events ?? [], true);
        token = r.nextToken;
      } while (token && ++pages < 5);
      tailCursor = Math.min(Date.now(), Math.max(tailCursor, list.maxTimestamp));
      tailAdded += added;
      if (added) {
        list.el.hidden = false;
        replace(status);
        describe();
        if (atBottom) window.scrollTo({ top: document.documentElement.scrollHeight });
      }
      tailStatus.textContent = `Live tail: ${fmt.count(tailAdded)} new event${tailAdded === 1 ? '' : 's'} · ` +
        `last checked ${fmt.time(Date.now()).slice(11, 19)}`;
      tailStatus.classList.remove('error-text');
    } catch (e) {
      if ((e as Error).name === 'AbortError' || gen !== generation) return;
      tailStatus.textContent = `Live tail: ${(e as Error).message} (retrying)`;
      tailStatus.classList.add('error-text');
    }
    if (gen === generation) tailTimer = window.setTimeout(() => void poll(gen), TAIL_EVERY_MS);
  };
  // Retires the running chain of polls; starts a new one from the newest
  // event listed (or from now, when older pages are still to load) if on.
  const restartTail = () => {
    generation++;
    tailController.abort();
    tailController = new AbortController();
    if (tailTimer !== undefined) window.clearTimeout(tailTimer);
    tailTimer = undefined;
    if (!tailing) return;
    tailCursor = nextToken ? Date.now() : Math.min(Date.now(), list.maxTimestamp || Date.now());
    void poll(generation);
  };
  const search = async () => {
    controller.abort();
    controller = new AbortController();
    replaceHash(groupHash(group, q));
    list.clear();
    list.el.hidden = true;
    nextToken = undefined;
    summary.textContent = '';
    replace(status, h('p', { class: 'muted' }, 'Searching…'));
    const now = Date.now();
    span = { start: now - Number(q.range) * 1000, end: now };
    const gen = ++generation;  // no tail poll appends to the old list meanwhile
    tailController.abort();
    await nextPage();
    if (gen === generation) restartTail();
  };
  const setTail = (on: boolean) => {
    tailing = on;
    tailButton.setAttribute('aria-pressed', String(on));
    tailButton.classList.toggle('on', on);
    tailButton.textContent = on ? 'Stop live tail' : 'Live tail';
    if (on) {
      tailAdded = 0;
      tailStatus.textContent = 'Live tail: waiting for new events…';
      tailStatus.classList.remove('error-text');
    } else {
      tailStatus.textContent = tailAdded ? `Live tail stopped after ${fmt.count(tailAdded)} new events.` : '';
    }
    showMore();
    describe();
    restartTail();
  };
  tailButton.addEventListener('click', () => setTail(!tailing));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    q.filter = pattern.value.trim();
    q.range = range.value;
    void search();
  });
  range.addEventListener('change', () => { q.range = range.value; void search(); });
  void search();
  return () => {
    tailing = false;
    restartTail();
    controller.abort();
    page.abort();
  };
}
