// Takes the README's screenshots: starts `waggle serve --demo` on a fresh
// data directory, waits for the day of history, and photographs the pages
// a new user opens first (Debian's chromium through playwright-core).
//
//   node scripts/screenshots.mjs [OUT_DIR]   # default docs/img
//
// Needs a built waggle (build/release or $WAGGLE_BIN) and the browser
// tests' npm packages (tests/browser, installed by make test).

import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { getJson, startServer } from '../tests/integration/support/server.mjs';
import { launch, skipReason } from '../tests/browser/support/browser.mjs';

const out = resolve(process.argv[2] ?? 'docs/img');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const reason = await skipReason();
if (reason) {
  console.error(`cannot take screenshots: ${reason}`);
  process.exit(1);
}
mkdirSync(out, { recursive: true });
const server = await startServer({ extraArgs: ['--demo'] });
const browser = await launch();
try {
  process.stderr.write('waiting for the demo to write a day of history');
  for (;;) {
    if (/history written/.test(server.output())) break;
    process.stderr.write('.');
    await sleep(1000);
  }
  process.stderr.write('\n');
  await sleep(4000);  // a few seconds of live traffic
  const page = await browser.page();
  const shot = async (name, fullPage = false) => {
    await sleep(500);
    await page.screenshot({ path: join(out, `${name}.png`), fullPage });
    console.log(join(out, `${name}.png`));
  };

  await page.goto(`${server.baseUrl}/`);
  await page.locator('#datasets').waitFor();
  await shot('home');

  const q = JSON.stringify({
    calculations: [{ op: 'HEATMAP', column: 'duration_ms' }, { op: 'P99', column: 'duration_ms' }],
    filters: [{ column: 'http.route', op: 'exists' }], breakdowns: ['http.route'],
    time_range: 86400, granularity: 1800 });
  await page.goto(`${server.baseUrl}/#/query?dataset=backend-flask&q=${encodeURIComponent(q)}`);
  await page.locator('#query-output').waitFor({ timeout: 60_000 });
  await shot('query', true);

  const now = Date.now() / 1000;
  const { body } = await getJson(server,
    `/api/v1/traces?dataset=backend-flask&start=${now - 3600}&limit=200`);
  const trace = body.traces.sort((a, b) => b.span_count - a.span_count)[0];
  await page.goto(`${server.baseUrl}/#/traces/${trace.trace_id}`);
  await page.locator('#span-count').waitFor();
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
  await shot('trace');

  await page.goto(`${server.baseUrl}/#/map?range=3600`);
  await page.locator('#service-map .map-node').first().waitFor({ timeout: 30_000 });
  await shot('service-map');
} finally {
  await browser.close();
  await server.stop();
  await server.cleanup();
}
