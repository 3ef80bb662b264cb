#!/usr/bin/env bash
# `make bench`: runs every workload on Waggle and its peers (ClickHouse,
# DuckDB) over the same synthetic rows and prints one table (bench/README.md).
# Sizes (env vars; lower them for a quick run):
#   BENCH_INGEST_SECONDS (20)   BENCH_CONNECTIONS (32)
#   BENCH_CH_INGEST_SPANS (2000000)  BENCH_CH_BATCH (10000)  BENCH_CH_CONNECTIONS (4)
#   BENCH_STORAGE_SPANS (10000000; also the query data)  BENCH_QUERY_RUNS (5)
#   BENCH_BIG_SPANS (0 = skip; e.g. 100000000 for Waggle's trace-by-id at scale)
#   BENCH_XRAY_SEGMENTS (20000; PutTraceSegments against Waggle and moto)
#   BENCH_LOGS_BATCHES (100; PutLogEvents calls of 10,000 events)
#   BENCH_ROLLBAR_ITEMS (5000; Rollbar items through POST /api/1/item/)
#   BENCH_PEERS (clickhouse,duckdb,moto; empty = Waggle alone)  BENCH_SEED (1)
#   BENCH_SKIP_BUILD (set: use the binaries already in BUILD)
#   BENCH_WORKLOADS (ingest,xray,logs,rollbar,storage,queries,micro; storage always runs)
#   QUICK=1: 10 s ingest, 500k ClickHouse spans, 1M storage/query spans, 3 runs
# Everything listens on loopback only and stops by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=${1:-build/release}
if [ -z "${BENCH_SKIP_BUILD:-}" ]; then
  cmake --build "$BUILD" -j "${BENCH_JOBS:-2}" \
    --target waggle waggle_ingest_load waggle_synth_export waggle_xray_udp_load \
    waggle_micro_bench >/dev/null
fi
WAGGLE=$BUILD/src/waggle
LOAD=$BUILD/bench/waggle_ingest_load
EXPORT=$BUILD/bench/waggle_synth_export
XRAY_LOAD=$BUILD/bench/waggle_xray_udp_load
if [ "${QUICK:-0}" = 1 ]; then  # `make bench QUICK=1`: smaller defaults, a few minutes
  : "${BENCH_INGEST_SECONDS:=10}" "${BENCH_CH_INGEST_SPANS:=500000}" "${BENCH_STORAGE_SPANS:=1000000}"
  : "${BENCH_QUERY_RUNS:=3}"
fi
INGEST_SECONDS=${BENCH_INGEST_SECONDS:-20}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
CH_INGEST_SPANS=${BENCH_CH_INGEST_SPANS:-2000000}
CH_BATCH=${BENCH_CH_BATCH:-10000}
CH_CONNECTIONS=${BENCH_CH_CONNECTIONS:-4}
STORAGE_SPANS=${BENCH_STORAGE_SPANS:-10000000}
QUERY_RUNS=${BENCH_QUERY_RUNS:-5}
BIG_SPANS=${BENCH_BIG_SPANS:-0}
XRAY_SEGMENTS=${BENCH_XRAY_SEGMENTS:-20000}
LOGS_BATCHES=${BENCH_LOGS_BATCHES:-100}
ROLLBAR_ITEMS=${BENCH_ROLLBAR_ITEMS:-5000}
PEERS=${BENCH_PEERS-clickhouse,duckdb,moto}
SEED=${BENCH_SEED:-1}
has_peer() { [[ ",$PEERS," == *",$1,"* ]]; }
if [ -n "$PEERS" ]; then bench/peers/install.sh; fi
# shellcheck source=peers/clickhouse.sh
source bench/peers/clickhouse.sh

WORK=$(mktemp -d "${TMPDIR:-/tmp}/waggle-bench.XXXXXX")
RESULTS=$WORK/results.tsv
: >"$RESULTS"
SERVER_PID=""
MOTO_PID=""
START=$(date +%s)
cleanup() {
  [ -n "$SERVER_PID" ] && kill -9 "$SERVER_PID" 2>/dev/null || true
  [ -n "$MOTO_PID" ] && kill -9 "$MOTO_PID" 2>/dev/null || true
  ch_stop
  rm -rf "$WORK"
}
trap cleanup EXIT

# result WORKLOAD METRIC BETTER WAGGLE [CLICKHOUSE] [DUCKDB] [MOTO]
result() {
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "${5:-}" "${6:-}" "${7:-}" >>"$RESULTS"
  echo "  $1: waggle=$4 clickhouse=${5:-} duckdb=${6:-} moto=${7:-} $2" >&2
}
json() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2], {}, {"d": d}))' "$@"; }
calc() { python3 -c "print($1)"; }
rss_mib() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }
# Anonymous memory only: RSS without the page cache of mmapped segment files.
anon_mib() { awk '/RssAnon/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14+$15)/hz}' "/proc/$1/stat"; }

start_server() {  # start_server DATA_DIR [FLAG...] -> sets SERVER_PID, HTTP_PORT, OTLP_PORT
  rm -f "$1/ports.json"
  "$WAGGLE" serve --data "$1" --http-port 0 --otlp-http-port 0 --otlp-grpc-port 0 --xray-port 0 \
    "${@:2}" >"$1.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 600); do
    [ -s "$1/ports.json" ] && break
    sleep 0.05
  done
  HTTP_PORT=$(json "$1/ports.json" 'd["http"]')
  OTLP_PORT=$(json "$1/ports.json" 'd["otlp_http"]')
}

stop_server() {
  kill -TERM "$SERVER_PID"
  wait "$SERVER_PID" || true
  SERVER_PID=""
}

# --- 1. ingest ---------------------------------------------------------------
waggle_ingest() {
  echo "== Waggle: OTLP/HTTP protobuf ingest, durable ($CONNECTIONS connections, ${INGEST_SECONDS}s)" >&2
  start_server "$WORK/ingest"
  sleep 2
  result "RSS idle" MiB lower "$(rss_mib "$SERVER_PID")"
  local cpu0 cpu1 peak spans
  cpu0=$(cpu_seconds "$SERVER_PID")
  (while kill -0 "$SERVER_PID" 2>/dev/null; do
    rss_mib "$SERVER_PID"
    echo
    sleep 0.5
  done) >"$WORK/rss.txt" 2>/dev/null &
  local sampler=$!
  "$LOAD" --url "http://127.0.0.1:$OTLP_PORT/v1/traces" --connections "$CONNECTIONS" \
    --spans-per-request 512 --seconds "$INGEST_SECONDS" >"$WORK/ingest.json"
  cpu1=$(cpu_seconds "$SERVER_PID")
  kill "$sampler" 2>/dev/null || true
  peak=$(sort -n "$WORK/rss.txt" | tail -1)
  spans=$(json "$WORK/ingest.json" 'round(d["spans_per_second"]*d["seconds"])')
  W_INGEST_RATE=$(json "$WORK/ingest.json" 'round(d["spans_per_second"])')
  W_INGEST_CPU=$(calc "round(($cpu1-$cpu0)/max($spans,1)*1e6, 2)")
  result "RSS while ingesting (peak)" MiB lower "$peak"
  result "RSS after ingest, anonymous" MiB lower "$(anon_mib "$SERVER_PID")"
  result "ingest request p99 (512 spans)" ms lower "$(json "$WORK/ingest.json" 'd["p99_ms"]')"

  echo "== Waggle: WAL replay after kill -9" >&2
  kill -9 "$SERVER_PID"
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
  local wal_bytes replay
  wal_bytes=$(du -sb "$WORK/ingest/wal" | cut -f1)
  start_server "$WORK/ingest"
  replay=$(curl -s "http://127.0.0.1:$HTTP_PORT/metrics" | awk '/^waggle_store_replay_seconds/ {print $2}')
  result "WAL replay ($(calc "round($wal_bytes/2**20)") MiB)" "s/GiB" lower \
    "$(calc "round($replay/max($wal_bytes,1)*2**30, 2)")"
  stop_server
  rm -rf "$WORK/ingest"
}

# ClickHouse: the same spans (as rows) over its HTTP interface, per format.
clickhouse_ingest() {  # clickhouse_ingest FORMAT(jsonl|tsv) CH_FORMAT -> CH_RATE, CH_CPU
  local rows=$WORK/ingest.$1
  [ -s "$rows" ] || "$EXPORT" --spans "$CH_INGEST_SPANS" --seed "$SEED" --format "$1" --out "$rows" 2>/dev/null
  ch_query "DROP TABLE IF EXISTS spans" && ch_create_spans
  local cpu0 cpu1
  cpu0=$(cpu_seconds "$CH_PID")
  python3 bench/peers/ch_ingest.py "http://127.0.0.1:$CH_HTTP" "$2" "$rows" "$CH_BATCH" \
    "$CH_CONNECTIONS" >"$WORK/ch_ingest.json"
  cpu1=$(cpu_seconds "$CH_PID")
  local n
  n=$(json "$WORK/ch_ingest.json" 'd["rows"]')
  CH_RATE=$(json "$WORK/ch_ingest.json" 'd["rows_per_second"]')
  CH_CPU=$(calc "round(($cpu1-$cpu0)/max($n,1)*1e6, 2)")
  [ "$(json "$WORK/ch_ingest.json" 'd["errors"]')" = 0 ] || echo "  clickhouse: insert errors" >&2
}

ingest() {
  waggle_ingest
  local j_rate="" j_cpu="" t_rate="" t_cpu=""
  if has_peer clickhouse; then
    echo "== ClickHouse: $CH_INGEST_SPANS spans over HTTP ($CH_CONNECTIONS connections, $CH_BATCH rows per insert)" >&2
    ch_start "$WORK/ch-ingest"
    clickhouse_ingest jsonl JSONEachRow
    j_rate=$CH_RATE j_cpu=$CH_CPU
    clickhouse_ingest tsv TabSeparated
    t_rate=$CH_RATE t_cpu=$CH_CPU
    ch_stop
    rm -rf "$WORK/ch-ingest" "$WORK"/ingest.jsonl "$WORK"/ingest.tsv
  fi
  result "ingest (Waggle OTLP protobuf; CH JSONEachRow)" "spans/s" higher "$W_INGEST_RATE" "$j_rate"
  result "ingest (Waggle OTLP protobuf; CH TabSeparated)" "spans/s" higher "$W_INGEST_RATE" "$t_rate"
  result "ingest server CPU (CH JSONEachRow)" "CPU s/1M spans" lower "$W_INGEST_CPU" "$j_cpu"
  result "ingest server CPU (CH TabSeparated)" "CPU s/1M spans" lower "$W_INGEST_CPU" "$t_cpu"
}

# --- 2. X-Ray: the daemon's UDP intake, and the API against moto -----------
xray_stored() { curl -s "http://127.0.0.1:$HTTP_PORT/metrics" | awk '/^waggle_xray_segments_total/ {print $2}'; }

udp_step() {  # udp_step RATE (0 = flat out) -> STEP_SENT, STEP_STORED, STEP_SECONDS
  local before after last
  before=$(xray_stored)
  "$XRAY_LOAD" --port "$XRAY_PORT" --rate "$1" --seconds 3 >"$WORK/udp.json"
  after=$(xray_stored) last=-1
  while [ "$after" != "$last" ]; do  # until the daemon's queue has drained
    sleep 0.5
    last=$after after=$(xray_stored)
  done
  STEP_SENT=$(json "$WORK/udp.json" 'd["sent"]')
  STEP_SECONDS=$(json "$WORK/udp.json" 'd["seconds"]')
  STEP_STORED=$((after - before))
  echo "  udp at ${1}/s: sent $STEP_SENT, stored $STEP_STORED" >&2
}

moto_start() {  # -> MOTO_PID, MOTO_URL
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  python3 -m moto.server -H 127.0.0.1 -p "$port" >"$WORK/moto.log" 2>&1 &
  MOTO_PID=$!
  MOTO_URL=http://127.0.0.1:$port
  for _ in $(seq 1 200); do
    curl -s -o /dev/null "$MOTO_URL/moto-api/" && return 0
    sleep 0.1
  done
  echo "  moto did not start (see $WORK/moto.log)" >&2
}

moto_stop() {
  kill "$MOTO_PID" 2>/dev/null || true
  wait "$MOTO_PID" 2>/dev/null || true
  MOTO_PID=""
}

xray() {
  echo "== X-Ray: segments over the daemon's UDP port, 3 s per rate" >&2
  start_server "$WORK/xray"
  XRAY_PORT=$(json "$WORK/xray/ports.json" 'd["xray"]')
  # The ladder stops at the first step that loses a datagram; a step's rate
  # is what the sender reached, which on a small machine can be below the ask.
  local best=0 drops_100k="" rate
  for rate in 50000 100000 150000 200000 300000; do
    udp_step "$rate"
    [ "$rate" = 100000 ] && drops_100k=$((STEP_SENT - STEP_STORED))
    [ "$STEP_STORED" = "$STEP_SENT" ] || break
    best=$(calc "round($STEP_SENT/$STEP_SECONDS)")
  done
  udp_step 0
  result "X-Ray UDP: highest rate stored with 0 drops" "segments/s" higher "$best"
  [ -n "$drops_100k" ] && result "X-Ray UDP at 100k/s for 3 s: dropped" datagrams lower "$drops_100k"
  result "X-Ray UDP, sender flat out: stored" "segments/s" higher \
    "$(calc "round($STEP_STORED/$STEP_SECONDS)")"
  stop_server
  rm -rf "$WORK/xray"
  echo "== X-Ray API: $XRAY_SEGMENTS segments by PutTraceSegments, then every GetTraceSummaries page" >&2
  start_server "$WORK/xray-api"
  python3 bench/peers/xray_api.py put "http://127.0.0.1:$HTTP_PORT" "$XRAY_SEGMENTS" >"$WORK/xw.json"
  stop_server
  rm -rf "$WORK/xray-api"
  echo '{}' >"$WORK/xm.json"
  if has_peer moto; then
    moto_start
    python3 bench/peers/xray_api.py put "$MOTO_URL" "$XRAY_SEGMENTS" >"$WORK/xm.json" || echo '{}' >"$WORK/xm.json"
    moto_stop
  fi
  local m_put m_sum
  m_put=$(json "$WORK/xm.json" 'd.get("segments_per_second", "")')
  m_sum=$(json "$WORK/xm.json" 'd.get("summaries_ms", "")')
  result "X-Ray PutTraceSegments (50 per call, 4 clients)" "segments/s" higher \
    "$(json "$WORK/xw.json" 'd["segments_per_second"]')" "" "" "$m_put"
  result "X-Ray GetTraceSummaries, $XRAY_SEGMENTS traces, every page" ms lower \
    "$(json "$WORK/xw.json" 'd["summaries_ms"]')" "" "" "$m_sum"
}

# CloudWatch Logs PutLogEvents, durable in Waggle, in memory in moto.
cwlogs() {
  echo "== CloudWatch Logs: $LOGS_BATCHES PutLogEvents calls of 10,000 events, 4 clients" >&2
  start_server "$WORK/logs"
  python3 bench/peers/logs_api.py put "http://127.0.0.1:$HTTP_PORT" "$LOGS_BATCHES" >"$WORK/lw.json"
  stop_server
  rm -rf "$WORK/logs"
  echo '{}' >"$WORK/lm.json"
  if has_peer moto; then
    moto_start
    python3 bench/peers/logs_api.py put "$MOTO_URL" "$LOGS_BATCHES" >"$WORK/lm.json" || echo '{}' >"$WORK/lm.json"
    moto_stop
  fi
  result "CloudWatch PutLogEvents (10,000 x 77 B per call, 4 clients)" "events/s" higher \
    "$(json "$WORK/lw.json" 'd["events_per_second"]')" "" "" "$(json "$WORK/lm.json" 'd.get("events_per_second", "")')"
}

# Rollbar items/s (Waggle only: no peer speaks the Rollbar API), with the
# per-token rate limit lifted so the server, not the limit, is measured.
rollbar() {
  echo "== Rollbar: $ROLLBAR_ITEMS pyrollbar-shaped items, 4 clients" >&2
  start_server "$WORK/rollbar" --rollbar-rate-limit 1000000000
  python3 bench/peers/rollbar_items.py "http://127.0.0.1:$HTTP_PORT" "$ROLLBAR_ITEMS" >"$WORK/rb.json"
  stop_server
  rm -rf "$WORK/rollbar"
  result "Rollbar items (pyrollbar-shaped, 4 clients)" "items/s" higher \
    "$(json "$WORK/rb.json" 'd["items_per_second"]')"
}

# --- 3. storage: the same STORAGE_SPANS spans in every system -----------------
storage() {
  echo "== storage: $STORAGE_SPANS synthetic spans (seed $SEED)" >&2
  "$WAGGLE" load --synthetic "$STORAGE_SPANS" --seed "$SEED" --data "$WORK/storage" \
    --trace-ids "$WORK/storage-ids.txt" 2>"$WORK/storage.log"
  local load_secs seg_bytes dir_bytes ch="" duck=""
  load_secs=$(tail -1 "$WORK/storage.log" | sed -E 's/.* in ([0-9.]+) s .*/\1/')
  result "bulk load (waggle load)" "spans/s" higher "$(calc "round($STORAGE_SPANS/$load_secs)")"
  seg_bytes=$(find "$WORK/storage/datasets" -name '*.seg' -printf '%s\n' | awk '{s+=$1} END {print s+0}')
  dir_bytes=$(du -sb "$WORK/storage" | cut -f1)
  if [ -n "$PEERS" ]; then
    echo "== exporting the same spans as rows" >&2
    "$EXPORT" --spans "$STORAGE_SPANS" --seed "$SEED" --format jsonl --out "$WORK/rows.jsonl" 2>/dev/null
    echo "  rows file: $(calc "round($(stat -c %s "$WORK/rows.jsonl")/$STORAGE_SPANS)") bytes/span as JSON" >&2
  fi
  if has_peer clickhouse; then
    echo "== ClickHouse: load + OPTIMIZE FINAL" >&2
    ch_start "$WORK/ch"
    ch_create_spans
    curl -sS --fail-with-body -T "$WORK/rows.jsonl" \
      "http://127.0.0.1:$CH_HTTP/?query=INSERT%20INTO%20spans%20FORMAT%20JSONEachRow" >/dev/null
    ch_query "OPTIMIZE TABLE spans FINAL"
    local ch_bytes
    ch_bytes=$(ch_query "SELECT sum(bytes_on_disk) FROM system.parts WHERE active AND table = 'spans'")
    ch=$(calc "round($ch_bytes/$STORAGE_SPANS, 1)")
    CH_USER=$(ch_query "SELECT min(user_id) FROM spans WHERE user_id != ''")
    ch_stop
  fi
  if has_peer duckdb; then
    echo "== DuckDB: load + CHECKPOINT" >&2
    node bench/peers/duckdb.mjs load "$WORK/spans.duckdb" "$WORK/rows.jsonl" >"$WORK/duck_load.json"
    duck=$(calc "round($(json "$WORK/duck_load.json" 'd["bytes"]')/$STORAGE_SPANS, 1)")
  fi
  rm -f "$WORK/rows.jsonl"
  result "disk, segments incl. trace-id bloom" "bytes/span" lower \
    "$(calc "round($seg_bytes/$STORAGE_SPANS, 1)")" "$ch" "$duck"
  result "disk, whole data dir" "bytes/span" lower "$(calc "round($dir_bytes/$STORAGE_SPANS, 1)")" "$ch" "$duck"
}

# --- 4. queries over the storage data ----------------------------------------
queries() {
  echo "== queries over $STORAGE_SPANS spans (cold = first run after a restart, warm = median of $QUERY_RUNS)" >&2
  local trace_id user_id
  trace_id=$(head -1 "$WORK/storage-ids.txt")
  user_id=${CH_USER:-}
  if [ -z "$user_id" ]; then
    user_id=$("$EXPORT" --spans 2000 --seed "$SEED" 2>/dev/null | python3 -c '
import json, sys
print(min(json.loads(l)["user_id"] for l in sys.stdin if json.loads(l)["user_id"]))')
  fi
  python3 -c 'import json,sys,time; json.dump({"trace_id":sys.argv[1],"user_id":sys.argv[2],"now_s":time.time(),"days":1,"recent_s":7200}, open(sys.argv[3],"w"))' \
    "$trace_id" "$user_id" "$WORK/params.json"
  start_server "$WORK/storage"
  python3 bench/peers/queries.py run waggle "http://127.0.0.1:$HTTP_PORT" "$WORK/params.json" "$QUERY_RUNS" >"$WORK/q_waggle.json"
  xray_window_queries
  result "RSS after queries, $STORAGE_SPANS spans" MiB lower "$(rss_mib "$SERVER_PID")"
  stop_server
  echo '{}' >"$WORK/q_clickhouse.json"
  echo '{}' >"$WORK/q_duckdb.json"
  if has_peer clickhouse; then
    ch_start "$WORK/ch"
    python3 bench/peers/queries.py run clickhouse "http://127.0.0.1:$CH_HTTP" "$WORK/params.json" "$QUERY_RUNS" >"$WORK/q_clickhouse.json"
    ch_stop
  fi
  if has_peer duckdb; then
    python3 bench/peers/queries.py sql duckdb "$WORK/params.json" >"$WORK/duck_queries.json"
    node bench/peers/duckdb.mjs query "$WORK/spans.duckdb" "$WORK/duck_queries.json" "$QUERY_RUNS" >"$WORK/q_duckdb.json"
  fi
  python3 - "$WORK" >>"$RESULTS" <<'PY'
import json, sys
w = sys.argv[1]
res = {s: json.load(open("%s/q_%s.json" % (w, s))) for s in ("waggle", "clickhouse", "duckdb")}
for name in res["waggle"]:
    for kind in ("warm", "cold"):
        vals = [str(res[s].get(name, {}).get(kind + "_ms", "")) for s in ("waggle", "clickhouse", "duckdb")]
        print("\t".join(["query: %s (%s)" % (name, kind), "ms", "lower"] + vals))
    answers = {s: res[s].get(name, {}).get("answer") for s in res if res[s].get(name)}
    if len({a for a in answers.values() if a is not None}) > 1:
        print("  note: %s: the systems' answers differ: %s" % (name, answers), file=sys.stderr)
PY
  grep -h '"error"' "$WORK"/q_*.json >&2 || true
}

# The X-Ray reads over the last hour of the storage data (Waggle only: moto
# answers GetServiceGraph with no services and refuses filter expressions).
xray_window_queries() {
  local now
  now=$(date +%s)
  python3 bench/peers/xray_api.py window "http://127.0.0.1:$HTTP_PORT" $((now - 3600)) "$now" \
    "$QUERY_RUNS" >"$WORK/xq.json"
  local kind
  for kind in warm cold; do
    result "X-Ray GetServiceGraph, last hour of $STORAGE_SPANS spans ($kind)" ms lower \
      "$(json "$WORK/xq.json" "d['service_graph']['${kind}_ms']")"
    result "X-Ray GetTraceSummaries + filter, first page, last hour ($kind)" ms lower \
      "$(json "$WORK/xq.json" "d['filtered_summaries']['${kind}_ms']")"
  done
}

# --- 5. trace by id at scale (Waggle only; BENCH_BIG_SPANS) -------------------
big_trace_by_id() {
  echo "== trace by id: $BIG_SPANS synthetic spans" >&2
  "$WAGGLE" load --synthetic "$BIG_SPANS" --data "$WORK/big" --trace-ids "$WORK/ids.txt" 2>"$WORK/big.log"
  start_server "$WORK/big"
  python3 bench/trace_latency.py "http://127.0.0.1:$HTTP_PORT" "$WORK/ids.txt" 200 >"$WORK/trace.json"
  result "trace by id p50, $BIG_SPANS spans (warm)" ms lower "$(json "$WORK/trace.json" 'd["p50_ms"]')"
  result "trace by id p99, $BIG_SPANS spans (warm)" ms lower "$(json "$WORK/trace.json" 'd["p99_ms"]')"
  stop_server
  rm -rf "$WORK/big"
}

# --- 6. micro-benchmarks of the hot paths (Waggle only, Google Benchmark) -----
micro() {
  echo "== micro-benchmarks: decoders, column encodings, scan kernels" >&2
  "$BUILD/bench/waggle_micro_bench" --benchmark_min_time=0.3 \
    --benchmark_out="$ROOT/bench/results/micro.json" --benchmark_out_format=json >/dev/null
  python3 bench/micro_report.py "$ROOT/bench/results/micro.json" "$ROOT/bench/results/micro.md"
}

WORKLOADS=${BENCH_WORKLOADS:-ingest,xray,logs,rollbar,storage,queries,micro}
if [[ ",$WORKLOADS," == *",ingest,"* ]]; then ingest; fi
if [[ ",$WORKLOADS," == *",xray,"* ]]; then xray; fi
if [[ ",$WORKLOADS," == *",logs,"* ]]; then cwlogs; fi
if [[ ",$WORKLOADS," == *",rollbar,"* ]]; then rollbar; fi
storage  # the data the queries read
if [[ ",$WORKLOADS," == *",queries,"* ]]; then queries; fi
if [ "$BIG_SPANS" -gt 0 ]; then big_trace_by_id; fi
if [[ ",$WORKLOADS," == *",micro,"* ]]; then micro; fi
rm -rf "$WORK/storage" "$WORK/ch" "$WORK/spans.duckdb"

echo
echo "Sizes: ingest ${INGEST_SECONDS}s x $CONNECTIONS connections (Waggle), $CH_INGEST_SPANS spans (ClickHouse);" \
  "storage and queries $STORAGE_SPANS spans; run took $(($(date +%s) - START)) s"
python3 bench/report.py "$RESULTS" "$ROOT/bench/results" "$STORAGE_SPANS"
