// Draws the ratio chart of docs/PERFORMANCE.md from a `make bench` result:
// for every workload with a peer, how many times better Waggle is than the
// best peer (right, green) or worse (left, red), on a log scale. The SVG is
// rendered to PNG in Debian's chromium.
//
//   node scripts/ratio_chart.mjs [bench/results/latest.json] [docs/img/bench-ratios.png]

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { launch, skipReason } from '../tests/browser/support/browser.mjs';

const input = resolve(process.argv[2] ?? 'bench/results/latest.json');
const output = resolve(process.argv[3] ?? 'docs/img/bench-ratios.png');
const PEERS = ['clickhouse', 'duckdb', 'moto'];

// Waggle's advantage over the best peer: > 1 when Waggle is better.
function advantage(r) {
  const peers = PEERS.map((p) => r[p]).filter((v) => typeof v === 'number' && v > 0);
  if (peers.length === 0 || !(r.waggle > 0)) return null;
  return r.better === 'higher' ? r.waggle / Math.max(...peers) : Math.min(...peers) / r.waggle;
}

const escape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

function chart(bench) {
  const rows = bench.results.map((r) => ({ name: r.workload, value: advantage(r) }))
    .filter((r) => r.value !== null);
  const width = 1100, label = 470, rowHeight = 24, top = 56, bottom = 40;
  const height = top + rows.length * rowHeight + bottom;
  const span = 16;  // the axis runs from 1/16x to 16x
  const plot = width - label - 40;
  const x = (v) => label + plot / 2 + (Math.log2(Math.min(span, Math.max(1 / span, v))) / Math.log2(span)) * (plot / 2);
  const bars = rows.map((r, i) => {
    const y = top + i * rowHeight;
    const x0 = x(1), x1 = x(r.value);
    const good = r.value >= 1;
    const text = r.value >= 1 ? `${r.value.toFixed(2)}x better` : `${(1 / r.value).toFixed(2)}x worse`;
    return `<text x="${label - 8}" y="${y + 16}" text-anchor="end">${escape(r.name)}</text>
      <rect x="${Math.min(x0, x1)}" y="${y + 4}" width="${Math.max(1, Math.abs(x1 - x0))}" height="${rowHeight - 8}"
        fill="${good ? '#2e8b57' : '#c0392b'}"/>
      <text x="${good ? x1 + 4 : x1 - 4}" y="${y + 16}" text-anchor="${good ? 'start' : 'end'}" class="v">${text}</text>`;
  }).join('\n');
  const ticks = [1 / 16, 1 / 4, 1, 4, 16].map((v) => `<line x1="${x(v)}" x2="${x(v)}" y1="${top - 6}"
      y2="${height - bottom}" stroke="${v === 1 ? '#333' : '#ddd'}"/>
    <text x="${x(v)}" y="${height - bottom + 16}" text-anchor="middle" class="v">${v >= 1 ? `${v}x` : `1/${1 / v}x`}</text>`).join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <style>text { font: 13px sans-serif; fill: #222 } .v { font-size: 12px; fill: #555 } .t { font-size: 15px; font-weight: bold }</style>
    <rect width="100%" height="100%" fill="white"/>
    <text x="16" y="24" class="t">Waggle vs the best peer on the same data (${bench.rows.toLocaleString('en-US')} rows; ${escape(bench.machine.split(',').slice(0, 2).join(','))})</text>
    <text x="16" y="42" class="v">right of 1x: Waggle better; left: worse. Peers: ClickHouse, DuckDB, moto. ${escape(bench.date.slice(0, 10))}</text>
    ${ticks}
    ${bars}
  </svg>`;
}

const reason = await skipReason();
if (reason) {
  console.error(`cannot draw the chart: ${reason}`);
  process.exit(1);
}
const bench = JSON.parse(readFileSync(input, 'utf8'));
const svg = chart(bench);
const browser = await launch();
try {
  const page = await browser.page();
  await page.setContent(`<html><body style="margin:0">${svg}</body></html>`);
  await page.locator('svg').screenshot({ path: output });
  console.log(output);
} finally {
  await browser.close();
}
