// DuckDB peer for bench/run.sh, in-process in Node (@duckdb/node-api).
//   node duckdb.mjs load DB_FILE ROWS.jsonl      -> {"rows","bytes","seconds"}
//   node duckdb.mjs query DB_FILE QUERIES.json RUNS -> {name: {cold_ms, warm_ms, answer}}
// `load` reads the rows waggle_synth_export wrote (newline-delimited JSON)
// into a table sorted like ClickHouse's (service_name, start_ns), then
// checkpoints, so the file size is what DuckDB keeps on disk. `query` runs
// each query once right after opening the file (cold), then RUNS more
// times (warm, median). Threads are capped at 2 like the other systems.
import { DuckDBInstance } from '@duckdb/node-api';
import fs from 'node:fs';

const COLUMNS = {
  start_ns: 'BIGINT', trace_id: 'VARCHAR', span_id: 'VARCHAR', parent_id: 'VARCHAR',
  service_name: 'VARCHAR', name: 'VARCHAR', kind: 'UTINYINT', duration_ns: 'BIGINT',
  status_code: 'UTINYINT', status_message: 'VARCHAR', http_method: 'VARCHAR',
  http_route: 'VARCHAR', http_status: 'INTEGER', user_id: 'VARCHAR', db_statement: 'VARCHAR',
  scope_name: 'VARCHAR', attributes: 'VARCHAR', events: 'VARCHAR',
};

function sqlString(s) { return `'${s.replaceAll("'", "''")}'`; }

async function open(file) {
  const instance = await DuckDBInstance.create(file, { threads: '2' });
  return instance.connect();
}

async function load(file, rowsPath) {
  fs.rmSync(file, { force: true });
  fs.rmSync(`${file}.wal`, { force: true });
  const conn = await open(file);
  const cols = Object.entries(COLUMNS).map(([k, v]) => `${k}: ${sqlString(v)}`).join(', ');
  const t0 = performance.now();
  await conn.run(`CREATE TABLE spans AS SELECT * FROM read_json(${sqlString(rowsPath)},
      format = 'newline_delimited', columns = {${cols}}, maximum_object_size = 16777216)
      ORDER BY service_name, start_ns`);
  await conn.run('CHECKPOINT');
  const seconds = (performance.now() - t0) / 1000;
  const rows = Number((await conn.runAndReadAll('SELECT count(*) FROM spans')).getRows()[0][0]);
  conn.closeSync();
  console.log(JSON.stringify({ rows, bytes: fs.statSync(file).size, seconds }));
}

// Summarizes rows as queries.py's SQL_ANSWERS says: [kind, column].
function answerOf(spec, rows) {
  if (!spec) return null;
  const [kind, col] = spec;
  if (kind === 'rows') return rows.length;
  if (rows.length === 0) return 0;
  if (kind === 'sum') return rows.reduce((a, r) => a + Number(r[col]), 0);
  return Number(rows[0][col]);
}

async function timed(conn, sql, spec) {
  const t0 = performance.now();
  const reader = await conn.runAndReadAll(sql);
  const ms = performance.now() - t0;
  return [ms, answerOf(spec, reader.getRows())];
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function query(file, queriesPath, runs) {
  const conn = await open(file);
  const out = {};
  for (const { name, sql, answer: spec } of JSON.parse(fs.readFileSync(queriesPath, 'utf8'))) {
    try {
      const [cold, answer] = await timed(conn, sql, spec);
      const warm = [];
      for (let i = 0; i < runs; i++) warm.push((await timed(conn, sql, spec))[0]);
      out[name] = { cold_ms: +cold.toFixed(2), warm_ms: +median(warm).toFixed(2), answer };
    } catch (e) {
      out[name] = { error: String(e.message).slice(0, 300) };
      console.error(`duckdb: ${name}: ${e.message}`);
    }
  }
  conn.closeSync();
  console.log(JSON.stringify(out));
}

const [cmd, ...args] = process.argv.slice(2);
if (cmd === 'load') await load(args[0], args[1]);
else if (cmd === 'query') await query(args[0], args[1], Number(args[2] ?? 5));
else { console.error('usage: duckdb.mjs load DB ROWS.jsonl | query DB QUERIES.json RUNS'); process.exit(2); }
