#!/usr/bin/env bash
# Installs the benchmark's peers if missing: Debian's clickhouse-server and
# python3-moto (the X-Ray API peer), and the pinned DuckDB Node package
# (bench/peers/package-lock.json). Only
# `make bench` needs them; scripts/bootstrap.sh does not install them.
set -euo pipefail
cd "$(dirname "$0")"
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
if ! command -v clickhouse-server >/dev/null; then
  echo "bench: installing clickhouse-server" >&2
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    clickhouse-server clickhouse-client
fi
if ! python3 -c 'import moto.server' 2>/dev/null; then
  echo "bench: installing python3-moto" >&2
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    python3-moto python3-flask python3-flask-cors
fi
if [ ! -d node_modules/@duckdb/node-api ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "bench: npm ci in bench/peers" >&2
  npm ci --no-audit --no-fund --loglevel=error
fi
