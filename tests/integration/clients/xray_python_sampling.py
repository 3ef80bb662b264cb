"""Centralized sampling with the AWS X-Ray SDK for Python (aws_xray_sdk)
against Waggle's daemon port: a Flask app named backend-flask, instrumented
with XRayMiddleware and the SDK's default sampler, which polls the
sampling rules and targets from the daemon's TCP port. Once the SDK has
loaded the rules, the app serves REQUESTS requests through Flask's test
client and reports what the sampler decided.
Usage: xray_python_sampling.py <daemon-host:port> <requests>. Prints one
JSON line {"requests", "sampled", "rules": {name: count},
"sampled_trace_ids": [...]}; exits non-zero on failure."""

import json
import logging
import sys
import time
from collections import Counter

from aws_xray_sdk.core import xray_recorder
from aws_xray_sdk.ext.flask.middleware import XRayMiddleware
from flask import Flask


def wait_for_rules(seconds):
    """Waits until the SDK's rule poller has loaded a rule besides Default."""
    deadline = time.time() + seconds
    cache = xray_recorder.sampler._cache  # the SDK keeps no public view of it
    while time.time() < deadline:
        if any(rule.name != "Default" for rule in cache.rules):
            return
        xray_recorder.sampler.should_trace({"service": "backend-flask"})  # starts the pollers
        time.sleep(0.2)
    raise SystemExit("the SDK loaded no custom sampling rule")


def main(daemon, requests):
    logging.getLogger("aws_xray_sdk").setLevel(logging.ERROR)
    xray_recorder.configure(daemon_address=daemon, service="backend-flask",
                            context_missing="LOG_ERROR")
    app = Flask("backend-flask")
    XRayMiddleware(app, xray_recorder)
    decisions = []

    @app.route("/api/activities/home")
    def home():
        segment = xray_recorder.current_segment()
        rule = (getattr(segment, "aws", None) or {}).get("xray", {}).get("sampling_rule_name")
        decisions.append((segment.sampled, rule, segment.trace_id))
        return "ok"

    wait_for_rules(15)
    client = app.test_client()
    for _ in range(requests):
        assert client.get("/api/activities/home").status_code == 200
    sampled = [d for d in decisions if d[0]]
    print(json.dumps({
        "requests": len(decisions),
        "sampled": len(sampled),
        "rules": Counter(d[1] for d in sampled),
        "sampled_trace_ids": [d[2] for d in sampled][:5],
    }))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
