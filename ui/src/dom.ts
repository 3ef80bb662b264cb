// A tiny DOM builder: h('div', {class: 'x', onclick: f}, child, 'text').
// Strings become text nodes (never HTML), so server data cannot inject markup.

export type Child = Node | string | number | null | undefined | false | Child[];
export type Attrs = Record<string, unknown>;

// Creates an element with attributes (on* keys become listeners; `class`,
// `style` strings, `dataset` objects, booleans as presence) and children.
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs | null = null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [key, value] of Object.entries(attrs)) {
      if (value === undefined || value === null || value === false) continue;
      if (key.startsWith('on') && typeof value === 'function') {
        el.addEventListener(key.slice(2), value as EventListener);
      } else if (key === 'dataset') {
        Object.assign(el.dataset, value);
      } else if (key === 'value' && 'value' in el) {
        (el as HTMLInputElement).value = String(value);
      } else if (value === true) {
        el.setAttribute(key, '');
      } else {
        el.setAttribute(key, String(value));
      }
    }
  }
  append(el, children);
  return el;
}

// Appends children (flattening arrays, skipping empty values) to `el`.
export function append(el: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

// Replaces every child of `el` with `children`.
export function replace(el: Node, ...children: Child[]): void {
  while (el.firstChild) el.removeChild(el.firstChild);
  append(el, children);
}

// An error box with a title and the server's message.
export function errorBox(title: string, message: string): HTMLElement {
  return h('div', { class: 'error-box', role: 'alert' }, h('strong', null, title), ' ', message);
}

const SVG_NS = 'http://www.w3.org/2000/svg';

// Creates an SVG element with attributes and children (strings become text).
export function svg(tag: string, attrs: Record<string, string | number> = {},
  ...children: Array<Node | string>): SVGElement {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  for (const c of children) el.append(c);
  return el;
}
