// X-Ray end to end: the real Node X-Ray SDK (aws-xray-sdk-core) sends
// segments to Waggle's daemon port (UDP) and polls sampling over its TCP
// side; the real AWS SDK v3 X-Ray client reads them back through the edge
// port (PutTraceSegments, GetTraceSummaries, BatchGetTraces,
// GetSamplingRules, errors); OTLP spans show up as X-Ray documents and
// X-Ray segments in the trace API. When python3 has them, the Python X-Ray
// SDK (in a Flask app), boto3 and the aws CLI are driven too
// (tests/integration/clients/xray_*.py).

import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  XRayClient, PutTraceSegmentsCommand, GetTraceSummariesCommand, BatchGetTracesCommand,
  GetSamplingRulesCommand,
} from '@aws-sdk/client-xray';
import { startServer, dumpOutputIfFailed, eventually, getJson, sumMetric } from './support/server.mjs';

const require = createRequire(import.meta.url);
const CLIENTS = join(dirname(fileURLToPath(import.meta.url)), 'clients');
const AWSXRay = require('aws-xray-sdk-core');
const ServiceConnector = require('aws-xray-sdk-core/dist/lib/middleware/sampling/service_connector');

let server;
let xray;

before(async () => {
  server = await startServer();
  assert.ok(Number.isInteger(server.ports.xray) && server.ports.xray > 0, 'ports.json has xray');
  AWSXRay.setDaemonAddress(`127.0.0.1:${server.ports.xray}`);
  AWSXRay.setLogger({ error() {}, warn() {}, info() {}, debug() {} });
  xray = new XRayClient({
    endpoint: server.baseUrl,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
});
afterEach((t) => dumpOutputIfFailed(t, server));
after(async () => {
  if (server) {
    await server.stop();
    await server.cleanup();
  }
});

const now = () => Date.now() / 1000;
const hex = (n) => randomBytes(n).toString('hex');
const newTraceId = () => `1-${Math.floor(now()).toString(16)}-${hex(12)}`;

async function batchGet(traceId) {
  const out = await xray.send(new BatchGetTracesCommand({ TraceIds: [traceId] }));
  return out.Traces.length === 1 ? out.Traces[0] : null;
}

test('Node X-Ray SDK segments over UDP come back from BatchGetTraces', async () => {
  const seg = new AWSXRay.Segment('node-shop');
  const sub = seg.addNewSubsegment('load-cart');
  sub.addAnnotation('cart_size', 3);
  sub.addAnnotation('customer', 'ada');
  sub.addMetadata('items', { sku: 'A-1' });
  sub.addError(new Error('cart backend exploded'));
  sub.close();
  seg.close();
  const traceId = seg.trace_id;

  const trace = await eventually(() => batchGet(traceId), 10000);
  assert.ok(trace, `trace ${traceId} not found`);
  assert.equal(trace.Id, traceId);
  assert.equal(trace.Segments.length, 1);
  const doc = JSON.parse(trace.Segments[0].Document);
  assert.equal(doc.name, 'node-shop');
  assert.equal(doc.id, seg.id);
  assert.equal(doc.subsegments.length, 1);
  const s = doc.subsegments[0];
  assert.equal(s.name, 'load-cart');
  assert.deepEqual(s.annotations, { cart_size: 3, customer: 'ada' });
  assert.deepEqual(s.metadata.default.items, { sku: 'A-1' });
  assert.equal(s.cause.exceptions[0].message, 'cart backend exploded');

  // The same trace in Waggle's own trace API, as spans.
  const hexId = traceId.slice(2).replace('-', '');
  const api = await getJson(server, `/api/v1/traces/${hexId}`);
  assert.equal(api.status, 200, JSON.stringify(api.body));
  const text = JSON.stringify(api.body);
  assert.ok(text.includes('load-cart') && text.includes('node-shop'), text.slice(0, 500));
  assert.ok(text.includes('cart backend exploded'), 'exception event kept');
});

test('independent subsegments are merged into their parent; in-progress replaced', async () => {
  const traceId = newTraceId();
  const segId = hex(8);
  const subId = hex(8);
  const t0 = now();
  const send = (doc) => new Promise((resolve, reject) => {
    const sock = dgram.createSocket('udp4');
    const msg = Buffer.from('{"format": "json", "version": 1}\n' + JSON.stringify(doc));
    sock.send(msg, server.ports.xray, '127.0.0.1', (err) => { sock.close(); err ? reject(err) : resolve(); });
  });
  await send({ id: segId, name: 'streamer', trace_id: traceId, start_time: t0, in_progress: true });
  await send({ id: subId, name: 'chunk', trace_id: traceId, parent_id: segId, type: 'subsegment',
    start_time: t0 + 0.001, end_time: t0 + 0.002, namespace: 'remote', http: { response: { status: 200 } } });
  await send({ id: segId, name: 'streamer', trace_id: traceId, start_time: t0, end_time: t0 + 0.01,
    user: 'ada', annotations: { tier: 'gold' } });
  const trace = await eventually(async () => {
    const t = await batchGet(traceId);
    if (!t) return null;
    const d = JSON.parse(t.Segments[0].Document);
    return d.end_time && d.subsegments ? t : null;
  }, 10000);
  assert.ok(trace, 'merged trace');
  assert.equal(trace.Segments.length, 1);
  const doc = JSON.parse(trace.Segments[0].Document);
  assert.equal(doc.in_progress, undefined);
  assert.equal(doc.user, 'ada');
  assert.deepEqual(doc.subsegments.map((x) => x.id), [subId]);
  assert.equal(doc.subsegments[0].namespace, 'remote');
});

test('AWS SDK v3: PutTraceSegments, GetTraceSummaries paging and BatchGetTraces', async () => {
  const traceId = newTraceId();
  const t0 = now() - 5;
  const docs = [
    JSON.stringify({ id: hex(8), name: 'checkout', trace_id: traceId, start_time: t0, end_time: t0 + 0.25,
      fault: true, http: { request: { method: 'POST', url: 'https://shop/checkout' }, response: { status: 502 } },
      annotations: { order_id: 'o-17', amount: 12.5, vip: true } }),
    '{"id": "not-hex", "name": "bad"}',
  ];
  const put = await xray.send(new PutTraceSegmentsCommand({ TraceSegmentDocuments: docs }));
  assert.equal(put.UnprocessedTraceSegments.length, 1);
  assert.equal(put.UnprocessedTraceSegments[0].ErrorCode, 'InvalidSegment');

  const out = await xray.send(new GetTraceSummariesCommand({
    StartTime: new Date((t0 - 60) * 1000), EndTime: new Date((now() + 60) * 1000),
  }));
  const mine = out.TraceSummaries.find((s) => s.Id === traceId);
  assert.ok(mine, `summary for ${traceId}: ${JSON.stringify(out.TraceSummaries.map((s) => s.Id))}`);
  assert.equal(mine.HasFault, true);
  assert.equal(mine.Http.HttpStatus, 502);
  assert.equal(mine.Http.HttpMethod, 'POST');
  assert.ok(Math.abs(mine.ResponseTime - 0.25) < 0.01, String(mine.ResponseTime));
  assert.equal(mine.Annotations.order_id[0].AnnotationValue.StringValue, 'o-17');
  assert.equal(mine.Annotations.amount[0].AnnotationValue.NumberValue, 12.5);
  assert.equal(mine.Annotations.vip[0].AnnotationValue.BooleanValue, true);
  assert.equal(mine.ServiceIds[0].Name, 'checkout');

  // A range that excludes it.
  const none = await xray.send(new GetTraceSummariesCommand({
    StartTime: new Date((t0 - 3600) * 1000), EndTime: new Date((t0 - 1800) * 1000),
  }));
  assert.equal(none.TraceSummaries.find((s) => s.Id === traceId), undefined);
  assert.equal(none.NextToken, undefined);

  const got = await xray.send(new BatchGetTracesCommand({ TraceIds: [traceId, newTraceId()] }));
  assert.equal(got.Traces.length, 1);
  assert.equal(got.UnprocessedTraceIds.length, 1);
  assert.equal(JSON.parse(got.Traces[0].Segments[0].Document).annotations.order_id, 'o-17');
});

test('errors come back in X-Ray format', async () => {
  await assert.rejects(
    xray.send(new GetTraceSummariesCommand({ StartTime: new Date(), EndTime: new Date(),
      FilterExpression: 'service("x") AND (' })),
    (e) => e.name === 'InvalidRequestException' && e.$metadata.httpStatusCode === 400);
  await assert.rejects(
    xray.send(new GetTraceSummariesCommand({ StartTime: new Date(), EndTime: new Date(),
      NextToken: 'garbage' })),
    (e) => e.name === 'InvalidRequestException');
  const res = await fetch(`${server.baseUrl}/TraceSegments`, { method: 'POST', body: '[1,2' });
  assert.equal(res.status, 400);
  assert.equal(res.headers.get('x-amzn-errortype'), 'InvalidRequestException');
  assert.ok((await res.json()).message);
});

test('sampling: the SDK fetches rules and targets over the daemon TCP port', async () => {
  const rules = await new Promise((resolve, reject) => {
    ServiceConnector.fetchSamplingRules((err, r) => (err ? reject(err) : resolve(r)));
  });
  assert.equal(rules.length, 1);
  assert.equal(rules[0].getName(), 'Default');
  assert.equal(rules[0].isDefault(), true);
  const targets = await new Promise((resolve, reject) => {
    ServiceConnector.fetchTargets(rules, (err, t, fresh) => (err ? reject(err) : resolve({ t, fresh })));
  });
  assert.equal(targets.t.Default.rate, 0.05);
  assert.equal(targets.t.Default.quota, 1);
  const viaEdge = await xray.send(new GetSamplingRulesCommand({}));
  const def = viaEdge.SamplingRuleRecords[0].SamplingRule;
  assert.equal(def.RuleName, 'Default');
  assert.equal(def.ReservoirSize, 1);
  assert.equal(def.FixedRate, 0.05);
  assert.equal(def.RuleARN, 'arn:aws:xray:us-east-1:000000000000:sampling-rule/Default');
});

test('OTLP spans appear as X-Ray segment documents', async () => {
  const traceHex = hex(16);
  const rootId = hex(8);
  const childId = hex(8);
  const ns = BigInt(Math.floor((now() - 2) * 1e6)) * 1000n;
  const body = {
    resourceSpans: [{
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'otel-api' } }] },
      scopeSpans: [{ spans: [
        { traceId: traceHex, spanId: rootId, name: 'GET /items', kind: 2,
          startTimeUnixNano: String(ns), endTimeUnixNano: String(ns + 40_000_000n),
          attributes: [{ key: 'http.request.method', value: { stringValue: 'GET' } },
            { key: 'http.response.status_code', value: { intValue: '200' } }] },
        { traceId: traceHex, spanId: childId, parentSpanId: rootId, name: 'SELECT items', kind: 3,
          startTimeUnixNano: String(ns + 5_000_000n), endTimeUnixNano: String(ns + 15_000_000n) },
      ] }],
    }],
  };
  const res = await fetch(`${server.otlpHttpUrl}/v1/traces`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  assert.equal(res.status, 200);
  const xrayId = `1-${traceHex.slice(0, 8)}-${traceHex.slice(8)}`;
  const trace = await batchGet(xrayId);
  assert.ok(trace, 'OTLP trace via BatchGetTraces');
  const doc = JSON.parse(trace.Segments[0].Document);
  assert.equal(doc.name, 'otel-api');
  assert.equal(doc.id, rootId);
  assert.equal(doc.trace_id, xrayId);
  assert.equal(doc.http.response.status, 200);
  assert.equal(doc.subsegments[0].id, childId);
  assert.equal(doc.subsegments[0].namespace, 'remote');
  const sums = await xray.send(new GetTraceSummariesCommand({
    StartTime: new Date((now() - 600) * 1000), EndTime: new Date((now() + 60) * 1000),
  }));
  const mine = sums.TraceSummaries.find((s) => s.Id === xrayId);
  assert.ok(mine, 'OTLP trace in GetTraceSummaries');
  assert.equal(mine.Http.HttpStatus, 200);
  assert.equal(mine.HasFault, false);
});

test('bad datagrams are counted and dropped; the listener keeps working', async () => {
  const sock = dgram.createSocket('udp4');
  const send = (buf) => new Promise((r) => sock.send(buf, server.ports.xray, '127.0.0.1', r));
  await send(Buffer.from('no header at all'));
  await send(Buffer.from('{"format":"json","version":9}\n{}'));
  await send(Buffer.from('{"format":"json","version":1}\n{"broken'));
  await send(randomBytes(2000));
  sock.close();
  const metrics = async () => (await fetch(`${server.baseUrl}/metrics`)).text();
  const counted = await eventually(async () => {
    const m = await metrics();
    return sumMetric(m, 'waggle_xray_invalid_datagrams_total') >= 3 &&
      sumMetric(m, 'waggle_xray_rejected_segments_total') >= 1 ? m : null;
  }, 10000);
  assert.ok(counted, 'invalid datagrams counted');
  // Still alive: a good segment after the garbage is stored.
  const seg = new AWSXRay.Segment('after-garbage');
  seg.close();
  assert.ok(await eventually(() => batchGet(seg.trace_id), 10000));
});

test('segments survive a crash: the WAL replays X-Ray records', async () => {
  const { makeDataDir, removeDataDir } = await import('./support/server.mjs');
  const dir = makeDataDir('waggle-xray-crash-');
  let s = await startServer({ dataDir: dir });
  try {
    const client = new XRayClient({ endpoint: s.baseUrl, region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    const traceId = newTraceId();
    const segId = hex(8);
    const t0 = now();
    const sub = { id: hex(8), name: 'late-child', trace_id: traceId, parent_id: segId,
      type: 'subsegment', start_time: t0, end_time: t0 + 0.001 };
    const seg = { id: segId, name: 'durable-svc', trace_id: traceId, start_time: t0,
      end_time: t0 + 0.002, annotations: { k: 'v' } };
    await client.send(new PutTraceSegmentsCommand({
      TraceSegmentDocuments: [JSON.stringify(seg), JSON.stringify(sub)] }));
    await s.kill9();
    s = await startServer({ dataDir: dir });
    const again = new XRayClient({ endpoint: s.baseUrl, region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    const out = await again.send(new BatchGetTracesCommand({ TraceIds: [traceId] }));
    assert.equal(out.Traces.length, 1);
    const doc = JSON.parse(out.Traces[0].Segments[0].Document);
    assert.equal(doc.name, 'durable-svc');
    assert.deepEqual(doc.annotations, { k: 'v' });
    assert.equal(doc.subsegments[0].name, 'late-child');
    // The subsegment took its parent's service at ingest, and kept it on replay.
    const api = await getJson(s, `/api/v1/traces/${traceId.slice(2).replace('-', '')}`);
    assert.equal(api.status, 200);
    assert.ok(!JSON.stringify(api.body).includes('unknown_service'), JSON.stringify(api.body).slice(0, 400));
    await s.stop();
  } finally {
    await s.cleanup();
    removeDataDir(dir);
  }
});

// --- Real Python and CLI clients -----------------------------------------

// Runs `cmd args` with no AWS configuration of the machine's, and no .pyc
// files left in the tree; returns spawnSync's result.
function runClient(cmd, args, env = {}) {
  return spawnSync(cmd, args, {
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      ...process.env,
      PYTHONDONTWRITEBYTECODE: '1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_CONFIG_FILE: '/nonexistent',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
      AWS_EC2_METADATA_DISABLED: 'true',
      ...env,
    },
  });
}

// A reason to skip when `python3 -c "import <modules>"` fails, else false.
function missingPython(...modules) {
  const r = runClient('python3', ['-c', `import ${modules.join(', ')}`]);
  return r.status === 0 ? false : `python3 lacks ${modules.join(' or ')}: ${(r.stderr || r.error || '').toString().trim().split('\n').pop()}`;
}

function assertRan(r, what) {
  assert.equal(r.status, 0, `${what} failed (${r.error ?? r.signal ?? r.status}):\n${r.stdout}\n${r.stderr}`);
}

test('Python X-Ray SDK (Flask middleware) segments over UDP', { skip: missingPython('aws_xray_sdk', 'flask') }, async () => {
  const r = runClient('python3', [join(CLIENTS, 'xray_python_sdk.py'), `127.0.0.1:${server.ports.xray}`]);
  assertRan(r, 'xray_python_sdk.py');
  const ids = JSON.parse(r.stdout.trim().split('\n').pop());
  const trace = await eventually(() => batchGet(ids.trace_id), 10000);
  assert.ok(trace, `trace ${ids.trace_id} not found`);
  const doc = JSON.parse(trace.Segments[0].Document);
  assert.equal(doc.id, ids.segment_id);
  assert.equal(doc.name, 'py-shop');
  assert.equal(doc.user, 'ada');
  assert.equal(doc.http.request.method, 'GET');
  assert.equal(doc.http.response.status, 200);
  const sub = doc.subsegments.find((s) => s.id === ids.subsegment_id);
  assert.ok(sub, JSON.stringify(doc.subsegments));
  assert.equal(sub.name, 'load-cart');
  assert.deepEqual(sub.annotations, { cart_size: 3, customer: 'ada' });
  assert.deepEqual(sub.metadata.default.items, { sku: 'A-1' });
  // The annotation is searchable through GetTraceSummaries.
  const sums = await xray.send(new GetTraceSummariesCommand({
    StartTime: new Date((now() - 600) * 1000), EndTime: new Date((now() + 60) * 1000),
    FilterExpression: 'annotation.customer = "ada" AND service("py-shop")',
  }));
  assert.ok(sums.TraceSummaries.some((s) => s.Id === ids.trace_id), JSON.stringify(sums.TraceSummaries.map((s) => s.Id)));
});

test('boto3: PutTraceSegments, GetTraceSummaries (filter, paginator), BatchGetTraces', { skip: missingPython('boto3') }, () => {
  const r = runClient('python3', [join(CLIENTS, 'xray_boto3.py'), server.baseUrl]);
  assertRan(r, 'xray_boto3.py');
});

test('aws CLI: xray put-trace-segments, get-trace-summaries, batch-get-traces', async (t) => {
  const version = runClient('aws', ['--version']);
  if (version.status !== 0) return t.skip(`the aws CLI is not usable: ${version.error ?? version.stderr}`);
  const aws = (...args) => {
    const r = runClient('aws', ['xray', ...args, '--endpoint-url', server.baseUrl, '--output', 'json']);
    assertRan(r, `aws xray ${args[0]}`);
    return r.stdout.trim() ? JSON.parse(r.stdout) : {};
  };
  const traceId = newTraceId();
  const t0 = now() - 2;
  const doc = { id: hex(8), name: 'cli-svc', trace_id: traceId, start_time: t0, end_time: t0 + 0.1,
    annotations: { via: 'cli' } };
  const put = aws('put-trace-segments', '--trace-segment-documents', JSON.stringify(doc));
  assert.deepEqual(put.UnprocessedTraceSegments, []);
  const sums = aws('get-trace-summaries', '--start-time', String(Math.floor(t0 - 60)),
    '--end-time', String(Math.ceil(now() + 60)), '--filter-expression', 'annotation.via = "cli"');
  assert.deepEqual(sums.TraceSummaries.map((s) => s.Id), [traceId]);
  assert.equal(sums.TraceSummaries[0].ServiceIds[0].Name, 'cli-svc');
  const got = aws('batch-get-traces', '--trace-ids', traceId);
  assert.equal(got.Traces.length, 1);
  assert.equal(JSON.parse(got.Traces[0].Segments[0].Document).annotations.via, 'cli');
});

test('bounds: a 64 KiB document is stored, a larger one is rejected per document', async () => {
  const traceId = newTraceId();
  const t0 = now() - 1;
  const doc = (id, pad) => JSON.stringify({ id, name: 'big', trace_id: traceId, start_time: t0,
    end_time: t0 + 0.01, metadata: { default: { pad: 'p'.repeat(pad) } } });
  const base = doc(hex(8), 0).length;
  const fits = doc(hex(8), 64 * 1024 - base);
  const tooBig = doc(hex(8), 64 * 1024 - base + 1);
  assert.equal(fits.length, 64 * 1024);
  const put = await xray.send(new PutTraceSegmentsCommand({ TraceSegmentDocuments: [fits, tooBig] }));
  assert.equal(put.UnprocessedTraceSegments.length, 1);
  assert.match(put.UnprocessedTraceSegments[0].Message, /64 KiB/);
  const trace = await batchGet(traceId);
  assert.equal(trace.Segments.length, 1);
  assert.equal(trace.Segments[0].Document.length, 64 * 1024);
  // The daemon takes the largest UDP payload (65,507 bytes) whole.
  const udpTrace = newTraceId();
  const header = '{"format":"json","version":1}\n';
  const udpDoc = (pad) => JSON.stringify({ id: hex(8), name: 'big-udp', trace_id: udpTrace,
    start_time: t0, end_time: t0 + 0.01, metadata: { default: { pad: 'p'.repeat(pad) } } });
  const datagram = header + udpDoc(65_507 - header.length - udpDoc(0).length);
  assert.equal(datagram.length, 65_507);
  const sock = dgram.createSocket('udp4');
  await new Promise((resolve, reject) => sock.send(Buffer.from(datagram), server.ports.xray, '127.0.0.1',
    (err) => { sock.close(); err ? reject(err) : resolve(); }));
  const got = await eventually(() => batchGet(udpTrace), 10000);
  assert.ok(got, 'the largest datagram was stored');
  assert.equal(got.Segments[0].Document.length, 65_507 - header.length);
});
