// Generates the OTLP fixtures in this folder with the real OpenTelemetry JS
// SDK and its own serializers (the bytes an @opentelemetry exporter sends).
// Not run by the build. To regenerate:
//   mkdir /tmp/otlp-fixtures && cd /tmp/otlp-fixtures && npm init -y &&
//   npm install @opentelemetry/otlp-transformer @opentelemetry/sdk-trace-base \
//     @opentelemetry/sdk-logs @opentelemetry/resources @opentelemetry/api @opentelemetry/api-logs
//   NODE_PATH=/tmp/otlp-fixtures/node_modules node make_fixtures.mjs <this folder>
// Writes traces.pb, traces.json, logs.pb, logs.json; fixtures_test.cc
// asserts every field, so keep the two in step.
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const require = createRequire(join(process.cwd(), 'noop.js'));
const api = require('@opentelemetry/api');
const { BasicTracerProvider, SimpleSpanProcessor, InMemorySpanExporter } =
    require('@opentelemetry/sdk-trace-base');
const { LoggerProvider, SimpleLogRecordProcessor, InMemoryLogRecordExporter } =
    require('@opentelemetry/sdk-logs');
const { resourceFromAttributes } = require('@opentelemetry/resources');
const { ProtobufTraceSerializer, JsonTraceSerializer, ProtobufLogsSerializer, JsonLogsSerializer } =
    require('@opentelemetry/otlp-transformer');

const out = process.argv[2] ?? '.';
const resource = resourceFromAttributes({
  'service.name': 'checkout',
  'service.version': '1.2.3',
  'deployment.environment.name': 'test',
});

// Deterministic ids: 0102..10 for the trace, then counting span ids.
let nextSpan = 1;
const idGenerator = {
  generateTraceId: () => '0102030405060708090a0b0c0d0e0f10',
  generateSpanId: () => (nextSpan++).toString(16).padStart(16, 'a'),
};
const T0 = 1700000000000;  // ms since epoch; the SDK keeps ns precision

function makeSpans() {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource, idGenerator, spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('fixture-tracer', '0.9.0');
  const root = tracer.startSpan('GET /checkout', {
    kind: api.SpanKind.SERVER,
    startTime: T0,
    attributes: {
      'http.request.method': 'GET',
      'http.response.status_code': 500,
      'retry': true,
      'ratio': 0.25,
      'offset': -42,
      'tags': ['a', 'b'],
      'unicode': 'h\u00e9llo \u4e16\u754c',
    },
  });
  root.addEvent('exception', {
    'exception.type': 'TypeError',
    'exception.message': 'x is undefined',
    'exception.stacktrace': 'TypeError: x is undefined\n    at f (a.js:1:2)',
  }, T0 + 5);
  root.setStatus({ code: api.SpanStatusCode.ERROR, message: 'boom' });
  const ctx = api.trace.setSpan(api.context.active(), root);
  const child = tracer.startSpan('SELECT orders', {
    kind: api.SpanKind.CLIENT,
    startTime: T0 + 1,
    links: [{
      context: {
        traceId: '1112131415161718191a1b1c1d1e1f20', spanId: '2122232425262728',
        traceFlags: 1, traceState: api.createTraceState('vendor=value'),
      },
      attributes: { 'link.kind': 'follows' },
    }],
  }, ctx);
  child.setAttribute('db.system.name', 'postgresql');
  child.setStatus({ code: api.SpanStatusCode.OK });
  child.end(T0 + 3);
  for (const kind of ['INTERNAL', 'PRODUCER']) {
    tracer.startSpan(`kind ${kind}`, { kind: api.SpanKind[kind], startTime: T0 + 4 }, ctx)
        .end(T0 + 6);
  }
  // A consumer continuing a remote parent that carries a W3C tracestate.
  const remote = api.trace.setSpanContext(api.context.active(), {
    traceId: '0102030405060708090a0b0c0d0e0f10', spanId: 'bbbbbbbbbbbbbbbb', traceFlags: 1,
    isRemote: true, traceState: api.createTraceState('congo=t61rcWkgMzE,rojo=00f067aa0ba902b7'),
  });
  tracer.startSpan('kind CONSUMER', { kind: api.SpanKind.CONSUMER, startTime: T0 + 4 }, remote)
      .end(T0 + 6);
  root.end(T0 + 10);
  const spans = exporter.getFinishedSpans();
  // The span API only takes primitive attributes; the wire format carries
  // any AnyValue, so add bytes and a nested kvlist the way a Collector
  // forwarding another SDK's data would.
  const last = spans[spans.length - 1];
  last.attributes['payload'] = new Uint8Array([0, 1, 2, 250, 255]);
  last.attributes['nested'] = { inner: { deep: [1, 'two', false] }, n: 7 };
  return spans;
}

async function makeLogs() {
  const exporter = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({
    resource, processors: [new SimpleLogRecordProcessor({ exporter })],
  });
  const logger = provider.getLogger('fixture-logger', '0.9.0');
  logger.emit({
    timestamp: T0, observedTimestamp: T0 + 1,
    severityNumber: 17, severityText: 'ERROR', body: 'payment failed',
    attributes: { 'user.id': 'u-42', attempt: 3 },
    context: api.trace.setSpanContext(api.context.active(), {
      traceId: '0102030405060708090a0b0c0d0e0f10', spanId: 'aaaaaaaaaaaaaaa1', traceFlags: 1,
    }),
  });
  logger.emit({
    timestamp: T0 + 2, observedTimestamp: T0 + 2, severityNumber: 9, severityText: 'INFO',
    body: { event: 'login', ok: true, tries: [1, 2] },
    attributes: { raw: new Uint8Array([104, 105]) },
  });
  logger.emit({ timestamp: T0 + 3, observedTimestamp: T0 + 3, eventName: 'app.started', body: 42.5 });
  await provider.forceFlush();
  return exporter.getFinishedLogRecords();
}

const spans = makeSpans();
writeFileSync(join(out, 'traces.pb'), ProtobufTraceSerializer.serializeRequest(spans));
writeFileSync(join(out, 'traces.json'), JsonTraceSerializer.serializeRequest(spans));
const logs = await makeLogs();
writeFileSync(join(out, 'logs.pb'), ProtobufLogsSerializer.serializeRequest(logs));
writeFileSync(join(out, 'logs.json'), JsonLogsSerializer.serializeRequest(logs));
