#!/usr/bin/env python3
"""The query workloads, one definition per query for every system.

Each query has the same semantics in Waggle's query spec (POST
/api/v1/query, or GET /api/v1/traces for the trace reads), ClickHouse SQL
and DuckDB SQL over the `spans` table written by waggle_synth_export.

  queries.py run waggle|clickhouse URL PARAMS.json RUNS  -> JSON timings
  queries.py sql duckdb PARAMS.json                      -> JSON [{name, sql}]

PARAMS: {"user_id", "trace_id", "now_s", "days", "recent_s"}. Timings:
{name: {"cold_ms", "warm_ms" (median of RUNS warm runs), "answer"}}, where
`answer` summarizes the result (a total count, a trace's span count...) so
bench/run.sh can check that every system found the same thing; the
first run of each query is the cold one (call this right after a restart).
Python 3 standard library only.
"""
import http.client
import json
import statistics
import sys
import time
import urllib.parse

NICE_STEPS = [1, 5, 10, 15, 30, 60, 300, 600, 900, 1800, 3600, 10800, 21600, 43200, 86400]


def granularity(range_s):
    """Waggle's automatic bucket: the smallest nice step giving <= 300 buckets."""
    for step in NICE_STEPS:
        if range_s / step <= 300:
            return step
    return NICE_STEPS[-1]


def window(p):
    start = int(p["now_s"] - p["days"] * 86400 - 3600)
    return start, int(p["now_s"] + 3600)


def waggle_queries(p):
    start, end = window(p)
    t = {"start_time": start, "end_time": end}
    g = granularity(end - start)
    recent = int(p["now_s"] - p["recent_s"])
    # Results only (series=false): what the peers' GROUP BY returns.
    path = "/api/v1/query?dataset=__all__&signal=spans&series=false"
    q = lambda spec: ("POST", path, dict(spec, **t))
    return [
        ("count by service", q({"calculations": [{"op": "COUNT"}], "breakdowns": ["service.name"]})),
        ("p99(duration) by service", q({"calculations": [{"op": "P99", "column": "duration_ms"}],
                                        "breakdowns": ["service.name"]})),
        ("heatmap(duration) over time", q({"calculations": [{"op": "HEATMAP", "column": "duration_ms"}],
                                           "granularity": g})),
        ("count where user.id = X", q({"calculations": [{"op": "COUNT"}],
                                       "filters": [{"column": "user.id", "op": "=", "value": p["user_id"]}]})),
        ("group by user.id limit 10", q({"calculations": [{"op": "COUNT"}], "breakdowns": ["user.id"],
                                         "filters": [{"column": "user.id", "op": "exists"}],
                                         "orders": [{"op": "COUNT", "order": "descending"}], "limit": 10})),
        ("trace by id", ("GET", "/api/v1/traces/" + p["trace_id"], None)),
        ("recent traces with error", ("GET", "/api/v1/traces?error=true&limit=20&start=%d&end=%d"
                                      % (recent, end), None)),
    ]


def sql_queries(p, dialect):
    start, end = window(p)
    g_ns = granularity(end - start) * 10**9
    recent_ns = int(p["now_s"] - p["recent_s"]) * 10**9
    if dialect == "clickhouse":
        p99 = "quantile(0.99)(duration_ns)"
        log2 = "toUInt8(floor(log2(greatest(duration_ns, 1))))"
        div = "intDiv(start_ns, %d)" % g_ns
        errmax = "max(status_code = 2)"
    else:
        p99 = "approx_quantile(duration_ns, 0.99)"
        log2 = "CAST(floor(log2(greatest(duration_ns, 1))) AS UTINYINT)"
        div = "start_ns // %d" % g_ns
        errmax = "bool_or(status_code = 2)"
    user = p["user_id"].replace("'", "''")
    trace = p["trace_id"].replace("'", "''")
    return [
        ("count by service", "SELECT service_name, count() AS c FROM spans GROUP BY service_name ORDER BY c DESC"),
        ("p99(duration) by service",
         "SELECT service_name, %s AS p99 FROM spans GROUP BY service_name ORDER BY p99 DESC" % p99),
        ("heatmap(duration) over time",
         "SELECT %s AS t, %s AS b, count() AS c FROM spans GROUP BY t, b ORDER BY t, b" % (div, log2)),
        ("count where user.id = X", "SELECT count() FROM spans WHERE user_id = '%s'" % user),
        ("group by user.id limit 10",
         "SELECT user_id, count() AS c FROM spans WHERE user_id != '' GROUP BY user_id ORDER BY c DESC LIMIT 10"),
        ("trace by id", "SELECT * FROM spans WHERE trace_id = '%s' ORDER BY start_ns" % trace),
        ("recent traces with error",
         "SELECT trace_id, min(start_ns) AS s, max(start_ns + duration_ns) AS e, count() AS n, %s AS err "
         "FROM spans WHERE trace_id IN (SELECT trace_id FROM spans WHERE status_code = 2 AND start_ns >= %d) "
         "GROUP BY trace_id ORDER BY s DESC LIMIT 20" % (errmax, recent_ns)),
    ]


# How each query's answer is summarized to cross-check the systems:
# (kind, column) for SQL rows; kind in sum | first | rows.
SQL_ANSWERS = {
    "count by service": ("sum", 1),
    "heatmap(duration) over time": ("sum", 2),
    "count where user.id = X": ("first", 0),
    "group by user.id limit 10": ("first", 1),
    "trace by id": ("rows", 0),
    "recent traces with error": ("rows", 0),
}


def sql_answer(name, rows):
    """rows: list of lists of strings/numbers."""
    kind, col = SQL_ANSWERS.get(name, (None, 0))
    if kind == "rows":
        return len(rows)
    if not rows:
        return 0 if kind else None
    if kind == "sum":
        return sum(float(r[col]) for r in rows)
    if kind == "first":
        return float(rows[0][col])
    return None


def waggle_answer(name, body):
    d = json.loads(body)
    if name == "trace by id":
        return len(d.get("spans", []))
    if name == "recent traces with error":
        return len(d.get("traces", []))
    results = d.get("data", d).get("results", [])
    if name == "heatmap(duration) over time":
        total = 0
        for r in results:
            for v in r.get("data", r).values():
                if isinstance(v, dict):
                    total += sum(b[2] for b in v.get("buckets", []))
        return total
    counts = [r.get("data", r).get("COUNT") for r in results]
    counts = [c for c in counts if isinstance(c, (int, float))]
    if name == "count by service":
        return sum(counts)
    if name in ("count where user.id = X", "group by user.id limit 10"):
        return counts[0] if counts else 0
    return None


def timed(fn):
    t0 = time.perf_counter()
    answer = fn()
    return (time.perf_counter() - t0) * 1000, answer


def run(system, url, params, runs):
    u = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=600)

    def call(method, path, body):
        conn.request(method, path, body=body, headers={"Content-Type": "application/json"})
        resp = conn.getresponse()
        data = resp.read()
        if resp.status >= 300:
            raise RuntimeError("%s %s -> %d %s" % (method, path, resp.status, data[:300]))
        return data

    if system == "waggle":
        todo = [(n, (lambda n=n, m=m, pa=pa, b=b: waggle_answer(n, call(m, pa, json.dumps(b) if b else None))))
                for n, (m, pa, b) in waggle_queries(params)]
    else:
        def ch(n, sql):
            text = call("POST", "/", (sql + " FORMAT TabSeparated").encode()).decode()
            return sql_answer(n, [line.split("\t") for line in text.splitlines()])
        todo = [(n, (lambda n=n, s=s: ch(n, s))) for n, s in sql_queries(params, "clickhouse")]
    out = {}
    for name, fn in todo:
        try:
            cold, answer = timed(fn)
            warm = [timed(fn)[0] for _ in range(runs)]
            out[name] = {"cold_ms": round(cold, 2), "warm_ms": round(statistics.median(warm), 2),
                         "answer": answer}
        except Exception as e:  # report and go on: one failing query must not hide the others
            out[name] = {"error": str(e)[:300]}
            print("%s: %s: %s" % (system, name, e), file=sys.stderr)
    return out


def main():
    if sys.argv[1] == "sql":
        params = json.load(open(sys.argv[3]))
        print(json.dumps([{"name": n, "sql": s, "answer": SQL_ANSWERS.get(n)}
                          for n, s in sql_queries(params, sys.argv[2])]))
    elif sys.argv[1] == "run":
        params = json.load(open(sys.argv[4]))
        print(json.dumps(run(sys.argv[2], sys.argv[3], params, int(sys.argv[5]))))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
