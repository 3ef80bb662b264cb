// Spans sent by the real OpenTelemetry OTLP/protobuf exporter, then queried
// through POST /api/v1/query and Honeycomb's /1/queries + /1/query_results
// flow: exact counts, percentiles over known durations, breakdowns, filters,
// heatmap buckets, and the same numbers from both surfaces.

import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';

import api from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';

import { recording, traceExporter } from './support/otel.mjs';
import {
  dumpOutputIfFailed, makeDataDir, removeDataDir, runWaggle, startServer, sumMetric,
} from './support/server.mjs';

const { SpanKind, SpanStatusCode } = api;
const DATASET = 'query-it';

async function post(server, path, body) {
  const res = await fetch(server.baseUrl + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed = text;
  try { parsed = JSON.parse(text); } catch { /* raw */ }
  return { status: res.status, body: parsed };
}

async function get(server, path) {
  const res = await fetch(server.baseUrl + path);
  return { status: res.status, body: await res.json() };
}

// Span i (1..100) lasts exactly i ms; odd i on /odd, even on /even; every
// tenth span is an error; names: 'slow' for i > 90, else 'op'.
async function sendSpans(server) {
  const exporter = recording(traceExporter(server, 'proto'));
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': DATASET }),
    spanProcessors: [new BatchSpanProcessor(exporter, { maxExportBatchSize: 512 })],
  });
  const tracer = provider.getTracer('query-test');
  const base = Math.floor(Date.now() / 1000) - 120;
  for (let i = 1; i <= 100; i++) {
    const start = [base + (i % 60), 0];
    const span = tracer.startSpan(i > 90 ? 'slow' : 'op', {
      kind: SpanKind.SERVER,
      startTime: start,
      attributes: { 'http.route': i % 2 ? '/odd' : '/even', 'user.id': `u${i % 7}`, 'app.i': i },
    });
    if (i % 10 === 0) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end([start[0], i * 1_000_000]);
  }
  await provider.forceFlush();
  await exporter.settled();
  await provider.shutdown();
  assert.ok(exporter.results.every((r) => r.code === 0), 'every export succeeded');
}

describe('query API', () => {
  let server;
  before(async () => {
    server = await startServer();
    await sendSpans(server);
  });
  afterEach((t) => dumpOutputIfFailed(t, server));
  after(async () => {
    if (server) {
      await server.stop();
      await server.cleanup();
    }
  });

  const BASE = {
    calculations: [
      { op: 'COUNT' }, { op: 'P50', column: 'duration_ms' }, { op: 'P99', column: 'duration_ms' },
    ],
    time_range: 3600,
  };

  test('COUNT, P50 and P99 over known durations', async () => {
    const r = await post(server, '/api/v1/query', { ...BASE, dataset: DATASET });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.complete, true);
    assert.deepEqual(r.body.data.results, [
      { data: { COUNT: 100, 'P50(duration_ms)': 50, 'P99(duration_ms)': 99 } },
    ]);
    assert.deepEqual(r.body.data.total_by_aggregate,
      { COUNT: 100, 'P50(duration_ms)': 50, 'P99(duration_ms)': 99 });
    const seriesCount = r.body.data.series.reduce((n, p) => n + p.data.COUNT, 0);
    assert.equal(seriesCount, 100);
  });

  test('breakdowns, filters, orders and havings', async () => {
    const r = await post(server, `/api/v1/query?dataset=${DATASET}`, {
      calculations: [{ op: 'COUNT' }, { op: 'MAX', column: 'duration_ms' }],
      breakdowns: ['http.route'],
      filters: [{ column: 'duration_ms', op: '>', value: 50 }],
      orders: [{ column: 'http.route', order: 'ascending' }],
      time_range: 3600,
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body.data.results, [
      { data: { 'http.route': '/even', COUNT: 25, 'MAX(duration_ms)': 100 } },
      { data: { 'http.route': '/odd', COUNT: 25, 'MAX(duration_ms)': 99 } },
    ]);
    const errors = await post(server, '/api/v1/query', {
      dataset: DATASET, breakdowns: ['error', 'name'],
      filters: [{ column: 'error', op: '=', value: true }], time_range: 3600,
    });
    assert.deepEqual(errors.body.data.results, [
      { data: { error: true, name: 'op', COUNT: 9 } },
      { data: { error: true, name: 'slow', COUNT: 1 } },
    ]);
    const having = await post(server, '/api/v1/query', {
      dataset: DATASET, breakdowns: ['user.id'], calculations: [{ op: 'COUNT' }],
      havings: [{ calculate_op: 'COUNT', op: '>', value: 14 }], time_range: 3600,
    });
    assert.deepEqual(having.body.data.results.map((x) => x.data['user.id']), ['u1', 'u2']);
    const inList = await post(server, '/api/v1/query', {
      dataset: DATASET, time_range: 3600,
      filters: [{ column: 'name', op: 'in', value: ['slow'] },
        { column: 'span.kind', op: '=', value: 'server' }],
    });
    assert.equal(inList.body.data.results[0].data.COUNT, 10);
  });

  test('HEATMAP buckets', async () => {
    const r = await post(server, '/api/v1/query', {
      dataset: DATASET, calculations: [{ op: 'HEATMAP', column: 'duration_ms' }], time_range: 3600,
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const { buckets } = r.body.data.results[0].data['HEATMAP(duration_ms)'];
    assert.equal(buckets.length, 40);
    assert.equal(buckets[0][0], 1);
    assert.equal(buckets[39][1], 100);
    assert.equal(buckets.reduce((n, b) => n + b[2], 0), 100);
    // Linear bins of width 99/40 = 2.475: [1, 3.475) holds 1, 2 and 3 ms.
    assert.equal(buckets[0][2], 3);
    for (let k = 1; k < 40; k++) assert.equal(buckets[k][0], buckets[k - 1][1]);
  });

  test('Honeycomb /1/queries + /1/query_results return the same numbers', async () => {
    const q = await post(server, `/1/queries/${DATASET}`, BASE);
    assert.equal(q.status, 200, JSON.stringify(q.body));
    assert.match(q.body.id, /^[a-z0-9]+$/);
    assert.equal(q.body.calculations.length, 3);
    const created = await post(server, `/1/query_results/${DATASET}`,
      { query_id: q.body.id, disable_series: false });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const res = await get(server, `/1/query_results/${DATASET}/${created.body.id}`);
    assert.equal(res.status, 200);
    assert.equal(res.body.complete, true);
    assert.deepEqual(res.body.data.results, [
      { data: { COUNT: 100, 'P50(duration_ms)': 50, 'P99(duration_ms)': 99 } },
    ]);
    assert.ok(Array.isArray(res.body.data.series));
    assert.ok(res.body.links.query_url);
    const all = await post(server, '/api/v1/query', { ...BASE, dataset: '__all__' });
    assert.equal(all.body.data.results[0].data.COUNT, 100);
  });

  test('waggle query CLI: text form, JSON spec and errors', async () => {
    const text = runWaggle(['query', '--server', server.baseUrl, '-d', DATASET, 'COUNT',
      'P99(duration_ms)', '--where', 'duration_ms > 50', '--by', 'http.route',
      '--order', 'http.route asc', '--last', '1h']);
    assert.equal(text.code, 0, text.stderr);
    assert.deepEqual(text.stdout.trim().split('\n').map((l) => l.split(/ +/)), [
      ['http.route', 'COUNT', 'P99(duration_ms)'],
      ['/even', '25', '100'],
      ['/odd', '25', '99'],
    ]);
    const json = runWaggle(['query', '--server', server.baseUrl, '-d', DATASET, '--output-json',
      'COUNT', '--last', '1h']);
    assert.equal(json.code, 0, json.stderr);
    assert.equal(JSON.parse(json.stdout).data.results[0].data.COUNT, 100);
    const bad = runWaggle(['query', '--server', server.baseUrl, '-d', DATASET, 'P99']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /'P99': needs a column/);
    const badWhere = runWaggle(['query', '--server', server.baseUrl, '-d', DATASET,
      '--where', 'duration_ms ~ 3']);
    assert.equal(badWhere.code, 2);
    assert.match(badWhere.stderr, /'duration_ms ~ 3': expected 'column op value'/);
  });

  test('errors are JSON with 400 and 404', async () => {
    const bad = await post(server, '/api/v1/query',
      { dataset: DATASET, calculations: [{ op: 'MEDIAN', column: 'x' }] });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error, "calculations[0].op: unknown calculation 'MEDIAN'");
    const noDataset = await post(server, '/api/v1/query', {});
    assert.equal(noDataset.status, 400);
    const missing = await get(server, `/1/query_results/${DATASET}/nope`);
    assert.equal(missing.status, 404);
    assert.ok(missing.body.error);
    const unknownQuery = await post(server, `/1/query_results/${DATASET}`, { query_id: 'nope' });
    assert.equal(unknownQuery.status, 404);
  });
});

describe('queries over segments after a restart', () => {
  const dataDir = makeDataDir('waggle-it-query-cache-');
  let server;
  after(async () => {
    if (server) await server.stop();
    removeDataDir(dataDir);
  });
  afterEach((t) => dumpOutputIfFailed(t, server));

  async function cacheCounters() {
    const text = await (await fetch(`${server.baseUrl}/metrics`)).text();
    return {
      hits: sumMetric(text, 'waggle_column_cache_hits_total'),
      misses: sumMetric(text, 'waggle_column_cache_misses_total'),
      bytes: sumMetric(text, 'waggle_column_cache_bytes'),
    };
  }

  const QUERY = {
    dataset: DATASET, calculations: [{ op: 'COUNT' }, { op: 'P99', column: 'duration_ms' }],
    breakdowns: ['http.route'], orders: [{ column: 'http.route', order: 'ascending' }],
    time_range: 3600,
  };
  const EXPECTED = [
    { data: { 'http.route': '/even', COUNT: 50, 'P99(duration_ms)': 100 } },
    { data: { 'http.route': '/odd', COUNT: 50, 'P99(duration_ms)': 99 } },
  ];

  test('the second run reads decoded columns from memory, with the same answer', async () => {
    server = await startServer({ dataDir });
    await sendSpans(server);
    await server.stop();  // flushes the head into segment files
    server = await startServer({ dataDir });
    const before = await cacheCounters();
    assert.deepEqual(before, { hits: 0, misses: 0, bytes: 0 });
    const first = await post(server, '/api/v1/query?series=false', QUERY);
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.deepEqual(first.body.data.results, EXPECTED);
    assert.equal(first.body.data.series, undefined, 'series=false leaves the series out');
    const cold = await cacheCounters();
    assert.ok(cold.misses > 0 && cold.bytes > 0, JSON.stringify(cold));
    const second = await post(server, '/api/v1/query?series=false', QUERY);
    assert.deepEqual(second.body.data.results, EXPECTED);
    const warm = await cacheCounters();
    assert.equal(warm.misses, cold.misses, 'no column decoded again');
    assert.ok(warm.hits >= cold.hits + cold.misses, JSON.stringify({ cold, warm }));
  });

  test('--column-cache-bytes 0 turns the cache off', async () => {
    await server.stop();
    server = await startServer({ dataDir, extraArgs: ['--column-cache-bytes', '0'] });
    const r = await post(server, '/api/v1/query', QUERY);
    assert.deepEqual(r.body.data.results, EXPECTED);
    assert.deepEqual(await cacheCounters(), { hits: 0, misses: 0, bytes: 0 });
  });
});

describe('saved queries and history', () => {
  const dataDir = makeDataDir('waggle-it-saved-');
  let server;
  after(async () => {
    await server?.stop();
    removeDataDir(dataDir);
  });

  const call = async (method, path, body) => {
    const res = await fetch(server.baseUrl + path, {
      method, headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };

  test('create, list, update, conflict, delete; kept across a restart', async () => {
    server = await startServer({ dataDir });
    const slow = {
      name: 'slow routes', dataset: 'backend-flask', description: 'P99 by route',
      query: { calculations: [{ op: 'P99', column: 'duration_ms' }], breakdowns: ['http.route'], time_range: 3600 },
    };
    const created = await call('POST', '/api/v1/queries', slow);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.name, 'slow routes');
    assert.deepEqual(created.body.query.breakdowns, ['http.route']);
    assert.equal(created.body.query.limit, 100, 'the query is stored normalized');
    assert.match(created.body.created_at, /^\d{4}-\d\d-\d\dT/);
    const { id } = created.body;
    assert.equal((await call('POST', '/api/v1/queries', slow)).status, 409);
    assert.equal((await call('POST', '/api/v1/queries', { ...slow, name: 'errors',
      query: { filters: [{ column: 'error', op: '=', value: true }] } })).status, 201);

    const bad = await call('POST', '/api/v1/queries', { ...slow, name: 'x', query: { calculations: [{ op: 'P42' }] } });
    assert.equal(bad.status, 400);
    assert.match(bad.body.error, /^query\.calculations\[0\]/);
    assert.match((await call('POST', '/api/v1/queries', { dataset: 'd', query: {} })).body.error, /name must be/);

    const updated = await call('PUT', `/api/v1/queries/${id}`, { ...slow, name: 'slow SQL', dataset: 'postgres' });
    assert.equal(updated.status, 200, JSON.stringify(updated.body));
    assert.equal(updated.body.dataset, 'postgres');
    assert.equal((await call('PUT', `/api/v1/queries/${id}`, { ...slow, name: 'errors' })).status, 409);

    await server.stop();
    server = await startServer({ dataDir });
    const list = await call('GET', '/api/v1/queries');
    assert.deepEqual(list.body.queries.map((q) => q.name), ['errors', 'slow SQL']);
    assert.equal((await call('GET', `/api/v1/queries/${id}`)).body.description, 'P99 by route');
    assert.equal((await call('DELETE', `/api/v1/queries/${id}`)).status, 204);
    assert.equal((await call('GET', `/api/v1/queries/${id}`)).status, 404);
    assert.equal((await call('DELETE', `/api/v1/queries/${id}`)).status, 404);
  });

  test('runs asked to be remembered make the history, newest first', async () => {
    const run = (q, history) => call('POST', `/api/v1/query?dataset=__all__${history ? '&history=true' : ''}`, q);
    assert.equal((await run({ time_range: 600 }, true)).status, 200);
    assert.equal((await run({ time_range: 900 }, false)).status, 200);
    assert.equal((await run({ time_range: 1200, breakdowns: ['name'] }, true)).status, 200);
    const h = await call('GET', '/api/v1/query_history?limit=10');
    assert.equal(h.status, 200);
    assert.deepEqual(h.body.history.map((e) => e.query.time_range), [1200, 600]);
    assert.equal(h.body.history[0].dataset, '__all__');
    assert.ok(h.body.history[0].elapsed_ms >= 0);
    assert.equal((await call('GET', '/api/v1/query_history?limit=0')).status, 400);
    assert.equal((await call('POST', '/api/v1/query?dataset=__all__&history=maybe', {})).status, 400);
  });
});
