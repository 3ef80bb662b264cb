// Malformed, oversized and hostile OTLP requests get the status codes the
// OTLP spec asks for, and the server keeps serving afterwards.

import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import zlib from 'node:zlib';

import { postOtlp, rawRequest } from './support/http.mjs';
import { decodeExportResponse, decodeRpcStatus } from './support/proto.mjs';
import { jsonBody, makeTrace, protoBody } from './support/spans.mjs';
import { dumpOutputIfFailed, getJson, startServer } from './support/server.mjs';

const PROTO = 'application/x-protobuf';
const JSON_TYPE = 'application/json';

// Asserts an error response carries a decodable google.rpc.Status protobuf
// with a non-empty message.
function assertProtoStatus(res) {
  assert.match(String(res.headers['content-type']), /^application\/x-protobuf/);
  const status = decodeRpcStatus(res.body);
  assert.ok(status.message.length > 0, 'google.rpc.Status.message is empty');
  return status;
}

// Gzips `mb` MiB of zeros without holding them in memory at once.
function gzipZeros(mb) {
  return new Promise((resolve, reject) => {
    const gz = zlib.createGzip({ level: 9 });
    const out = [];
    gz.on('data', (c) => out.push(c));
    gz.on('end', () => resolve(Buffer.concat(out)));
    gz.on('error', reject);
    const chunk = Buffer.alloc(1 << 20);
    let left = mb;
    const pump = () => {
      while (left > 0) {
        left--;
        if (!gz.write(chunk)) {
          gz.once('drain', pump);
          return;
        }
      }
      gz.end();
    };
    pump();
  });
}

describe('bad OTLP input', () => {
  let server;
  let small;  // Started with --max-body-bytes 1048576.
  before(async () => {
    [server, small] = await Promise.all([
      startServer(),
      startServer({ extraArgs: ['--max-body-bytes', '1048576'] }),
    ]);
  });
  after(async () => {
    for (const s of [server, small]) {
      if (s) {
        try { await s.stop(); } finally { await s.cleanup(); }
      }
    }
  });
  afterEach((t) => {
    dumpOutputIfFailed(t, server);
    dumpOutputIfFailed(t, small);
  });

  const otlp = () => server.ports.otlp_http;

  test('truncated protobuf: 400 with a google.rpc.Status body', async () => {
    const { spans } = await makeTrace('it-bad-truncated', 3, { 'app.k': 'v'.repeat(100) });
    const full = protoBody(spans);
    const res = await postOtlp(otlp(), '/v1/traces', PROTO, full.subarray(0, full.length - 7));
    assert.equal(res.status, 400, res.body.toString());
    assertProtoStatus(res);
  });

  test('malformed JSON: 400 with {"code":3,"message":...}', async () => {
    const res = await postOtlp(otlp(), '/v1/traces', JSON_TYPE, Buffer.from('{"resourceSpans":[{"res'));
    assert.equal(res.status, 400);
    assert.match(String(res.headers['content-type']), /^application\/json/);
    const body = JSON.parse(res.body.toString());
    assert.equal(body.code, 3);
    assert.equal(typeof body.message, 'string');
    assert.ok(body.message.length > 0);
  });

  test('wrong content type: 415', async () => {
    const res = await postOtlp(otlp(), '/v1/traces', 'text/plain', Buffer.from('hello'));
    assert.equal(res.status, 415);
  });

  test('content type parameters are ignored', async () => {
    const { spans } = await makeTrace('it-bad-charset', 1);
    const res = await postOtlp(otlp(), '/v1/traces', 'application/json; charset=utf-8', jsonBody(spans));
    assert.equal(res.status, 200, res.body.toString());
  });

  test('invalid gzip: 400', async () => {
    const res = await postOtlp(otlp(), '/v1/traces', PROTO, Buffer.from('definitely not gzip data'),
      { 'content-encoding': 'gzip' });
    assert.equal(res.status, 400);
    assertProtoStatus(res);
  });

  test('unknown content encoding is a client error', async () => {
    const res = await postOtlp(otlp(), '/v1/traces', PROTO, Buffer.from('xyz'),
      { 'content-encoding': 'x-unknown' });
    assert.ok(res.status >= 400 && res.status < 500, `status ${res.status}`);
  });

  test('gzip bomb (200 MiB of zeros): 413', async () => {
    const bomb = await gzipZeros(200);
    assert.ok(bomb.length < 1 << 20, `bomb is ${bomb.length} bytes`);
    const res = await postOtlp(otlp(), '/v1/traces', PROTO, bomb, { 'content-encoding': 'gzip' });
    assert.equal(res.status, 413);
    assertProtoStatus(res);
  });

  test('body over --max-body-bytes: 413; under it: accepted', async () => {
    const big = Buffer.alloc(2 << 20, 0x0a);
    const res = await postOtlp(small.ports.otlp_http, '/v1/traces', PROTO, big);
    assert.equal(res.status, 413);

    const gz = await gzipZeros(2);
    const res2 = await postOtlp(small.ports.otlp_http, '/v1/traces', PROTO, gz,
      { 'content-encoding': 'gzip' });
    assert.equal(res2.status, 413, 'the limit applies to the decompressed body');

    const { spans, traceId } = await makeTrace('it-bad-small', 3);
    const ok = await postOtlp(small.ports.otlp_http, '/v1/traces', PROTO, protoBody(spans));
    assert.equal(ok.status, 200);
    const got = await getJson(small, `/api/v1/traces/${traceId}`);
    assert.equal(got.status, 200);
    assert.equal(got.body.spans.length, 3);
  });

  test('1 MiB attribute value: stored truncated to <= 64 KiB, or rejected cleanly', async () => {
    const blob = 'x'.repeat(1 << 20);
    const { spans, traceId } = await makeTrace('it-bad-huge-attr', 1, { 'app.blob': blob, 'app.small': 'ok' });
    const res = await postOtlp(otlp(), '/v1/traces', PROTO, protoBody(spans));
    if (res.status === 200) {
      const got = await getJson(server, `/api/v1/traces/${traceId}`);
      assert.equal(got.status, 200);
      const attrs = got.body.spans[0].attributes;
      const value = attrs.find((a) => a.key === 'app.blob')?.value?.stringValue;
      assert.equal(typeof value, 'string', `app.blob missing: ${JSON.stringify(attrs).slice(0, 300)}`);
      assert.ok(value.length > 0 && value.length <= 65536, `stored ${value.length} chars`);
      assert.ok(blob.startsWith(value));
      assert.deepEqual(attrs.find((a) => a.key === 'app.small')?.value, { stringValue: 'ok' });
    } else {
      assert.ok([400, 413].includes(res.status), `status ${res.status}`);
      assertProtoStatus(res);
    }
    const health = await fetch(`${server.baseUrl}/healthz`);
    assert.equal(health.status, 200);
  });

  test('invalid ids: 200 with partialSuccess.rejectedSpans = count', async () => {
    const { spans, traceId, spanIds } = await makeTrace('it-bad-ids', 1);
    const req = JSON.parse(jsonBody(spans).toString());
    const good = req.resourceSpans[0].scopeSpans[0].spans[0];
    const bad = [
      { ...good, traceId: good.traceId.slice(0, 30), spanId: 'aaaaaaaaaaaaaaa1', name: 'trace-15-bytes' },
      { ...good, traceId: '0'.repeat(32), spanId: 'aaaaaaaaaaaaaaa2', name: 'trace-all-zero' },
      { ...good, spanId: '0000000000000000', name: 'span-all-zero' },
    ];
    req.resourceSpans[0].scopeSpans[0].spans = [bad[0], good, bad[1], bad[2]];
    const res = await postOtlp(otlp(), '/v1/traces', JSON_TYPE, Buffer.from(JSON.stringify(req)));
    assert.equal(res.status, 200, res.body.toString());
    const ps = JSON.parse(res.body.toString()).partialSuccess;
    assert.ok(ps, `no partialSuccess in ${res.body}`);
    assert.equal(Number(ps.rejectedSpans), 3);
    assert.ok(typeof ps.errorMessage === 'string' && ps.errorMessage.length > 0);

    const got = await getJson(server, `/api/v1/traces/${traceId}`);
    assert.equal(got.status, 200);
    assert.deepEqual(got.body.spans.map((s) => s.span_id), spanIds);
  });

  test('invalid ids over protobuf: partial success too', async () => {
    const { spans } = await makeTrace('it-bad-ids-proto', 2);
    // Zero the root's trace id in place: ids are the only 16-byte LEN fields
    // tagged 0x0a 0x10 in a Span, and the SDK spans share one trace id.
    const body = protoBody(spans);
    const hex = body.toString('hex');
    const needle = `0a10${spans[0].spanContext().traceId}`;
    const count = hex.split(needle).length - 1;
    assert.equal(count, 2, 'both spans carry the trace id');
    const zeroed = Buffer.from(hex.split(needle).join(`0a10${'0'.repeat(32)}`), 'hex');
    const res = await postOtlp(otlp(), '/v1/traces', PROTO, zeroed);
    assert.equal(res.status, 200);
    const { partialSuccess } = decodeExportResponse(res.body);
    assert.ok(partialSuccess, 'expected partial_success');
    assert.equal(partialSuccess.rejected, 2);
    assert.ok(partialSuccess.errorMessage.length > 0);
  });

  test('empty request: 200 without partial success', async () => {
    const res = await postOtlp(otlp(), '/v1/traces', PROTO, Buffer.alloc(0));
    assert.equal(res.status, 200);
    assert.equal(decodeExportResponse(res.body).partialSuccess, null);
    const res2 = await postOtlp(otlp(), '/v1/traces', JSON_TYPE, Buffer.from('{}'));
    assert.equal(res2.status, 200);
    const j = JSON.parse(res2.body.toString());
    assert.ok(!j.partialSuccess || Number(j.partialSuccess.rejectedSpans ?? 0) === 0);
  });

  test('GET on /v1/traces: 405', async () => {
    const res = await rawRequest(otlp(), { method: 'GET', path: '/v1/traces' });
    assert.equal(res.status, 405);
  });

  test('afterwards the server is healthy and still ingests', async () => {
    const health = await fetch(`${server.baseUrl}/healthz`);
    assert.equal(health.status, 200);
    const { spans, traceId } = await makeTrace('it-bad-after', 4);
    const res = await postOtlp(otlp(), '/v1/traces', PROTO, protoBody(spans));
    assert.equal(res.status, 200);
    assert.equal(decodeExportResponse(res.body).partialSuccess, null);
    const got = await getJson(server, `/api/v1/traces/${traceId}`);
    assert.equal(got.status, 200);
    assert.equal(got.body.spans.length, 4);
  });
});
