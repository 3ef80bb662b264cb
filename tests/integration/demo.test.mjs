// `waggle demo` against a real server: its traffic arrives over the real
// ingest paths and tells Cruddur's stories (several services, request log
// lines that point at their traces, the slow route, some failures).

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';

import {
  dumpOutputIfFailed, eventually, getJson, runWaggleAsync, startServer,
} from './support/server.mjs';

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
    assert.match(demo.stdout, /sent \d+ traces \(\d+ spans\) and \d+ log lines/);
    assert.match(demo.stderr, /backfill up to/);
  });

  test('spans of every Cruddur service and the request log arrive', async () => {
    const [, xraySpans] = /(\d+) X-Ray segments \((\d+) spans\)/.exec(demo.stdout).slice(1).map(Number);
    // UDP has no acknowledgement: wait until the daemon has stored them all.
    const stored = async () => {
      const r = await getJson(server, '/api/v1/datasets');
      return r.body.datasets.filter((d) => d.name !== 'errors').reduce((n, d) => n + d.events, 0);
    };
    const [, , spansSent, linesSent] = /sent (\d+) traces \((\d+) spans\) and (\d+) log lines/
      .exec(demo.stdout).map(Number);
    await eventually(async () => (await stored()) === spansSent + linesSent + xraySpans, 10_000);
    const { status, body } = await getJson(server, '/api/v1/datasets');
    assert.equal(status, 200);
    const kinds = (name) => body.datasets.find((d) => d.name === name)?.kinds ?? [];
    for (const service of ['frontend-react-js', 'backend-flask']) {
      assert.ok(kinds(service).includes('spans'), `no spans of ${service}: ${JSON.stringify(body)}`);
    }
    assert.ok(kinds('backend-flask').includes('logs'), JSON.stringify(body));
    const [, traces, spans, logLines] = /sent (\d+) traces \((\d+) spans\) and (\d+) log lines/
      .exec(demo.stdout).map(Number);
    assert.ok(traces > 100 && spans > traces && logLines > 0, demo.stdout);
    // The spans' exception events also became error occurrences ("errors").
    const sent = body.datasets.filter((d) => d.name !== 'errors');
    const events = sent.reduce((n, d) => n + d.events, 0);
    assert.equal(events, spans + logLines + xraySpans, 'every span, log line and segment sent is stored once');
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
    assert.equal(logs.body.logs.length, 1, JSON.stringify(logs.body));
    const line = logs.body.logs[0].body;
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
    const [, segments] = /(\d+) X-Ray segments/.exec(demo.stdout).map(Number);
    assert.ok(segments > 0, demo.stdout);
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
    const [, traces, requests] = /sent (\d+) traces .* in (\d+) requests/.exec(run.stdout).map(Number);
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
