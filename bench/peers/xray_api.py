#!/usr/bin/env python3
"""The X-Ray API workloads of bench/run.sh, against Waggle or moto.

  xray_api.py put URL SEGMENTS          PutTraceSegments throughput, then
                                        GetTraceSummaries over what was put
  xray_api.py window URL START END RUNS GetServiceGraph and the first page
                                        of a filtered GetTraceSummaries over
                                        [START, END)
Prints one JSON object. Requests carry an unchecked signature (both
servers run without keys). Summaries follow NextToken to the end so both systems do the same
work.
"""
import http.client
import json
import statistics
import sys
import threading
import time
import urllib.parse

BATCH = 50  # segments per PutTraceSegments, the SDKs' and daemon's batch
THREADS = 4
FILTER = 'service("backend-flask") AND responsetime > 0.05'


def connect(url):
    u = urllib.parse.urlparse(url)
    return http.client.HTTPConnection(u.hostname, u.port, timeout=300)


# Unsigned, but with the credential scope moto routes requests by.
HEADERS = {"content-type": "application/json",
           "authorization": "AWS4-HMAC-SHA256 Credential=bench/20260101/us-east-1/xray/aws4_request, "
                            "SignedHeaders=host, Signature=0"}


def post(conn, path, body):
    conn.request("POST", path, json.dumps(body), HEADERS)
    r = conn.getresponse()
    data = r.read()
    if r.status != 200:
        raise RuntimeError("%s: HTTP %d %s" % (path, r.status, data[:200]))
    return json.loads(data)


def segment(n, now):
    start = now - 60 + (n % 600) / 10.0
    return json.dumps({
        "name": "backend-flask", "id": "%016x" % (n * 2654435761 % (1 << 64) | 1),
        "trace_id": "1-%08x-%024x" % (int(now), n + 1),
        "start_time": start, "end_time": start + 0.001 * (n % 97 + 1),
        "http": {"request": {"method": "GET", "url": "http://localhost/api/activities/home"},
                 "response": {"status": 500 if n % 50 == 0 else 200}},
        "annotations": {"user_id": "user-%d" % (n % 1000)}})


def put(url, total):
    now = time.time()
    docs = [segment(n, now) for n in range(total)]
    batches = [docs[i:i + BATCH] for i in range(0, total, BATCH)]
    errors = []

    def worker(part):
        conn = connect(url)
        try:
            for b in part:
                post(conn, "/TraceSegments", {"TraceSegmentDocuments": b})
        except Exception as e:  # reported, not raised: the rate would be wrong
            errors.append(str(e))

    t0 = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(batches[i::THREADS],)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    put_s = time.perf_counter() - t0
    conn = connect(url)
    timings, count = [], 0
    for _ in range(3):
        t0 = time.perf_counter()
        count = summaries(conn, now - 120, now + 60, None)
        timings.append((time.perf_counter() - t0) * 1000)
    return {"segments": total, "segments_per_second": round(total / put_s),
            "summaries": count, "summaries_ms": round(statistics.median(timings), 1),
            "errors": errors[:3]}


def summaries(conn, start, end, expression, pages=None):
    body = {"StartTime": start, "EndTime": end}
    if expression:
        body["FilterExpression"] = expression
    count = 0
    while pages is None or pages > 0:
        pages = None if pages is None else pages - 1
        r = post(conn, "/TraceSummaries", body)
        count += len(r.get("TraceSummaries", []))
        if not r.get("NextToken"):
            return count
        body["NextToken"] = r["NextToken"]
    return count


def timed(fn, runs):
    t0 = time.perf_counter()
    answer = fn()
    cold = (time.perf_counter() - t0) * 1000
    warm = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        warm.append((time.perf_counter() - t0) * 1000)
    return {"cold_ms": round(cold, 1), "warm_ms": round(statistics.median(warm), 1),
            "answer": answer}


def window(url, start, end, runs):
    conn = connect(url)
    graph = timed(lambda: len(post(conn, "/ServiceGraph",
                                   {"StartTime": start, "EndTime": end})["Services"]), runs)
    filtered = timed(lambda: summaries(conn, start, end, FILTER, pages=1), runs)
    return {"service_graph": graph, "filtered_summaries": filtered}


def main():
    mode, url = sys.argv[1], sys.argv[2]
    if mode == "put":
        out = put(url, int(sys.argv[3]))
    else:
        out = window(url, float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
