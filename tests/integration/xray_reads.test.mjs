// The X-Ray reads built on the service graph and the sampling statistics,
// against a real `waggle serve`: GetTraceGraph, GetTimeSeriesServiceStatistics
// and GetSamplingStatisticSummaries through @aws-sdk/client-xray (edge port,
// SigV4, and the daemon's unsigned TCP port) and the aws CLI.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, afterEach, before, describe, test } from 'node:test';

import {
  CreateGroupCommand, CreateSamplingRuleCommand, GetSamplingStatisticSummariesCommand,
  GetSamplingTargetsCommand, GetTimeSeriesServiceStatisticsCommand, GetTraceGraphCommand,
  PutTraceSegmentsCommand, XRayClient,
} from '@aws-sdk/client-xray';

import { HAS_AWS_CLI, awsCli, errorName } from './support/aws.mjs';
import { dumpOutputIfFailed, startServer } from './support/server.mjs';

const hex = (n) => randomBytes(n).toString('hex');
const close = (a, b) => Math.abs(a - b) < 1e-6;

// The start of the current minute, and two earlier minutes the traces
// start in (10 s into each, so no trace straddles a period).
const MINUTE = Math.floor(Date.now() / 60_000) * 60;
const FIRST = MINUTE - 180;
const SECOND = MINUTE - 120;

function client(endpoint) {
  return new XRayClient({ endpoint, region: 'us-east-1', maxAttempts: 1,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
}

// One trace frontend -> backend -> postgres starting at `t` (epoch s):
// backend answers in 0.5 s with a 500 when `fault`, else in 0.2 s with a
// 200; its postgres query takes 0.05 s. Returns {traceId, docs}.
function chain(t, fault) {
  const traceId = `1-${Math.floor(t).toString(16)}-${hex(12)}`;
  const backendTime = fault ? 0.5 : 0.2;
  const status = fault ? 500 : 200;
  const http = (url) => ({ request: { method: 'GET', url }, response: { status } });
  const callId = hex(8);
  const frontend = {
    id: hex(8), trace_id: traceId, name: 'frontend', start_time: t, end_time: t + 1,
    http: { request: { method: 'GET', url: 'http://web/home' }, response: { status: 200 } },
    subsegments: [{ id: callId, name: 'backend', namespace: 'remote', start_time: t + 0.1,
      end_time: t + 0.1 + backendTime + 0.02, http: http('http://backend/api'), fault }],
  };
  const backend = {
    id: hex(8), trace_id: traceId, parent_id: callId, name: 'backend', start_time: t + 0.11,
    end_time: t + 0.11 + backendTime, http: http('http://backend/api'), fault,
    subsegments: [{ id: hex(8), name: 'postgres', namespace: 'remote', start_time: t + 0.12,
      end_time: t + 0.17, sql: { database_type: 'PostgreSQL', url: 'postgres:5432/app' } }],
  };
  return { traceId, docs: [JSON.stringify(frontend), JSON.stringify(backend)] };
}

// An unrelated trace: worker alone, calling DynamoDB.
function worker(t) {
  const traceId = `1-${Math.floor(t).toString(16)}-${hex(12)}`;
  const doc = { id: hex(8), trace_id: traceId, name: 'worker', start_time: t, end_time: t + 0.3,
    subsegments: [{ id: hex(8), name: 'DynamoDB', namespace: 'aws', start_time: t + 0.1,
      end_time: t + 0.2, aws: { operation: 'Query', table_name: 'jobs' } }] };
  return { traceId, docs: [JSON.stringify(doc)] };
}

function node(services, name, type) {
  const n = services.find((s) => s.Name === name && (s.Type ?? '') === (type ?? ''));
  assert.ok(n, `no node ${name}/${type} in ${JSON.stringify(services.map((s) => [s.Name, s.Type]))}`);
  return n;
}

function edge(services, from, to) {
  const e = from.Edges.find((x) => x.ReferenceId === to.ReferenceId);
  assert.ok(e, `no edge ${from.Name} -> ${to.Name}`);
  return e;
}

// [timestamp, total, ok, faults, throttles, response time] per entry.
function rows(series, key) {
  return series.map((s) => {
    const st = s[key];
    assert.ok(st, `${key} in ${JSON.stringify(s)}`);
    // The SDK gives Dates, the aws CLI ISO 8601 strings.
    const ts = s.Timestamp instanceof Date ? s.Timestamp.getTime() / 1000
      : typeof s.Timestamp === 'string' ? Date.parse(s.Timestamp) / 1000 : s.Timestamp;
    return [ts, st.TotalCount, st.OkCount, st.FaultStatistics.TotalCount,
      st.ErrorStatistics.ThrottleCount, Math.round(st.TotalResponseTime * 1000) / 1000];
  });
}

describe('X-Ray graph, time series and sampling reads', () => {
  let server;
  let xray;
  const traces = { first: [], second: [] };
  let faultTrace;
  let workerTrace;
  const window = () => ({ StartTime: new Date((FIRST - 60) * 1000), EndTime: new Date((MINUTE + 60) * 1000) });

  before(async () => {
    server = await startServer();
    xray = client(server.baseUrl);
    const docs = [];
    for (let i = 0; i < 2; ++i) {
      const c = chain(FIRST + 10 + i, false);
      traces.first.push(c.traceId);
      docs.push(...c.docs);
    }
    for (let i = 0; i < 3; ++i) {
      const c = chain(SECOND + 10 + i, i === 2);
      traces.second.push(c.traceId);
      if (i === 2) faultTrace = c.traceId;
      docs.push(...c.docs);
    }
    const w = worker(SECOND + 20);
    workerTrace = w.traceId;
    docs.push(...w.docs);
    const put = await xray.send(new PutTraceSegmentsCommand({ TraceSegmentDocuments: docs }));
    assert.deepEqual(put.UnprocessedTraceSegments, []);
  });
  afterEach((t) => dumpOutputIfFailed(t, server));
  after(async () => {
    if (server) {
      await server.stop();
      await server.cleanup();
    }
  });

  test('GetTraceGraph: the graph of exactly the given traces', async () => {
    const one = await xray.send(new GetTraceGraphCommand({ TraceIds: [traces.first[0]] }));
    const s = one.Services;
    assert.deepEqual(s.map((x) => `${x.Name}/${x.Type ?? ''}`).sort(),
      ['backend/', 'frontend/', 'frontend/client', 'postgres/Database::SQL']);
    const backend = node(s, 'backend');
    assert.equal(backend.SummaryStatistics.TotalCount, 1);
    assert.equal(edge(s, node(s, 'frontend'), backend).SummaryStatistics.TotalCount, 1);
    assert.equal(edge(s, backend, node(s, 'postgres', 'Database::SQL')).SummaryStatistics.OkCount, 1);
    assert.equal(edge(s, node(s, 'frontend', 'client'), node(s, 'frontend')).SummaryStatistics.TotalCount, 1);
    // The service spans the trace's own times.
    assert.equal(backend.StartTime.getTime() / 1000, FIRST + 10);
    assert.ok(close(backend.EndTime.getTime() / 1000, FIRST + 11));
    assert.equal(one.NextToken, undefined);

    // Two traces, one of them faulted, and an unrelated one, through the
    // daemon's unsigned TCP port.
    const daemon = client(`http://127.0.0.1:${server.ports.xray}`);
    const two = await daemon.send(new GetTraceGraphCommand({
      TraceIds: [traces.second[0], faultTrace, workerTrace] }));
    const t = two.Services;
    const b = node(t, 'backend');
    assert.deepEqual([b.SummaryStatistics.TotalCount, b.SummaryStatistics.OkCount,
      b.SummaryStatistics.FaultStatistics.TotalCount], [2, 1, 1]);
    assert.ok(close(b.SummaryStatistics.TotalResponseTime, 0.7));
    assert.equal(edge(t, node(t, 'frontend'), b).SummaryStatistics.FaultStatistics.TotalCount, 1);
    assert.equal(edge(t, node(t, 'worker'), node(t, 'DynamoDB', 'AWS::DynamoDB')).SummaryStatistics.TotalCount, 1);

    const none = await xray.send(new GetTraceGraphCommand({ TraceIds: [`1-${MINUTE.toString(16)}-${hex(12)}`] }));
    assert.deepEqual(none.Services, []);
    assert.equal(await errorName(xray.send(new GetTraceGraphCommand({ TraceIds: ['nope'] }))),
      'InvalidRequestException');
  });

  test('GetTimeSeriesServiceStatistics: a service per period', async () => {
    const r = await xray.send(new GetTimeSeriesServiceStatisticsCommand({
      ...window(), EntitySelectorExpression: 'service("backend")', Period: 60 }));
    assert.equal(r.ContainsOldGroupVersions, false);
    assert.deepEqual(rows(r.TimeSeriesServiceStatistics, 'ServiceSummaryStatistics'), [
      [FIRST, 2, 2, 0, 0, 0.4],
      [SECOND, 3, 2, 1, 0, 0.9],
    ]);
    const hist = r.TimeSeriesServiceStatistics[1].ResponseTimeHistogram;
    assert.deepEqual(hist.map((h) => [h.Value, h.Count]), [[0.2, 2], [0.5, 1]]);
    // Period defaults to 60; 300 s periods hold the same five requests.
    const dflt = await xray.send(new GetTimeSeriesServiceStatisticsCommand({
      ...window(), EntitySelectorExpression: 'service("backend")' }));
    assert.equal(dflt.TimeSeriesServiceStatistics.length, 2);
    const five = await xray.send(new GetTimeSeriesServiceStatisticsCommand({
      ...window(), EntitySelectorExpression: 'service("backend")', Period: 300 }));
    const totals = rows(five.TimeSeriesServiceStatistics, 'ServiceSummaryStatistics');
    assert.ok(totals.every(([ts]) => ts % 300 === 0));
    assert.equal(totals.reduce((n, x) => n + x[1], 0), 5);
    assert.equal(totals.reduce((n, x) => n + x[3], 0), 1);
  });

  test('GetTimeSeriesServiceStatistics: edges, the default, groups', async () => {
    const db = await xray.send(new GetTimeSeriesServiceStatisticsCommand({
      ...window(), EntitySelectorExpression: 'edge("backend", "postgres")', Period: 60 }));
    assert.deepEqual(rows(db.TimeSeriesServiceStatistics, 'EdgeSummaryStatistics'), [
      [FIRST, 2, 2, 0, 0, 0.1],
      [SECOND, 3, 3, 0, 0, 0.15],
    ]);
    const call = await xray.send(new GetTimeSeriesServiceStatisticsCommand({
      ...window(), EntitySelectorExpression: 'edge("frontend", id(name: "backend"))', Period: 60 }));
    assert.deepEqual(rows(call.TimeSeriesServiceStatistics, 'EdgeSummaryStatistics').map((x) => x.slice(0, 4)),
      [[FIRST, 2, 2, 0], [SECOND, 3, 2, 1]]);
    // No selector: the requests entering the graph (client -> root edges).
    const entry = await xray.send(new GetTimeSeriesServiceStatisticsCommand({ ...window(), Period: 60 }));
    const entries = rows(entry.TimeSeriesServiceStatistics, 'EdgeSummaryStatistics');
    assert.deepEqual(entries.map((x) => x.slice(0, 2)), [[FIRST, 2], [SECOND, 4]]);
    // A group narrows the traces to its filter expression.
    await xray.send(new CreateGroupCommand({ GroupName: 'faulty', FilterExpression: 'service("backend") { fault }' }));
    const g = await xray.send(new GetTimeSeriesServiceStatisticsCommand({
      ...window(), GroupName: 'faulty', EntitySelectorExpression: 'service("backend")', Period: 60 }));
    assert.deepEqual(rows(g.TimeSeriesServiceStatistics, 'ServiceSummaryStatistics'), [[SECOND, 1, 0, 1, 0, 0.5]]);
    const absent = await xray.send(new GetTimeSeriesServiceStatisticsCommand({
      ...window(), EntitySelectorExpression: 'service("nobody")' }));
    assert.deepEqual(absent.TimeSeriesServiceStatistics, []);
  });

  test('GetTimeSeriesServiceStatistics: invalid requests', async () => {
    const bad = (extra) => errorName(xray.send(new GetTimeSeriesServiceStatisticsCommand({
      ...window(), EntitySelectorExpression: 'service("backend")', ...extra })));
    assert.equal(await bad({ Period: 120 }), 'InvalidRequestException');
    assert.equal(await bad({ Period: 0 }), 'InvalidRequestException');
    assert.equal(await bad({ EntitySelectorExpression: 'service("backend"' }), 'InvalidRequestException');
    assert.equal(await bad({ EntitySelectorExpression: 'fault AND ok' }), 'InvalidRequestException');
    assert.equal(await bad({ GroupName: 'missing' }), 'InvalidRequestException');
    // Two days of one-minute periods is too many.
    assert.equal(await bad({ StartTime: new Date((MINUTE - 2 * 86400) * 1000), Period: 60 }),
      'InvalidRequestException');
  });

  test('GetSamplingStatisticSummaries: what the SDKs reported, per rule', async () => {
    await xray.send(new CreateSamplingRuleCommand({ SamplingRule: {
      RuleName: 'api', Priority: 10, FixedRate: 0.1, ReservoirSize: 2, ServiceName: '*',
      ServiceType: '*', Host: '*', HTTPMethod: '*', URLPath: '/api/*', ResourceARN: '*', Version: 1 } }));
    const before = await xray.send(new GetSamplingStatisticSummariesCommand({}));
    assert.deepEqual(before.SamplingStatisticSummaries, []);
    const doc = (RuleName, ClientID, RequestCount, SampledCount, BorrowCount) => ({
      RuleName, ClientID, Timestamp: new Date(), RequestCount, SampledCount, BorrowCount });
    const daemon = client(`http://127.0.0.1:${server.ports.xray}`);
    const t1 = await daemon.send(new GetSamplingTargetsCommand({ SamplingStatisticsDocuments: [
      doc('Default', hex(12), 10, 3, 1), doc('api', hex(12), 40, 6, 2), doc('ghost', hex(12), 9, 9, 9)] }));
    assert.deepEqual(t1.UnprocessedStatistics.map((u) => u.RuleName), ['ghost']);
    await daemon.send(new GetSamplingTargetsCommand({ SamplingStatisticsDocuments: [
      doc('Default', hex(12), 20, 4, 0)] }));
    const got = await xray.send(new GetSamplingStatisticSummariesCommand({}));
    const sums = got.SamplingStatisticSummaries.map((s) =>
      [s.RuleName, s.RequestCount, s.SampledCount, s.BorrowCount]);
    assert.deepEqual(sums, [['Default', 30, 7, 1], ['api', 40, 6, 2]]);
    for (const s of got.SamplingStatisticSummaries) {
      const age = Date.now() / 1000 - s.Timestamp.getTime() / 1000;
      assert.ok(age >= 0 && age < 60, `window start ${s.Timestamp}`);
    }
    assert.equal(got.NextToken, undefined);
  });

  test('the aws CLI', { skip: !HAS_AWS_CLI && 'no aws CLI' }, () => {
    const graph = awsCli(server, 'xray', ['get-trace-graph', '--trace-ids', traces.first[1]]);
    assert.equal(graph.status, 0, graph.stderr);
    assert.deepEqual(graph.json.Services.map((x) => x.Name).sort(), ['backend', 'frontend', 'frontend', 'postgres']);
    const range = ['--start-time', String(FIRST - 60), '--end-time', String(MINUTE + 60)];
    const series = awsCli(server, 'xray', ['get-time-series-service-statistics', ...range,
      '--entity-selector-expression', 'service("backend")', '--period', '60']);
    assert.equal(series.status, 0, series.stderr);
    assert.deepEqual(rows(series.json.TimeSeriesServiceStatistics, 'ServiceSummaryStatistics'), [
      [FIRST, 2, 2, 0, 0, 0.4],
      [SECOND, 3, 2, 1, 0, 0.9],
    ]);
    const bad = awsCli(server, 'xray', ['get-time-series-service-statistics', ...range, '--period', '90']);
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /InvalidRequestException.*Period/);
    const sums = awsCli(server, 'xray', ['get-sampling-statistic-summaries']);
    assert.equal(sums.status, 0, sums.stderr);
    const def = sums.json.SamplingStatisticSummaries.find((s) => s.RuleName === 'Default');
    assert.ok(def, JSON.stringify(sums.json));
    assert.equal(def.RequestCount, 30);
  });
});
