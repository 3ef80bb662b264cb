// Calls to Waggle's read API (docs/api.md) with the key the user entered, if
// any. Every call resolves with data or throws an ApiError carrying the
// server's own message.

const KEY_STORAGE = 'waggle.key';

export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export function apiKey(): string {
  return localStorage.getItem(KEY_STORAGE) ?? '';
}

export function setApiKey(key: string): void {
  if (key) localStorage.setItem(KEY_STORAGE, key);
  else localStorage.removeItem(KEY_STORAGE);
}

// Fetches `path` (GET, or POST with a JSON body) and parses the JSON answer.
export async function call<T>(path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  return request<T>(body === undefined ? 'GET' : 'POST', path, body, signal);
}

// Sends `method` to `path` with an optional JSON body; resolves with the
// parsed answer (undefined for 204), throws ApiError with the server's
// message (`error`, or AWS's `message`).
export async function request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const key = apiKey();
  if (key) headers.Authorization = `Bearer ${key}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, `cannot reach the Waggle server (${(e as Error).message})`);
  }
  const text = await res.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON: handled below */
  }
  if (!res.ok) {
    const p = parsed as { error?: string; message?: string; Message?: string } | undefined;
    const message = p?.error ?? p?.message ?? p?.Message ?? (text.trim() || res.statusText);
    if (res.status === 401 || res.status === 403) window.dispatchEvent(new CustomEvent('waggle:auth'));
    throw new ApiError(res.status, `${res.status}: ${message}`);
  }
  if (res.status === 204) return undefined as T;
  if (parsed === undefined) throw new ApiError(res.status, 'the server answered with no JSON');
  return parsed as T;
}

// Calls Rollbar's API (docs/rollbar.md) with the UI's key as the access
// token and unwraps its {"err":0,"result":...} envelope; `patch` sends a
// PATCH with that JSON body. Throws ApiError with Rollbar's message.
export async function rollbarCall<T>(path: string, patch?: unknown, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  // Rollbar's API wants a token; while the server has no keys any value is accepted.
  headers['X-Rollbar-Access-Token'] = apiKey() || 'waggle-ui';
  if (patch !== undefined) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, { method: patch === undefined ? 'GET' : 'PATCH', headers, signal,
      body: patch === undefined ? undefined : JSON.stringify(patch) });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, `cannot reach the Waggle server (${(e as Error).message})`);
  }
  let parsed: { err?: number; result?: T; message?: string } | undefined;
  try {
    parsed = await res.json();
  } catch {
    parsed = undefined;
  }
  if (!res.ok || !parsed || parsed.err !== 0) {
    if (res.status === 401) window.dispatchEvent(new CustomEvent('waggle:auth'));
    throw new ApiError(res.status, `${res.status}: ${parsed?.message ?? res.statusText}`);
  }
  return parsed.result as T;
}

// Calls an AWS JSON 1.1 operation on the edge port (`POST /` with
// `X-Amz-Target: <target>`, e.g. "Logs_20140328.DescribeLogGroups") with the
// UI's key as a Bearer token. Throws ApiError with `${__type}: ${message}`.
export async function awsCall<T>(target: string, body: unknown, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json', 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': target,
  };
  const key = apiKey();
  if (key) headers.Authorization = `Bearer ${key}`;
  let res: Response;
  try {
    res = await fetch('/', { method: 'POST', headers, body: JSON.stringify(body ?? {}), signal });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, `cannot reach the Waggle server (${(e as Error).message})`);
  }
  const text = await res.text();
  let parsed: Record<string, unknown> | undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!res.ok) {
    const type = String(parsed?.__type ?? res.headers.get('x-amzn-ErrorType') ?? res.status).replace(/^.*#/, '');
    const message = String(parsed?.message ?? parsed?.Message ?? (text.trim() || res.statusText));
    if (res.status === 401 || res.status === 403 || type === 'UnrecognizedClientException' ||
      type === 'MissingAuthenticationTokenException') window.dispatchEvent(new CustomEvent('waggle:auth'));
    throw new ApiError(res.status, `${type}: ${message}`);
  }
  if (parsed === undefined) throw new ApiError(res.status, 'the server answered with no JSON');
  return parsed as T;
}

// ---- Shapes of the read API ----

export interface Dataset {
  name: string;
  environment: string;
  events: number;
  bytes_on_disk: number;
  last_event_unix_nano: string | number;
  kinds: string[];
}

export interface AnyValue {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
  bytesValue?: string;
  arrayValue?: { values?: AnyValue[] };
  kvlistValue?: { values?: KeyValue[] };
}

export interface KeyValue {
  key: string;
  value: AnyValue;
}

export interface SpanEvent {
  time_unix_nano: string;
  name: string;
  attributes: KeyValue[];
}

export interface SpanLink {
  trace_id: string;
  span_id: string;
  attributes: KeyValue[];
}

export interface Span {
  dataset: string;
  trace_id: string;
  span_id: string;
  parent_span_id: string;
  name: string;
  kind: number;
  start_time_unix_nano: string;
  end_time_unix_nano: string;
  duration_ms: number;
  status: { code: number; message: string };
  attributes: KeyValue[];
  events: SpanEvent[];
  links: SpanLink[];
  resource: { attributes: KeyValue[] };
  scope: { name: string; version: string; attributes: KeyValue[] };
}

export interface TraceSummary {
  trace_id: string;
  dataset: string;
  root_name: string;
  root_service: string;
  start_time_unix_nano: string;
  duration_ms: number;
  span_count: number;
  error: boolean;
}

export interface LogRecord {
  dataset: string;
  time_unix_nano: string;
  observed_time_unix_nano: string;
  severity_number: number;
  severity_text: string;
  body: AnyValue | null;
  attributes: KeyValue[];
  trace_id: string;
  span_id: string;
}

export interface Column {
  name: string;
  type: string;
}

// GET /api/v1/service_map: request counts by outcome and mean latency, of a
// node or an edge.
export interface MapOutcomes {
  count: number;
  ok: number;
  errors: number;
  throttles: number;
  faults: number;
  avg_ms: number;
}

// GET /api/v1/service_map: one service (or client, or inferred callee).
export interface MapNode extends MapOutcomes {
  id: number;
  name: string;
  type: string;
  root: boolean;
  inferred: boolean;
  client: boolean;
}

// GET /api/v1/service_map: the calls from one node to another.
export interface MapEdge extends MapOutcomes {
  from: number;
  to: number;
}

// GET /api/v1/service_map: the graph of the window [start, end] (epoch s).
export interface ServiceMap {
  start: number;
  end: number;
  traces: number;
  nodes: MapNode[];
  edges: MapEdge[];
}

// Rollbar's read API: an item (occurrences grouped by fingerprint); times in unix s.
export interface RollbarItem {
  id: number;
  counter: number;
  environment: string;
  platform: string;
  language: string;
  framework: string;
  title: string;
  level: string;
  status: string;
  first_occurrence_timestamp: number;
  last_occurrence_timestamp: number;
  total_occurrences: number;
  unique_occurrences: number;
  resolved_in_version: string | null;
}

// One occurrence: the payload's `data` as the SDK sent it (scrubbed).
export interface RollbarInstance {
  id: number;
  item_id: number;
  timestamp: number;
  uuid: string;
  data: RollbarData | null;
  trace_id?: string;
  span_id?: string;
}

export interface RollbarFrame {
  filename?: string;
  lineno?: number;
  method?: string;
  code?: string;
}

export interface RollbarData {
  body?: {
    trace?: { frames?: RollbarFrame[]; exception?: { class?: string; message?: string } };
    trace_chain?: Array<{ frames?: RollbarFrame[]; exception?: { class?: string; message?: string } }>;
    message?: { body?: string };
  };
  request?: Record<string, unknown>;
  person?: Record<string, unknown>;
  server?: Record<string, unknown>;
  environment?: string;
  code_version?: string;
  notifier?: { name?: string; version?: string };
}

export interface AuthInfo {
  environment: string;
  scopes: string[];
  key_id: string;
  keys_enabled: boolean;
}

// Renders an OTLP/JSON AnyValue as display text.
export function valueText(v: AnyValue | null | undefined): string {
  if (!v) return '';
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.intValue !== undefined) return String(v.intValue);
  if (v.doubleValue !== undefined) return String(v.doubleValue);
  if (v.boolValue !== undefined) return String(v.boolValue);
  if (v.bytesValue !== undefined) return v.bytesValue;
  if (v.arrayValue) return `[${(v.arrayValue.values ?? []).map(valueText).join(', ')}]`;
  if (v.kvlistValue) {
    return `{${(v.kvlistValue.values ?? []).map((kv) => `${kv.key}: ${valueText(kv.value)}`).join(', ')}}`;
  }
  return '';
}

// The value of attribute `key` in `attrs`, as text ('' if absent).
export function attr(attrs: KeyValue[] | undefined, key: string): string {
  const kv = attrs?.find((a) => a.key === key);
  return kv ? valueText(kv.value) : '';
}
