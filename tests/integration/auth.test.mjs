// API keys: once keys exist, OTLP needs an ingest key (x-honeycomb-team or
// Authorization: Bearer) and the read API needs a read key.

import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';

import { exportOnce, traceExporter } from './support/otel.mjs';
import { postOtlp } from './support/http.mjs';
import { makeTrace, protoBody } from './support/spans.mjs';
import {
  createKey, dumpOutputIfFailed, getJson, makeDataDir, removeDataDir, startServer,
} from './support/server.mjs';

const PROTO = 'application/x-protobuf';

describe('without keys', () => {
  let server;
  before(async () => { server = await startServer(); });
  after(async () => {
    if (server) {
      try { await server.stop(); } finally { await server.cleanup(); }
    }
  });
  afterEach((t) => dumpOutputIfFailed(t, server));

  test('GET /api/v1/auth reports every scope and keys disabled', async () => {
    const { status, body } = await getJson(server, '/api/v1/auth');
    assert.equal(status, 200);
    assert.equal(body.environment, 'default');
    assert.deepEqual(body.scopes, ['ingest', 'read', 'admin']);
    assert.equal(body.keys_enabled, false);
    assert.equal(body.key_id, '');
  });

  test('OTLP needs no key', async () => {
    const { spans } = await makeTrace('it-auth-open', 1);
    const res = await postOtlp(server.ports.otlp_http, '/v1/traces', PROTO, protoBody(spans));
    assert.equal(res.status, 200);
  });
});

describe('with keys', () => {
  let server;
  let ingestKey;
  let readKey;
  const dataDir = makeDataDir('waggle-it-auth-');
  before(async () => {
    ingestKey = createKey(dataDir, 'ingest');
    readKey = createKey(dataDir, 'read');
    assert.ok(ingestKey.length >= 16, `ingest key looks too short: ${ingestKey}`);
    assert.notEqual(ingestKey, readKey);
    server = await startServer({ dataDir });
  });
  after(async () => {
    if (server) {
      try { await server.stop(); } finally { await server.cleanup(); }
    }
    removeDataDir(dataDir);
  });
  afterEach((t) => dumpOutputIfFailed(t, server));

  const post = async (headers, port = server.ports.otlp_http) => {
    const { spans, traceId } = await makeTrace('it-auth', 2);
    const res = await postOtlp(port, '/v1/traces', PROTO, protoBody(spans), headers);
    return { res, traceId };
  };

  test('keys are not stored in plain text', async () => {
    const { readdirSync, readFileSync, statSync } = await import('node:fs');
    const { join } = await import('node:path');
    const walk = (dir) => readdirSync(dir).flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? walk(p) : [p];
    });
    for (const file of walk(dataDir)) {
      const text = readFileSync(file).toString('latin1');
      assert.ok(!text.includes(ingestKey), `${file} holds the ingest key in plain text`);
      assert.ok(!text.includes(readKey), `${file} holds the read key in plain text`);
    }
  });

  test('OTLP without a key: 401', async () => {
    const { res } = await post({});
    assert.equal(res.status, 401);
    const edge = await post({}, server.ports.http);
    assert.equal(edge.res.status, 401);
  });

  test('OTLP with a wrong key: 401', async () => {
    const { res } = await post({ 'x-honeycomb-team': 'not-a-real-key-0123456789' });
    assert.equal(res.status, 401);
  });

  test('OTLP with x-honeycomb-team ingest key: 200 and stored', async () => {
    const { res, traceId } = await post({ 'x-honeycomb-team': ingestKey });
    assert.equal(res.status, 200, res.body.toString());
    const got = await getJson(server, `/api/v1/traces/${traceId}`, { authorization: `Bearer ${readKey}` });
    assert.equal(got.status, 200);
    assert.equal(got.body.spans.length, 2);
  });

  test('OTLP with Authorization: Bearer ingest key: 200', async () => {
    const { res } = await post({ authorization: `Bearer ${ingestKey}` });
    assert.equal(res.status, 200, res.body.toString());
    const edge = await post({ authorization: `Bearer ${ingestKey}` }, server.ports.http);
    assert.equal(edge.res.status, 200);
  });

  test('the real exporters carry the key (HTTP headers and gRPC metadata)', async () => {
    for (const protocol of ['proto', 'http', 'grpc']) {
      const { spans } = await makeTrace(`it-auth-${protocol}`, 1);
      const withKey = traceExporter(server, protocol, { headers: { 'x-honeycomb-team': ingestKey } });
      const ok = await exportOnce(withKey, spans);
      assert.equal(ok.code, 0, `${protocol} with key: ${ok.error?.stack}`);
      await withKey.shutdown();
      const noKey = traceExporter(server, protocol);
      const denied = await exportOnce(noKey, spans);
      assert.equal(denied.code, 1, `${protocol} without key must fail`);
      await noKey.shutdown();
    }
  });

  test('GET /api/v1/auth with the read key: scopes ["read"]', async () => {
    const { status, body } = await getJson(server, '/api/v1/auth', { authorization: `Bearer ${readKey}` });
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.environment, 'default');
    assert.deepEqual(body.scopes, ['read']);
    const hc = await getJson(server, '/api/v1/auth', { 'x-honeycomb-team': readKey });
    assert.equal(hc.status, 200);
    assert.deepEqual(hc.body.scopes, ['read']);
  });

  test('GET /api/v1/auth with a bad key: 401', async () => {
    const { status } = await getJson(server, '/api/v1/auth', { authorization: 'Bearer wrong-key-123' });
    assert.equal(status, 401);
  });

  test('reading traces without a key: 401; with an ingest-only key: refused', async () => {
    const { traceId } = await post({ 'x-honeycomb-team': ingestKey });
    const none = await getJson(server, `/api/v1/traces/${traceId}`);
    assert.equal(none.status, 401);
    const list = await getJson(server, '/api/v1/traces?limit=5');
    assert.equal(list.status, 401);
    const ingestOnly = await getJson(server, `/api/v1/traces/${traceId}`,
      { authorization: `Bearer ${ingestKey}` });
    assert.ok([401, 403].includes(ingestOnly.status), `status ${ingestOnly.status}`);
  });

  test('OTLP with a read-only key is refused', async () => {
    const { res } = await post({ 'x-honeycomb-team': readKey });
    assert.ok([401, 403].includes(res.status), `status ${res.status}`);
  });
});

describe('keys over HTTP (/api/v1/keys)', () => {
  let server;
  before(async () => { server = await startServer(); });
  after(async () => {
    if (server) {
      try { await server.stop(); } finally { await server.cleanup(); }
    }
  });
  afterEach((t) => dumpOutputIfFailed(t, server));

  const call = async (method, path, { key, body } = {}) => {
    const headers = { 'content-type': 'application/json' };
    if (key) headers.authorization = `Bearer ${key}`;
    const res = await fetch(server.baseUrl + path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
  };

  test('the first admin key turns keys on; admin creates, lists and revokes keys', async () => {
    const first = await call('POST', '/api/v1/keys', { body: { name: 'ops', environment: 'production', scopes: ['admin'] } });
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.equal(first.headers.get('cache-control'), 'no-store');
    const admin = first.body.key;
    assert.match(admin, /^wgk_[A-Za-z0-9]{10}_[A-Za-z0-9]{32}$/);
    assert.equal(first.body.aws_access_key_id, first.body.id);
    assert.match(first.body.aws_secret_access_key, /^[A-Za-z0-9]{40}$/);
    assert.deepEqual(first.body.scopes, ['admin']);

    assert.equal((await call('GET', '/api/v1/keys')).status, 401, 'keys are on now');
    const reader = await call('POST', '/api/v1/keys', { key: admin, body: { name: 'ui', environment: 'production', scopes: ['read'] } });
    assert.equal(reader.status, 201);
    const list = await call('GET', '/api/v1/keys', { key: admin });
    assert.deepEqual(list.body.keys.map((k) => [k.name, k.scopes, k.revoked]), [['ops', ['admin'], false], ['ui', ['read'], false]]);
    assert.ok(list.body.keys.every((k) => !('key' in k) && !('aws_secret_access_key' in k)), 'secrets are shown once');

    assert.equal((await call('GET', '/api/v1/keys', { key: reader.body.key })).status, 403);
    assert.equal((await call('POST', '/api/v1/keys', { key: reader.body.key, body: { scopes: ['admin'] } })).status, 403);
    const who = await call('GET', '/api/v1/auth', { key: reader.body.key });
    assert.deepEqual([who.status, who.body.environment], [200, 'production']);

    const bad = await call('POST', '/api/v1/keys', { key: admin, body: { scopes: ['root'] } });
    assert.equal(bad.status, 400);
    assert.match(bad.body.error, /root/);
    assert.equal((await call('POST', '/api/v1/keys', { key: admin, body: { scopes: ['read'], environment: 'no spaces' } })).status, 400);

    assert.equal((await call('DELETE', `/api/v1/keys/${reader.body.id}`, { key: admin })).status, 204);
    assert.equal((await call('GET', '/api/v1/auth', { key: reader.body.key })).status, 401, 'revoked at once');
    assert.equal((await call('DELETE', '/api/v1/keys/nosuchkey0', { key: admin })).status, 404);
    const after = await call('GET', '/api/v1/keys', { key: admin });
    assert.deepEqual(after.body.keys.map((k) => k.revoked), [false, true]);
  });
});
