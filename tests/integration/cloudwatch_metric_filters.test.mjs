// CloudWatch Logs metric filters through real clients against a real
// `waggle serve`: @aws-sdk/client-cloudwatch-logs and the aws CLI create,
// describe, test and delete filters; the filter's metric is then read back
// over the events PutLogEvents stored (GET /api/v1/metric_filters/series).

import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';

import {
  CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, DeleteLogGroupCommand,
  DeleteMetricFilterCommand, DescribeLogGroupsCommand, DescribeMetricFiltersCommand,
  PutLogEventsCommand, PutMetricFilterCommand, TestMetricFilterCommand,
} from '@aws-sdk/client-cloudwatch-logs';

import { HAS_AWS_CLI, awsCli, errorName } from './support/aws.mjs';
import { dumpOutputIfFailed, getJson, startServer } from './support/server.mjs';

const GROUP = 'cruddur';
const APACHE = '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /apache_pb.gif HTTP/1.0" 404 1534';

describe('CloudWatch Logs metric filters', () => {
  let server;
  let logs;
  before(async () => {
    server = await startServer();
    logs = new CloudWatchLogsClient({ endpoint: server.baseUrl, region: 'us-east-1', maxAttempts: 1,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    await logs.send(new CreateLogGroupCommand({ logGroupName: GROUP }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: GROUP, logStreamName: 'web' }));
  });
  afterEach((t) => dumpOutputIfFailed(t, server));
  after(async () => {
    if (server) {
      await server.stop();
      await server.cleanup();
    }
  });

  test('TestMetricFilter extracts the fields of a space-delimited pattern', async () => {
    const r = await logs.send(new TestMetricFilterCommand({
      filterPattern: '[ip, user, username, timestamp, request = *.gif*, status_code = 4*, bytes > 1000]',
      logEventMessages: [APACHE, 'not an access log line', APACHE.replace('404', '200')],
    }));
    assert.equal(r.matches.length, 1);
    assert.equal(r.matches[0].eventNumber, 1);
    assert.equal(r.matches[0].extractedValues.$status_code, '404');
    assert.equal(r.matches[0].extractedValues.$bytes, '1534');
    assert.equal(r.matches[0].extractedValues.$request, 'GET /apache_pb.gif HTTP/1.0');
    assert.equal(await errorName(logs.send(new TestMetricFilterCommand({
      filterPattern: '[a, b', logEventMessages: ['x'] }))), 'InvalidParameterException');
  });

  test('put, describe and count filters; errors', async () => {
    await logs.send(new PutMetricFilterCommand({
      logGroupName: GROUP, filterName: 'errors', filterPattern: 'ERROR',
      metricTransformations: [{ metricName: 'ErrorCount', metricNamespace: 'Cruddur', metricValue: '1',
        defaultValue: 0 }],
    }));
    await logs.send(new PutMetricFilterCommand({
      logGroupName: GROUP, filterName: 'latency', filterPattern: '{ $.latency_ms > 0 }',
      metricTransformations: [{ metricName: 'Latency', metricNamespace: 'Cruddur',
        metricValue: '$.latency_ms', unit: 'Milliseconds' }],
    }));
    const all = await logs.send(new DescribeMetricFiltersCommand({ logGroupName: GROUP }));
    assert.deepEqual(all.metricFilters.map((f) => f.filterName), ['errors', 'latency']);
    assert.equal(all.metricFilters[1].metricTransformations[0].unit, 'Milliseconds');
    const byMetric = await logs.send(new DescribeMetricFiltersCommand({
      metricName: 'ErrorCount', metricNamespace: 'Cruddur' }));
    assert.deepEqual(byMetric.metricFilters.map((f) => f.filterName), ['errors']);
    const prefix = await logs.send(new DescribeMetricFiltersCommand({
      logGroupName: GROUP, filterNamePrefix: 'lat' }));
    assert.deepEqual(prefix.metricFilters.map((f) => f.filterName), ['latency']);
    const groups = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: GROUP }));
    assert.equal(groups.logGroups[0].metricFilterCount, 2);
    assert.equal(await errorName(logs.send(new PutMetricFilterCommand({
      logGroupName: 'nope', filterName: 'x', filterPattern: '',
      metricTransformations: [{ metricName: 'm', metricNamespace: 'n', metricValue: '1' }] }))),
    'ResourceNotFoundException');
    assert.equal(await errorName(logs.send(new PutMetricFilterCommand({
      logGroupName: GROUP, filterName: 'x', filterPattern: '',
      metricTransformations: [{ metricName: 'm:bad', metricNamespace: 'n', metricValue: '1' }] }))),
    'InvalidParameterException');
    assert.equal(await errorName(logs.send(new DescribeMetricFiltersCommand({ metricName: 'm' }))),
      'InvalidParameterException');
  });

  test('the metric comes from the stored events', async () => {
    const now = Date.now();
    const events = [
      { timestamp: now - 3000, message: 'ERROR db down {"x":1}' },
      { timestamp: now - 2000, message: '{"path":"/home","latency_ms":120}' },
      { timestamp: now - 1000, message: '{"path":"/home","latency_ms":80}' },
      { timestamp: now - 500, message: 'ERROR again' },
    ];
    await logs.send(new PutLogEventsCommand({ logGroupName: GROUP, logStreamName: 'web', logEvents: events }));
    const series = async (filter) => {
      const r = await getJson(server, `/api/v1/metric_filters/series?log_group=${GROUP}&filter=${filter}&range=600&period=600`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return r.body;
    };
    const errors = await series('errors');
    assert.equal(errors.metric_name, 'ErrorCount');
    assert.equal(errors.points.length, 1);
    assert.deepEqual([errors.points[0].value, errors.points[0].matches, errors.points[0].events], [2, 2, 4]);
    const latency = await series('latency');
    assert.equal(latency.unit, 'Milliseconds');
    assert.deepEqual([latency.points[0].value, latency.points[0].matches], [200, 2]);
    const missing = await getJson(server, `/api/v1/metric_filters/series?log_group=${GROUP}&filter=nope`);
    assert.equal(missing.status, 404);

    // A metric by namespace and name sums every filter that publishes it.
    const other = `${GROUP}-worker`;
    await logs.send(new CreateLogGroupCommand({ logGroupName: other }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: other, logStreamName: 'w' }));
    await logs.send(new PutMetricFilterCommand({
      logGroupName: other, filterName: 'worker-errors', filterPattern: 'ERROR',
      metricTransformations: [{ metricName: 'ErrorCount', metricNamespace: 'Cruddur', metricValue: '5' }],
    }));
    await logs.send(new PutLogEventsCommand({ logGroupName: other, logStreamName: 'w',
      logEvents: [{ timestamp: now - 800, message: 'ERROR queue stuck' }] }));
    const metric = await getJson(server, '/api/v1/metrics?namespace=Cruddur&name=ErrorCount&range=600&period=600');
    assert.equal(metric.status, 200, JSON.stringify(metric.body));
    assert.deepEqual(metric.body.filters.map((f) => f.filter).sort(), ['errors', 'worker-errors']);
    assert.equal(metric.body.points.length, 1);
    assert.deepEqual([metric.body.points[0].value, metric.body.points[0].matches], [2 + 5, 3]);
    const unknown = await getJson(server, '/api/v1/metrics?namespace=Cruddur&name=Nothing');
    assert.equal(unknown.status, 404);
    const bad = await getJson(server, '/api/v1/metrics?namespace=Cruddur');
    assert.equal(bad.status, 400);
  });

  test('the aws CLI: put, test, describe and delete', { skip: !HAS_AWS_CLI && 'the aws CLI is not installed' }, () => {
    const put = awsCli(server, 'logs', ['put-metric-filter', '--log-group-name', GROUP, '--filter-name', 'notfound',
      '--filter-pattern', '[ip, user, username, timestamp, request, status_code = 404, bytes]',
      '--metric-transformations', 'metricName=NotFound,metricNamespace=Cruddur,metricValue=1']);
    assert.equal(put.status, 0, put.stderr);
    const tested = awsCli(server, 'logs', ['test-metric-filter', '--filter-pattern', '[..., status_code = 404, bytes]',
      '--log-event-messages', APACHE]);
    assert.equal(tested.status, 0, tested.stderr);
    assert.equal(tested.json.matches[0].extractedValues.$status_code, '404');
    const described = awsCli(server, 'logs', ['describe-metric-filters', '--log-group-name', GROUP]);
    assert.ok(described.json.metricFilters.some((f) => f.filterName === 'notfound'));
    const del = awsCli(server, 'logs', ['delete-metric-filter', '--log-group-name', GROUP, '--filter-name', 'notfound']);
    assert.equal(del.status, 0, del.stderr);
    const again = awsCli(server, 'logs', ['delete-metric-filter', '--log-group-name', GROUP, '--filter-name', 'notfound']);
    assert.notEqual(again.status, 0);
    assert.match(again.stderr, /ResourceNotFoundException/);
  });

  test('deleting the log group deletes its filters', async () => {
    await logs.send(new DeleteMetricFilterCommand({ logGroupName: GROUP, filterName: 'latency' }));
    await logs.send(new DeleteLogGroupCommand({ logGroupName: GROUP }));
    await logs.send(new CreateLogGroupCommand({ logGroupName: GROUP }));
    const none = await logs.send(new DescribeMetricFiltersCommand({ logGroupName: GROUP }));
    assert.deepEqual(none.metricFilters, []);
  });
});
