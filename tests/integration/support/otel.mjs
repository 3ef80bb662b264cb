// OpenTelemetry helpers for the integration tests: real exporters, and the
// expected read-API form (the Waggle contract) of what the SDK recorded,
// computed independently of the exporters' own serialization code.

import assert from 'node:assert/strict';

import { OTLPTraceExporter as TraceProto } from '@opentelemetry/exporter-trace-otlp-proto';
import { OTLPTraceExporter as TraceJson } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as TraceGrpc } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPLogExporter as LogsProto } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPLogExporter as LogsJson } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as LogsGrpc } from '@opentelemetry/exporter-logs-otlp-grpc';
import grpc from '@grpc/grpc-js';

// Builds a trace exporter speaking `protocol` ('proto' | 'http' | 'grpc') to
// the server. `base` overrides the HTTP base URL (e.g. the edge port);
// `headers` become gRPC metadata for 'grpc'.
export function traceExporter(server, protocol, { compression, headers = {}, base } = {}) {
  return makeExporter(server, protocol, 'traces', { compression, headers, base },
    { proto: TraceProto, http: TraceJson, grpc: TraceGrpc });
}

// Same as traceExporter, for logs.
export function logExporter(server, protocol, { compression, headers = {}, base } = {}) {
  return makeExporter(server, protocol, 'logs', { compression, headers, base },
    { proto: LogsProto, http: LogsJson, grpc: LogsGrpc });
}

function makeExporter(server, protocol, signal, { compression, headers, base }, classes) {
  const opts = { timeoutMillis: 10_000 };
  if (compression) opts.compression = compression;
  if (protocol === 'grpc') {
    const md = new grpc.Metadata();
    for (const [k, v] of Object.entries(headers)) md.set(k, v);
    return new classes.grpc({ ...opts, url: server.grpcUrl, metadata: md });
  }
  const root = base ?? server.otlpHttpUrl;
  return new classes[protocol]({ ...opts, url: `${root}/v1/${signal}`, headers });
}

// Wraps an exporter so every export result is recorded in `.results`;
// `.settled()` resolves once every export started so far has completed (some
// processors' forceFlush does not wait for in-flight exports).
export function recording(exporter) {
  const results = [];
  const pending = new Set();
  return {
    results,
    export(items, cb) {
      let done;
      const p = new Promise((r) => { done = r; });
      pending.add(p);
      exporter.export(items, (r) => {
        results.push(r);
        pending.delete(p);
        done();
        cb(r);
      });
    },
    settled: () => Promise.all([...pending]),
    shutdown: () => exporter.shutdown(),
    forceFlush: () => (exporter.forceFlush ? exporter.forceFlush() : Promise.resolve()),
  };
}

// Exports `items` once through `exporter`; resolves with the ExportResult.
export function exportOnce(exporter, items) {
  return new Promise((resolve) => exporter.export(items, resolve));
}

// Converts an HrTime [seconds, nanos] to decimal nanoseconds.
export function hrToNanos(hr) {
  return (BigInt(hr[0]) * 1_000_000_000n + BigInt(hr[1])).toString();
}

// The OTLP/JSON AnyValue for a JS attribute/body value, with int64 values as
// decimal strings and kvlists ordered by key.
export function anyValue(v) {
  if (typeof v === 'string') return { stringValue: v };
  if (typeof v === 'boolean') return { boolValue: v };
  if (typeof v === 'number') {
    return Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
  }
  if (v instanceof Uint8Array) return { bytesValue: Buffer.from(v).toString('base64') };
  if (Array.isArray(v)) return { arrayValue: { values: v.map(anyValue) } };
  if (v !== null && typeof v === 'object') {
    return { kvlistValue: { values: keyValues(v) } };
  }
  throw new Error(`no AnyValue for ${v}`);
}

// The KeyValue list for an attributes object, ordered by key.
export function keyValues(attrs = {}) {
  return Object.keys(attrs).sort().map((k) => ({ key: k, value: anyValue(attrs[k]) }));
}

// Puts a server-returned AnyValue in canonical form: kvlists ordered by key.
function canonAny(v) {
  if (v === null || typeof v !== 'object') return v;
  if (v.arrayValue) return { arrayValue: { values: (v.arrayValue.values ?? []).map(canonAny) } };
  if (v.kvlistValue) return { kvlistValue: { values: canonKvs(v.kvlistValue.values ?? []) } };
  return v;
}

// Puts a server-returned KeyValue list in canonical form (ordered by key):
// OTLP attributes are a map, so their order carries no meaning.
export function canonKvs(list) {
  assert.ok(Array.isArray(list), `attributes must be an array, got ${JSON.stringify(list)}`);
  return [...list]
    .map((kv) => ({ key: kv.key, value: canonAny(kv.value) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

const SPAN_FLAGS_HAS_IS_REMOTE = 0x100;
const SPAN_FLAGS_IS_REMOTE = 0x200;

function spanFlags(traceFlags, isRemote) {
  return (traceFlags & 0xff) | SPAN_FLAGS_HAS_IS_REMOTE | (isRemote ? SPAN_FLAGS_IS_REMOTE : 0);
}

function expectedResource(resource) {
  return {
    attributes: keyValues(resource.attributes),
    dropped_attributes_count: 0,
    schema_url: resource.schemaUrl ?? '',
  };
}

function expectedScope(scope) {
  return {
    name: scope.name,
    version: scope.version ?? '',
    attributes: [],
    dropped_attributes_count: 0,
    schema_url: scope.schemaUrl ?? '',
  };
}

// The dataset Waggle derives from a resource: trimmed service.name, else
// `fallback`.
export function datasetOf(resource, fallback) {
  const name = resource.attributes['service.name'];
  if (typeof name !== 'string' || name.trim() === '') return fallback;
  return name.trim();
}

// The contract's Span JSON for an SDK ReadableSpan.
export function expectedSpan(s) {
  const ctx = s.spanContext();
  const start = BigInt(hrToNanos(s.startTime));
  const end = BigInt(hrToNanos(s.endTime));
  return {
    dataset: datasetOf(s.resource, 'unknown_service'),
    environment: 'default',
    trace_id: ctx.traceId,
    span_id: ctx.spanId,
    parent_span_id: s.parentSpanContext?.spanId ?? '',
    name: s.name,
    kind: s.kind + 1,  // API SpanKind starts at INTERNAL = 0; OTLP at 1.
    start_time_unix_nano: start.toString(),
    end_time_unix_nano: end.toString(),
    duration_ms: Number(end - start) / 1e6,
    trace_state: ctx.traceState ? ctx.traceState.serialize() : '',
    flags: spanFlags(ctx.traceFlags, s.parentSpanContext?.isRemote),
    status: { code: s.status.code, message: s.status.message ?? '' },
    attributes: keyValues(s.attributes),
    dropped_attributes_count: s.droppedAttributesCount ?? 0,
    events: s.events.map((e) => ({
      time_unix_nano: hrToNanos(e.time),
      name: e.name,
      attributes: keyValues(e.attributes),
      dropped_attributes_count: e.droppedAttributesCount ?? 0,
    })),
    dropped_events_count: s.droppedEventsCount ?? 0,
    links: s.links.map((l) => ({
      trace_id: l.context.traceId,
      span_id: l.context.spanId,
      trace_state: l.context.traceState ? l.context.traceState.serialize() : '',
      attributes: keyValues(l.attributes),
      dropped_attributes_count: l.droppedAttributesCount ?? 0,
      flags: spanFlags(l.context.traceFlags, l.context.isRemote),
    })),
    dropped_links_count: s.droppedLinksCount ?? 0,
    resource: expectedResource(s.resource),
    scope: expectedScope(s.instrumentationScope),
  };
}

// The contract's log JSON for an SDK ReadableLogRecord.
export function expectedLog(r) {
  return {
    dataset: datasetOf(r.resource, 'unknown_log_source'),
    environment: 'default',
    time_unix_nano: hrToNanos(r.hrTime),
    observed_time_unix_nano: hrToNanos(r.hrTimeObserved),
    severity_number: r.severityNumber ?? 0,
    severity_text: r.severityText ?? '',
    body: r.body === undefined || r.body === null ? null : anyValue(r.body),
    attributes: keyValues(r.attributes),
    dropped_attributes_count: r.droppedAttributesCount ?? 0,
    flags: r.spanContext ? r.spanContext.traceFlags & 0xff : 0,
    trace_id: r.spanContext?.traceId ?? '',
    span_id: r.spanContext?.spanId ?? '',
    event_name: r.eventName ?? '',
    resource: expectedResource(r.resource),
    scope: expectedScope(r.instrumentationScope),
  };
}

// Returns `actual` restricted to the keys of `expected`, with every
// attribute list in canonical order, so deepStrictEqual checks exactly the
// contract's fields.
function canonLike(actual, expected) {
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `expected an array, got ${JSON.stringify(actual)}`);
    return actual.map((a, i) => (i < expected.length ? canonLike(a, expected[i]) : a));
  }
  if (expected === null || typeof expected !== 'object') return actual;
  if (actual === null || typeof actual !== 'object') return actual;
  const out = {};
  for (const k of Object.keys(expected)) {
    if (!(k in actual)) continue;  // Left missing: deepStrictEqual reports it.
    if (k === 'attributes') out[k] = canonKvs(actual[k]);
    else if (k === 'body' || k === 'value') out[k] = canonAny(actual[k]);
    else out[k] = canonLike(actual[k], expected[k]);
  }
  return out;
}

// Asserts a returned span or log equals the expected contract object in
// every field (duration_ms within 1 µs; attribute order ignored).
export function assertSameRecord(actual, expected, what) {
  const a = canonLike(actual, expected);
  const e = { ...expected };
  if ('duration_ms' in e) {
    assert.equal(typeof actual.duration_ms, 'number', `${what}: duration_ms must be a number`);
    assert.ok(Math.abs(actual.duration_ms - e.duration_ms) < 1e-3,
      `${what}: duration_ms ${actual.duration_ms} != ${e.duration_ms}`);
    a.duration_ms = e.duration_ms;
  }
  assert.deepStrictEqual(a, e, `${what} differs from what was sent`);
}
