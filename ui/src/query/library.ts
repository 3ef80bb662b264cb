// Saved queries and recent runs on the query page (GET/POST/DELETE
// /api/v1/queries, GET /api/v1/query_history; docs/query.md): a "Save"
// form that names the current query, and a panel listing saved queries and
// the latest runs as links that reopen them.
import { apiKey, call } from '../api';
import { errorBox, h, replace } from '../dom';
import * as fmt from '../format';
import { link } from '../router';
import { QuerySpec } from './spec';

interface SavedQuery { id: number; name: string; dataset: string; description: string; query: QuerySpec; updated_at: string }
interface HistoryEntry { dataset: string; query: QuerySpec; ran_at: string; elapsed_ms: number; groups: number }

const HISTORY_SHOWN = 15;

const queryLink = (dataset: string, q: QuerySpec) => link(['query'], { dataset, q: JSON.stringify(q) });

// A one-line description of a query: its calculations, filters and groups.
export function describe(q: QuerySpec): string {
  const calcs = (q.calculations ?? []).map((c) => (c.column ? `${c.op}(${c.column})` : c.op)).join(', ') || 'COUNT';
  const where = (q.filters ?? []).map((f) => `${f.column} ${f.op}${f.value === undefined ? '' : ` ${JSON.stringify(f.value)}`}`);
  const by = q.breakdowns?.length ? ` by ${q.breakdowns.join(', ')}` : '';
  return `${calcs}${where.length ? ` where ${where.join(q.filter_combination === 'OR' ? ' or ' : ' and ')}` : ''}${by}`;
}

// The saved queries and history panel; `refresh()` reloads both lists.
export function libraryPanel(): { el: HTMLElement; refresh: () => Promise<void> } {
  const saved = h('div', { id: 'saved-queries' });
  const recent = h('div', { id: 'query-history' });
  const el = h('details', { class: 'library' }, h('summary', null, 'Saved queries and recent runs'),
    h('div', { class: 'library-cols' }, h('div', null, h('h3', null, 'Saved'), saved), h('div', null, h('h3', null, 'Recent'), recent)));
  const remove = async (q: SavedQuery) => {
    try {
      await fetch(`/api/v1/queries/${q.id}`, { method: 'DELETE', headers: authHeaders() });
    } finally {
      void refresh();
    }
  };
  const refresh = async () => {
    try {
      const [{ queries }, { history }] = await Promise.all([
        call<{ queries: SavedQuery[] }>('/api/v1/queries'),
        call<{ history: HistoryEntry[] }>(`/api/v1/query_history?limit=${HISTORY_SHOWN}`)]);
      const savedItems = queries.map((q) => h('li', null,
        h('a', { href: queryLink(q.dataset, q.query), title: q.description || describe(q.query) }, q.name),
        h('span', { class: 'muted small' }, ` ${q.dataset} · ${describe(q.query)} `),
        h('button', { type: 'button', class: 'ghost small', 'aria-label': `Delete ${q.name}`, onclick: () => void remove(q) }, '×')));
      replace(saved, savedItems.length ? h('ul', { class: 'plain' }, savedItems)
        : h('p', { class: 'muted small' }, 'None yet: name a query and Save it.'));
      const recentItems = history.map((e) => h('li', null,
        h('a', { href: queryLink(e.dataset, e.query) }, describe(e.query)),
        h('span', { class: 'muted small' }, ` ${e.dataset} · ${fmt.ago(Date.parse(e.ran_at))} · ${Math.round(e.elapsed_ms)} ms`)));
      replace(recent, recentItems.length ? h('ul', { class: 'plain' }, recentItems)
        : h('p', { class: 'muted small' }, 'Queries you run appear here.'));
    } catch (e) {
      replace(saved, errorBox('Could not load saved queries.', (e as Error).message));
    }
  };
  return { el, refresh };
}

function authHeaders(): Record<string, string> {
  const key = apiKey();
  return key ? { Authorization: `Bearer ${key}` } : {};
}

// The "Save" control: a name box and a button posting the current query.
export function saveControl(current: () => { dataset: string; query: QuerySpec }, onSaved: () => void): HTMLElement {
  const name = h('input', { placeholder: 'name this query', 'aria-label': 'query name', class: 'name-input' });
  const status = h('span', { class: 'muted small', role: 'status' });
  const save = async () => {
    if (!name.value.trim()) {
      status.textContent = 'Type a name first.';
      name.focus();
      return;
    }
    const { dataset, query } = current();
    try {
      await call('/api/v1/queries', { name: name.value.trim(), dataset, query });
      status.textContent = `Saved "${name.value.trim()}".`;
      name.value = '';
      onSaved();
    } catch (e) {
      status.textContent = (e as Error).message;
    }
  };
  name.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); void save(); } });
  return h('span', { class: 'save-control' }, name,
    h('button', { type: 'button', class: 'ghost', id: 'save-query', onclick: () => void save() }, 'Save'), status);
}
