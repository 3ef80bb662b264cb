// The app shell: navigation, theme, API key prompt, and the page router.
import './style.css';
import { apiKey, AuthInfo, call, setApiKey } from './api';
import { h, replace } from './dom';
import { currentRoute, Route } from './router';
import { renderHome } from './pages/home';
import { renderTraces } from './pages/traces';
import { renderTrace } from './pages/trace';
import { renderQuery } from './pages/query';
import { renderMap } from './pages/map';
import { renderErrorItem, renderErrors } from './pages/errors';
import { renderSettings } from './pages/settings';
import { renderLogGroup, renderLogGroups } from './pages/logs';
import { renderInsights } from './pages/insights';

// A page renders into `root` and returns a cleanup (timers, listeners).
export type Page = (root: HTMLElement, route: Route) => (() => void) | void;

const NAV: Array<[string, string]> = [
  ['', 'Home'],
  ['traces', 'Traces'],
  ['map', 'Service map'],
  ['query', 'Query'],
  ['logs', 'Logs'],
  ['errors', 'Errors'],
  ['settings', 'Settings'],
];

let cleanup: (() => void) | void;

function pageFor(route: Route): Page {
  const [first, second] = route.path;
  if (first === 'traces' && second) return renderTrace;
  if (first === 'traces') return renderTraces;
  if (first === 'query') return renderQuery;
  if (first === 'map') return renderMap;
  if (first === 'errors' && second) return renderErrorItem;
  if (first === 'errors') return renderErrors;
  if (first === 'logs' && second === 'insights' && route.path.length === 2) return renderInsights;
  if (first === 'logs' && second) return renderLogGroup;
  if (first === 'logs') return renderLogGroups;
  if (first === 'settings') return renderSettings;
  return renderHome;
}

function applyTheme(theme: string): void {
  if (theme === 'light' || theme === 'dark') document.documentElement.dataset.theme = theme;
  else delete document.documentElement.dataset.theme;
}

function themeButton(): HTMLElement {
  const order = ['auto', 'light', 'dark'];
  const button = h('button', { class: 'ghost', title: 'Theme (auto / light / dark)' });
  const show = () => (button.textContent = `Theme: ${localStorage.getItem('waggle.theme') ?? 'auto'}`);
  button.addEventListener('click', () => {
    const cur = localStorage.getItem('waggle.theme') ?? 'auto';
    const next = order[(order.indexOf(cur) + 1) % order.length];
    localStorage.setItem('waggle.theme', next);
    applyTheme(next);
    show();
  });
  show();
  return button;
}

function keyDialog(): HTMLElement {
  const input = h('input', { type: 'password', placeholder: 'API key (read scope)', value: apiKey(),
    'aria-label': 'API key' });
  const form = h('form', { class: 'keyform' },
    h('span', null, 'This server needs a key with the read scope.'), input,
    h('button', { type: 'submit' }, 'Use key'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    setApiKey(input.value.trim());
    form.remove();
    void showWhoAmI(who);
    render();
  });
  return form;
}

async function showWhoAmI(slot: HTMLElement): Promise<void> {
  try {
    const who = await call<AuthInfo>('/api/v1/auth');
    replace(slot, `env: ${who.environment}`, who.keys_enabled ? ` · ${who.scopes.join(', ')}` : '');
  } catch {
    replace(slot, '');
  }
}

const content = h('main', { id: 'content' });
const navLinks = h('nav', null);
const who = h('span', { class: 'who muted' });
const banner = h('div', { id: 'banner' });

function render(): void {
  if (cleanup) cleanup();
  cleanup = undefined;
  const route = currentRoute();
  for (const a of navLinks.querySelectorAll('a')) {
    a.classList.toggle('active', a.dataset.section === (route.path[0] ?? ''));
  }
  replace(content);
  cleanup = pageFor(route)(content, route);
}

function start(): void {
  applyTheme(localStorage.getItem('waggle.theme') ?? 'auto');
  for (const [path, label] of NAV) {
    navLinks.appendChild(h('a', { href: `#/${path}`, dataset: { section: path } }, label));
  }
  const header = h('header', null,
    h('a', { class: 'brand', href: '#/' }, h('img', { src: '/favicon.svg', alt: '' }), 'Waggle'),
    navLinks, h('span', { class: 'spacer' }), who, themeButton());
  document.getElementById('app')!.append(header, banner, content);
  window.addEventListener('hashchange', render);
  window.addEventListener('waggle:auth', () => {
    if (!banner.querySelector('.keyform')) banner.appendChild(keyDialog());
  });
  void showWhoAmI(who);
  render();
}

start();
