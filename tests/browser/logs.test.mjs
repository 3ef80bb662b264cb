// The Logs pages in a real browser (Debian's chromium via playwright-core)
// against a real `waggle serve` fed by the AWS SDK for JavaScript
// (@aws-sdk/client-cloudwatch-logs, installed with the integration tests):
// the log group list and its prefix search, a group's streams and events,
// filter patterns, stream selection, JSON messages and their trace links,
// live tail, Logs Insights (a bin() chart and a fields query), metric
// filters' charts, and the UI's key sent as a Bearer token once keys are on.
// Screenshots go to $WAGGLE_SCREENSHOTS (default /tmp/waggle-ui).

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, afterEach, before, describe, test } from 'node:test';

import { dumpOutputIfFailed, startServer } from '../integration/support/server.mjs';
import { launch, skipReason } from './support/browser.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const require = createRequire(resolve(HERE, '../integration/package.json'));
const {
  CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand,
  PutMetricFilterCommand, PutRetentionPolicyCommand,
} = require('@aws-sdk/client-cloudwatch-logs');

const SHOTS = process.env.WAGGLE_SCREENSHOTS ?? '/tmp/waggle-ui';
const GROUP = '/cruddur/backend-flask';
const OTHER = '/other/batch';
const WEB = 'web-1';
const WORKER = 'worker-1';
const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const XRAY_TRACE = '1-5759e988-bd862e3fe1be46a994272793';
const MINUTE = 60_000;

const reason = await skipReason();

describe('logs UI', { skip: reason ?? false, timeout: 240_000 }, () => {
  let server;
  let browser;
  let page;
  let cw;
  const base = Math.floor((Date.now() - 9 * MINUTE) / MINUTE) * MINUTE;
  // What was sent, to compare with what the pages show.
  const sent = { web: [], worker: [], errors: 0 };

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startServer();
    cw = new CloudWatchLogsClient({ endpoint: server.baseUrl, region: 'eu-west-3', maxAttempts: 1,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    browser = await launch();
    page = await browser.page();
  });
  afterEach((t) => dumpOutputIfFailed(t, server));
  after(async () => {
    await browser?.close();
    await server?.cleanup();
  });

  const shot = (name) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });
  const pageErrors = () => browser.errors.filter((e) => e.startsWith('pageerror'));
  const put = (group, stream, logEvents) =>
    cw.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents }));
  const eventRows = () => page.locator('#log-events tbody tr.log-row');
  const groupUrl = (group, params = '') => `${server.baseUrl}/#/logs/${encodeURIComponent(group)}${params}`;
  // Loads `url` afresh (a goto to the current URL would not re-render).
  const visit = async (url) => {
    await page.goto('about:blank');
    await page.goto(url);
  };
  // The page's hash parameters.
  const hashParams = () => new URLSearchParams(new URL(page.url()).hash.replace(/^[^?]*\?/, ''));

  test('a fresh server shows how to send logs', async () => {
    await visit(`${server.baseUrl}/#/logs`);
    const empty = page.locator('#logs-empty');
    await empty.waitFor();
    assert.match(await empty.innerText(), new RegExp(`AWS_ENDPOINT_URL_CLOUDWATCH_LOGS=http://127.0.0.1:${server.ports.http}`));
    assert.equal(await page.locator('nav a.active').innerText(), 'Logs');
    assert.deepEqual(pageErrors(), []);
  });

  test('log groups are listed with their size and retention, and searched by prefix', async () => {
    for (const g of [GROUP, OTHER]) await cw.send(new CreateLogGroupCommand({ logGroupName: g }));
    await cw.send(new PutRetentionPolicyCommand({ logGroupName: GROUP, retentionInDays: 14 }));
    for (const s of [WEB, WORKER]) await cw.send(new CreateLogStreamCommand({ logGroupName: GROUP, logStreamName: s }));
    await cw.send(new CreateLogStreamCommand({ logGroupName: OTHER, logStreamName: 'nightly' }));
    // web-1: JSON lines a minute apart, every third an ERROR, each with a trace id.
    for (let m = 0; m < 8; m++) {
      const level = m % 3 === 1 ? 'ERROR' : 'INFO';
      if (level === 'ERROR') sent.errors++;
      sent.web.push({ timestamp: base + m * MINUTE, message: JSON.stringify({
        level, msg: level === 'ERROR' ? `db timeout on request ${m}` : `served request ${m}`,
        path: '/api/activities/home', latency_ms: 10 + m, trace_id: m === 1 ? TRACE : `${String(m).repeat(8)}${'a'.repeat(24)}`,
      }) });
    }
    await put(GROUP, WEB, sent.web);
    // worker-1: plain text, newer than web-1's lines; one names an X-Ray trace,
    // one says ERROR without being JSON.
    sent.worker = [
      { timestamp: base + 8 * MINUTE, message: `job 17 done traceId=${XRAY_TRACE}` },
      { timestamp: base + 8 * MINUTE + 500, message: 'ERROR plain-text failure in job 18' },
      { timestamp: base + 8 * MINUTE + 900, message: 'job 19 done' },
    ];
    await put(GROUP, WORKER, sent.worker);
    await put(OTHER, 'nightly', [{ timestamp: base, message: 'nightly batch started' }]);

    await visit(`${server.baseUrl}/#/logs`);
    const row = page.locator('#log-groups tbody tr', { hasText: GROUP });
    await row.waitFor();
    const text = await row.innerText();
    assert.match(text, /14 days/);
    assert.doesNotMatch(text, /\b0 B\b/, `stored bytes are counted: ${text}`);
    assert.match(await page.locator('#log-groups tbody tr', { hasText: OTHER }).innerText(), /Never expire/);
    await page.locator('#group-prefix').fill('/cruddur');
    await page.locator('#group-prefix').press('Enter');
    await page.waitForFunction((other) => !document.querySelector('#log-groups')?.textContent?.includes(other), OTHER);
    assert.ok(page.url().endsWith('#/logs?prefix=%2Fcruddur'), page.url());
    assert.equal(await page.locator('#log-groups tbody tr').count(), 1);
    await shot('logs');
    // Keyboard: j selects the first row, Enter opens it.
    await page.locator('h1').click();
    await page.keyboard.press('j');
    await page.keyboard.press('Enter');
    await page.locator('#group-name', { hasText: GROUP }).waitFor();
    assert.deepEqual(pageErrors(), []);
  });

  test("a group shows its streams, newest first, and its events with JSON and trace links", async () => {
    await visit(groupUrl(GROUP));
    await page.locator('#group-facts', { hasText: '14 days' }).waitFor();
    const streams = page.locator('#log-streams li');
    await streams.nth(1).waitFor();
    assert.deepEqual(await streams.allInnerTexts().then((t) => t.map((s) => s.split(/\s/)[0])), [WORKER, WEB],
      'ordered by last event time, newest first');
    await page.locator('#events-summary', { hasText: 'events' }).waitFor();
    const total = sent.web.length + sent.worker.length;
    assert.equal(await eventRows().count(), total);
    assert.match(await page.locator('#events-summary').innerText(), new RegExp(`^${total} events in all streams`));
    const times = await eventRows().locator('td.log-time').allInnerTexts();
    assert.deepEqual([...times].sort(), times, 'oldest first');

    // A JSON message expands pretty-printed and links its trace.
    const errorRow = eventRows().filter({ hasText: 'db timeout on request 1' });
    assert.equal(await errorRow.locator('.log-level').innerText(), 'ERROR');
    assert.equal(await errorRow.locator('a.trace-link').getAttribute('href'), `#/traces/${TRACE}`);
    await errorRow.click();
    const detail = page.locator('#log-events tr.log-detail');
    await detail.waitFor();
    const pretty = await detail.locator('pre.log-message').innerText();
    assert.ok(pretty.includes('\n  "level": "ERROR",\n'), `pretty-printed JSON:\n${pretty}`);
    assert.ok(await detail.locator(`a[href="#/traces/${TRACE}"]`).count() === 1);
    // Enter on the focused row collapses it again.
    await page.keyboard.press('Enter');
    assert.equal(await page.locator('#log-events tr.log-detail').count(), 0);
    // A plain message naming an X-Ray trace id links the same trace in Waggle's form.
    const xray = eventRows().filter({ hasText: 'job 17 done' });
    assert.equal(await xray.locator('a.trace-link').getAttribute('href'), '#/traces/5759e988bd862e3fe1be46a994272793');
    assert.equal(await eventRows().filter({ hasText: 'job 19 done' }).locator('a.trace-link').count(), 0);

    // Ticking one stream shows only its events.
    await page.locator(`#log-streams input[data-stream="${WORKER}"]`).check();
    await page.waitForFunction((n) => document.querySelectorAll('#log-events tbody tr.log-row').length === n, sent.worker.length);
    assert.deepEqual(hashParams().getAll('stream'), [WORKER]);
    for (const s of await eventRows().locator('td.log-stream').allInnerTexts()) assert.equal(s, WORKER);
    await page.locator('#all-streams').check();
    await page.waitForFunction((n) => document.querySelectorAll('#log-events tbody tr.log-row').length === n, total);
    assert.deepEqual(pageErrors(), []);
  });

  test('a filter pattern keeps only the matching events, and a bad one shows the server error', async () => {
    await visit(groupUrl(GROUP));
    await page.locator('#events-summary', { hasText: 'events' }).waitFor();
    await page.locator('#filter-pattern').fill('{ $.level = "ERROR" }');
    await page.locator('#filter-pattern').press('Enter');
    await page.locator('#events-summary', { hasText: 'matching' }).waitFor();
    assert.equal(await eventRows().count(), sent.errors);
    for (const t of await eventRows().locator('td.log-msg').allInnerTexts()) assert.match(t, /"level":"ERROR"/);
    assert.equal(await eventRows().filter({ hasText: 'plain-text failure' }).count(), 0, 'not JSON, so no match');
    assert.equal(hashParams().get('filter'), '{ $.level = "ERROR" }');

    // A term pattern with an exclusion.
    await page.locator('#filter-pattern').fill('done -17');
    await page.locator('#filter-pattern').press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('#log-events tbody tr.log-row').length === 1);
    assert.match(await eventRows().first().innerText(), /job 19 done/);

    await page.locator('#filter-pattern').fill('{ $.level = ');
    await page.locator('#filter-pattern').press('Enter');
    const error = page.locator('.events-pane .error-box');
    await error.waitFor();
    assert.match(await error.innerText(), /InvalidParameterException: Invalid filter pattern/);
    assert.deepEqual(pageErrors(), []);
  });

  test('live tail appends new matching events within seconds and stops when toggled off or left', async () => {
    await visit(groupUrl(GROUP, `?filter=${encodeURIComponent('{ $.level = "ERROR" }')}`));
    await page.locator('#events-summary', { hasText: 'matching' }).waitFor();
    assert.equal(await eventRows().count(), sent.errors);
    const tail = page.locator('#live-tail');
    await tail.click();
    assert.equal(await tail.getAttribute('aria-pressed'), 'true');
    await page.locator('#tail-status', { hasText: 'last checked' }).waitFor({ timeout: 5_000 });
    const probe = `tail probe ${Date.now()}`;
    const started = Date.now();
    await put(GROUP, WEB, [
      { timestamp: Date.now(), message: JSON.stringify({ level: 'ERROR', msg: probe, trace_id: TRACE }) },
      { timestamp: Date.now(), message: JSON.stringify({ level: 'INFO', msg: 'tail ignored' }) },
    ]);
    sent.errors++;
    const fresh = eventRows().filter({ hasText: probe });
    await fresh.waitFor({ timeout: 6_000 });
    const seenAfter = Date.now() - started;
    assert.ok(seenAfter < 6_000, `seen after ${seenAfter} ms`);
    assert.equal(await eventRows().count(), sent.errors, 'appended once, the INFO line filtered out');
    assert.equal(await eventRows().last().innerText().then((t) => t.includes(probe)), true, 'appended at the end');
    await page.locator('#tail-status', { hasText: '1 new event' }).waitFor();
    await shot('log-group');

    await tail.click();
    assert.equal(await tail.getAttribute('aria-pressed'), 'false');
    const late = `after stop ${Date.now()}`;
    await put(GROUP, WEB, [{ timestamp: Date.now(), message: JSON.stringify({ level: 'ERROR', msg: late }) }]);
    sent.errors++;
    await page.waitForTimeout(3_000);
    assert.equal(await eventRows().filter({ hasText: late }).count(), 0, 'no polls once stopped');

    // Leaving the page stops polling: no FilterLogEvents after navigating away.
    await tail.click();
    await page.locator('#tail-status', { hasText: 'last checked' }).waitFor({ timeout: 5_000 });
    await page.locator('nav a', { hasText: 'Logs' }).click();  // in-page: the cleanup runs
    await page.locator('#log-groups').waitFor();
    const polls = [];
    const onRequest = (r) => { if (r.headers()['x-amz-target'] === 'Logs_20140328.FilterLogEvents') polls.push(r.url()); };
    page.on('request', onRequest);
    await page.waitForTimeout(4_500);
    page.off('request', onRequest);
    assert.deepEqual(polls, []);
    assert.deepEqual(pageErrors(), []);
  });

  test('Logs Insights counts by bin(1m) with a chart, and runs a fields query from the editor', async () => {
    const params = new URLSearchParams({ groups: GROUP, q: 'stats count(*) by bin(1m)', range: '3600' });
    await visit(`${server.baseUrl}/#/logs/insights?${params}`);
    const table = page.locator('#insights-results');
    await table.waitFor();
    assert.deepEqual(await table.locator('thead th').allInnerTexts(), ['#', 'bin(1m)', 'count(*)']);
    const counts = (await table.locator('tbody tr td:nth-child(3)').allInnerTexts()).map(Number);
    const total = sent.web.length + sent.worker.length + 3;  // + the three live-tail lines
    assert.equal(counts.reduce((a, b) => a + b, 0), total);
    assert.ok(counts.length >= 9, `one row a minute: ${counts}`);
    const chart = page.locator('.insights-chart');
    assert.equal(await chart.count(), 1);
    await chart.locator('.uplot canvas').first().waitFor();
    assert.ok(Number(await chart.getAttribute('data-points')) >= counts.length);
    assert.match(await chart.locator('h3').innerText(), /count\(\*\) by bin\(1m\)/i);
    assert.match(await page.locator('#insights-stats').innerText(), new RegExp(`${total} records matched`));
    await shot('insights');

    const editor = page.locator('#insights-query');
    await editor.fill('fields @timestamp, @message\n| filter @message like "ERROR"\n| sort @timestamp desc\n| limit 5');
    await editor.press('Control+Enter');
    await page.waitForFunction(() => decodeURIComponent(location.hash.replace(/\+/g, ' ')).includes('limit 5'));
    await page.locator('#insights-results thead th', { hasText: '@message' }).waitFor();
    assert.deepEqual(await page.locator('#insights-results thead th').allInnerTexts(), ['#', '@timestamp', '@message']);
    const rows = page.locator('#insights-results tbody tr');
    assert.equal(await rows.count(), 5);
    const messages = await rows.locator('td:nth-child(3)').allInnerTexts();
    for (const m of messages) assert.match(m, /ERROR/);
    const stamps = await rows.locator('td:nth-child(2)').allInnerTexts();
    assert.deepEqual([...stamps].sort().reverse(), stamps, 'newest first');
    assert.equal(await page.locator('.insights-chart').count(), 0, 'no bin(), no chart');

    await editor.fill('fields @timestamp | bogus 1');
    await editor.press('Control+Enter');
    const error = page.locator('#insights-output .error-box');
    await error.waitFor();
    assert.match(await error.innerText(), /MalformedQueryException/);
    assert.deepEqual(pageErrors(), []);
  });

  test("a metric filter's metric is charted from the group's events", async () => {
    await cw.send(new PutMetricFilterCommand({
      logGroupName: GROUP, filterName: 'errors', filterPattern: '{ $.level = "ERROR" }',
      metricTransformations: [{ metricName: 'ErrorCount', metricNamespace: 'Cruddur', metricValue: '1' }],
    }));
    await visit(groupUrl(GROUP));
    await page.locator('#group-facts', { hasText: 'Metric filters 1' }).waitFor();
    await page.locator('#tab-metric-filters').click();
    const card = page.locator('.metric-filter[data-filter="errors"]');
    await card.waitFor();
    assert.match(await card.innerText(), /Cruddur \/ ErrorCount/);
    await card.locator('.uplot canvas').first().waitFor();
    assert.match(await card.locator('.mf-total').innerText(), new RegExp(`^${sent.errors} matching events, sum ${sent.errors}`));
    assert.ok(page.url().includes('tab=metric-filters'), page.url());
    await shot('log-group-metric-filters');
    assert.deepEqual(pageErrors(), []);
  });

  // Last: creating the first key turns keys on for the whole server.
  test('with keys on, the pages call CloudWatch Logs with the Bearer key', async () => {
    const res = await fetch(`${server.baseUrl}/api/v1/keys`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'ui', scopes: ['read'] }) });
    assert.equal(res.status, 201);
    const { key } = await res.json();
    await visit(`${server.baseUrl}/#/logs`);
    await page.evaluate(() => localStorage.removeItem('waggle.key'));
    await page.reload();
    const error = page.locator('.error-box');
    await error.waitFor();
    assert.match(await error.innerText(), /MissingAuthenticationTokenException/);
    await page.locator('#banner .keyform').waitFor();
    await page.evaluate((k) => localStorage.setItem('waggle.key', k), 'wgk_notakey_000');
    await page.reload();
    await page.locator('.error-box', { hasText: 'UnrecognizedClientException' }).waitFor();
    await page.evaluate((k) => localStorage.setItem('waggle.key', k), key);
    await page.reload();
    await page.locator('#log-groups tbody tr', { hasText: GROUP }).waitFor();
    await visit(groupUrl(GROUP));
    await page.locator('#events-summary', { hasText: 'events' }).waitFor();
    assert.ok(await eventRows().count() > 0);
    assert.deepEqual(pageErrors(), []);
  });
});
