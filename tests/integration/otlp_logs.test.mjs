// Log records from the real OpenTelemetry JS log exporters (HTTP/protobuf,
// HTTP/JSON, gRPC) must come back from GET /api/v1/logs exactly as sent.

import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';

import api from '@opentelemetry/api';
import apiLogs from '@opentelemetry/api-logs';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor,
} from '@opentelemetry/sdk-logs';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';

import { assertSameRecord, expectedLog, logExporter, recording } from './support/otel.mjs';
import { dumpOutputIfFailed, getJson, startServer } from './support/server.mjs';

const { context, trace } = api;
const { SeverityNumber } = apiLogs;

// Builds a LoggerProvider teeing to the exporter under test and to memory.
function makeLoggerProvider(exporter, resourceAttrs) {
  const memory = new InMemoryLogRecordExporter();
  const real = recording(exporter);
  const provider = new LoggerProvider({
    resource: resourceFromAttributes(resourceAttrs),
    processors: [
      new SimpleLogRecordProcessor({ exporter: memory }),
      new SimpleLogRecordProcessor({ exporter: real }),
    ],
  });
  return { provider, memory, real };
}

// Emits four records, three inside an active span, with distinct explicit
// timestamps (nanosecond parts included). Returns the span's context.
function emitRecords(logger, tag) {
  const tracer = new BasicTracerProvider().getTracer('log-test');
  const span = tracer.startSpan(`request ${tag}`);
  const ctx = trace.setSpan(context.active(), span);
  const now = Date.now();
  const sec = Math.floor(now / 1000) - 3;
  const base = (now % 1000) * 1_000_000;
  const at = (ms, ns) => [sec, base + ms * 1_000_000 + ns];

  logger.emit({
    timestamp: at(1, 11),
    observedTimestamp: at(1, 99),
    severityNumber: SeverityNumber.INFO,
    severityText: 'INFO',
    body: `172.17.0.1 GET http /api/activities/home? 200 OK ${tag}`,
    attributes: { 'http.route': '/api/activities/home', 'http.response.status_code': 200,
      'app.latency': 12.5, 'app.ok': true, 'app.tags': ['a', 'b'] },
    context: ctx,
  });
  logger.emit({
    timestamp: at(2, 22),
    observedTimestamp: at(2, 23),
    severityNumber: SeverityNumber.ERROR,
    severityText: 'ERROR',
    body: {
      message: 'query failed', code: 57, retry: false, ratio: 0.75,
      nested: { table: 'activities', ids: [1, 2, 3] }, list: ['x', 'y'],
      raw: new Uint8Array([0, 1, 254, 255]),
    },
    attributes: { 'exception.type': 'OperationalError', 'payload.bytes': new Uint8Array([222, 173, 190, 239]),
      'app.map': { inner: 'v', n: -1 } },
    context: ctx,
  });
  logger.emit({
    timestamp: at(3, 33),
    observedTimestamp: at(3, 34),
    severityNumber: SeverityNumber.WARN2,
    severityText: 'warning',
    body: ['first', 2, true, { k: 'v' }],
    eventName: 'app.retry',
    context: ctx,
  });
  // No span, no body, no severity.
  logger.emit({ timestamp: at(4, 44), observedTimestamp: at(4, 45), attributes: { only: 'attrs' },
    context: context.active() });
  span.end();
  return span.spanContext();
}

// Asserts the server's logs equal the sent ones in every field, newest first.
function assertLogsMatch(got, sent) {
  assert.equal(got.length, sent.length, `expected ${sent.length} logs, got ${JSON.stringify(got)}`);
  const expected = sent.map(expectedLog)
    .sort((a, b) => (BigInt(b.time_unix_nano) > BigInt(a.time_unix_nano) ? 1 : -1));
  for (const [i, e] of expected.entries()) {
    const g = { ...got[i] };
    // The JSON exporter sends a missing body as an empty AnyValue ({}), which
    // the server may keep as {} or report as null.
    if (e.body === null && g.body !== null && typeof g.body === 'object' &&
        Object.keys(g.body).length === 0) {
      g.body = null;
    }
    assertSameRecord(g, e, `log #${i} (${e.severity_text || 'no severity'})`);
  }
}

describe('OTLP logs from the JS exporters', () => {
  let server;
  before(async () => { server = await startServer(); });
  after(async () => {
    if (server) {
      try { await server.stop(); } finally { await server.cleanup(); }
    }
  });
  afterEach((t) => dumpOutputIfFailed(t, server));

  const CASES = [
    { protocol: 'proto' },
    { protocol: 'proto', compression: 'gzip' },
    { protocol: 'http' },
    { protocol: 'http', compression: 'gzip' },
    { protocol: 'grpc' },
  ];
  for (const [i, c] of CASES.entries()) {
    const label = `${c.protocol}${c.compression ? ` ${c.compression}` : ''}`;
    test(`${label}: every field round-trips`, async () => {
      const service = `it-logs-${i}-${c.protocol}`;
      const { provider, memory, real } = makeLoggerProvider(
        logExporter(server, c.protocol, { compression: c.compression }),
        { 'service.name': service, 'service.instance.id': `inst-${i}`, 'host.cpu.count': 4 });
      const logger = provider.getLogger('cruddur.logger', '2.0.1');
      const spanCtx = emitRecords(logger, label);
      await provider.forceFlush();
      await real.settled();
      assert.equal(real.results.length, 4);
      for (const r of real.results) assert.equal(r.code, 0, `export failed: ${r.error?.stack}`);
      const sent = memory.getFinishedLogRecords();
      assert.equal(sent.length, 4);

      const byTrace = await getJson(server, `/api/v1/logs?trace_id=${spanCtx.traceId}&limit=100`);
      assert.equal(byTrace.status, 200, JSON.stringify(byTrace.body));
      assertLogsMatch(byTrace.body.logs, sent.filter((r) => r.spanContext));

      const byDataset = await getJson(server, `/api/v1/logs?dataset=${service}&limit=100`);
      assert.equal(byDataset.status, 200);
      assertLogsMatch(byDataset.body.logs, sent);

      const limited = await getJson(server, `/api/v1/logs?dataset=${service}&limit=2`);
      assert.equal(limited.body.logs.length, 2);
      await provider.shutdown();
    });
  }

  test('time range filter and default datasets', async () => {
    // No service.name: logs go to unknown_log_source.
    const { provider, memory, real } = makeLoggerProvider(logExporter(server, 'proto'),
      { 'deployment.environment.name': 'test' });
    const logger = provider.getLogger('plain');
    const sec = Math.floor(Date.now() / 1000);
    logger.emit({ timestamp: [sec - 100, 5], body: 'old line' });
    logger.emit({ timestamp: [sec - 10, 6], body: 'recent line' });
    await provider.forceFlush();
    await real.settled();
    assert.deepEqual(real.results.map((r) => r.code), [0, 0]);
    assert.equal(memory.getFinishedLogRecords().length, 2);

    const all = await getJson(server, '/api/v1/logs?dataset=unknown_log_source&limit=10');
    assert.equal(all.status, 200);
    assert.deepEqual(all.body.logs.map((l) => l.body), [{ stringValue: 'recent line' },
      { stringValue: 'old line' }]);
    const recent = await getJson(server,
      `/api/v1/logs?dataset=unknown_log_source&start=${sec - 50}&end=${sec + 5}&limit=10`);
    assert.deepEqual(recent.body.logs.map((l) => l.body), [{ stringValue: 'recent line' }]);
    await provider.shutdown();
  });
});
