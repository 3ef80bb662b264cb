// Durability: every span the server acknowledged (HTTP 200) before a kill -9
// must be readable after a restart on the same data directory.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, afterEach, test } from 'node:test';

import { postOtlp } from './support/http.mjs';
import { decodeExportResponse } from './support/proto.mjs';
import { makeTrace, protoBody } from './support/spans.mjs';
import {
  dumpOutputIfFailed, getJson, makeDataDir, removeDataDir, sleep, startServer,
} from './support/server.mjs';

const SENDERS = 8;
const SPANS_PER_REQUEST = 10;
const SEND_MS = 2000;

// Returns a fresh request from `template` (a makeTrace result): the same
// spans with a new random trace id and span ids, rewritten in the protobuf
// bytes (ids are raw bytes there, so a byte search finds every copy).
function withNewIds(template) {
  const body = Buffer.from(template.body);
  const replaceAll = (oldHex, newBuf) => {
    const old = Buffer.from(oldHex, 'hex');
    for (let at = body.indexOf(old); at !== -1; at = body.indexOf(old, at + old.length)) {
      newBuf.copy(body, at);
    }
  };
  const traceId = randomBytes(16);
  replaceAll(template.traceId, traceId);
  const spanIds = template.spanIds.map((id) => {
    const fresh = randomBytes(8);
    replaceAll(id, fresh);
    return fresh.toString('hex');
  });
  return { traceId: traceId.toString('hex'), spanIds, body };
}

async function makeTemplate(tag) {
  const t = await makeTrace(`it-crash-${tag}`, SPANS_PER_REQUEST, { 'app.note': 'crash test' });
  return { traceId: t.traceId, spanIds: t.spanIds, body: protoBody(t.spans) };
}

// Runs SENDERS concurrent loops posting requests until `stopAt`; each 200
// adds its trace to `acked`. Connection errors (the kill) end a loop.
async function sendUntil(port, template, acked, stopAt) {
  const loop = async () => {
    while (Date.now() < stopAt) {
      const r = withNewIds(template);
      let res;
      try {
        res = await postOtlp(port, '/v1/traces', 'application/x-protobuf', r.body);
      } catch {
        return;  // The server died mid-request: not acknowledged.
      }
      if (res.status === 200) {
        assert.equal(decodeExportResponse(res.body).partialSuccess, null);
        acked.set(r.traceId, r.spanIds);
      }
    }
  };
  await Promise.all(Array.from({ length: SENDERS }, loop));
}

// Asserts every acknowledged trace is readable with exactly its spans.
async function assertAllReadable(server, acked) {
  const entries = [...acked.entries()];
  let i = 0;
  const worker = async () => {
    while (i < entries.length) {
      const [traceId, spanIds] = entries[i++];
      const { status, body } = await getJson(server, `/api/v1/traces/${traceId}`);
      assert.equal(status, 200, `acknowledged trace ${traceId} lost: ${JSON.stringify(body)}`);
      const got = body.spans.map((s) => s.span_id).sort();
      assert.deepEqual(got, [...spanIds].sort(), `trace ${traceId} spans differ`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

let server;
const dataDir = makeDataDir('waggle-it-crash-');
afterEach((t) => dumpOutputIfFailed(t, server));
after(async () => {
  if (server) await server.cleanup();
  removeDataDir(dataDir);
});

test('acknowledged spans survive kill -9, twice', async (t) => {
  const acked = new Map();
  server = await startServer({ dataDir });
  for (let round = 1; round <= 2; round++) {
    const template = await makeTemplate(round);
    const stopAt = Date.now() + SEND_MS + 2000;  // Senders outlive the kill.
    const sending = sendUntil(server.ports.otlp_http, template, acked, stopAt);
    await sleep(SEND_MS);
    const ackedBeforeKill = acked.size;
    await server.kill9();
    await sending;
    assert.ok(ackedBeforeKill > 0, `round ${round}: nothing was acknowledged in ${SEND_MS} ms`);
    t.diagnostic(`round ${round}: ${acked.size} traces acknowledged so far`);

    server = await startServer({ dataDir });
    await assertAllReadable(server, acked);
    // The restarted server still ingests.
    const fresh = withNewIds(template);
    const res = await postOtlp(server.ports.otlp_http, '/v1/traces', 'application/x-protobuf', fresh.body);
    assert.equal(res.status, 200);
    acked.set(fresh.traceId, fresh.spanIds);
    await assertAllReadable(server, new Map([[fresh.traceId, fresh.spanIds]]));
  }
  await server.stop();
});
