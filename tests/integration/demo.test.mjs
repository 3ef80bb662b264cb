// `waggle demo` against a real server: its traffic arrives over the real
// ingest paths (OTLP, X-Ray daemon UDP, CloudWatch Logs PutLogEvents,
// Rollbar items) and tells Cruddur's stories (several services, request
// log lines that point at their traces, the slow route, some failures),
// read back through each vendor's own read API.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';

import {
  CloudWatchLogsClient, DescribeLogStreamsCommand, FilterLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';

import {
  dumpOutputIfFailed, eventually, getJson, makeDataDir, removeDataDir, runWaggle, runWaggleAsync,
  startServer,
} from './support/server.mjs';

const logsClient = (server, credentials = { accessKeyId: 'test', secretAccessKey: 'test' }) =>
  new CloudWatchLogsClient({ endpoint: server.baseUrl, region: 'us-east-1', maxAttempts: 1, credentials });

// The counts the demo's summary line reports.
function sentCounts(stdout) {
  const m = /sent (\d+) traces \((\d+) spans\) and (\d+) log lines in (\d+) OTLP requests, (\d+) X-Ray segments \((\d+) spans\) over UDP, (\d+) CloudWatch Logs events to group cruddur and (\d+) Rollbar items/
    .exec(stdout);
  assert.ok(m, `no summary line in: ${stdout}`);
  const [traces, spans, logLines, requests, xraySegments, xraySpans, cloudwatch, rollbar] =
    m.slice(1).map(Number);
  return { traces, spans, logLines, requests, xraySegments, xraySpans, cloudwatch, rollbar };
}

// `waggle keys create` before the server starts: {id, secret, key}.
function createAwsKey(dataDir, scope) {
  const r = runWaggle(['keys', 'create', '--scope', scope, '--data', dataDir]);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.split('\n').filter((l) => l.length > 0);
  const value = (name) => lines.find((l) => l.startsWith(`${name}=`))?.split('=')[1];
  return { id: value('AWS_ACCESS_KEY_ID'), secret: value('AWS_SECRET_ACCESS_KEY'), key: lines[lines.length - 1] };
}

const runDemo = (args) => runWaggleAsync(['demo', ...args], { timeoutMs: 120_000 });

describe('waggle demo', () => {
  let server;
  let demo;
  before(async () => {
    server = await startServer();
    demo = await runDemo(['--ports-file', join(server.dataDir, 'ports.json'),
      '--backfill', '2h', '--duration', '3s', '--rate', '40', '--seed', '7']);
  });
  after(async () => {
    if (server) {
      try { await server.stop(); } finally { await server.cleanup(); }
    }
  });
  afterEach((t) => dumpOutputIfFailed(t, server));

  test('exits cleanly and says what it sent', () => {
    assert.equal(demo.code, 0, demo.stderr);
    const sent = sentCounts(demo.stdout);
    assert.ok(sent.cloudwatch === sent.logLines, 'every request log line also goes to CloudWatch Logs');
    assert.ok(sent.rollbar > 0, demo.stdout);
    assert.match(demo.stderr, /backfill up to/);
  });

  test('spans of every Cruddur service and the request log arrive', async () => {
    const { traces, spans, logLines, xraySpans, cloudwatch } = sentCounts(demo.stdout);
    // UDP has no acknowledgement: wait until the daemon has stored them all.
    const stored = async () => {
      const r = await getJson(server, '/api/v1/datasets');
      return r.body.datasets.filter((d) => d.name !== 'errors').reduce((n, d) => n + d.events, 0);
    };
    const expected = spans + logLines + xraySpans + cloudwatch;
    await eventually(async () => (await stored()) === expected, 10_000);
    const { status, body } = await getJson(server, '/api/v1/datasets');
    assert.equal(status, 200);
    const kinds = (name) => body.datasets.find((d) => d.name === name)?.kinds ?? [];
    for (const service of ['frontend-react-js', 'backend-flask']) {
      assert.ok(kinds(service).includes('spans'), `no spans of ${service}: ${JSON.stringify(body)}`);
    }
    assert.ok(kinds('backend-flask').includes('logs'), JSON.stringify(body));
    assert.ok(kinds('cruddur').includes('logs'), JSON.stringify(body));
    assert.ok(traces > 100 && spans > traces && logLines > 0, demo.stdout);
    // The spans' exception events also became error occurrences ("errors").
    const sent = body.datasets.filter((d) => d.name !== 'errors');
    const events = sent.reduce((n, d) => n + d.events, 0);
    assert.equal(events, expected, 'every span, log line, segment and CloudWatch event sent is stored once');
    const errors = body.datasets.find((d) => d.name === 'errors');
    assert.ok(errors && errors.events > 0, `no errors from the demo's exceptions: ${JSON.stringify(body)}`);
  });

  test('history spans the backfill and live traffic reaches now', async () => {
    const now = Date.now() / 1000;
    const old = await getJson(server,
      `/api/v1/traces?dataset=backend-flask&start=${now - 2 * 3600}&end=${now - 3600}&limit=5`);
    assert.equal(old.status, 200);
    assert.ok(old.body.traces.length > 0, 'no traces an hour or two ago');
    const recent = await getJson(server, `/api/v1/traces?dataset=backend-flask&start=${now - 10}&limit=5`);
    assert.ok(recent.body.traces.length > 0, 'no live traces in the last 10 s');
  });

  test('a request log line carries its trace id and the after_request format', async () => {
    const { body } = await getJson(server, '/api/v1/traces?dataset=backend-flask&limit=1');
    const traceId = body.traces[0].trace_id;
    const logs = await getJson(server, `/api/v1/logs?trace_id=${traceId}`);
    assert.equal(logs.status, 200);
    // The request log line; a failed or /rollbar/test request also has its
    // Rollbar occurrences (dataset errors) under the same trace id.
    const lines = logs.body.logs.filter((l) => l.dataset === 'backend-flask');
    assert.equal(lines.length, 1, JSON.stringify(logs.body));
    assert.ok(logs.body.logs.every((l) => ['backend-flask', 'errors'].includes(l.dataset)));
    const line = lines[0].body;
    assert.match(JSON.stringify(line),
      /\[\d{4}-[A-Z][a-z]{2}-\d{2} \d{2}:\d{2}\] 172\.17\.0\.1 GET http \/api\/[^ ]*\? \d{3} /);
  });

  test('some requests fail, with error traces', async () => {
    const now = Date.now() / 1000;
    const { body } = await getJson(server,
      `/api/v1/traces?dataset=backend-flask&error=true&start=${now - 3 * 3600}&limit=5`);
    assert.ok(body.traces.length > 0, 'no failed requests in the demo traffic');
    assert.ok(body.traces.every((t) => t.error));
  });

  test('sampled backend requests arrive as X-Ray segments over the daemon port', async () => {
    assert.ok(sentCounts(demo.stdout).xraySegments > 0, demo.stdout);
    const now = Date.now() / 1000;
    const r = await fetch(`${server.baseUrl}/TraceSummaries`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ StartTime: now - 3 * 3600, EndTime: now + 60,
        FilterExpression: 'service("backend-flask") AND annotation.user_id BEGINSWITH ""' }),
    });
    assert.equal(r.status, 200);
    const summaries = (await r.json()).TraceSummaries;
    assert.ok(summaries.length > 0, 'no X-Ray trace summaries from the demo');
    assert.ok(summaries.every((t) => /^1-[0-9a-f]{8}-[0-9a-f]{24}$/.test(t.Id)), JSON.stringify(summaries[0]));
    assert.ok(summaries.some((t) => t.Annotations.user_id), JSON.stringify(summaries[0]));
  });
  test('every request logs its after_request line to CloudWatch Logs group cruddur', async () => {
    const logs = logsClient(server);
    const streams = await logs.send(new DescribeLogStreamsCommand({ logGroupName: 'cruddur' }));
    assert.deepEqual(streams.logStreams.map((s) => s.logStreamName).sort(),
      ['ip-10-0-1-23/flask/app/7', 'ip-10-0-2-41/flask/app/8', 'ip-10-0-3-77/flask/app/9']);
    const { body } = await getJson(server, '/api/v1/traces?dataset=backend-flask&limit=1');
    const traceId = body.traces[0].trace_id;
    const found = await logs.send(new FilterLogEventsCommand({
      logGroupName: 'cruddur', filterPattern: `"trace_id=${traceId}"` }));
    assert.equal(found.events.length, 1, JSON.stringify(found.events));
    assert.match(found.events[0].message,
      /^\[\d{4}-[A-Z][a-z]{2}-\d{2} \d{2}:\d{2}\] 172\.17\.0\.1 GET http \/[^ ]*\? \d{3} [A-Z ]+ trace_id=[0-9a-f]{32} span_id=[0-9a-f]{16}$/);
    const failures = await logs.send(new FilterLogEventsCommand({
      logGroupName: 'cruddur', filterPattern: '"500 INTERNAL SERVER ERROR"', limit: 5 }));
    assert.ok(failures.events.length > 0, 'no failed requests in the CloudWatch log');
  });

  test("failed requests reach Rollbar as pyrollbar items linked to their traces", async () => {
    const { status, body } = await getJson(server, '/api/1/items/');
    assert.equal(status, 200);
    const items = body.result.items;
    // Live /rollbar/test calls report a warning; the backfill reports only errors.
    for (const item of items.filter((i) => i.title === 'Hello World!')) assert.equal(item.level, 'warning');
    let linked = 0;
    for (const item of items.filter((i) => i.level === 'error')) {
      const inst = await getJson(server, `/api/1/item/${item.id}/instances/`);
      const reports = inst.body.result.instances.filter((o) => o.data.notifier?.name === 'pyrollbar');
      for (const o of reports) {
        assert.equal(o.data.environment, 'production');
        assert.ok(o.data.body.trace.frames.length > 0, JSON.stringify(o.data.body));
        assert.ok(o.data.person.id && o.data.request.url.startsWith('http://localhost:4567/'), JSON.stringify(o.data));
        const trace = await getJson(server, `/api/v1/traces/${o.trace_id}`);
        assert.equal(trace.status, 200, `occurrence ${o.id} names trace ${o.trace_id}, which is not stored`);
        linked++;
      }
    }
    assert.ok(linked > 0, 'no pyrollbar occurrence of an exception');
  });
});

describe('waggle demo at a high rate', () => {
  let server;
  // A 4 MiB body limit: one second at --rate 5000 is 1,000-6,500 traces
  // (~5 KB each), so the demo must split it into several requests. Live
  // mode sends each second once it has passed: 3 s of wall time sends two.
  before(async () => { server = await startServer({ extraArgs: ['--max-body-bytes', '4194304'] }); });
  after(async () => {
    if (server) {
      try { await server.stop(); } finally { await server.cleanup(); }
    }
  });
  afterEach((t) => dumpOutputIfFailed(t, server));

  test('splits a busy second into requests the server accepts', async () => {
    const run = await runDemo(['--ports-file', join(server.dataDir, 'ports.json'),
      '--duration', '3s', '--rate', '5000', '--seed', '3']);
    assert.equal(run.code, 0, run.stderr);
    const { traces, requests } = sentCounts(run.stdout);
    assert.ok(traces >= 900, run.stdout);
    assert.ok(requests >= Math.ceil(traces / 256), `at most 256 traces a request: ${run.stdout}`);
  });
});

describe('waggle serve --demo', () => {
  let server;
  before(async () => { server = await startServer({ extraArgs: ['--demo'] }); });
  after(async () => {
    if (server) {
      try { await server.stop(); } finally { await server.cleanup(); }
    }
  });
  afterEach((t) => dumpOutputIfFailed(t, server));

  test('sends history and traffic to its own listeners', async () => {
    const day = await eventually(async () => {
      const { body } = await getJson(server, '/api/v1/datasets');
      const flask = body.datasets?.find((d) => d.name === 'backend-flask');
      return flask && flask.events > 1000 ? flask : null;
    }, 30_000);
    assert.ok(day, 'no demo data arrived within 30 s');
    const now = Date.now() / 1000;
    const old = await getJson(server,
      `/api/v1/traces?dataset=backend-flask&start=${now - 24 * 3600}&end=${now - 23 * 3600}&limit=1`);
    assert.ok(old.body.traces.length > 0, 'the backfill starts a day ago');
  });
});

describe('waggle demo with keys on', () => {
  let server;
  let creds;
  before(async () => {
    const dataDir = makeDataDir();
    creds = createAwsKey(dataDir, 'ingest,read');
    server = await startServer({ dataDir });
  });
  after(async () => {
    if (server) {
      try { await server.stop(); } finally { await server.cleanup(); removeDataDir(server.dataDir); }
    }
  });
  afterEach((t) => dumpOutputIfFailed(t, server));

  const demoWith = (secret) => runDemo(['--ports-file', join(server.dataDir, 'ports.json'),
    '--duration', '2s', '--rate', '300', '--seed', '5', '--key', creds.key,
    '--aws-access-key-id', creds.id, '--aws-secret-access-key', secret]);

  test("signs CloudWatch Logs calls with the key's AWS credentials", async () => {
    const run = await demoWith(creds.secret);
    assert.equal(run.code, 0, run.stderr);
    const sent = sentCounts(run.stdout);
    assert.ok(sent.cloudwatch > 0 && sent.rollbar > 0, run.stdout);
    const logs = logsClient(server, { accessKeyId: creds.id, secretAccessKey: creds.secret });
    const found = await logs.send(new FilterLogEventsCommand({ logGroupName: 'cruddur', limit: 10 }));
    assert.ok(found.events.length > 0);
    const items = await getJson(server, '/api/1/items/', { 'x-rollbar-access-token': creds.key });
    assert.equal(items.status, 200);
    assert.ok(items.body.result.items.some((i) => i.level === 'warning' && i.title === 'Hello World!'),
      JSON.stringify(items.body));
  });

  test('a wrong AWS secret stops the demo with what the server said', async () => {
    const run = await demoWith('x'.repeat(40));
    assert.equal(run.code, 1, run.stdout);
    assert.match(run.stderr, /refused CloudWatch Logs CreateLogGroup with HTTP 400 \(check the AWS credentials.*\): .*InvalidSignatureException/);
  });
});

describe('waggle serve --demo with keys on', () => {
  let server;
  let key;
  before(async () => {
    const dataDir = makeDataDir();
    ({ key } = createAwsKey(dataDir, 'ingest,read'));
    server = await startServer({ dataDir, extraArgs: ['--demo'], env: { WAGGLE_KEY: key } });
  });
  after(async () => {
    if (server) {
      try { await server.stop(); } finally { await server.cleanup(); removeDataDir(server.dataDir); }
    }
  });
  afterEach((t) => dumpOutputIfFailed(t, server));

  test('signs its CloudWatch Logs calls with the AWS credentials of WAGGLE_KEY', async () => {
    const events = await eventually(async () => {
      const { body } = await getJson(server, '/api/v1/datasets', { 'x-honeycomb-team': key });
      return body.datasets?.find((d) => d.name === 'cruddur')?.events ?? 0;
    }, 30_000);
    assert.ok(events > 0, 'no CloudWatch Logs events from the in-process demo');
    assert.doesNotMatch(server.output(), /demo stopped/);
  });
});
