#!/usr/bin/env python3
"""The CloudWatch Logs workload of bench/run.sh, against Waggle or moto.

  logs_api.py put URL BATCHES [EVENTS_PER_BATCH]

Creates a log group and one stream per client, then sends BATCHES
PutLogEvents calls of EVENTS_PER_BATCH (10,000) events of 76 bytes (the
most that fits AWS's 1 MiB batch limit) from 4 clients, and prints {"events", "events_per_second", "errors"}.
Requests carry an unchecked signature (both servers run without keys) with
the credential scope moto routes by.
"""
import http.client
import json
import sys
import threading
import time
import urllib.parse

THREADS = 4
HEADERS = {"content-type": "application/x-amz-json-1.1",
           "authorization": "AWS4-HMAC-SHA256 Credential=bench/20260101/us-east-1/logs/aws4_request, "
                            "SignedHeaders=host, Signature=0"}
GROUP = "bench-cruddur"


def call(conn, op, body):
    headers = dict(HEADERS, **{"x-amz-target": "Logs_20140328." + op})
    conn.request("POST", "/", json.dumps(body), headers)
    r = conn.getresponse()
    data = r.read()
    if r.status != 200:
        raise RuntimeError("%s: HTTP %d %s" % (op, r.status, data[:200]))
    return json.loads(data or b"{}")


def line(i, now_ms):
    # An after_request line of 76 bytes: 10,000 of them (plus AWS's 26 bytes
    # per event) just fit PutLogEvents' 1 MiB limit.
    return {"timestamp": now_ms, "message": "10.0.0.1 GET /api/activities/home 200 %032x u%05d"
            % (i * 2654435761 % (1 << 128), i % 100000)}


def put(url, batches, per_batch):
    u = urllib.parse.urlparse(url)
    connect = lambda: http.client.HTTPConnection(u.hostname, u.port, timeout=300)
    conn = connect()
    call(conn, "CreateLogGroup", {"logGroupName": GROUP})
    for t in range(THREADS):
        call(conn, "CreateLogStream", {"logGroupName": GROUP, "logStreamName": "web-%d" % t})
    now_ms = int(time.time() * 1000)
    bodies = [{"logGroupName": GROUP, "logEvents": [line(b * per_batch + i, now_ms)
                                                    for i in range(per_batch)]}
              for b in range(min(batches, 8))]
    errors = []
    sent = [0] * THREADS

    def worker(t):
        c = connect()
        try:
            for b in range(t, batches, THREADS):
                body = dict(bodies[b % len(bodies)], logStreamName="web-%d" % t)
                call(c, "PutLogEvents", body)
                sent[t] += per_batch
        except Exception as e:  # reported, not raised: the rate would be wrong
            errors.append(str(e))

    t0 = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(t,)) for t in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    secs = time.perf_counter() - t0
    return {"events": sum(sent), "events_per_second": round(sum(sent) / secs),
            "errors": errors[:3]}


def main():
    if sys.argv[1] != "put":
        sys.exit("usage: logs_api.py put URL BATCHES [EVENTS_PER_BATCH]")
    per_batch = int(sys.argv[4]) if len(sys.argv) > 4 else 10000
    print(json.dumps(put(sys.argv[2], int(sys.argv[3]), per_batch)))


if __name__ == "__main__":
    main()
