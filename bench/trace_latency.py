#!/usr/bin/env python3
"""Times GET /api/v1/traces/{id} over one keep-alive connection.

usage: trace_latency.py BASE_URL IDS_FILE COUNT
Prints {"p50_ms", "p99_ms", "max_ms", "found", "count"} as JSON. Each id is
asked once, so every lookup is a different trace (warm page cache, cold
per-trace).
"""
import http.client
import json
import sys
import time
import urllib.parse


def main():
    base, ids_file, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    ids = [line.strip() for line in open(ids_file) if line.strip()]
    step = max(1, len(ids) // count)
    ids = ids[::step][:count]
    url = urllib.parse.urlparse(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    times, found = [], 0
    for trace_id in ids:
        start = time.perf_counter()
        conn.request("GET", f"/api/v1/traces/{trace_id}")
        resp = conn.getresponse()
        body = resp.read()
        times.append((time.perf_counter() - start) * 1000)
        if resp.status == 200 and json.loads(body)["spans"]:
            found += 1
    times.sort()
    pick = lambda q: round(times[min(len(times) - 1, int(q * len(times)))], 2)
    print(json.dumps({"p50_ms": pick(0.5), "p99_ms": pick(0.99), "max_ms": round(times[-1], 2),
                      "found": found, "count": len(ids)}))


if __name__ == "__main__":
    main()
