// Rollbar compatibility: the real rollbar.js client (npm `rollbar` 3.x)
// posts to a real `waggle serve`; items and occurrences come back through
// the Rollbar read API with the right grouping, levels and counts.

import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';

import Rollbar from 'rollbar';

import {
  createKey, dumpOutputIfFailed, makeDataDir, removeDataDir, startServer,
} from './support/server.mjs';

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
  let server;
  before(async () => { server = await startServer(); });
  after(async () => {
    if (server) {
      try { await server.stop(); } finally { await server.cleanup(); }
    }
  });
  afterEach((t) => dumpOutputIfFailed(t, server));

  test('errors and messages are grouped into items', async () => {
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
  });

  test('custom fingerprint, scrubbing and trace link', async () => {
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
    assert.equal((await items(server)).total_count, before);
  });

  test('form payload, duplicate uuid, ping, rate-limit headers', async () => {
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

describe('rollbar.js with keys', () => {
  let server;
  let dir;
  const keys = {};
  before(async () => {
    dir = makeDataDir();
    keys.ingest = createKey(dir, 'ingest');
    keys.read = createKey(dir, 'read');
    keys.admin = createKey(dir, 'admin');
    server = await startServer({ dataDir: dir });
  });
  after(async () => {
    if (server) {
      try { await server.stop(); } finally { await server.cleanup(); removeDataDir(dir); }
    }
  });
  afterEach((t) => dumpOutputIfFailed(t, server));

  test('tokens are Waggle keys with mapped scopes', async () => {
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
