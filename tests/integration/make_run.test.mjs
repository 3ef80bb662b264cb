// `make run`, the README's first command: its recipe bootstraps, builds the
// UI and a Release binary, then serves ./data with the demo. This suite
// checks the recipe (make -n) and runs its last step, the server, with the
// binary under test: the UI is served, the demo's data arrives, Ctrl-C
// stops it cleanly, and a second run reuses the data without a second
// backfill. (The build steps themselves are what `make test` just did.)

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, afterEach, describe, test } from 'node:test';

import {
  dumpOutputIfFailed, eventually, getJson, makeDataDir, removeDataDir, startServer,
} from './support/server.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const HAS_MAKE = spawnSync('make', ['--version']).status === 0;

describe('make run', { skip: HAS_MAKE ? false : 'make is not installed' }, () => {
  const dataDir = makeDataDir();
  let server;
  after(async () => {
    if (server) await server.cleanup();
    removeDataDir(dataDir);
  });
  afterEach((t) => dumpOutputIfFailed(t, server));

  test('bootstraps, builds the UI and a Release binary, then serves the data with the demo', () => {
    const r = spawnSync('make', ['-n', '--no-print-directory', '-C', ROOT, 'run', `DATA=${dataDir}`], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.split('\n').filter((l) => l.length > 0);
    const at = (pattern) => lines.findIndex((l) => pattern.test(l));
    assert.ok(at(/^scripts\/bootstrap\.sh$/) >= 0, r.stdout);
    assert.ok(at(/^npm run build --prefix ui/) > at(/bootstrap/), r.stdout);
    assert.ok(at(/^cmake -S \. -B build\/release .*-DCMAKE_BUILD_TYPE=Release/) > 0, r.stdout);
    assert.ok(at(/^cmake --build build\/release .*--target waggle$/) > 0, r.stdout);
    assert.equal(lines[lines.length - 1], `build/release/src/waggle serve --data ${dataDir} --demo`);
    const noDemo = spawnSync('make', ['-n', '--no-print-directory', '-C', ROOT, 'run', `DATA=${dataDir}`, 'DEMO=0'], { encoding: 'utf8' });
    assert.match(noDemo.stdout.trim().split('\n').pop(), /serve --data \S+$/);
  });

  test('serves the UI, says how to send data, and the demo fills it', async () => {
    server = await startServer({ dataDir, extraArgs: ['--demo'] });
    const index = await fetch(`${server.baseUrl}/`);
    assert.equal(index.status, 200);
    assert.match(await index.text(), /<script[^>]+src="\/assets\//);
    const out = server.output();
    assert.match(out, /web UI: http:\/\/127\.0\.0\.1:\d+\//);
    assert.match(out, /OTEL_EXPORTER_OTLP_ENDPOINT=http:\/\/127\.0\.0\.1:\d+/);
    assert.match(out, /AWS_XRAY_DAEMON_ADDRESS=127\.0\.0\.1:\d+/);
    assert.match(out, /AWS_ENDPOINT_URL_CLOUDWATCH_LOGS=http:\/\/127\.0\.0\.1:\d+/);
    assert.match(out, /endpoint http:\/\/127\.0\.0\.1:\d+\/api\/1\//);
    const names = await eventually(async () => {
      const { body } = await getJson(server, '/api/v1/datasets');
      const have = new Set((body.datasets ?? []).filter((d) => d.events > 0).map((d) => d.name));
      return ['backend-flask', 'frontend-react-js', 'cruddur', 'errors'].every((n) => have.has(n)) ? have : null;
    }, 30_000);
    assert.ok(names, `the demo's datasets did not all arrive: ${server.output()}`);
    assert.match(server.output(), /writing 24 h of history first/);
  });

  test('Ctrl-C stops it cleanly and a second run reuses the data', async () => {
    await server.stop('SIGINT');
    const before = (await (async () => {
      server = await startServer({ dataDir, extraArgs: ['--demo'] });
      const { body } = await getJson(server, '/api/v1/datasets');
      return body.datasets.find((d) => d.name === 'backend-flask')?.events ?? 0;
    })());
    assert.ok(before > 0, 'the first run\'s data is gone');
    await new Promise((r) => setTimeout(r, 1500));
    assert.doesNotMatch(server.output(), /writing 24 h of history/);
    await server.stop('SIGINT');
  });
});
