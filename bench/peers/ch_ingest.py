#!/usr/bin/env python3
"""Inserts rows into ClickHouse over its HTTP interface, timed.

  ch_ingest.py URL FORMAT ROWS_FILE BATCH_ROWS CONNECTIONS
FORMAT is JSONEachRow or TabSeparated (one row per line in ROWS_FILE, as
waggle_synth_export writes them). The file is read and cut into batches of
BATCH_ROWS rows before the clock starts; CONNECTIONS threads each keep one
HTTP/1.1 connection and POST `INSERT INTO spans FORMAT <FORMAT>` batches
until none are left. An insert is acknowledged once ClickHouse has written
the part (it does not fsync by default). Prints one JSON line:
{"rows", "seconds", "rows_per_second", "errors"}. Standard library only.
"""
import http.client
import json
import queue
import sys
import threading
import time
import urllib.parse


def main():
    url, fmt, path, batch_rows, connections = sys.argv[1:6]
    batch_rows, connections = int(batch_rows), int(connections)
    u = urllib.parse.urlsplit(url)
    if u.hostname not in ("127.0.0.1", "localhost", "::1"):
        sys.exit("loopback targets only")
    batches = queue.Queue()
    with open(path, "rb") as f:
        data = memoryview(f.read())  # batches are slices of it: no copies
    raw = data.obj
    pos = 0
    while pos < len(raw):
        end, n = pos, 0
        while n < batch_rows and end < len(raw):
            nl = raw.find(b"\n", end)
            end = len(raw) if nl < 0 else nl + 1
            n += 1
        batches.put((n, data[pos:end]))
        pos = end
    target = "/?query=" + urllib.parse.quote("INSERT INTO spans FORMAT " + fmt)
    done = [0, 0]  # rows, errors
    lock = threading.Lock()

    def worker():
        conn = http.client.HTTPConnection(u.hostname, u.port, timeout=300)
        while True:
            try:
                n, body = batches.get_nowait()
            except queue.Empty:
                return
            try:
                conn.request("POST", target, body=body)
                resp = conn.getresponse()
                data = resp.read()
                ok = resp.status == 200
                if not ok:
                    print("clickhouse: %d %s" % (resp.status, data[:200]), file=sys.stderr)
            except OSError as e:
                print("clickhouse: %s" % e, file=sys.stderr)
                ok = False
                conn = http.client.HTTPConnection(u.hostname, u.port, timeout=300)
            with lock:
                done[0 if ok else 1] += n if ok else 1

    t0 = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    secs = time.perf_counter() - t0
    print(json.dumps({"rows": done[0], "seconds": round(secs, 3),
                      "rows_per_second": round(done[0] / secs), "errors": done[1]}))


if __name__ == "__main__":
    main()
