// BubbleUp over spans sent by the real OpenTelemetry OTLP/protobuf
// exporter: 600 requests over 50 users and three routes, where every
// request of user u42 takes 300 ms and the rest 5-24 ms. Selecting the slow
// band of the duration heatmap must name user.id = u42 as what sets the
// selection apart, with exact set sizes and shares.

import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';

import api from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';

import { recording, traceExporter } from './support/otel.mjs';
import { dumpOutputIfFailed, startServer } from './support/server.mjs';

const { SpanKind } = api;
const DATASET = 'bubbleup-it';
const SPANS = 600;
const ROUTES = ['/api/activities/home', '/api/messages', '/api/activities/notifications'];

async function post(server, path, body) {
  const res = await fetch(server.baseUrl + path, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

// Span i: user u(i % 50), route ROUTES[i % 3]; u42 is slow. The first 300
// spans start 20-15 minutes ago, the rest 10-5 minutes ago.
async function sendSpans(server) {
  const exporter = recording(traceExporter(server, 'proto'));
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': DATASET }),
    spanProcessors: [new BatchSpanProcessor(exporter, { maxExportBatchSize: 512 })],
  });
  const tracer = provider.getTracer('bubbleup-test');
  const now = Math.floor(Date.now() / 1000);
  for (let i = 0; i < SPANS; i++) {
    const user = `u${i % 50}`;
    const start = [(i < 300 ? now - 1200 : now - 600) + (i % 300), 0];
    const span = tracer.startSpan('GET', {
      kind: SpanKind.SERVER, startTime: start,
      attributes: { 'http.route': ROUTES[i % 3], 'user.id': user, 'app.result_length': i % 20 },
    });
    span.end([start[0], (user === 'u42' ? 300 : 5 + (i % 20)) * 1_000_000]);
  }
  await provider.forceFlush();
  await exporter.settled();
  await provider.shutdown();
  assert.ok(exporter.results.every((r) => r.code === 0), 'every export succeeded');
}

describe('BubbleUp API', () => {
  let server;
  let slowBand;  // the first test's answer, compared after a restart
  before(async () => {
    server = await startServer();
    await sendSpans(server);
  });
  afterEach((t) => dumpOutputIfFailed(t, server));
  after(async () => {
    await server?.stop();
    await server?.cleanup();
  });

  const byName = (body) => Object.fromEntries(body.columns.map((c) => [c.column, c]));

  const SLOW_BAND = {
    dataset: DATASET,
    query: { calculations: [{ op: 'HEATMAP', column: 'duration_ms' }], time_range: 3600 },
    selection: { column: 'duration_ms', min: 100, max: 1000 },
  };

  test('the slow band of the heatmap points at the slow user', async () => {
    const r = await post(server, '/api/v1/bubbleup', SLOW_BAND);
    slowBand = r.body;
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.selection_count, SPANS / 50);
    assert.equal(r.body.baseline_count, SPANS - SPANS / 50);
    assert.deepEqual(r.body.sample, { selection: 1, baseline: 1 });
    const names = r.body.columns.map((c) => c.column);
    assert.deepEqual(names.slice(0, 2).sort(), ['duration_ms', 'user.id'], names.join(', '));
    const user = byName(r.body)['user.id'];
    assert.equal(user.kind, 'dimension');
    assert.deepEqual(user.values[0], { value: 'u42', selection: 1, baseline: 0 });
    assert.equal(user.score, 1);
    const route = byName(r.body)['http.route'];
    assert.ok(route.score < 0.1, `routes are spread alike (score ${route.score})`);
    assert.equal(route.values.length, 3);
    const duration = byName(r.body).duration_ms;
    assert.equal(duration.kind, 'measure');
    assert.equal(duration.score, 1);
    const sum = (key) => duration.bins.reduce((n, b) => n + b[key], 0);
    assert.ok(Math.abs(sum('selection') - 1) < 1e-9 && Math.abs(sum('baseline') - 1) < 1e-9);
    const rows = byName(r.body)['app.result_length'];
    assert.equal(rows.kind, 'dimension', 'an integer with 20 values is a dimension');
    assert.ok(!names.includes('trace.trace_id') && !names.includes('trace.span_id'));
  });

  test('a time-only selection and the query filters', async () => {
    const now = Date.now() / 1000;
    const r = await post(server, `/api/v1/bubbleup?dataset=${DATASET}`, {
      query: { time_range: 3600, filters: [{ column: 'http.route', op: '=', value: ROUTES[0] }] },
      selection: { start_time: now - 660, end_time: now },
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.selection_count, 100, 'the later half of the home route');
    assert.equal(r.body.baseline_count, 100);
    const route = byName(r.body)['http.route'];
    assert.deepEqual(route.values, [{ value: ROUTES[0], selection: 1, baseline: 1 }]);
    assert.equal(route.score, 0);
  });

  test('the same answer from segment files with no column cache', async () => {
    await server.stop();  // flushes the head into segment files
    server = await startServer({ dataDir: server.dataDir, extraArgs: ['--column-cache-bytes', '0'] });
    const r = await post(server, '/api/v1/bubbleup', SLOW_BAND);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body.columns, slowBand.columns);
    assert.deepEqual([r.body.selection_count, r.body.baseline_count],
      [slowBand.selection_count, slowBand.baseline_count]);
  });

  test('bad requests name the problem', async () => {
    const cases = [
      [{ dataset: DATASET, selection: {} }, /query is required/],
      [{ dataset: DATASET, query: {} }, /selection is required/],
      [{ dataset: DATASET, query: {}, selection: { min: 3 } }, /min and max need a column/],
      [{ dataset: DATASET, query: {}, selection: { column: 'duration_ms', min: 5, max: 1 } },
        /min must not exceed max/],
      [{ dataset: DATASET, query: { filters: [{ column: 'x', op: 'like' }] }, selection: {} },
        /query\.filters\[0\]\.op/],
      [{ query: {}, selection: {} }, /name a dataset/],
      [{ dataset: DATASET, query: {}, selection: { end_time: 'soon' } }, /selection\.end_time must be unix seconds/],
    ];
    for (const [body, message] of cases) {
      const r = await post(server, '/api/v1/bubbleup', body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.match(r.body.error, message);
    }
    assert.equal((await post(server, '/api/v1/bubbleup', 'not json')).status, 400);
  });
});
