#!/usr/bin/env python3
"""The Rollbar workload of bench/run.sh: items/s through POST /api/1/item/.

  rollbar_items.py URL ITEMS

Sends ITEMS pyrollbar-shaped error items (a trace of three frames, request,
person and server blocks, a fresh uuid each) from 4 clients, each with its
own access token, over keep-alive connections, and prints {"items",
"items_per_second", "errors"}. Waggle acknowledges an item once its
occurrence is durable. No peer here speaks the Rollbar API.
"""
import http.client
import json
import sys
import threading
import time
import urllib.parse
import uuid

THREADS = 4
FRAMES = [
    {"filename": "/backend-flask/app.py", "lineno": 184, "method": "data_handle",
     "code": "model = UserActivities.run(handle)"},
    {"filename": "/backend-flask/services/user_activities.py", "lineno": 21, "method": "run",
     "code": "results = db.query_array_json(sql, {'handle': kwargs['handle']})"},
    {"filename": "/backend-flask/lib/db.py", "lineno": 74, "method": "query_array_json",
     "code": "cur.execute(wrapped_sql, params)"},
]


def item(i, token):
    return json.dumps({"access_token": token, "data": {
        "environment": "production", "level": "error", "language": "python",
        "framework": "flask", "platform": "linux", "timestamp": int(time.time()),
        "notifier": {"name": "pyrollbar", "version": "1.0.0"}, "uuid": str(uuid.uuid4()),
        "body": {"trace": {"frames": FRAMES, "exception": {
            "class": "KeyError", "message": "'handle'"}}},
        "request": {"url": "http://localhost:4567/api/activities/@user%d" % (i % 1000),
                    "method": "GET", "user_ip": "172.17.0.1"},
        "person": {"id": "user-%d" % (i % 5000)},
        "server": {"host": "ip-10-0-1-23", "root": "/backend-flask"},
        "custom": {"trace_id": "%032x" % (i * 2654435761 % (1 << 128))}}})


def main():
    url, total = sys.argv[1], int(sys.argv[2])
    u = urllib.parse.urlparse(url)
    errors = []
    sent = [0] * THREADS

    def worker(t):
        token = "bench-token-%d" % t
        conn = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
        headers = {"content-type": "application/json", "x-rollbar-access-token": token}
        try:
            for i in range(t, total, THREADS):
                conn.request("POST", "/api/1/item/", item(i, token), headers)
                r = conn.getresponse()
                r.read()
                if r.status != 200:
                    raise RuntimeError("HTTP %d" % r.status)
                sent[t] += 1
        except Exception as e:  # reported, not raised: the other clients go on
            errors.append(str(e))

    threads = [threading.Thread(target=worker, args=(t,)) for t in range(THREADS)]
    start = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    seconds = time.perf_counter() - start
    print(json.dumps({"items": sum(sent), "items_per_second": round(sum(sent) / seconds),
                      "errors": errors[:3]}))


if __name__ == "__main__":
    main()
