// Errors from every signal, against a real `waggle serve`: an exception the
// OpenTelemetry SDK records on a span (OTLP) and an X-Ray segment's
// cause.exceptions (sent with @aws-sdk/client-xray) become occurrences of
// Rollbar items, grouped by exception class and stack, linked to their
// trace, and read back through Rollbar's read API.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, afterEach, before, describe, test } from 'node:test';

import api from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { PutTraceSegmentsCommand, XRayClient } from '@aws-sdk/client-xray';

import { recording, traceExporter } from './support/otel.mjs';
import { dumpOutputIfFailed, eventually, startServer } from './support/server.mjs';

async function rollbarGet(server, path) {
  const res = await fetch(server.baseUrl + path);
  assert.equal(res.status, 200, path);
  const body = await res.json();
  assert.equal(body.err, 0);
  return body.result;
}

// The items of class `cls` (their title starts with it).
async function itemsOf(server, cls) {
  const result = await rollbarGet(server, '/api/1/items/');
  return result.items.filter((i) => i.title.startsWith(cls));
}

function loadCart() {
  const e = new RangeError('cart 42 has no items');
  return e;
}

describe('errors from spans', () => {
  let server;
  before(async () => { server = await startServer(); });
  afterEach((t) => dumpOutputIfFailed(t, server));
  after(async () => {
    if (server) {
      await server.stop();
      await server.cleanup();
    }
  });

  test('an exception recorded on an OTLP span becomes an item linked to its trace', async () => {
    const exporter = recording(traceExporter(server, 'proto'));
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'cart-svc', 'deployment.environment': 'staging' }),
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    });
    const tracer = provider.getTracer('span-errors-test');
    const traceIds = [];
    for (let i = 0; i < 2; i++) {  // the same throw site twice: one item, two occurrences
      const span = tracer.startSpan('GET /cart');
      span.recordException(loadCart());
      span.setStatus({ code: api.SpanStatusCode.ERROR });
      span.end();
      traceIds.push(span.spanContext().traceId);
    }
    await provider.forceFlush();
    await exporter.settled();
    assert.ok(exporter.results.every((r) => r.code === 0));
    // A retried export of the same spans adds no occurrence.
    const items = await eventually(async () => {
      const found = await itemsOf(server, 'RangeError');
      return found.length > 0 && found[0].total_occurrences === 2 ? found : null;
    }, 5000);
    assert.ok(items, 'the item appeared with both occurrences');
    assert.equal(items.length, 1);
    assert.equal(items[0].environment, 'staging');
    assert.equal(items[0].level, 'error');
    const instances = await rollbarGet(server, `/api/1/item/${items[0].id}/instances/`);
    const linked = instances.instances.map((x) => x.trace_id).sort();
    assert.deepEqual(linked, [...traceIds].sort());
    const data = instances.instances[0].data;
    assert.equal(data.body.trace.exception.class, 'RangeError');
    assert.equal(data.body.trace.exception.message, 'cart 42 has no items');
    assert.ok(data.body.trace.frames.some((f) => f.method === 'loadCart'), JSON.stringify(data.body.trace.frames));
    assert.equal(data.custom.service, 'cart-svc');
    assert.equal(data.custom.source, 'otlp');
  });

  test("an X-Ray segment's cause.exceptions become an item", async () => {
    const xray = new XRayClient({ endpoint: server.baseUrl, region: 'us-east-1', maxAttempts: 1,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    const t0 = Date.now() / 1000 - 2;
    const traceId = `1-${Math.floor(t0).toString(16)}-${randomBytes(12).toString('hex')}`;
    const doc = {
      id: randomBytes(8).toString('hex'), trace_id: traceId, name: 'backend-flask',
      start_time: t0, end_time: t0 + 0.1, fault: true,
      cause: { working_directory: '/app', exceptions: [{
        id: randomBytes(8).toString('hex'), type: 'KeyError', message: "'user_handle'",
        stack: [{ path: '/app/services/home.py', line: 12, label: 'run' },
          { path: '/app/app.py', line: 88, label: 'home' }],
      }] },
    };
    const put = await xray.send(new PutTraceSegmentsCommand({ TraceSegmentDocuments: [JSON.stringify(doc)] }));
    assert.deepEqual(put.UnprocessedTraceSegments, []);
    const items = await eventually(async () => {
      const found = await itemsOf(server, 'KeyError');
      return found.length > 0 ? found : null;
    }, 5000);
    assert.ok(items, 'the item appeared');
    const instances = await rollbarGet(server, `/api/1/item/${items[0].id}/instances/`);
    const data = instances.instances[0].data;
    assert.equal(instances.instances[0].trace_id, traceId.replace(/-/g, '').slice(1));
    assert.deepEqual(data.body.trace.frames.map((f) => f.method), ['home', 'run']);
    assert.equal(data.custom.source, 'xray');
  });
});
