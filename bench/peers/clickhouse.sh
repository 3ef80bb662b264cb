# ClickHouse peer for bench/run.sh (source it). Debian's clickhouse-server
# 18.16 runs as a plain process with its own config and data under a temp
# dir, on free loopback ports; ch_stop (or the caller's EXIT trap) ends it.
#   ch_start DIR  -> CH_PID, CH_HTTP;  ch_query SQL [FORMAT];  ch_stop
CH_PID=""
CH_HTTP=""

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

ch_start() {  # ch_start DIR
  local dir=$1
  mkdir -p "$dir/data" "$dir/tmp" "$dir/user_files" "$dir/format_schemas"
  CH_HTTP=$(free_port)
  local tcp
  tcp=$(free_port)
  cat >"$dir/users.xml" <<XML
<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>8000000000</max_memory_usage><max_threads>2</max_threads><allow_experimental_low_cardinality_type>1</allow_experimental_low_cardinality_type></default></profiles>
  <users><default><password></password><networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
    <profile>default</profile><quota>default</quota></default></users>
  <quotas><default></default></quotas>
</yandex>
XML
  # Table-wide compression: ZSTD level 3 for every part (the best codec
  # 18.16 has: per-column CODEC(), Delta and DoubleDelta came in 19.x;
  # LowCardinality is experimental there and switched on in the profile).
  cat >"$dir/config.xml" <<XML
<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>$dir/server.log</log><errorlog>$dir/error.log</errorlog><size>100M</size><count>1</count></logger>
  <http_port>$CH_HTTP</http_port>
  <tcp_port>$tcp</tcp_port>
  <listen_host>127.0.0.1</listen_host>
  <max_connections>64</max_connections>
  <keep_alive_timeout>30</keep_alive_timeout>
  <uncompressed_cache_size>1073741824</uncompressed_cache_size>
  <mark_cache_size>536870912</mark_cache_size>
  <path>$dir/data/</path>
  <tmp_path>$dir/tmp/</tmp_path>
  <user_files_path>$dir/user_files/</user_files_path>
  <format_schema_path>$dir/format_schemas/</format_schema_path>
  <users_config>$dir/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <compression><case><min_part_size>0</min_part_size><min_part_size_ratio>0</min_part_size_ratio><method>zstd</method></case></compression>
</yandex>
XML
  clickhouse-server --config-file="$dir/config.xml" -- --listen_host=127.0.0.1 \
    >"$dir/stdout.log" 2>&1 &
  CH_PID=$!
  for _ in $(seq 1 300); do
    curl -sf "http://127.0.0.1:$CH_HTTP/ping" >/dev/null 2>&1 && return 0
    kill -0 "$CH_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "clickhouse did not start; see $dir/*.log" >&2
  tail -5 "$dir/error.log" "$dir/stdout.log" >&2 || true
  return 1
}

ch_query() {  # ch_query SQL -> result on stdout; fails on an error
  curl -sS --fail-with-body "http://127.0.0.1:$CH_HTTP/" --data-binary "$1"
}

ch_stop() {
  [ -n "$CH_PID" ] || return 0
  kill -TERM "$CH_PID" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$CH_PID" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$CH_PID" 2>/dev/null || true
  wait "$CH_PID" 2>/dev/null || true
  CH_PID=""
}

# The spans table, as close to Waggle's content as 18.16 allows: sorted by
# (service, time), low-cardinality strings as LowCardinality(String).
ch_create_spans() {
  ch_query "CREATE TABLE spans (
    start_ns Int64, trace_id String, span_id String, parent_id String,
    service_name LowCardinality(String), name LowCardinality(String), kind UInt8,
    duration_ns Int64, status_code UInt8, status_message String,
    http_method LowCardinality(String), http_route LowCardinality(String), http_status Int32,
    user_id String, db_statement LowCardinality(String), scope_name LowCardinality(String),
    attributes String, events String
  ) ENGINE = MergeTree ORDER BY (service_name, start_ns)"
}
