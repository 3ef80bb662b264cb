#!/usr/bin/env bash
# `make bench`: runs every workload against a Release build and prints one
# table. Sizes can be lowered for a quick run:
#   BENCH_INGEST_SECONDS (20)  BENCH_CONNECTIONS (32)
#   BENCH_STORAGE_SPANS (10000000)  BENCH_BIG_SPANS (100000000)
# Everything listens on loopback only and stops by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build/release}
cmake --build "$BUILD" -j "$(nproc)" --target waggle waggle_ingest_load >/dev/null
WAGGLE=$BUILD/src/waggle
LOAD=$BUILD/bench/waggle_ingest_load
INGEST_SECONDS=${BENCH_INGEST_SECONDS:-20}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
STORAGE_SPANS=${BENCH_STORAGE_SPANS:-10000000}
BIG_SPANS=${BENCH_BIG_SPANS:-100000000}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/waggle-bench.XXXXXX")
RESULTS=$WORK/results.tsv
SERVER_PID=""
cleanup() {
  [ -n "$SERVER_PID" ] && kill -9 "$SERVER_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

result() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$RESULTS"; echo "  $1: $2 $3" >&2; }
rss_mib() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }
# Anonymous memory only: RSS without the page cache of mmapped segment files.
anon_mib() { awk '/RssAnon/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14+$15)/hz}' "/proc/$1/stat"; }

start_server() {  # start_server DATA_DIR -> sets SERVER_PID, HTTP_PORT, OTLP_PORT
  rm -f "$1/ports.json"
  "$WAGGLE" serve --data "$1" --http-port 0 --otlp-http-port 0 --otlp-grpc-port 0 --xray-port 0 \
    >"$1.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 600); do
    [ -s "$1/ports.json" ] && break
    sleep 0.05
  done
  HTTP_PORT=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["http"])' "$1/ports.json")
  OTLP_PORT=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["otlp_http"])' "$1/ports.json")
}

stop_server() {
  kill -TERM "$SERVER_PID"
  wait "$SERVER_PID" || true
  SERVER_PID=""
}

echo "== OTLP/HTTP protobuf ingest, durable ($CONNECTIONS connections, ${INGEST_SECONDS}s)" >&2
start_server "$WORK/ingest"
sleep 2
result "RSS idle" "$(rss_mib "$SERVER_PID")" MiB
cpu0=$(cpu_seconds "$SERVER_PID")
peak=0
( while kill -0 "$SERVER_PID" 2>/dev/null; do rss_mib "$SERVER_PID"; echo; sleep 0.5; done ) >"$WORK/rss.txt" 2>/dev/null &
SAMPLER=$!
"$LOAD" --url "http://127.0.0.1:$OTLP_PORT/v1/traces" --connections "$CONNECTIONS" \
  --spans-per-request 512 --seconds "$INGEST_SECONDS" >"$WORK/ingest.json"
cpu1=$(cpu_seconds "$SERVER_PID")
kill "$SAMPLER" 2>/dev/null || true
peak=$(sort -n "$WORK/rss.txt" | tail -1)
rate=$(python3 -c 'import json,sys; print(round(json.load(open(sys.argv[1]))["spans_per_second"]))' "$WORK/ingest.json")
spans=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(round(d["spans_per_second"]*d["seconds"]))' "$WORK/ingest.json")
result "ingest spans/s" "$rate" "spans/s"
result "ingest CPU" "$(python3 -c "print(round(($cpu1-$cpu0)/max($spans,1)*1e6, 2))")" "CPU s per 1M spans (server)"
result "RSS while ingesting (peak)" "$peak" MiB
result "RSS after ingest, anonymous" "$(anon_mib "$SERVER_PID")" MiB
p99=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["p99_ms"])' "$WORK/ingest.json")
result "ingest request p99" "$p99" ms

echo "== WAL replay after kill -9" >&2
kill -9 "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
wal_bytes=$(du -sb "$WORK/ingest/wal" | cut -f1)
start_server "$WORK/ingest"
replay=$(curl -s "http://127.0.0.1:$HTTP_PORT/metrics" | awk '/^waggle_store_replay_seconds/ {print $2}')
result "WAL replayed" "$(python3 -c "print(round($wal_bytes/2**20))")" MiB
result "WAL replay time" "$(python3 -c "print(round($replay/max($wal_bytes,1)*2**30, 2))")" "s per GiB"
stop_server

echo "== storage: $STORAGE_SPANS synthetic spans" >&2
"$WAGGLE" load --synthetic "$STORAGE_SPANS" --data "$WORK/storage" 2>"$WORK/storage.log"
load_secs=$(tail -1 "$WORK/storage.log" | sed -E 's/.* in ([0-9.]+) s .*/\1/')
result "bulk load (waggle load)" "$(python3 -c "print(round($STORAGE_SPANS/$load_secs))")" "spans/s"
seg_bytes=$(find "$WORK/storage/datasets" -name '*.seg' -printf '%s\n' | awk '{s+=$1} END {print s+0}')
result "disk" "$(python3 -c "print(round($seg_bytes/$STORAGE_SPANS, 1))")" "bytes/span incl. trace-id index"

echo "== trace by id: $BIG_SPANS synthetic spans" >&2
"$WAGGLE" load --synthetic "$BIG_SPANS" --data "$WORK/big" --trace-ids "$WORK/ids.txt" 2>"$WORK/big.log"
tail -1 "$WORK/big.log" >&2
start_server "$WORK/big"
python3 bench/trace_latency.py "http://127.0.0.1:$HTTP_PORT" "$WORK/ids.txt" 200 >"$WORK/trace.json"
result "trace by id p50 (warm)" "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["p50_ms"])' "$WORK/trace.json")" ms
result "trace by id p99 (warm)" "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["p99_ms"])' "$WORK/trace.json")" ms
result "RSS after lookups, $BIG_SPANS spans" "$(rss_mib "$SERVER_PID")" "MiB (anonymous $(anon_mib "$SERVER_PID") MiB)"
stop_server

echo
printf '%-40s %14s  %s\n' "workload" "waggle" "unit"
while IFS=$'\t' read -r name value unit; do printf '%-40s %14s  %s\n' "$name" "$value" "$unit"; done <"$RESULTS"
