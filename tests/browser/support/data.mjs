// Sends real telemetry with the OpenTelemetry JS SDK and OTLP exporters
// (installed with the integration tests) to a waggle server.

import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const require = createRequire(resolve(HERE, '../../integration/package.json'));
const api = require('@opentelemetry/api');
const { resourceFromAttributes } = require('@opentelemetry/resources');
const {
  BasicTracerProvider, BatchSpanProcessor, SimpleSpanProcessor,
} = require('@opentelemetry/sdk-trace-base');
const { LoggerProvider, SimpleLogRecordProcessor } = require('@opentelemetry/sdk-logs');
const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-proto');
const { OTLPLogExporter } = require('@opentelemetry/exporter-logs-otlp-proto');

const { SpanKind, SpanStatusCode, context, trace } = api;

// A tracer exporting to `server`; `batch` batches up to 2,000 spans a request.
function tracerFor(server, service, batch = false) {
  const exporter = new OTLPTraceExporter({ url: `${server.otlpHttpUrl}/v1/traces`, timeoutMillis: 30_000 });
  const processor = batch
    ? new BatchSpanProcessor(exporter, { maxQueueSize: 20_000, maxExportBatchSize: 2_000, scheduledDelayMillis: 100 })
    : new SimpleSpanProcessor(exporter);
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors: [processor],
  });
  return { provider, tracer: provider.getTracer('home.activities', '1.0.0') };
}

// Sends the Cruddur home request: backend-flask GET root → mock-data span
// (user.id, app.result_length, an exception) → postgres query; plus two log
// lines on the mock-data span. Returns the ids and names to look for.
export async function sendCruddurTrace(server) {
  const flask = tracerFor(server, 'backend-flask');
  const pg = tracerFor(server, 'postgres');
  const root = flask.tracer.startSpan('GET /api/activities/home', {
    kind: SpanKind.SERVER, attributes: { 'http.route': '/api/activities/home', 'http.status_code': 200 },
  });
  const rootCtx = trace.setSpan(context.active(), root);
  const mock = flask.tracer.startSpan('home-activities-mock-data',
    { attributes: { 'user.id': 'andrew-42', 'app.result_length': 3 } }, rootCtx);
  mock.recordException(new Error('mock data was stale'));
  mock.setStatus({ code: SpanStatusCode.ERROR, message: 'stale' });
  const mockCtx = trace.setSpan(context.active(), mock);
  pg.tracer.startSpan('SELECT activities', { kind: SpanKind.CLIENT, attributes: { 'db.system': 'postgresql' } },
    mockCtx).end();
  await sendLogs(server, mockCtx);
  mock.end();
  root.end();
  for (const p of [pg.provider, flask.provider]) {
    await p.forceFlush();
    await p.shutdown();
  }
  return {
    traceId: root.spanContext().traceId,
    spans: [
      { name: 'GET /api/activities/home', depth: 0 },
      { name: 'home-activities-mock-data', depth: 1 },
      { name: 'SELECT activities', depth: 2 },
    ],
    logBody: 'loaded 3 activities for andrew-42',
  };
}

async function sendLogs(server, ctx) {
  const exporter = new OTLPLogExporter({ url: `${server.otlpHttpUrl}/v1/logs`, timeoutMillis: 30_000 });
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': 'backend-flask' }),
    processors: [new SimpleLogRecordProcessor({ exporter })],
  });
  const logger = provider.getLogger('cruddur');
  logger.emit({ severityText: 'INFO', severityNumber: 9, body: 'loaded 3 activities for andrew-42', context: ctx });
  logger.emit({ severityText: 'WARN', severityNumber: 13, body: 'mock data is stale', context: ctx });
  await provider.forceFlush();
  await provider.shutdown();
}

// Sends one trace of `count` spans: a root, 100 children under it, and the
// rest spread under those children. Returns the trace id.
export async function sendBigTrace(server, count) {
  const { provider, tracer } = tracerFor(server, 'big-service', true);
  const root = tracer.startSpan('big root', { kind: SpanKind.SERVER });
  const rootCtx = trace.setSpan(context.active(), root);
  const parents = [];
  for (let i = 1; i < count; i++) {
    if (parents.length < 100) {
      const s = tracer.startSpan(`step-${i}`, {}, rootCtx);
      parents.push(s);
    } else {
      tracer.startSpan(`leaf-${i}`, {}, trace.setSpan(context.active(), parents[i % 100])).end();
    }
  }
  for (const p of parents) p.end();
  root.end();
  await provider.forceFlush();
  await provider.shutdown();
  return root.spanContext().traceId;
}

// Sends `count` requests frontend (SERVER) → CLIENT → api (SERVER) → CLIENT
// with db.system=postgresql and no child, for the service map. Request 1
// fails in api with a 500 (a fault), request 2 with a 404 (an error).
export async function sendMapTraces(server, count = 4) {
  const frontend = tracerFor(server, 'frontend');
  const apiSvc = tracerFor(server, 'api');
  const child = (t, name, kind, parent, attributes = {}) =>
    t.tracer.startSpan(name, { kind, attributes }, trace.setSpan(context.active(), parent));
  for (let i = 0; i < count; i++) {
    const root = frontend.tracer.startSpan('GET /home', { kind: SpanKind.SERVER });
    const out = child(frontend, 'GET api/items', SpanKind.CLIENT, root);
    const status = i === 1 ? 500 : i === 2 ? 404 : 200;
    const served = child(apiSvc, 'GET /items', SpanKind.SERVER, out, { 'http.response.status_code': status });
    if (status !== 200) served.setStatus({ code: SpanStatusCode.ERROR, message: `HTTP ${status}` });
    child(apiSvc, 'SELECT items', SpanKind.CLIENT, served, { 'db.system': 'postgresql' }).end();
    served.end();
    out.end();
    root.end();
  }
  for (const p of [apiSvc.provider, frontend.provider]) {
    await p.forceFlush();
    await p.shutdown();
  }
  return { requests: count, faults: 1, errors: 1 };
}

// Sends `count` SERVER spans of service `service` over the last ten
// minutes: user u(i % 30) on one of three routes, 5-34 ms, except user u7
// whose requests take 400 ms — what BubbleUp should find.
export async function sendSlowUserSpans(server, service, count = 300) {
  const app = tracerFor(server, service, true);
  const now = Math.floor(Date.now() / 1000);
  const routes = ['/api/activities/home', '/api/messages', '/api/activities/notifications'];
  for (let i = 0; i < count; i++) {
    const user = `u${i % 30}`;
    const start = [now - 600 + Math.floor((i * 580) / count), 0];
    const span = app.tracer.startSpan('GET', { kind: SpanKind.SERVER, startTime: start,
      attributes: { 'user.id': user, 'http.route': routes[i % 3] } });
    span.end([start[0], (user === 'u7' ? 400 : 5 + (i % 30)) * 1_000_000]);
  }
  await app.provider.forceFlush();
  await app.provider.shutdown();
  return { slow: count / 30 };
}
