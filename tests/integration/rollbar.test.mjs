// Rollbar compatibility: the real rollbar.js client (npm `rollbar` 3.x)
// posts to a real `waggle serve`; items and occurrences come back through
// the Rollbar read API with the right grouping, levels and counts.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import Rollbar from 'rollbar';

import { createKey, serverForSuite } from './support/server.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));

function hasPython(...modules) {
  const r = spawnSync('python3', ['-c', `import ${modules.join(', ')}`], { encoding: 'utf8' });
  return r.status === 0;
}

// A rollbar.js client pointed at the server; every call resolves with the
// response's `result` ({id, uuid}) once the item was delivered, or rejects
// with the client's error.
function client(server, { accessToken = 'any-token', environment = 'it-prod', path = '/api/1/' } = {}) {
  const rollbar = new Rollbar({
    accessToken,
    environment,
    endpoint: `${server.baseUrl}${path}`,
    captureUncaught: false,
    captureUnhandledRejections: false,
    ignoreDuplicateErrors: false,
    codeVersion: '1.0.0',
  });
  const send = (level, ...args) => new Promise((resolve, reject) => {
    rollbar[level](...args, (err, resp) => (err ? reject(err) : resolve(resp)));
  });
  return { rollbar, send };
}

async function api(server, method, path, { token, body } = {}) {
  const headers = {};
  if (token) headers['X-Rollbar-Access-Token'] = token;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(server.baseUrl + path, {
    method, headers, redirect: 'manual',
    body: body === undefined ? undefined : (typeof body === 'string' ? body : JSON.stringify(body)),
  });
  const text = await res.text();
  let json = text;
  try { json = JSON.parse(text); } catch { /* keep text */ }
  return { status: res.status, body: json, headers: res.headers };
}

// Grouping uses every frame, and an async test's stack differs before and
// after its first await; errors made in a fresh macrotask have the same
// stack wherever the test creates them.
const fresh = (make) => new Promise((r) => setImmediate(() => r(make())));

// Two different throw sites.
function failInCart() { return new TypeError(`cart ${Math.random()} is undefined`); }
function failInCheckout() { return new TypeError('checkout is undefined'); }

async function items(server, query = '', token) {
  const r = await api(server, 'GET', `/api/1/items/${query}`, { token });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.err, 0);
  return r.body.result;
}

describe('rollbar.js without keys', () => {
  const suite = serverForSuite();

  test('errors and messages are grouped into items', async () => {
    const { server } = suite;
    const { send } = client(server);
    const r1 = await send('error', await fresh(failInCart));
    assert.equal(r1.id, null);
    assert.match(r1.uuid, /^[0-9a-f-]{36}$/);
    await send('error', await fresh(failInCart));          // same place, other message: same item
    await send('error', await fresh(failInCheckout));      // another place: another item
    await send('info', 'message 1234');
    await send('info', 'message 98765');        // differs only in data: same item
    await send('warning', 'Hello World!');

    const result = await items(server);
    assert.equal(result.total_count, 4);
    const byTitle = (prefix) => result.items.filter((i) => i.title.startsWith(prefix));
    const cart = byTitle('TypeError: cart');
    assert.equal(cart.length, 1);
    assert.equal(cart[0].total_occurrences, 2);
    assert.equal(cart[0].level, 'error');
    assert.equal(cart[0].status, 'active');
    assert.equal(cart[0].environment, 'it-prod');
    assert.equal(cart[0].language, 'javascript');
    assert.ok(cart[0].first_occurrence_timestamp > 1.6e9);
    assert.equal(byTitle('TypeError: checkout').length, 1);
    const msg = byTitle('message ');
    assert.equal(msg.length, 1);
    assert.equal(msg[0].total_occurrences, 2);
    assert.equal(msg[0].level, 'info');
    assert.equal(byTitle('Hello World!')[0].level, 'warning');
    const counters = result.items.map((i) => i.counter).sort((a, b) => a - b);
    assert.deepEqual(counters, [1, 2, 3, 4]);

    // Filters.
    assert.equal((await items(server, '?level=warning')).total_count, 1);
    assert.equal((await items(server, '?level=error&level=info')).total_count, 3);
    assert.equal((await items(server, '?environment=nope')).total_count, 0);
    assert.equal((await items(server, '?status=resolved')).total_count, 0);

    // Item, by counter, instances newest first with the stored payload.
    const item = await api(server, 'GET', `/api/1/item/${cart[0].id}`);
    assert.equal(item.status, 200);
    assert.equal(item.body.result.hash, cart[0].hash);
    const byCounter = await api(server, 'GET', `/api/1/item_by_counter/${cart[0].counter}`);
    assert.equal(byCounter.status, 301);
    assert.equal(byCounter.body.result.itemId, cart[0].id);
    const inst = await api(server, 'GET', `/api/1/item/${cart[0].id}/instances/`);
    assert.equal(inst.status, 200);
    const instances = inst.body.result.instances;
    assert.equal(instances.length, 2);
    assert.ok(instances[0].id > instances[1].id);
    assert.equal(instances[0].item_id, cart[0].id);
    const data = instances[0].data;
    assert.equal(data.environment, 'it-prod');
    assert.equal(data.body.trace_chain[0].exception.class, 'TypeError');
    assert.equal(data.code_version, '1.0.0');
    assert.ok(data.metadata.customer_timestamp > 1.6e9);
    const one = await api(server, 'GET', `/api/1/instance/${instances[1].id}`);
    assert.equal(one.status, 200);
    assert.equal(one.body.result.uuid, r1.uuid);
    assert.equal(one.body.result.data.uuid, r1.uuid);
    assert.equal((await api(server, 'GET', '/api/1/instance/999999')).status, 404);
    assert.equal((await api(server, 'GET', '/api/1/item/999999')).body.err, 1);

    // Occurrence counts: the last bucket holds now; min_level defaults to error.
    const counts = async (query) => {
      const r = await api(server, 'GET', `/api/1/reports/occurrence_counts?${query}`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return r.body.result;
    };
    const hourly = await counts('bucket_size=3600');
    assert.equal(hourly.length, 24);
    const [lastStart, lastCount] = hourly.at(-1);
    assert.equal(lastStart % 3600, 0);
    assert.ok(Date.now() / 1000 - lastStart < 3600);
    assert.equal(hourly[0][0], lastStart - 23 * 3600);
    const total = (rows) => rows.reduce((n, [, c]) => n + c, 0);
    assert.equal(lastCount + total(hourly.slice(0, -1)), 3, 'three error occurrences');
    assert.equal(total(await counts('bucket_size=60&min_level=debug')), 6);
    assert.equal(total(await counts(`bucket_size=60&min_level=debug&item_id=${cart[0].id}`)), 2);
    assert.equal(total(await counts('min_level=warning&max_level=warning')), 1);
    assert.equal((await counts('')).length, 30, 'daily buckets by default');
    assert.equal(total(await counts('environments=staging,nope&min_level=debug')), 0);
    const bad = await api(server, 'GET', '/api/1/reports/occurrence_counts?bucket_size=7');
    assert.equal(bad.body.err, 1);
    assert.match(bad.body.message, /bucket_size must be 60, 3600 or 86400/);
  });

  test('an uncaught exception is reported before the process exits', async () => {
    const { server } = suite;
    const script = `
      import Rollbar from 'rollbar';
      new Rollbar({ accessToken: 'any-token', environment: 'it-uncaught',
        endpoint: ${JSON.stringify(`${server.baseUrl}/api/1/`)},
        captureUncaught: true, exitOnUncaughtException: true });
      setImmediate(() => { throw new Error('uncaught boom'); });`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script],
      { cwd: HERE, encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.status, 1, r.stderr);   // rollbar.js exits 1 once the item is sent
    const result = await items(server, '?environment=it-uncaught');
    assert.equal(result.total_count, 1);
    assert.equal(result.items[0].title, 'Error: uncaught boom');
    // rollbar.js 3.x on Node sends the level it was given: its server
    // options set no uncaughtErrorLevel, so the item says "debug".
    assert.equal(result.items[0].level, 'debug');
    assert.equal(result.items[0].total_occurrences, 1);
  });

  test('custom fingerprint, scrubbing and trace link', async () => {
    const { server } = suite;
    const { send } = client(server, { environment: 'it-fp' });
    const custom = { fingerprint: 'my-group', password: 'hunter2', nested: { api_key: 'k-123' } };
    const request = {
      url: 'http://shop.test/pay?card=1&token=t0p', method: 'POST',
      headers: { authorization: 'Bearer sekrit', cookie: 'sid=abc',
        traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' },
    };
    await send('error', new Error('first kind'), custom, request);
    await send('error', new RangeError('second kind'), custom);
    const result = await items(server, '?environment=it-fp');
    assert.equal(result.total_count, 1);
    assert.equal(result.items[0].hash, 'my-group');
    assert.equal(result.items[0].total_occurrences, 2);

    const inst = await api(server, 'GET', `/api/1/item/${result.items[0].id}/instances`);
    const oldest = inst.body.result.instances[1];
    const text = JSON.stringify(oldest);
    for (const secret of ['hunter2', 'k-123', 'sekrit', 'sid=abc', 't0p']) {
      assert.ok(!text.includes(secret), `${secret} was stored: ${text}`);
    }
    assert.equal(oldest.data.custom.password.replace(/\*/g, ''), '');
    assert.equal(oldest.trace_id, '4bf92f3577b34da6a3ce929d0e0e4736');
  });

  test('resolve, then a recurrence reactivates; muted stays muted', async () => {
    const { server } = suite;
    const { send } = client(server, { environment: 'it-life' });
    const err = () => new Error('lifecycle');
    await send('error', await fresh(err));
    const [item] = (await items(server, '?environment=it-life')).items;
    const resolved = await api(server, 'PATCH', `/api/1/item/${item.id}`,
      { body: { status: 'resolved', title: 'renamed' } });
    assert.equal(resolved.status, 200, JSON.stringify(resolved.body));
    assert.equal(resolved.body.result.status, 'resolved');
    assert.equal((await items(server, '?environment=it-life&status=resolved')).total_count, 1);
    await send('error', await fresh(err));
    const after1 = (await api(server, 'GET', `/api/1/item/${item.id}`)).body.result;
    assert.equal(after1.status, 'active');
    assert.equal(after1.total_occurrences, 2);
    assert.ok(after1.activating_occurrence_id > 0);
    assert.equal(after1.title, 'Error: lifecycle');

    await api(server, 'PATCH', `/api/1/item/${item.id}`, { body: { status: 'muted', level: 'critical' } });
    await send('error', await fresh(err));
    const after2 = (await api(server, 'GET', `/api/1/item/${item.id}`)).body.result;
    assert.equal(after2.status, 'muted');
    assert.equal(after2.level, 'critical');
    assert.equal(after2.total_occurrences, 3);
    const bad = await api(server, 'PATCH', `/api/1/item/${item.id}`, { body: { status: 'gone' } });
    assert.equal(bad.status, 422);
    assert.equal(bad.body.err, 1);
  });

  test('bad input gets Rollbar errors and stores nothing', async () => {
    const { server } = suite;
    const before = (await items(server)).total_count;
    const post = (body, type = 'application/json') => fetch(`${server.baseUrl}/api/1/item/`, {
      method: 'POST', headers: { 'Content-Type': type }, body,
    });
    let res = await post('{not json');
    assert.equal(res.status, 400);
    assert.equal((await res.json()).err, 1);
    res = await post(JSON.stringify({ access_token: 'x' }));
    assert.equal(res.status, 400);
    res = await post(JSON.stringify({ data: { body: { message: { body: 'no env' } } } }));
    assert.equal(res.status, 422);
    assert.equal((await res.json()).err, 1);
    const big = JSON.stringify({ data: { environment: 'x', body: { message: { body: 'y'.repeat(600 * 1024) } } } });
    res = await post(big);
    assert.equal(res.status, 413);
    assert.equal((await res.json()).err, 1);
    // Nesting deeper than the JSON parser's bound: 400 in the envelope, no crash.
    const deep = `{"data":{"environment":"x","body":{"message":{"body":"d"}},"custom":${'['.repeat(5000)}${']'.repeat(5000)}}}`;
    res = await post(deep);
    assert.equal(res.status, 400);
    assert.equal((await res.json()).err, 1);
    // A form body without a payload field, and a route that does not exist.
    res = await post('access_token=x&other=1', 'application/x-www-form-urlencoded');
    assert.equal(res.status, 400);
    assert.equal((await res.json()).err, 1);
    res = await fetch(`${server.baseUrl}/api/1/item/`, { method: 'DELETE' });
    assert.equal(res.status, 405);
    assert.equal((await res.json()).err, 1);
    assert.equal((await items(server)).total_count, before);
  });

  test('form payload, duplicate uuid, ping, rate-limit headers', async () => {
    const { server } = suite;
    const data = { environment: 'it-form', uuid: '5e0e8c3e-8a8b-4b0e-9a35-4f9e1c2d3b4a',
      body: { message: { body: 'form posted' } } };
    const form = `payload=${encodeURIComponent(JSON.stringify({ data }))}`;
    const post = () => fetch(`${server.baseUrl}/api/1/item/`, {
      method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form,
    });
    const first = await post();
    assert.equal(first.status, 200);
    assert.deepEqual(await first.json(), { err: 0, result: { id: null, uuid: data.uuid } });
    assert.ok(Number(first.headers.get('x-rate-limit-remaining')) > 0);
    assert.ok(first.headers.get('x-rate-limit-reset'));
    assert.equal((await post()).status, 200);
    const [item] = (await items(server, '?environment=it-form')).items;
    assert.equal(item.total_occurrences, 1);
    const ping = await fetch(`${server.baseUrl}/api/1/status/ping`);
    assert.equal(await ping.text(), 'pong');
  });
});

describe('pyrollbar-shaped payloads from Flask', () => {
  const suite = serverForSuite();
  const skip = !hasPython('flask', 'requests') && 'python3 with flask and requests not installed';

  test('report_exc_info with a Flask request, and report_message', { skip }, async () => {
    const { server } = suite;
    const r = spawnSync('python3', [join(HERE, 'clients', 'rollbar_pyrollbar.py'), server.baseUrl, 'py-token'],
      { encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    const { responses } = JSON.parse(r.stdout);
    assert.equal(responses.length, 3);
    for (const res of responses) {
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.err, 0);
      assert.match(res.body.result.uuid, /^[0-9a-f-]{36}$/);
    }

    const result = await items(server, '?environment=py-flask');
    assert.equal(result.total_count, 2);
    const exc = result.items.find((i) => i.title.startsWith('ValueError: cart'));
    assert.ok(exc, JSON.stringify(result.items));
    assert.equal(exc.total_occurrences, 2);   // the message differs, the frames do not
    assert.equal(exc.level, 'error');
    assert.equal(exc.framework, 'flask');
    assert.match(exc.language, /^python 3/);
    const msg = result.items.find((i) => i.title === 'Hello World!');
    assert.equal(msg.level, 'warning');

    const inst = await api(server, 'GET', `/api/1/item/${exc.id}/instances/`);
    assert.equal(inst.status, 200);
    const data = inst.body.result.instances[0].data;
    assert.equal(data.body.trace_chain.length, 2);
    assert.equal(data.body.trace_chain[1].exception.class, 'ZeroDivisionError');
    assert.equal(data.request.POST.card, '4111');
    assert.equal(data.request.method, 'POST');
    const text = JSON.stringify(inst.body);
    for (const secret of ['qs-secret', 'form-secret', 'py-secret']) {
      assert.ok(!text.includes(secret), `${secret} was stored: ${text}`);
    }
  });
});

describe('rollbar.js with keys', () => {
  const keys = {};
  const suite = serverForSuite({
    setup(dir) {
      keys.ingest = createKey(dir, 'ingest');
      keys.read = createKey(dir, 'read');
      keys.admin = createKey(dir, 'admin');
    },
  });

  test('tokens are Waggle keys with mapped scopes', async () => {
    const { server } = suite;
    const { send } = client(server, { accessToken: keys.ingest, path: '/api/1/item/' });
    const ok = await send('error', new Error('with a key'));
    assert.equal(typeof ok.uuid, 'string');

    const body = JSON.stringify({ data: { environment: 'x', body: { message: { body: 'm' } } } });
    const post = (headers) => fetch(`${server.baseUrl}/api/1/item/`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body,
    });
    assert.equal((await post({})).status, 401);
    assert.equal((await post({ 'X-Rollbar-Access-Token': 'wgk_bogus' })).status, 403);
    assert.equal((await post({ 'X-Rollbar-Access-Token': keys.read })).status, 403);
    const bodyToken = await fetch(`${server.baseUrl}/api/1/item/`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ access_token: keys.ingest, data: JSON.parse(body).data }),
    });
    assert.equal(bodyToken.status, 200);

    assert.equal((await api(server, 'GET', '/api/1/items/')).status, 401);
    assert.equal((await api(server, 'GET', '/api/1/items/', { token: keys.ingest })).status, 403);
    const list = await items(server, '', keys.read);
    assert.equal(list.total_count, 2);
    const viaQuery = await api(server, 'GET', `/api/1/items/?access_token=${encodeURIComponent(keys.read)}`);
    assert.equal(viaQuery.status, 200);
    const id = list.items[0].id;
    const denied = await api(server, 'PATCH', `/api/1/item/${id}`, { token: keys.read, body: { status: 'resolved' } });
    assert.equal(denied.status, 403);
    assert.equal(denied.body.err, 1);
    const patched = await api(server, 'PATCH', `/api/1/item/${id}`, { token: keys.admin, body: { status: 'resolved' } });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.result.status, 'resolved');
  });
});

describe('the item rate limit is a setting', () => {
  const suite = serverForSuite({ extraArgs: ['--rollbar-rate-limit', '3'] });

  test('--rollbar-rate-limit 3: a token\'s fourth item in a minute gets 429 in Rollbar\'s shape', async () => {
    const { server } = suite;
    const post = (token) => fetch(`${server.baseUrl}/api/1/item/`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Rollbar-Access-Token': token },
      body: JSON.stringify({ data: { environment: 'rl', body: { message: { body: 'limited' } } } }),
    });
    for (let i = 0; i < 3; i++) assert.equal((await post('token-a')).status, 200);
    const limited = await post('token-a');
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('x-rate-limit-limit'), '3');
    assert.equal(limited.headers.get('x-rate-limit-remaining'), '0');
    assert.equal((await limited.json()).err, 1);
    assert.equal((await post('token-b')).status, 200, 'the limit is per access token');
  });
});
