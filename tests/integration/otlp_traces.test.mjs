// Traces from the real OpenTelemetry JS exporters (HTTP/protobuf, HTTP/JSON,
// gRPC) must come back from GET /api/v1/traces/{id} exactly as sent.

import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';

import api from '@opentelemetry/api';
import { TraceState } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider, BatchSpanProcessor, InMemorySpanExporter, SamplingDecision,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';

import { assertSameRecord, expectedSpan, recording, traceExporter } from './support/otel.mjs';
import { dumpOutputIfFailed, getJson, startServer, sumMetric } from './support/server.mjs';

const { SpanKind, SpanStatusCode, context, trace } = api;

// Every attribute type the JS API allows on spans. (Uint8Array and nested
// objects are not valid span attribute values in the JS API: the SDK drops
// them, so they are covered by the logs test instead.)
const ROOT_ATTRS = {
  'http.request.method': 'GET',
  'http.route': '/api/activities/home',
  'app.cached': true,
  'app.flag_off': false,
  'http.response.status_code': 200,
  'app.negative': -7,
  'app.big': 9007199254740991,
  'app.ratio': 0.25,
  'app.pi': 3.14159,
  'app.tags': ['alpha', 'beta', 'gamma'],
  'app.ids': [1, -2, 300000],
  'app.unicode': 'héllo → wörld ✓',
  'app.empty': '',
};

const SAMPLER = {
  shouldSample: () => ({
    decision: SamplingDecision.RECORD_AND_SAMPLED,
    traceState: new TraceState('waggle=abc123,vendor=x1'),
  }),
  toString: () => 'TraceStateSampler',
};

// Adds `ms` milliseconds and `ns` nanoseconds to an HrTime.
function plus([s, n], ms, ns = 0) {
  const total = BigInt(s) * 1_000_000_000n + BigInt(n) + BigInt(ms) * 1_000_000n + BigInt(ns);
  return [Number(total / 1_000_000_000n), Number(total % 1_000_000_000n)];
}

// Builds a provider with a tee: the exporter under test plus an in-memory copy
// used to compute what the server must return.
function makeProvider(exporter, { batch, serviceName, extraResource = {} }) {
  const memory = new InMemorySpanExporter();
  const real = recording(exporter);
  const processor = batch
    ? new BatchSpanProcessor(real, { scheduledDelayMillis: 50, maxExportBatchSize: 512 })
    : new SimpleSpanProcessor(real);
  const resource = resourceFromAttributes({
    'service.name': serviceName,
    'service.version': '1.4.2',
    'deployment.environment.name': 'test',
    'host.cpu.count': 8,
    ...extraResource,
  });
  const provider = new BasicTracerProvider({
    resource,
    sampler: SAMPLER,
    spanProcessors: [new SimpleSpanProcessor(memory), processor],
  });
  return { provider, memory, real };
}

// Records one trace tree (SERVER root; CLIENT, INTERNAL, PRODUCER, CONSUMER
// children; an INTERNAL grandchild) plus a separate span it links to. All
// times are explicit, with nanosecond parts. Returns {traceId, otherTraceId}.
function recordTrace(tracer, tag) {
  const now = Date.now();
  const t0 = [Math.floor(now / 1000) - 5, (now % 1000) * 1_000_000 + 123_457];

  const other = tracer.startSpan(`scheduled-job ${tag}`, { kind: SpanKind.INTERNAL, startTime: t0 });
  other.end(plus(t0, 2, 11));

  const root = tracer.startSpan(`GET /api/activities/home ${tag}`, {
    kind: SpanKind.SERVER, attributes: ROOT_ATTRS, startTime: plus(t0, 10, 1),
  });
  root.addEvent('cache.miss', { 'cache.key': 'home:42', 'cache.size': 12, 'cache.hit_ratio': 0.5 },
    plus(t0, 11, 7));
  const rootCtx = trace.setSpan(context.active(), root);

  const client = tracer.startSpan('SELECT cruddur.activities', {
    kind: SpanKind.CLIENT,
    attributes: { 'db.system.name': 'postgresql', 'db.query.text': 'SELECT 1', 'server.port': 5432 },
    startTime: plus(t0, 12, 3),
  }, rootCtx);
  const err = new TypeError('connection reset by peer');
  client.recordException(err, plus(t0, 14, 9));
  client.setStatus({ code: SpanStatusCode.ERROR, message: 'upstream failed: connection reset' });
  client.end(plus(t0, 15, 999_999));

  const internal = tracer.startSpan('home-activities-mock-data', {
    kind: SpanKind.INTERNAL,
    attributes: { 'user.id': 'andrewbrown', 'app.result_length': 3, 'app.now': '2026-03-12T15:21:00Z' },
    startTime: plus(t0, 16, 5),
  }, rootCtx);
  const internalCtx = trace.setSpan(rootCtx, internal);
  const grandchild = tracer.startSpan('render-json', { startTime: plus(t0, 17, 0) }, internalCtx);
  grandchild.setStatus({ code: SpanStatusCode.OK });
  grandchild.end(plus(t0, 17, 500_000));
  internal.end(plus(t0, 18, 1));

  const producer = tracer.startSpan('publish activity', {
    kind: SpanKind.PRODUCER,
    startTime: plus(t0, 19, 2),
    links: [{ context: other.spanContext(), attributes: { 'link.reason': 'triggered-by', 'link.n': 2 } }],
  }, rootCtx);
  producer.end(plus(t0, 20, 4));

  const consumer = tracer.startSpan('consume activity', {
    kind: SpanKind.CONSUMER, attributes: { 'messaging.system': 'sqs' }, startTime: plus(t0, 21, 6),
  }, rootCtx);
  consumer.end(plus(t0, 22, 8));

  root.setStatus({ code: SpanStatusCode.ERROR, message: 'request failed' });
  root.end(plus(t0, 30, 250));
  return { traceId: root.spanContext().traceId, otherTraceId: other.spanContext().traceId };
}

// Asserts `spans` are in waterfall order: every parent before its children,
// siblings by start time.
function assertWaterfallOrder(spans) {
  const pos = new Map(spans.map((s, i) => [s.span_id, i]));
  const lastChildStart = new Map();
  for (const [i, s] of spans.entries()) {
    if (s.parent_span_id !== '' && pos.has(s.parent_span_id)) {
      assert.ok(pos.get(s.parent_span_id) < i, `span ${s.name} comes before its parent`);
    }
    const prev = lastChildStart.get(s.parent_span_id);
    const start = BigInt(s.start_time_unix_nano);
    if (prev !== undefined) {
      assert.ok(prev <= start, `sibling ${s.name} is out of start-time order`);
    }
    lastChildStart.set(s.parent_span_id, start);
  }
}

// GETs a trace and asserts it holds exactly the `sent` spans, each equal in
// every field, in waterfall order.
async function assertTraceMatches(server, traceId, sent) {
  const { status, body } = await getJson(server, `/api/v1/traces/${traceId}`);
  assert.equal(status, 200, `GET trace ${traceId}: ${JSON.stringify(body)}`);
  assert.equal(body.trace_id, traceId);
  assert.ok(Array.isArray(body.spans));
  const ids = body.spans.map((s) => s.span_id);
  assert.equal(new Set(ids).size, ids.length, `duplicate spans returned: ${ids}`);
  assert.equal(body.spans.length, sent.length, 'each span must be stored exactly once');
  const byId = new Map(body.spans.map((s) => [s.span_id, s]));
  for (const s of sent) {
    const got = byId.get(s.spanContext().spanId);
    assert.ok(got, `span ${s.name} missing`);
    assertSameRecord(got, expectedSpan(s), `span "${s.name}"`);
  }
  assertWaterfallOrder(body.spans);
  return body;
}

const CASES = [
  { protocol: 'proto', batch: false },
  { protocol: 'proto', batch: true, compression: 'gzip' },
  { protocol: 'http', batch: true },
  { protocol: 'http', batch: false, compression: 'gzip' },
  { protocol: 'grpc', batch: false },
  { protocol: 'grpc', batch: true },
  { protocol: 'proto', batch: false, edge: true },
  { protocol: 'http', batch: true, edge: true },
];

describe('OTLP traces from the JS exporters', () => {
  let server;
  before(async () => { server = await startServer(); });
  after(async () => {
    if (server) {
      try { await server.stop(); } finally { await server.cleanup(); }
    }
  });
  afterEach((t) => dumpOutputIfFailed(t, server));

  for (const [i, c] of CASES.entries()) {
    const label = `${c.protocol}${c.batch ? ' batch' : ' simple'}` +
      `${c.compression ? ` ${c.compression}` : ''}${c.edge ? ' via edge port' : ''}`;
    test(`${label}: every field round-trips`, async () => {
      const serviceName = `it-traces-${i}-${c.protocol}`;
      const exporter = traceExporter(server, c.protocol, {
        compression: c.compression, base: c.edge ? server.baseUrl : undefined,
      });
      const { provider, memory, real } = makeProvider(exporter, { batch: c.batch, serviceName });
      const { traceId, otherTraceId } = recordTrace(provider.getTracer('home.activities', '0.9.1'), label);
      await provider.forceFlush();
      await real.settled();
      assert.ok(real.results.length > 0, 'the exporter was never called');
      for (const r of real.results) {
        assert.equal(r.code, 0, `export failed: ${r.error?.stack ?? r.error}`);
      }

      const sent = memory.getFinishedSpans();
      const main = sent.filter((s) => s.spanContext().traceId === traceId);
      const other = sent.filter((s) => s.spanContext().traceId === otherTraceId);
      assert.equal(main.length, 6);
      const body = await assertTraceMatches(server, traceId, main);
      assert.equal(body.spans[0].parent_span_id, '', 'the root comes first');
      await assertTraceMatches(server, otherTraceId, other);
      await provider.shutdown();
    });
  }

  test('trace list, datasets and columns describe what was sent', async () => {
    const serviceName = 'it-traces-list';
    const { provider, memory } = makeProvider(traceExporter(server, 'proto'),
      { batch: false, serviceName });
    const { traceId } = recordTrace(provider.getTracer('home.activities', '0.9.1'), 'list');
    await provider.forceFlush();
    const main = memory.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
    const root = main.find((s) => !s.parentSpanContext);
    const exp = expectedSpan(root);

    const list = await getJson(server, `/api/v1/traces?dataset=${serviceName}&limit=10`);
    assert.equal(list.status, 200, JSON.stringify(list.body));
    assert.equal(list.body.traces.length, 2, 'two traces were sent to this dataset');
    const t = list.body.traces.find((x) => x.trace_id === traceId);
    assert.ok(t, `trace ${traceId} missing from ${JSON.stringify(list.body)}`);
    assert.equal(t.dataset, serviceName);
    assert.equal(t.root_name, root.name);
    assert.equal(t.root_service, serviceName);
    assert.equal(t.start_time_unix_nano, exp.start_time_unix_nano);
    assert.ok(Math.abs(t.duration_ms - exp.duration_ms) < 1e-3, `duration ${t.duration_ms}`);
    assert.equal(t.span_count, 6);
    assert.equal(t.error, true);
    // Newest first: the linked job started 10 ms before the request.
    assert.equal(list.body.traces[0].trace_id, traceId);

    const errOnly = await getJson(server,
      `/api/v1/traces?dataset=${serviceName}&error=true&min_duration=15&limit=10`);
    assert.equal(errOnly.status, 200);
    assert.deepEqual(errOnly.body.traces.map((x) => x.trace_id), [traceId]);

    const ds = await getJson(server, '/api/v1/datasets');
    assert.equal(ds.status, 200);
    const d = ds.body.datasets.find((x) => x.name === serviceName);
    assert.ok(d, `dataset ${serviceName} missing: ${JSON.stringify(ds.body)}`);
    assert.equal(d.environment, 'default');
    assert.ok(d.events >= 7, `events ${d.events}`);

    const cols = await getJson(server, `/api/v1/columns?dataset=${serviceName}`);
    assert.equal(cols.status, 200);
    const typeOf = (key) => {
      const col = cols.body.columns.find((x) => x.name === key || x.name.endsWith(`.${key}`));
      return col?.type;
    };
    assert.equal(typeOf('http.route'), 'string');
    assert.equal(typeOf('app.result_length'), 'integer');
    assert.equal(typeOf('app.ratio'), 'float');
    assert.equal(typeOf('app.cached'), 'boolean');

    const metrics = await fetch(`${server.baseUrl}/metrics`);
    assert.equal(metrics.status, 200);
    const text = await metrics.text();
    assert.ok(sumMetric(text, 'waggle_ingest_spans_total') >= 7, text);
    assert.ok(sumMetric(text, 'waggle_ingest_requests_total') >= 1, text);
    await provider.shutdown();
  });

  test('service.name is trimmed; a resource without it goes to unknown_service', async () => {
    for (const [attrs, dataset] of [
      [{ 'service.name': '  padded-service \t' }, 'padded-service'],
      [{ 'deployment.environment.name': 'test' }, 'unknown_service'],
    ]) {
      const memory = new InMemorySpanExporter();
      const real = recording(traceExporter(server, 'http'));
      const provider = new BasicTracerProvider({
        resource: resourceFromAttributes(attrs),
        spanProcessors: [new SimpleSpanProcessor(memory), new SimpleSpanProcessor(real)],
      });
      const span = provider.getTracer('t').startSpan('lonely');
      span.end();
      await provider.forceFlush();
      await real.settled();
      assert.equal(real.results[0]?.code, 0);
      const { status, body } = await getJson(server, `/api/v1/traces/${span.spanContext().traceId}`);
      assert.equal(status, 200);
      assert.equal(body.spans.length, 1);
      assert.equal(body.spans[0].dataset, dataset);
      await provider.shutdown();
    }
  });

  test('unknown trace id is 404 with an error message', async () => {
    const { status, body } = await getJson(server, '/api/v1/traces/0123456789abcdef0123456789abcdef');
    assert.equal(status, 404);
    assert.equal(typeof body.error, 'string');
    assert.ok(body.error.length > 0);
  });
});
