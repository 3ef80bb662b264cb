// The X-Ray service graph from both worlds against a real `waggle serve`:
// X-Ray segments sent with @aws-sdk/client-xray and OTLP spans sent by the
// OpenTelemetry SDK's exporter, read back with GetServiceGraph through the
// AWS SDK and the aws CLI, by group, and searched with edge() filters.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { after, afterEach, before, describe, test } from 'node:test';

import api from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import {
  CreateGroupCommand, GetServiceGraphCommand, GetTraceSummariesCommand, PutTraceSegmentsCommand,
  XRayClient,
} from '@aws-sdk/client-xray';

import { recording, traceExporter } from './support/otel.mjs';
import { dumpOutputIfFailed, startServer } from './support/server.mjs';

const now = () => Date.now() / 1000;
const hex = (n) => randomBytes(n).toString('hex');

// Two X-Ray traces of backend-flask: one calls postgres (SQL) and DynamoDB
// and answers 200; the other faults.
async function sendXray(xray) {
  const t0 = now() - 5;
  const docs = [];
  for (const fault of [false, true]) {
    const traceId = `1-${Math.floor(t0).toString(16)}-${hex(12)}`;
    docs.push(JSON.stringify({
      id: hex(8), trace_id: traceId, name: 'backend-flask', start_time: t0, end_time: t0 + 0.2,
      http: { request: { method: 'GET', url: 'http://api/activities' },
        response: { status: fault ? 500 : 200 } },
      fault,
      subsegments: fault ? [] : [
        { id: hex(8), name: 'cruddur@db', namespace: 'remote', start_time: t0 + 0.01,
          end_time: t0 + 0.05, sql: { database_type: 'PostgreSQL', url: 'db:5432/cruddur' } },
        { id: hex(8), name: 'DynamoDB', namespace: 'aws', start_time: t0 + 0.06,
          end_time: t0 + 0.09, aws: { operation: 'Query', table_name: 'messages' } },
      ],
    }));
  }
  const put = await xray.send(new PutTraceSegmentsCommand({ TraceSegmentDocuments: docs }));
  assert.deepEqual(put.UnprocessedTraceSegments, []);
}

// One OTLP trace: frontend (SERVER) -> its CLIENT call -> api (SERVER) ->
// a postgresql CLIENT call nobody traced.
async function sendOtlp(server) {
  const providers = {};
  const exporters = [];
  const tracer = (service) => {
    if (!providers[service]) {
      const exporter = recording(traceExporter(server, 'proto'));
      exporters.push(exporter);
      providers[service] = new BasicTracerProvider({
        resource: resourceFromAttributes({ 'service.name': service }),
        spanProcessors: [new SimpleSpanProcessor(exporter)],
      });
    }
    return providers[service].getTracer('graph-test');
  };
  const within = (span) => api.trace.setSpan(api.context.active(), span);
  const start = Date.now() - 3000;
  const root = tracer('frontend').startSpan('GET /home', { kind: api.SpanKind.SERVER, startTime: start });
  const call = tracer('frontend').startSpan('GET api', { kind: api.SpanKind.CLIENT, startTime: start + 5 },
    within(root));
  const served = tracer('api').startSpan('GET /items', { kind: api.SpanKind.SERVER, startTime: start + 10 },
    within(call));
  served.setStatus({ code: api.SpanStatusCode.ERROR });
  served.setAttribute('http.response.status_code', 503);
  const query = tracer('api').startSpan('SELECT items', { kind: api.SpanKind.CLIENT, startTime: start + 12,
    attributes: { 'db.system': 'postgresql', 'server.address': 'db' } }, within(served));
  query.end(start + 30);
  served.end(start + 40);
  call.end(start + 45);
  root.end(start + 50);
  for (const p of Object.values(providers)) await p.forceFlush();
  for (const e of exporters) await e.settled();
  assert.ok(exporters.every((e) => e.results.every((r) => r.code === 0)), 'every export succeeded');
  return root.spanContext().traceId;
}

function byName(services, name, type) {
  const node = services.find((s) => s.Name === name && (s.Type ?? '') === (type ?? ''));
  assert.ok(node, `no node ${name}/${type}: ${JSON.stringify(services.map((s) => [s.Name, s.Type]))}`);
  return node;
}

function edgeTo(services, from, to) {
  const e = from.Edges.find((x) => x.ReferenceId === to.ReferenceId);
  assert.ok(e, `no edge ${from.Name} -> ${to.Name}`);
  return e;
}

describe('X-Ray service graph', () => {
  let server;
  let xray;
  let otlpTraceId;
  let window;
  before(async () => {
    server = await startServer();
    xray = new XRayClient({ endpoint: server.baseUrl, region: 'us-east-1', maxAttempts: 1,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    await sendXray(xray);
    otlpTraceId = await sendOtlp(server);
    window = { StartTime: new Date((now() - 600) * 1000), EndTime: new Date((now() + 60) * 1000) };
  });
  afterEach((t) => dumpOutputIfFailed(t, server));
  after(async () => {
    if (server) {
      await server.stop();
      await server.cleanup();
    }
  });

  test('nodes, edges and statistics from X-Ray segments and OTLP spans', async () => {
    const graph = await xray.send(new GetServiceGraphCommand(window));
    const s = graph.Services;
    const backend = byName(s, 'backend-flask');
    assert.equal(backend.State, 'active');
    assert.equal(backend.Root, true);
    assert.equal(backend.SummaryStatistics.TotalCount, 2);
    assert.equal(backend.SummaryStatistics.OkCount, 1);
    assert.equal(backend.SummaryStatistics.FaultStatistics.TotalCount, 1);
    const client = byName(s, 'backend-flask', 'client');
    assert.equal(edgeTo(s, client, backend).SummaryStatistics.TotalCount, 2);
    const postgres = byName(s, 'cruddur@db', 'Database::SQL');
    assert.equal(postgres.State, 'unknown');
    assert.equal(edgeTo(s, backend, postgres).SummaryStatistics.TotalCount, 1);
    const dynamo = byName(s, 'DynamoDB', 'AWS::DynamoDB');
    assert.equal(edgeTo(s, backend, dynamo).SummaryStatistics.OkCount, 1);
    // OTLP: frontend -> api through the CLIENT span, api -> postgresql inferred.
    const frontend = byName(s, 'frontend');
    const apiNode = byName(s, 'api');
    assert.equal(apiNode.Root, false);
    const call = edgeTo(s, frontend, apiNode);
    assert.equal(call.SummaryStatistics.TotalCount, 1);
    assert.equal(apiNode.SummaryStatistics.FaultStatistics.TotalCount, 1, 'a 503 is a fault');
    const db = byName(s, 'postgresql', 'Database::SQL');
    assert.equal(edgeTo(s, apiNode, db).SummaryStatistics.TotalCount, 1);
    assert.ok(apiNode.ResponseTimeHistogram.length > 0);
    for (const node of s) assert.equal(node.ReferenceId, s.indexOf(node));
  });

  test('by group, and edge() in trace searches', async () => {
    await xray.send(new CreateGroupCommand({ GroupName: 'web', FilterExpression: 'service("frontend")' }));
    const graph = await xray.send(new GetServiceGraphCommand({ ...window, GroupName: 'web' }));
    const names = graph.Services.map((x) => x.Name).sort();
    assert.deepEqual(names, ['api', 'frontend', 'frontend', 'postgresql']);
    const sums = await xray.send(new GetTraceSummariesCommand({ ...window,
      FilterExpression: 'edge("frontend", "api")' }));
    assert.deepEqual(sums.TraceSummaries.map((t) => t.Id.replace(/-/g, '').slice(1)), [otlpTraceId]);
    const none = await xray.send(new GetTraceSummariesCommand({ ...window,
      FilterExpression: 'edge("api", "frontend")' }));
    assert.deepEqual(none.TraceSummaries, []);
  });

  test("Waggle's own /api/v1/service_map: the same graph, compact", async () => {
    const res = await fetch(`${server.baseUrl}/api/v1/service_map?range=600`);
    assert.equal(res.status, 200);
    const map = await res.json();
    assert.equal(map.traces, 3);
    const node = (name, type = '') => {
      const n = map.nodes.find((x) => x.name === name && x.type === type);
      assert.ok(n, `${name}/${type} in ${JSON.stringify(map.nodes)}`);
      return n;
    };
    const apiNode = node('api');
    assert.deepEqual([apiNode.count, apiNode.faults, apiNode.inferred, apiNode.client], [1, 1, false, false]);
    assert.ok(Math.abs(apiNode.avg_ms - 30) < 1, `api avg ${apiNode.avg_ms}`);
    const db = node('postgresql', 'Database::SQL');
    assert.equal(db.inferred, true);
    assert.equal(node('frontend', 'client').client, true);
    const edge = map.edges.find((e) => e.from === node('frontend').id && e.to === apiNode.id);
    assert.equal(edge.count, 1);
    // A node's traces: those with a span of the service, root or not.
    const listed = await (await fetch(`${server.baseUrl}/api/v1/traces?service=api`)).json();
    assert.deepEqual(listed.traces.map((t) => [t.trace_id, t.root_service]), [[otlpTraceId, 'frontend']]);
    const bad = await fetch(`${server.baseUrl}/api/v1/service_map?range=abc`);
    assert.equal(bad.status, 400);
    assert.match((await bad.json()).error, /range must be a number of seconds/);
  });

  test('the aws CLI: get-service-graph', { skip: spawnSync('aws', ['--version']).status !== 0 && 'no aws CLI' }, () => {
    const r = spawnSync('aws', ['xray', 'get-service-graph', '--endpoint-url', server.baseUrl,
      '--start-time', String(Math.floor(now() - 600)), '--end-time', String(Math.ceil(now() + 60)),
      '--output', 'json'], {
      encoding: 'utf8',
      env: { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test',
        AWS_DEFAULT_REGION: 'us-east-1', AWS_CONFIG_FILE: '/nonexistent',
        AWS_SHARED_CREDENTIALS_FILE: '/nonexistent', AWS_PAGER: '', PYTHONDONTWRITEBYTECODE: '1' },
    });
    assert.equal(r.status, 0, r.stderr);
    const names = JSON.parse(r.stdout).Services.map((x) => `${x.Name}/${x.Type ?? ''}`);
    for (const n of ['backend-flask/', 'backend-flask/client', 'cruddur@db/Database::SQL', 'api/']) {
      assert.ok(names.includes(n), `${n} in ${names}`);
    }
  });
});
