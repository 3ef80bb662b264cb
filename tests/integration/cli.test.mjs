// The waggle CLI against a running server: `traces get` prints a waterfall,
// `version` prints a version.

import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';

import { postOtlp } from './support/http.mjs';
import { makeTrace, protoBody } from './support/spans.mjs';
import { dumpOutputIfFailed, runWaggleAsync, startServer } from './support/server.mjs';

// Runs the CLI without blocking the event loop; resolves {code, stdout,
// stderr}.
const run = (args) => runWaggleAsync(args, { timeoutMs: 20_000 });

// Column at which `name` starts on the first stdout line that contains it.
function columnOf(stdout, name) {
  const line = stdout.split('\n').find((l) => l.includes(name));
  assert.ok(line !== undefined, `"${name}" not printed:\n${stdout}`);
  return line.indexOf(name);
}

describe('waggle CLI', () => {
  let server;
  before(async () => { server = await startServer(); });
  after(async () => {
    if (server) {
      try { await server.stop(); } finally { await server.cleanup(); }
    }
  });
  afterEach((t) => dumpOutputIfFailed(t, server));

  test('version prints a version', async () => {
    const r = await run(['version']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /\d+\.\d+\.\d+/);
  });

  test('traces get prints an indented waterfall', async () => {
    // root -> child-1, child-2 (makeTrace makes children of the root).
    const { spans, traceId } = await makeTrace('it-cli', 3);
    const res = await postOtlp(server.ports.otlp_http, '/v1/traces', 'application/x-protobuf',
      protoBody(spans));
    assert.equal(res.status, 200);

    const r = await run(['traces', 'get', traceId, '--server', server.baseUrl]);
    assert.equal(r.code, 0, `exit ${r.code}: ${r.stderr}`);
    const rootCol = columnOf(r.stdout, 'root');
    for (const name of ['child-1', 'child-2']) {
      assert.ok(columnOf(r.stdout, name) > rootCol, `${name} is not indented under root:\n${r.stdout}`);
    }
    assert.ok(r.stdout.indexOf('root') < r.stdout.indexOf('child-1'), 'root must come first');
  });

  test('traces get of an unknown id fails with a message', async () => {
    const r = await run(['traces', 'get', 'fedcba9876543210fedcba9876543210', '--server', server.baseUrl]);
    assert.notEqual(r.code, 0);
    assert.ok((r.stderr + r.stdout).length > 0);
  });
});
