// Waggle does not store OTLP metrics: it must still answer 200 with a
// partial success naming the rejected data points, so exporters never retry.

import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';

import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { JsonMetricsSerializer, ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';

import { postOtlp } from './support/http.mjs';
import { decodeExportResponse } from './support/proto.mjs';
import { dumpOutputIfFailed, startServer, sumMetric } from './support/server.mjs';

// A reader that only collects on demand.
class ManualReader extends MetricReader {
  async onForceFlush() {}
  async onShutdown() {}
}

// Records a counter (2 series), a gauge-like up/down counter and a histogram
// (1 series each) and returns {resourceMetrics, points}.
async function collectMetrics() {
  const reader = new ManualReader();
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': 'it-metrics' }),
    readers: [reader],
  });
  const meter = provider.getMeter('it.meter', '1.0.0');
  const requests = meter.createCounter('http.server.requests');
  requests.add(3, { 'http.route': '/a' });
  requests.add(1, { 'http.route': '/b' });
  meter.createUpDownCounter('queue.depth').add(-2);
  meter.createHistogram('http.server.duration').record(12.5, { 'http.route': '/a' });
  const { resourceMetrics, errors } = await reader.collect();
  assert.deepEqual(errors, []);
  let points = 0;
  for (const sm of resourceMetrics.scopeMetrics) {
    for (const m of sm.metrics) points += m.dataPoints.length;
  }
  await provider.shutdown();
  return { resourceMetrics, points };
}

async function requestsTotal(server) {
  const res = await fetch(`${server.baseUrl}/metrics`);
  assert.equal(res.status, 200);
  return sumMetric(await res.text(), 'waggle_ingest_requests_total') ?? 0;
}

describe('OTLP metrics', () => {
  let server;
  let collected;
  before(async () => {
    server = await startServer();
    collected = await collectMetrics();
    assert.equal(collected.points, 4);
  });
  after(async () => {
    if (server) {
      try { await server.stop(); } finally { await server.cleanup(); }
    }
  });
  afterEach((t) => dumpOutputIfFailed(t, server));

  test('the proto exporter export succeeds', async () => {
    const before = await requestsTotal(server);
    const exporter = new OTLPMetricExporter({ url: `${server.otlpHttpUrl}/v1/metrics` });
    const result = await new Promise((r) => exporter.export(collected.resourceMetrics, r));
    assert.equal(result.code, 0, `export failed: ${result.error?.stack}`);
    await exporter.shutdown();
    assert.ok((await requestsTotal(server)) > before, 'the request was not counted');
  });

  test('raw protobuf: 200 with OK or partial success counting the points', async () => {
    const body = ProtobufMetricsSerializer.serializeRequest(collected.resourceMetrics);
    const res = await postOtlp(server.ports.otlp_http, '/v1/metrics', 'application/x-protobuf',
      Buffer.from(body));
    assert.equal(res.status, 200, res.body.toString());
    assert.match(res.headers['content-type'], /^application\/x-protobuf/);
    const { partialSuccess } = decodeExportResponse(res.body);
    if (partialSuccess !== null) {
      assert.ok(partialSuccess.rejected >= 0 && partialSuccess.rejected <= collected.points);
      if (partialSuccess.rejected > 0) assert.ok(partialSuccess.errorMessage.length > 0);
    }
  });

  test('raw JSON: 200 with partialSuccess.rejectedDataPoints and an errorMessage', async () => {
    const body = JsonMetricsSerializer.serializeRequest(collected.resourceMetrics);
    for (const port of [server.ports.otlp_http, server.ports.http]) {
      const res = await postOtlp(port, '/v1/metrics', 'application/json', Buffer.from(body));
      assert.equal(res.status, 200, res.body.toString());
      assert.match(res.headers['content-type'], /^application\/json/);
      const json = JSON.parse(res.body.toString());
      const ps = json.partialSuccess;
      assert.ok(ps, `no partialSuccess in ${res.body}`);
      const rejected = Number(ps.rejectedDataPoints);
      assert.ok(rejected > 0 && rejected <= collected.points, `rejectedDataPoints=${ps.rejectedDataPoints}`);
      assert.equal(typeof ps.errorMessage, 'string');
      assert.ok(ps.errorMessage.length > 0);
    }
  });

  test('an empty metrics request is a plain success', async () => {
    const res = await postOtlp(server.ports.otlp_http, '/v1/metrics', 'application/json',
      Buffer.from('{"resourceMetrics":[]}'));
    assert.equal(res.status, 200);
    const json = JSON.parse(res.body.toString());
    assert.ok(!json.partialSuccess || (Number(json.partialSuccess.rejectedDataPoints ?? 0) === 0),
      res.body.toString());
  });
});
