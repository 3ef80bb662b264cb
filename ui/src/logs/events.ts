// A table of CloudWatch log events: time, stream, message (one line), and a
// link to the trace a message names. A row expands (click, Enter or Space)
// to the whole message, JSON pretty-printed, and the event's ids. Events are
// kept once by eventId, so pages and live-tail polls may overlap. j/k or
// arrows move between rows.
import { h, replace } from '../dom';
import * as fmt from '../format';
import { link } from '../router';
import { jsonOf, LogEvent, traceIdOf } from './cw';

// Beyond this many rows the oldest go (live tail runs for hours).
const MAX_ROWS = 5000;
const LEVEL_KEYS = ['level', 'severity', 'levelname', 'log.level', 'lvl'];

function levelOf(json: unknown): string {
  if (!json || typeof json !== 'object' || Array.isArray(json)) return '';
  const o = json as Record<string, unknown>;
  for (const k of LEVEL_KEYS) if (typeof o[k] === 'string') return (o[k] as string).toUpperCase();
  return '';
}

function levelTag(level: string): HTMLElement | null {
  if (!level) return null;
  const cls = /^(ERROR|FATAL|CRITICAL|CRIT|EMERG|ALERT)/.test(level) ? 'tag error' : /^WARN/.test(level) ? 'tag warn' : 'tag';
  return h('span', { class: `${cls} log-level` }, level);
}

function detail(ev: LogEvent, json: unknown, traceId: string): HTMLElement {
  const text = json === undefined ? ev.message : JSON.stringify(json, null, 2);
  return h('tr', { class: 'log-detail' }, h('td', { colspan: 4 },
    h('pre', { class: `code log-message${json === undefined ? '' : ' json'}` }, text),
    h('table', { class: 'kv log-facts' },
      h('tr', null, h('th', null, 'timestamp'), h('td', null, `${fmt.time(ev.timestamp)} (${ev.timestamp})`)),
      ev.ingestionTime ? h('tr', null, h('th', null, 'ingestion time'), h('td', null, fmt.time(ev.ingestionTime))) : null,
      h('tr', null, h('th', null, 'log stream'), h('td', null, ev.logStreamName)),
      h('tr', null, h('th', null, 'event id'), h('td', null, ev.eventId)),
      traceId ? h('tr', null, h('th', null, 'trace'), h('td', null, h('a', { href: link(['traces', traceId]) }, traceId))) : null)));
}

export class EventList {
  readonly el: HTMLTableElement;
  private readonly body: HTMLTableSectionElement;
  private readonly seen = new Set<string>();
  private readonly details = new WeakMap<HTMLElement, () => HTMLElement>();
  private rows = 0;
  // The newest timestamp listed (0 when empty).
  maxTimestamp = 0;

  constructor() {
    this.body = h('tbody');
    this.el = h('table', { class: 'grid compact log-events', id: 'log-events' },
      h('thead', null, h('tr', null, h('th', { class: 'log-time' }, 'Time'), h('th', { class: 'log-stream' }, 'Stream'),
        h('th', null, 'Message'), h('th', { class: 'log-trace' }, 'Trace'))),
      this.body);
    this.el.addEventListener('click', (e) => {
      const target = e.target as HTMLElement;
      if (target.closest('a, .log-detail')) return;
      const row = target.closest('tr.log-row') as HTMLTableRowElement | null;
      if (row) { this.focus(row); this.toggle(row); }
    });
    this.el.addEventListener('keydown', (e) => this.onKey(e));
  }

  get size(): number {
    return this.rows;
  }

  clear(): void {
    replace(this.body);
    this.seen.clear();
    this.rows = 0;
    this.maxTimestamp = 0;
  }

  // Appends the events not listed yet; `fresh` marks them as just arrived.
  // Returns how many were added.
  add(events: LogEvent[], fresh = false): number {
    let added = 0;
    for (const ev of events) {
      if (this.seen.has(ev.eventId)) continue;
      this.seen.add(ev.eventId);
      this.body.appendChild(this.row(ev, fresh));
      this.maxTimestamp = Math.max(this.maxTimestamp, ev.timestamp);
      added++;
      this.rows++;
    }
    while (this.rows > MAX_ROWS) this.dropOldest();
    const first = this.body.querySelector<HTMLElement>('tr.log-row');
    if (first && !this.body.querySelector('tr.log-row[tabindex="0"]')) first.tabIndex = 0;
    return added;
  }

  private dropOldest(): void {
    const row = this.body.querySelector('tr.log-row');
    if (!row) return;
    if (row.nextElementSibling?.classList.contains('log-detail')) row.nextElementSibling.remove();
    this.seen.delete((row as HTMLElement).dataset.eventId ?? '');
    row.remove();
    this.rows--;
  }

  private row(ev: LogEvent, fresh: boolean): HTMLTableRowElement {
    const json = jsonOf(ev.message);
    const traceId = traceIdOf(ev.message, json);
    const tr = h('tr', { class: `log-row clickable${fresh ? ' fresh' : ''}`, tabindex: '-1', 'aria-expanded': 'false',
      dataset: { eventId: ev.eventId } },
      h('td', { class: 'log-time nowrap' }, fmt.time(ev.timestamp)),
      h('td', { class: 'log-stream muted', title: ev.logStreamName }, ev.logStreamName),
      h('td', { class: 'log-msg' }, levelTag(levelOf(json)), h('span', { class: 'mono' }, ev.message)),
      h('td', { class: 'log-trace' }, traceId
        ? h('a', { href: link(['traces', traceId]), class: 'mono trace-link', title: `trace ${traceId}` }, `${traceId.slice(0, 8)}…`) : ''));
    this.details.set(tr, () => detail(ev, json, traceId));
    return tr;
  }

  private toggle(row: HTMLTableRowElement): void {
    const next = row.nextElementSibling;
    if (next?.classList.contains('log-detail')) {
      next.remove();
      row.setAttribute('aria-expanded', 'false');
      return;
    }
    const make = this.details.get(row);
    if (!make) return;
    row.after(make());
    row.setAttribute('aria-expanded', 'true');
  }

  private focus(row: HTMLTableRowElement): void {
    for (const r of this.body.querySelectorAll<HTMLElement>('tr.log-row[tabindex="0"]')) r.tabIndex = -1;
    row.tabIndex = 0;
    row.focus({ preventScroll: true });
    row.scrollIntoView({ block: 'nearest' });
  }

  private onKey(e: KeyboardEvent): void {
    const row = (e.target as HTMLElement).closest('tr.log-row') as HTMLTableRowElement | null;
    if (!row || (e.target as HTMLElement).closest('a')) return;
    const sibling = (dir: 1 | -1) => {
      let r: Element | null = dir > 0 ? row.nextElementSibling : row.previousElementSibling;
      while (r && !r.classList.contains('log-row')) r = dir > 0 ? r.nextElementSibling : r.previousElementSibling;
      return r as HTMLTableRowElement | null;
    };
    if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); this.toggle(row); return; }
    const to = e.key === 'ArrowDown' || e.key === 'j' ? sibling(1) : e.key === 'ArrowUp' || e.key === 'k' ? sibling(-1) : null;
    if (to) { e.preventDefault(); this.focus(to); }
  }
}
