// CloudWatch Logs Insights through real clients against a real `waggle
// serve`: events stored with PutLogEvents, then StartQuery and
// GetQueryResults from @aws-sdk/client-cloudwatch-logs and the aws CLI,
// including the reference app's query (SCENARIOS §3).

import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';

import {
  CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, DescribeQueriesCommand,
  GetQueryResultsCommand, PutLogEventsCommand, StartQueryCommand,
} from '@aws-sdk/client-cloudwatch-logs';

import { HAS_AWS_CLI, awsCli, errorName } from './support/aws.mjs';
import { dumpOutputIfFailed, startServer } from './support/server.mjs';

const GROUP = 'cruddur';
const ACCESS = 'cruddur-access';
const ACCESS_LINES = [
  '172.17.0.1 GET /api/activities/home 200',
  '172.17.0.2 GET /api/activities/notifications 500',
  '172.17.0.1 POST /api/activities 500',
  '172.17.0.3 GET /api/activities/home 500',
  '172.17.0.2 GET /api/activities/notifications 500',
  '172.17.0.4 GET /api/activities/home 200',
];
const PARSE = 'parse @message "* * * *" as ip, method, path, status';

// Rows as [{field: value}] objects.
const rowsOf = (results) => results.map((r) => Object.fromEntries(r.map((f) => [f.field, f.value])));

describe('CloudWatch Logs Insights', () => {
  let server;
  let logs;
  let base;  // the first event's time, on a 5-minute boundary, in ms
  before(async () => {
    server = await startServer();
    logs = new CloudWatchLogsClient({ endpoint: server.baseUrl, region: 'us-east-1', maxAttempts: 1,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    await logs.send(new CreateLogGroupCommand({ logGroupName: GROUP }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: GROUP, logStreamName: 'web' }));
    base = Math.floor((Date.now() - 3600_000) / 300_000) * 300_000;
    // One line a minute for 10 minutes; ERROR at minutes 1, 2 and 7.
    const logEvents = [];
    for (let m = 0; m < 10; m++) {
      const error = [1, 2, 7].includes(m);
      logEvents.push({ timestamp: base + m * 60_000,
        message: error ? `ERROR database timeout after ${m}s`
          : `[2026-Mar-12 15:2${m}] 172.17.0.1 GET http /api/activities/home? 200 OK` });
    }
    logEvents.push({ timestamp: base + 10 * 60_000,
      message: JSON.stringify({ path: '/api/activities/home', status: 500, ms: 250 }) });
    await logs.send(new PutLogEventsCommand({ logGroupName: GROUP, logStreamName: 'web', logEvents }));
    // Access lines (ip method path status), ten seconds apart, in their own group.
    await logs.send(new CreateLogGroupCommand({ logGroupName: ACCESS }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: ACCESS, logStreamName: 'api' }));
    await logs.send(new PutLogEventsCommand({ logGroupName: ACCESS, logStreamName: 'api',
      logEvents: ACCESS_LINES.map((message, k) => ({ timestamp: base + 20 * 60_000 + k * 10_000, message })) }));
  });
  afterEach((t) => dumpOutputIfFailed(t, server));
  after(async () => {
    if (server) {
      await server.stop();
      await server.cleanup();
    }
  });

  const window = () => ({ startTime: Math.floor(base / 1000) - 60, endTime: Math.floor(base / 1000) + 3600 });

  test("the reference app's query: errors counted by 5-minute bin", async () => {
    const { queryId } = await logs.send(new StartQueryCommand({ logGroupName: GROUP, ...window(),
      queryString: 'fields @timestamp, @message | filter @message like /ERROR/ | stats count(*) by bin(5m)' }));
    assert.match(queryId, /^[0-9a-f-]{36}$/);
    const r = await logs.send(new GetQueryResultsCommand({ queryId }));
    assert.equal(r.status, 'Complete');
    const iso = (ms) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
    assert.deepEqual(rowsOf(r.results), [
      { 'bin(5m)': iso(base + 300_000), 'count(*)': '1' },
      { 'bin(5m)': iso(base), 'count(*)': '2' },
    ]);
    assert.equal(r.statistics.recordsScanned, 11);
    assert.equal(r.statistics.recordsMatched, 3);
  });

  test('fields, JSON keys, sort and limit; DescribeQueries', async () => {
    const { queryId } = await logs.send(new StartQueryCommand({ logGroupNames: [GROUP], ...window(),
      queryString: 'filter status >= 500 or @message like "timeout after 7s" | fields @logStream, status, ms | sort @timestamp asc | limit 5' }));
    const rows = rowsOf((await logs.send(new GetQueryResultsCommand({ queryId }))).results);
    assert.equal(rows.length, 2);
    assert.equal(rows[0]['@logStream'], 'web');
    assert.equal(rows[0].status, undefined, 'no status in a plain line');
    assert.deepEqual([rows[1].status, rows[1].ms], ['500', '250']);
    assert.ok(rows.every((row) => row['@ptr']));
    const described = await logs.send(new DescribeQueriesCommand({ logGroupName: GROUP }));
    assert.ok(described.queries.some((q) => q.queryId === queryId && q.status === 'Complete'));
  });

  test('errors: malformed queries, unknown groups and queries', async () => {
    assert.equal(await errorName(logs.send(new StartQueryCommand({ logGroupName: GROUP, ...window(),
      queryString: 'fields @message | frobnicate' }))), 'MalformedQueryException');
    assert.equal(await errorName(logs.send(new StartQueryCommand({ logGroupName: 'nope', ...window(),
      queryString: 'fields @message' }))), 'ResourceNotFoundException');
    assert.equal(await errorName(logs.send(new GetQueryResultsCommand({
      queryId: '00000000-0000-0000-0000-000000000000' }))), 'ResourceNotFoundException');
  });

  // Runs `queryString` over the access group through the SDK; the rows.
  const accessQuery = async (queryString) => {
    const { queryId } = await logs.send(new StartQueryCommand({ logGroupName: ACCESS, ...window(), queryString }));
    return rowsOf((await logs.send(new GetQueryResultsCommand({ queryId }))).results);
  };
  const byPath = (a, b) => a.path.localeCompare(b.path);

  test("parse: the reference app's errors counted by path", async () => {
    const rows = await accessQuery(`fields @timestamp, @message | ${PARSE} | filter status = "500" | stats count(*) by path`);
    assert.deepEqual(rows.sort(byPath), [
      { path: '/api/activities', 'count(*)': '1' },
      { path: '/api/activities/home', 'count(*)': '1' },
      { path: '/api/activities/notifications', 'count(*)': '2' },
    ]);
    // The regex form, with AWS's (?<name>...) groups, and a sort on two fields.
    const posts = await accessQuery(String.raw`parse @message /(?<ip>\S+) (?<verb>[A-Z]+) (?<path>\S+)/ | filter verb = "POST" | fields ip, path`);
    assert.deepEqual(posts.map(({ ip, path }) => ({ ip, path })), [{ ip: '172.17.0.1', path: '/api/activities' }]);
    const ranked = await accessQuery(`${PARSE} | stats count(*) as n by path | sort n desc, path asc`);
    assert.deepEqual(ranked.map((r) => r.path), ['/api/activities/home', '/api/activities/notifications', '/api/activities']);
  });

  test('dedup keeps the newest event of each path', async () => {
    const rows = await accessQuery(`${PARSE} | fields path, ip, status | sort @timestamp desc | dedup path`);
    assert.deepEqual(rows.map(({ path, ip, status }) => ({ path, ip, status })), [
      { path: '/api/activities/home', ip: '172.17.0.4', status: '200' },
      { path: '/api/activities/notifications', ip: '172.17.0.2', status: '500' },
      { path: '/api/activities', ip: '172.17.0.1', status: '500' },
    ]);
    assert.ok(rows.every((row) => row['@ptr']));
  });

  test('earliest and latest by path; functions in fields and filter', async () => {
    const rows = await accessQuery(`${PARSE} | stats earliest(ip) as first_ip, latest(ip) as last_ip, latest(status), count(*) as n by path | sort path asc`);
    assert.deepEqual(rows, [
      { path: '/api/activities', first_ip: '172.17.0.1', last_ip: '172.17.0.1', 'latest(status)': '500', n: '1' },
      { path: '/api/activities/home', first_ip: '172.17.0.1', last_ip: '172.17.0.4', 'latest(status)': '200', n: '3' },
      { path: '/api/activities/notifications', first_ip: '172.17.0.2', last_ip: '172.17.0.2', 'latest(status)': '500', n: '2' },
    ]);
    const fns = await accessQuery(`${PARSE} | filter strcontains(path, "home") and status != "200" and ispresent(ip) `
      + '| fields toupper(method) as verb, strlen(path) as len, concat(ip, ":", status) as who, status * 2 as doubled');
    assert.equal(fns.length, 1);
    assert.deepEqual({ ...fns[0], '@ptr': undefined },
      { verb: 'GET', len: '20', who: '172.17.0.3:500', doubled: '1000', '@ptr': undefined });
    assert.equal(await errorName(logs.send(new StartQueryCommand({ logGroupName: ACCESS, ...window(),
      queryString: `${PARSE} | fields frobnicate(path)` }))), 'MalformedQueryException');
  });

  test('the aws CLI: start-query and get-query-results', { skip: !HAS_AWS_CLI && 'the aws CLI is not installed' }, () => {
    const aws = (...args) => {
      const r = awsCli(server, 'logs', args);
      assert.equal(r.status, 0, r.stderr);
      return r.json;
    };
    const { startTime, endTime } = window();
    const { queryId } = aws('start-query', '--log-group-name', GROUP, '--start-time', String(startTime),
      '--end-time', String(endTime), '--query-string', 'filter @message like /ERROR/ | stats count(*) as errors');
    const r = aws('get-query-results', '--query-id', queryId);
    assert.deepEqual(rowsOf(r.results), [{ errors: '3' }]);
    const parsed = aws('start-query', '--log-group-name', ACCESS, '--start-time', String(startTime),
      '--end-time', String(endTime), '--query-string',
      `fields @timestamp, @message | ${PARSE} | filter status = "500" | stats count(*) as n by path | sort n desc | limit 1`);
    const top = aws('get-query-results', '--query-id', parsed.queryId);
    assert.deepEqual(rowsOf(top.results), [{ path: '/api/activities/notifications', n: '2' }]);
  });
});
