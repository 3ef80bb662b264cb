// Hash routing: "#/traces/ID?x=1" → {path: ["traces", "ID"], query}. Hash
// routes need no server support and survive reloads and shared links.

export interface Route {
  path: string[];
  query: URLSearchParams;
}

export function currentRoute(): Route {
  const hash = location.hash.replace(/^#/, '') || '/';
  const q = hash.indexOf('?');
  const pathPart = q < 0 ? hash : hash.slice(0, q);
  const query = new URLSearchParams(q < 0 ? '' : hash.slice(q + 1));
  const path = pathPart.split('/').filter((s) => s.length > 0).map(decodeSegment);
  return { path, query };
}

// A malformed escape ("%E0" typed or pasted into the URL) stays as typed
// instead of throwing and leaving the page blank.
function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

// Builds "#/a/b?k=v" from segments and parameters (empty values dropped).
export function link(path: string[], params: Record<string, string | undefined> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  const qs = q.toString();
  return `#/${path.map(encodeURIComponent).join('/')}${qs ? `?${qs}` : ''}`;
}

// Replaces the URL's hash without adding a history entry or re-rendering.
export function replaceHash(hash: string): void {
  history.replaceState(null, '', hash);
}
