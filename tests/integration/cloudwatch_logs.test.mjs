// CloudWatch Logs through real clients: @aws-sdk/client-cloudwatch-logs,
// winston-cloudwatch, the aws CLI (when installed) and (when python3 has
// boto3) boto3 plus a watchtower-style logging handler, against a real
// `waggle serve`.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';

import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteLogGroupCommand,
  DeleteLogStreamCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  PutLogEventsCommand,
  PutRetentionPolicyCommand,
  ResourceAlreadyExistsException,
  ResourceNotFoundException,
  InvalidParameterException,
} from '@aws-sdk/client-cloudwatch-logs';
import winston from 'winston';
import WinstonCloudWatch from 'winston-cloudwatch';

import {
  eventually, makeDataDir, removeDataDir, runCommandAsync, runWaggle, serverForSuite, startServer,
} from './support/server.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };

function client(server, credentials = CREDENTIALS) {
  return new CloudWatchLogsClient({
    endpoint: server.baseUrl, region: 'eu-west-3', credentials, maxAttempts: 1,
  });
}

async function makeStream(logs, group, stream) {
  try {
    await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
  } catch (e) {
    if (!(e instanceof ResourceAlreadyExistsException)) throw e;
  }
  await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));
}

function hasPython(module) {
  const r = spawnSync('python3', ['-c', `import ${module}`], { encoding: 'utf8' });
  return r.status === 0;
}

const HAS_AWS_CLI = spawnSync('aws', ['--version'], { encoding: 'utf8' }).status === 0;
const NO_AWS_CLI = 'the aws CLI is not installed (`aws --version` failed)';

// Runs `aws logs ARGS...` against the server with `credentials` and no
// profile or config file; returns {status, stderr, json (parsed stdout)}.
async function awsLogs(server, args, credentials = CREDENTIALS) {
  const env = {
    ...process.env,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
    AWS_MAX_ATTEMPTS: '1',
  };
  for (const name of ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_ENDPOINT_URL',
    'AWS_ENDPOINT_URL_CLOUDWATCH_LOGS']) {
    delete env[name];
  }
  const r = await runCommandAsync('aws', ['logs', ...args, '--endpoint-url', server.baseUrl,
    '--region', 'us-east-1', '--output', 'json'], { env, replaceEnv: true, timeoutMs: 60_000 });
  const text = r.stdout.trim();
  return { status: r.code, stderr: r.stderr, json: text ? JSON.parse(text) : null };
}

// Like awsLogs, but asserts the command succeeded.
async function awsLogsOk(server, args, credentials) {
  const r = await awsLogs(server, args, credentials);
  assert.equal(r.status, 0, `aws logs ${args.join(' ')} failed:\n${r.stderr}`);
  return r.json;
}

describe('CloudWatch Logs without keys', () => {
  // Our own data dir: the restart test starts a second server on it.
  const dataDir = makeDataDir('waggle-it-cwlogs-');
  const suite = serverForSuite({ dataDir });
  after(() => removeDataDir(dataDir));
  let logs;
  before(() => { logs = client(suite.server); });

  test('groups and streams: create, describe, duplicate and missing errors', async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/it/b' }));
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/it/a' }));
    await assert.rejects(logs.send(new CreateLogGroupCommand({ logGroupName: '/it/a' })),
      (e) => e instanceof ResourceAlreadyExistsException);
    const groups = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/it/' }));
    assert.deepEqual(groups.logGroups.map((g) => g.logGroupName), ['/it/a', '/it/b']);
    assert.equal(groups.logGroups[0].arn, 'arn:aws:logs:eu-west-3:000000000000:log-group:/it/a:*');
    assert.equal(groups.logGroups[0].retentionInDays, undefined);

    const page1 = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/it/', limit: 1 }));
    assert.equal(page1.logGroups[0].logGroupName, '/it/a');
    assert.ok(page1.nextToken);
    const page2 = await logs.send(new DescribeLogGroupsCommand({
      logGroupNamePrefix: '/it/', limit: 1, nextToken: page1.nextToken,
    }));
    assert.deepEqual(page2.logGroups.map((g) => g.logGroupName), ['/it/b']);
    assert.equal(page2.nextToken, undefined);

    await logs.send(new PutRetentionPolicyCommand({ logGroupName: '/it/a', retentionInDays: 7 }));
    await assert.rejects(
      logs.send(new PutRetentionPolicyCommand({ logGroupName: '/it/a', retentionInDays: 8 })),
      (e) => e instanceof InvalidParameterException);
    const a = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePattern: 't/a' }));
    assert.equal(a.logGroups.length, 1);
    assert.equal(a.logGroups[0].retentionInDays, 7);

    for (const s of ['web-2', 'web-1', 'worker']) {
      await logs.send(new CreateLogStreamCommand({ logGroupName: '/it/a', logStreamName: s }));
    }
    await assert.rejects(logs.send(new CreateLogStreamCommand({ logGroupName: '/it/a', logStreamName: 'web-1' })),
      (e) => e instanceof ResourceAlreadyExistsException);
    await assert.rejects(logs.send(new CreateLogStreamCommand({ logGroupName: '/it/none', logStreamName: 'x' })),
      (e) => e instanceof ResourceNotFoundException && /log group does not exist/.test(e.message));
    const streams = await logs.send(new DescribeLogStreamsCommand({
      logGroupName: '/it/a', logStreamNamePrefix: 'web', descending: true,
    }));
    assert.deepEqual(streams.logStreams.map((s) => s.logStreamName), ['web-2', 'web-1']);
    await logs.send(new DeleteLogStreamCommand({ logGroupName: '/it/a', logStreamName: 'web-2' }));
    await assert.rejects(logs.send(new DeleteLogStreamCommand({ logGroupName: '/it/a', logStreamName: 'web-2' })),
      (e) => e instanceof ResourceNotFoundException);
    await logs.send(new DeleteLogGroupCommand({ logGroupName: '/it/b' }));
    await assert.rejects(logs.send(new DeleteLogGroupCommand({ logGroupName: '/it/b' })),
      (e) => e instanceof ResourceNotFoundException);
  });

  test('PutLogEvents rejects a too-old event and stores the rest', async () => {
    await makeStream(logs, '/it/put', 's');
    const now = Date.now();
    const put = await logs.send(new PutLogEventsCommand({
      logGroupName: '/it/put', logStreamName: 's',
      logEvents: [
        { timestamp: now - 20 * 86400000, message: 'ancient' },
        { timestamp: now - 1000, message: 'one' },
        { timestamp: now, message: 'two' },
      ],
    }));
    assert.deepEqual(put.rejectedLogEventsInfo, { tooOldLogEventEndIndex: 1 });
    assert.ok(put.nextSequenceToken);
    const got = await logs.send(new GetLogEventsCommand({
      logGroupName: '/it/put', logStreamName: 's', startFromHead: true,
    }));
    assert.deepEqual(got.events.map((e) => e.message), ['one', 'two']);
    assert.ok(got.events[0].ingestionTime >= now - 1000);

    await assert.rejects(logs.send(new PutLogEventsCommand({
      logGroupName: '/it/put', logStreamName: 'missing',
      logEvents: [{ timestamp: now, message: 'x' }],
    })), (e) => e instanceof ResourceNotFoundException && /log stream does not exist/.test(e.message));
    await assert.rejects(logs.send(new PutLogEventsCommand({
      logGroupName: '/it/put', logStreamName: 's',
      logEvents: [{ timestamp: now, message: 'b' }, { timestamp: now - 5, message: 'a' }],
    })), (e) => e instanceof InvalidParameterException && /chronological order/.test(e.message));

    const streams = await logs.send(new DescribeLogStreamsCommand({ logGroupName: '/it/put' }));
    const s = streams.logStreams[0];
    assert.equal(s.firstEventTimestamp, now - 1000);
    assert.equal(s.lastEventTimestamp, now);
    assert.ok(s.lastIngestionTime >= now - 1000);
    assert.ok(s.uploadSequenceToken);
  });

  test('GetLogEvents pages forward and backward, and hands the token back at the end', async () => {
    await makeStream(logs, '/it/get', 's');
    const base = Date.now() - 60000;
    const events = [];
    for (let i = 0; i < 5; i++) events.push({ timestamp: base + i, message: `m${i}` });
    await logs.send(new PutLogEventsCommand({ logGroupName: '/it/get', logStreamName: 's', logEvents: events }));

    const seen = [];
    let token;
    for (let round = 0; round < 10; round++) {
      const page = await logs.send(new GetLogEventsCommand({
        logGroupName: '/it/get', logStreamName: 's', startFromHead: true, limit: 2, nextToken: token,
      }));
      seen.push(...page.events.map((e) => e.message));
      if (page.nextForwardToken === token) break;
      token = page.nextForwardToken;
    }
    assert.deepEqual(seen, ['m0', 'm1', 'm2', 'm3', 'm4']);

    const newest = await logs.send(new GetLogEventsCommand({ logGroupName: '/it/get', logStreamName: 's', limit: 2 }));
    assert.deepEqual(newest.events.map((e) => e.message), ['m3', 'm4']);
    const older = await logs.send(new GetLogEventsCommand({
      logGroupName: '/it/get', logStreamName: 's', limit: 2, nextToken: newest.nextBackwardToken,
    }));
    assert.deepEqual(older.events.map((e) => e.message), ['m1', 'm2']);
    const oldest = await logs.send(new GetLogEventsCommand({
      logGroupName: '/it/get', logStreamName: 's', limit: 2, nextToken: older.nextBackwardToken,
    }));
    assert.deepEqual(oldest.events.map((e) => e.message), ['m0']);
    const end = await logs.send(new GetLogEventsCommand({
      logGroupName: '/it/get', logStreamName: 's', limit: 2, nextToken: oldest.nextBackwardToken,
    }));
    assert.deepEqual(end.events, []);
    assert.equal(end.nextBackwardToken, oldest.nextBackwardToken);

    const window = await logs.send(new GetLogEventsCommand({
      logGroupName: '/it/get', logStreamName: 's', startFromHead: true, startTime: base + 1, endTime: base + 3,
    }));
    assert.deepEqual(window.events.map((e) => e.message), ['m1', 'm2']);
    await assert.rejects(logs.send(new GetLogEventsCommand({
      logGroupName: '/it/get', logStreamName: 's', nextToken: 'f/garbage',
    })), (e) => e instanceof InvalidParameterException && /nextToken is invalid/.test(e.message));
  });

  test('FilterLogEvents matches a term across streams, in time order, with paging', async () => {
    await makeStream(logs, '/it/filter', 'a');
    await logs.send(new CreateLogStreamCommand({ logGroupName: '/it/filter', logStreamName: 'b' }));
    const t = Date.now() - 10000;
    await logs.send(new PutLogEventsCommand({
      logGroupName: '/it/filter', logStreamName: 'a',
      logEvents: [{ timestamp: t, message: 'ERROR one' }, { timestamp: t + 2, message: 'INFO two' },
        { timestamp: t + 4, message: 'ERROR three' }],
    }));
    await logs.send(new PutLogEventsCommand({
      logGroupName: '/it/filter', logStreamName: 'b',
      logEvents: [{ timestamp: t + 1, message: 'ERROR four' }, { timestamp: t + 3, message: 'WARN five' }],
    }));
    const all = await logs.send(new FilterLogEventsCommand({ logGroupName: '/it/filter' }));
    assert.deepEqual(all.events.map((e) => e.message),
      ['ERROR one', 'ERROR four', 'INFO two', 'WARN five', 'ERROR three']);
    assert.equal(all.nextToken, undefined);
    assert.equal(new Set(all.events.map((e) => e.eventId)).size, 5);

    const errors = await logs.send(new FilterLogEventsCommand({ logGroupName: '/it/filter', filterPattern: 'ERROR' }));
    assert.deepEqual(errors.events.map((e) => [e.logStreamName, e.message]),
      [['a', 'ERROR one'], ['b', 'ERROR four'], ['a', 'ERROR three']]);

    const first = await logs.send(new FilterLogEventsCommand({
      logGroupName: '/it/filter', filterPattern: 'ERROR', limit: 2,
    }));
    assert.equal(first.events.length, 2);
    assert.ok(first.nextToken);
    const rest = await logs.send(new FilterLogEventsCommand({
      logGroupName: '/it/filter', filterPattern: 'ERROR', limit: 2, nextToken: first.nextToken,
    }));
    assert.deepEqual(rest.events.map((e) => e.message), ['ERROR three']);
    assert.equal(rest.nextToken, undefined);

    const onlyB = await logs.send(new FilterLogEventsCommand({ logGroupName: '/it/filter', logStreamNames: ['b'] }));
    assert.deepEqual(onlyB.events.map((e) => e.message), ['ERROR four', 'WARN five']);
    const ranged = await logs.send(new FilterLogEventsCommand({
      logGroupName: '/it/filter', startTime: t + 1, endTime: t + 3,
    }));
    assert.deepEqual(ranged.events.map((e) => e.message), ['ERROR four', 'INFO two', 'WARN five']);
  });

  test('a deleted and re-created stream starts empty', async () => {
    await makeStream(logs, '/it/recreate', 's');
    await logs.send(new PutLogEventsCommand({
      logGroupName: '/it/recreate', logStreamName: 's', logEvents: [{ timestamp: Date.now(), message: 'old life' }],
    }));
    await logs.send(new DeleteLogStreamCommand({ logGroupName: '/it/recreate', logStreamName: 's' }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: '/it/recreate', logStreamName: 's' }));
    const got = await logs.send(new GetLogEventsCommand({ logGroupName: '/it/recreate', logStreamName: 's' }));
    assert.deepEqual(got.events, []);
  });

  test('protocol errors: unknown operation and malformed JSON', async () => {
    const post = (target, body) => fetch(suite.server.baseUrl + '/', {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
      body,
    });
    let res = await post('Logs_20140328.NoSuchThing', '{}');
    assert.equal(res.status, 400);
    assert.equal((await res.json()).__type, 'UnknownOperationException');
    res = await post('Logs_20140328.DescribeLogGroups', '{not json');
    assert.equal(res.status, 400);
    assert.equal((await res.json()).__type, 'SerializationException');
    res = await post('Logs_20140328.PutLogEvents', '{"logGroupName":"g"}');
    assert.equal(res.status, 400);
    assert.equal(res.headers.get('content-type'), 'application/x-amz-json-1.1');
    assert.equal((await res.json()).__type, 'InvalidParameterException');
  });

  test('winston-cloudwatch ships log lines that read back', async () => {
    const transport = new WinstonCloudWatch({
      logGroupName: '/it/winston', logStreamName: 'app', uploadRate: 100,
      awsOptions: { endpoint: suite.server.baseUrl, region: 'us-east-1', credentials: CREDENTIALS },
      errorHandler: (e) => { throw e; },
    });
    const logger = winston.createLogger({ transports: [transport] });
    logger.info('hello from winston');
    logger.warn('second line');
    const events = await eventually(async () => {
      try {
        const r = await logs.send(new GetLogEventsCommand({
          logGroupName: '/it/winston', logStreamName: 'app', startFromHead: true,
        }));
        return r.events.length >= 2 ? r.events : null;
      } catch (e) {
        if (e instanceof ResourceNotFoundException) return null;
        throw e;
      }
    }, 15000);
    await new Promise((r) => transport.kthxbye(r));
    assert.ok(events, 'winston-cloudwatch did not deliver');
    // winston-cloudwatch's sort may swap events of the same millisecond.
    assert.deepEqual(events.map((e) => e.message).sort(), ['info - hello from winston', 'warn - second line']);
    assert.ok(events[0].timestamp <= events[1].timestamp);
  });

  test('the events survive a restart (WAL replay)', async () => {
    await makeStream(logs, '/it/durable', 's');
    await logs.send(new PutLogEventsCommand({
      logGroupName: '/it/durable', logStreamName: 's',
      logEvents: [{ timestamp: Date.now() - 5, message: 'kept 1' }, { timestamp: Date.now(), message: 'kept 2' }],
    }));
    await suite.server.kill9();
    const again = await startServer({ dataDir });
    try {
      const c = client(again);
      const got = await c.send(new GetLogEventsCommand({ logGroupName: '/it/durable', logStreamName: 's', startFromHead: true }));
      assert.deepEqual(got.events.map((e) => e.message), ['kept 1', 'kept 2']);
      const more = await c.send(new PutLogEventsCommand({
        logGroupName: '/it/durable', logStreamName: 's', logEvents: [{ timestamp: Date.now(), message: 'kept 3' }],
      }));
      assert.ok(more.nextSequenceToken);
      const all = await c.send(new FilterLogEventsCommand({ logGroupName: '/it/durable' }));
      assert.equal(new Set(all.events.map((e) => e.eventId)).size, 3);
      await again.stop();
    } finally {
      await again.cleanup();
      suite.server = await startServer({ dataDir });
      logs = client(suite.server);
    }
  });

  // Each aws CLI run costs seconds of start-up, so the reads run at once.
  test('the aws CLI: create, put, get, filter', { skip: !HAS_AWS_CLI && NO_AWS_CLI }, async () => {
    const { server } = suite;
    await awsLogsOk(server, ['create-log-group', '--log-group-name', '/it/cli']);
    await logs.send(new CreateLogStreamCommand({ logGroupName: '/it/cli', logStreamName: 'host-1' }));
    const now = Date.now();
    const events = [
      { timestamp: now - 2, message: 'GET /a 200' },
      { timestamp: now - 1, message: 'GET /b 500 ERROR' },
      { timestamp: now, message: 'GET /c 200' },
    ];
    const put = await awsLogsOk(server, ['put-log-events', '--log-group-name', '/it/cli',
      '--log-stream-name', 'host-1', '--log-events', JSON.stringify(events)]);
    assert.ok(put.nextSequenceToken);
    assert.equal(put.rejectedLogEventsInfo, undefined);

    const [got, found, paged, dup] = await Promise.all([
      awsLogsOk(server, ['get-log-events', '--log-group-name', '/it/cli', '--log-stream-name', 'host-1',
        '--start-from-head']),
      awsLogsOk(server, ['filter-log-events', '--log-group-name', '/it/cli', '--filter-pattern', 'ERROR']),
      // The CLI follows nextToken itself: pages of one still yield all three.
      awsLogsOk(server, ['filter-log-events', '--log-group-name', '/it/cli', '--page-size', '1']),
      awsLogs(server, ['create-log-group', '--log-group-name', '/it/cli']),
    ]);
    assert.deepEqual(got.events.map((e) => e.message), ['GET /a 200', 'GET /b 500 ERROR', 'GET /c 200']);
    assert.ok(got.nextForwardToken.startsWith('f/'));
    assert.deepEqual(found.events.map((e) => [e.logStreamName, e.message]), [['host-1', 'GET /b 500 ERROR']]);
    assert.deepEqual(paged.events.map((e) => e.message), ['GET /a 200', 'GET /b 500 ERROR', 'GET /c 200']);
    assert.notEqual(dup.status, 0);
    assert.match(dup.stderr, /ResourceAlreadyExistsException/);
  });

  test('boto3 and a watchtower-style handler', { skip: !hasPython('boto3') && 'python3 boto3 not installed' }, async () => {
    // -B: write no __pycache__ into the source tree.
    const r = await runCommandAsync('python3',
      ['-B', join(HERE, 'clients', 'cloudwatch_boto3.py'), suite.server.baseUrl], { timeoutMs: 120_000 });
    assert.equal(r.code, 0, `boto3 client failed:\n${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /boto3 round trip ok/);
    assert.match(r.stdout, /watchtower-style handler ok/);
  });
});

// `waggle keys create` prints the key's AWS credentials; returns them.
function awsCredentials(dataDir, scope) {
  const r = runWaggle(['keys', 'create', '--scope', scope, '--data', dataDir]);
  assert.equal(r.code, 0, r.stderr);
  const value = (name) => r.stdout.split('\n').find((l) => l.startsWith(`${name}=`))?.split('=')[1];
  return { accessKeyId: value('AWS_ACCESS_KEY_ID'), secretAccessKey: value('AWS_SECRET_ACCESS_KEY') };
}

describe('CloudWatch Logs with keys', () => {
  let ingest;
  let read;
  const suite = serverForSuite({
    setup: (dataDir) => {
      ingest = awsCredentials(dataDir, 'ingest');
      read = awsCredentials(dataDir, 'read');
    },
  });

  test('signed requests work per scope; a wrong secret is InvalidSignatureException', async () => {
    const shipper = client(suite.server, ingest);
    const reader = client(suite.server, read);
    await makeStream(shipper, '/keys/app', 's');
    await shipper.send(new PutLogEventsCommand({
      logGroupName: '/keys/app', logStreamName: 's', logEvents: [{ timestamp: Date.now(), message: 'signed' }],
    }));
    // A shipper may describe (watchtower does) but not read events.
    const groups = await shipper.send(new DescribeLogGroupsCommand({}));
    assert.deepEqual(groups.logGroups.map((g) => g.logGroupName), ['/keys/app']);
    await assert.rejects(shipper.send(new GetLogEventsCommand({ logGroupName: '/keys/app', logStreamName: 's' })),
      (e) => e.name === 'AccessDeniedException');
    const got = await reader.send(new GetLogEventsCommand({ logGroupName: '/keys/app', logStreamName: 's' }));
    assert.deepEqual(got.events.map((e) => e.message), ['signed']);
    await assert.rejects(reader.send(new PutLogEventsCommand({
      logGroupName: '/keys/app', logStreamName: 's', logEvents: [{ timestamp: Date.now(), message: 'no' }],
    })), (e) => e.name === 'AccessDeniedException');
    const forged = client(suite.server, { accessKeyId: read.accessKeyId, secretAccessKey: 'x'.repeat(40) });
    await assert.rejects(forged.send(new FilterLogEventsCommand({ logGroupName: '/keys/app' })),
      (e) => e.name === 'InvalidSignatureException');
  });

  test('the aws CLI signs with the printed credentials', { skip: !HAS_AWS_CLI && NO_AWS_CLI }, async () => {
    const { server } = suite;
    await makeStream(client(server, ingest), '/keys/cli', 's');
    // The shorthand syntax of docs/cloudwatch-logs.md.
    await awsLogsOk(server, ['put-log-events', '--log-group-name', '/keys/cli', '--log-stream-name', 's',
      '--log-events', `timestamp=${Date.now()},message=signed-by-cli`], ingest);
    const [found, denied, forged] = await Promise.all([
      awsLogsOk(server, ['filter-log-events', '--log-group-name', '/keys/cli'], read),
      awsLogs(server, ['filter-log-events', '--log-group-name', '/keys/cli'], ingest),
      awsLogs(server, ['get-log-events', '--log-group-name', '/keys/cli', '--log-stream-name', 's'],
        { accessKeyId: read.accessKeyId, secretAccessKey: 'x'.repeat(40) }),
    ]);
    assert.deepEqual(found.events.map((e) => e.message), ['signed-by-cli']);
    assert.notEqual(denied.status, 0);
    assert.match(denied.stderr, /AccessDeniedException/);
    assert.notEqual(forged.status, 0);
    assert.match(forged.stderr, /InvalidSignatureException/);
  });
});
