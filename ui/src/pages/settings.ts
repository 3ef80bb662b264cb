// Settings: API keys (docs/api.md "Keys": create — the key and its AWS
// credentials shown once — list, revoke), X-Ray groups and sampling rules
// (the X-Ray API, docs/xray.md). Each section loads on its own and shows
// its own errors, so a key without the admin scope still sees the rest.
import { AuthInfo, call, request, setApiKey } from '../api';
import { errorBox, h, replace } from '../dom';
import * as fmt from '../format';

interface KeyRow {
  id: string; name: string; environment: string; scopes: string[];
  created_at: string; last_used_at: string | null; revoked: boolean;
}
interface NewKey extends KeyRow { key: string; aws_access_key_id: string; aws_secret_access_key: string }
interface XrayGroup { GroupName: string; FilterExpression?: string; GroupARN: string }
interface SamplingRule {
  RuleName: string; Priority: number; FixedRate: number; ReservoirSize: number;
  ServiceName: string; HTTPMethod: string; URLPath: string;
}

const SCOPES = ['ingest', 'read', 'admin'];

function section(title: string, id: string, intro: string): { el: HTMLElement; body: HTMLElement } {
  const body = h('div', null, h('p', { class: 'muted' }, 'Loading…'));
  return { el: h('section', { id, class: 'settings-section' }, h('h2', null, title), h('p', { class: 'muted small' }, intro), body), body };
}

function shownOnce(k: NewKey, keysWereOff: boolean): HTMLElement {
  const lines = [`AWS_ACCESS_KEY_ID=${k.aws_access_key_id}`, `AWS_SECRET_ACCESS_KEY=${k.aws_secret_access_key}`,
    `OTEL_EXPORTER_OTLP_HEADERS=x-honeycomb-team=${k.key}`, `WAGGLE_KEY=${k.key}`];
  return h('div', { class: 'notice', id: 'new-key', role: 'status' },
    h('p', null, h('strong', null, `Key ${k.id} created. `),
      'Copy it now: it is shown only once, and Waggle keeps only its hash.',
      keysWereOff ? ' Keys are on from now on; this browser uses the new key.' : ''),
    h('pre', { class: 'stack mono' }, lines.join('\n')));
}

function keysSection(who: AuthInfo): HTMLElement {
  const { el, body } = section('API keys', 'settings-keys',
    'Keys carry an environment and scopes: ingest (send data), read (query), admin (everything, keys included). ' +
    'OTLP exporters send a key as x-honeycomb-team, Rollbar SDKs as the access token, AWS SDKs sign with its AWS credentials.');
  const created = h('div');
  const name = h('input', { placeholder: 'name', 'aria-label': 'key name' });
  const env = h('input', { placeholder: 'environment', value: who.environment || 'default', 'aria-label': 'key environment' });
  const boxes = SCOPES.map((s) => h('input', { type: 'checkbox', value: s, checked: s === 'ingest', 'aria-label': `scope ${s}` }));
  const message = h('span', { class: 'muted small' });
  const load = async () => {
    try {
      const { keys } = await call<{ keys: KeyRow[] }>('/api/v1/keys');
      replace(body, keys.length ? h('table', { class: 'grid', id: 'keys' },
        h('thead', null, h('tr', null, ['Id', 'Name', 'Environment', 'Scopes', 'Created', 'Last used', 'State', ''].map((c) => h('th', null, c)))),
        h('tbody', null, keys.map((k) => h('tr', { dataset: { id: k.id } },
          h('td', { class: 'mono' }, k.id), h('td', null, k.name), h('td', null, k.environment), h('td', null, k.scopes.join(', ')),
          h('td', null, fmt.ago(Date.parse(k.created_at))), h('td', null, k.last_used_at ? fmt.ago(Date.parse(k.last_used_at)) : 'never'),
          h('td', null, k.revoked ? h('span', { class: 'tag error' }, 'revoked') : 'active'),
          h('td', null, k.revoked ? null : h('button', { type: 'button', class: 'ghost small', onclick: () => void revoke(k) }, 'Revoke'))))))
        : h('p', { class: 'muted' }, 'No keys: anyone who can reach this server (it listens on loopback) may send and read data. Create an admin key to turn keys on.'));
    } catch (e) {
      replace(body, errorBox('Could not list keys (an admin key is needed).', (e as Error).message));
    }
  };
  const revoke = async (k: KeyRow) => {
    if (!confirm(`Revoke key ${k.id} (${k.name || 'unnamed'})? Clients using it are refused at once.`)) return;
    try {
      await request('DELETE', `/api/v1/keys/${encodeURIComponent(k.id)}`);
      void load();
    } catch (e) {
      message.textContent = (e as Error).message;
    }
  };
  const create = async (e: Event) => {
    e.preventDefault();
    const scopes = boxes.filter((b) => b.checked).map((b) => b.value);
    try {
      const k = await call<NewKey>('/api/v1/keys', { name: name.value.trim(), environment: env.value.trim(), scopes });
      const keysWereOff = !who.keys_enabled;
      if (keysWereOff && (k.scopes.includes('read') || k.scopes.includes('admin'))) {
        setApiKey(k.key);
        who.keys_enabled = true;
      }
      replace(created, shownOnce(k, keysWereOff));
      name.value = '';
      message.textContent = '';
      void load();
    } catch (err) {
      message.textContent = (err as Error).message;
    }
  };
  const form = h('form', { class: 'toolbar', id: 'create-key' }, name, env,
    boxes.map((b) => h('label', null, b, b.value)), h('button', { type: 'submit' }, 'Create key'), message);
  form.addEventListener('submit', (e) => void create(e));
  el.append(form, created);
  void load();
  return el;
}

function groupsSection(): HTMLElement {
  const { el, body } = section('X-Ray groups', 'settings-groups',
    'A group is a named filter expression (docs/xray-filters.md); the service map and trace summaries can be read per group.');
  const name = h('input', { placeholder: 'group name', 'aria-label': 'group name' });
  const expr = h('input', { placeholder: 'filter expression, e.g. service("backend-flask") AND fault', 'aria-label': 'filter expression', class: 'wide-input' });
  const message = h('span', { class: 'muted small' });
  const load = async () => {
    try {
      const { Groups } = await call<{ Groups: XrayGroup[] }>('/Groups', {});
      replace(body, Groups.length ? h('table', { class: 'grid', id: 'xray-groups' },
        h('thead', null, h('tr', null, h('th', null, 'Name'), h('th', null, 'Filter expression'), h('th', null, ''))),
        h('tbody', null, Groups.map((g) => h('tr', null, h('td', null, g.GroupName), h('td', { class: 'mono' }, g.FilterExpression ?? ''),
          h('td', null, g.GroupName === 'Default' ? null
            : h('button', { type: 'button', class: 'ghost small', onclick: () => void remove(g.GroupName) }, 'Delete'))))))
        : h('p', { class: 'muted' }, 'No groups yet.'));
    } catch (e) {
      replace(body, errorBox('Could not list X-Ray groups.', (e as Error).message));
    }
  };
  const remove = async (group: string) => {
    try {
      await call('/DeleteGroup', { GroupName: group });
      void load();
    } catch (e) {
      message.textContent = (e as Error).message;
    }
  };
  const form = h('form', { class: 'toolbar', id: 'create-group' }, name, expr, h('button', { type: 'submit' }, 'Create group'), message);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await call('/CreateGroup', { GroupName: name.value.trim(), FilterExpression: expr.value.trim() || undefined });
      name.value = expr.value = message.textContent = '';
      void load();
    } catch (err) {
      message.textContent = (err as Error).message;
    }
  });
  el.append(form);
  void load();
  return el;
}

function rulesSection(): HTMLElement {
  const { el, body } = section('Sampling rules', 'settings-rules',
    'X-Ray SDKs poll these rules; each keeps a reservoir of traces per second across all its clients, then a fixed rate.');
  const num = (label: string, value: string, step = '1') =>
    h('input', { type: 'number', min: '0', step, value, 'aria-label': label, class: 'num-input', title: label });
  const name = h('input', { placeholder: 'rule name', 'aria-label': 'rule name' });
  const service = h('input', { placeholder: 'service (*)', 'aria-label': 'rule service', value: '*' });
  const path = h('input', { placeholder: 'URL path (*)', 'aria-label': 'rule URL path', value: '*' });
  const priority = num('priority', '1000');
  const reservoir = num('reservoir per second', '1');
  const rate = num('fixed rate', '0.05', '0.01');
  const message = h('span', { class: 'muted small' });
  const load = async () => {
    try {
      const { SamplingRuleRecords } = await call<{ SamplingRuleRecords: Array<{ SamplingRule: SamplingRule }> }>('/GetSamplingRules', {});
      replace(body, h('table', { class: 'grid', id: 'sampling-rules' },
        h('thead', null, h('tr', null, ['Name', 'Priority', 'Service', 'Method', 'Path', 'Reservoir/s', 'Rate', ''].map((c) => h('th', null, c)))),
        h('tbody', null, SamplingRuleRecords.map(({ SamplingRule: r }) => h('tr', null,
          h('td', null, r.RuleName), h('td', { class: 'num' }, String(r.Priority)), h('td', null, r.ServiceName),
          h('td', null, r.HTTPMethod), h('td', { class: 'mono' }, r.URLPath), h('td', { class: 'num' }, String(r.ReservoirSize)),
          h('td', { class: 'num' }, `${fmt.number(r.FixedRate * 100)}%`),
          h('td', null, r.RuleName === 'Default' ? h('span', { class: 'muted small' }, 'built in')
            : h('button', { type: 'button', class: 'ghost small', onclick: () => void remove(r.RuleName) }, 'Delete')))))));
    } catch (e) {
      replace(body, errorBox('Could not list sampling rules.', (e as Error).message));
    }
  };
  const remove = async (rule: string) => {
    try {
      await call('/DeleteSamplingRule', { RuleName: rule });
      void load();
    } catch (e) {
      message.textContent = (e as Error).message;
    }
  };
  const form = h('form', { class: 'toolbar', id: 'create-rule' }, name, service, path,
    h('label', null, 'priority ', priority), h('label', null, 'reservoir ', reservoir), h('label', null, 'rate ', rate),
    h('button', { type: 'submit' }, 'Create rule'), message);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await call('/CreateSamplingRule', { SamplingRule: {
        RuleName: name.value.trim(), Priority: Number(priority.value), FixedRate: Number(rate.value),
        ReservoirSize: Number(reservoir.value), ServiceName: service.value.trim() || '*', ServiceType: '*', Host: '*',
        HTTPMethod: '*', URLPath: path.value.trim() || '*', ResourceARN: '*', Version: 1 } });
      name.value = message.textContent = '';
      void load();
    } catch (err) {
      message.textContent = (err as Error).message;
    }
  });
  el.append(form);
  void load();
  return el;
}

export function renderSettings(root: HTMLElement): () => void {
  const slot = h('div', null, h('p', { class: 'muted' }, 'Loading…'));
  root.append(h('div', { class: 'page-head' }, h('h1', null, 'Settings')), slot);
  call<AuthInfo>('/api/v1/auth')
    .then((who) => replace(slot, keysSection(who), groupsSection(), rulesSection()))
    .catch((e) => replace(slot, errorBox('Could not reach the server.', (e as Error).message)));
  return () => undefined;
}
