"""The AWS X-Ray SDK for Python (aws_xray_sdk) against Waggle's daemon port:
a Flask app instrumented with XRayMiddleware serves one request, whose
handler records a subsegment with an annotation and metadata. The SDK's
UDP emitter sends the documents to the daemon address given.
Usage: xray_python_sdk.py <daemon-host:port>. Prints one JSON line
{"trace_id", "segment_id", "subsegment_id"}; exits non-zero on failure."""

import json
import logging
import sys

from aws_xray_sdk.core import xray_recorder
from aws_xray_sdk.ext.flask.middleware import XRayMiddleware
from flask import Flask

seen = {}


def main(daemon):
    logging.getLogger("aws_xray_sdk").setLevel(logging.ERROR)
    # sampling=False: record every request (no rule polling in the background).
    xray_recorder.configure(daemon_address=daemon, sampling=False, service="py-shop",
                            context_missing="LOG_ERROR")
    app = Flask("py-shop")
    XRayMiddleware(app, xray_recorder)

    @app.route("/cart/<user>")
    def cart(user):
        segment = xray_recorder.current_segment()
        segment.set_user(user)
        with xray_recorder.in_subsegment("load-cart") as sub:
            sub.put_annotation("cart_size", 3)
            sub.put_annotation("customer", user)
            sub.put_metadata("items", {"sku": "A-1"})
            seen["subsegment_id"] = sub.id
        seen["trace_id"] = segment.trace_id
        seen["segment_id"] = segment.id
        return "ok"

    response = app.test_client().get("/cart/ada?x=1", headers={"User-Agent": "py-test"})
    assert response.status_code == 200, response.status_code
    assert seen.get("trace_id"), "the handler did not run inside a segment"
    print(json.dumps(seen))


if __name__ == "__main__":
    main(sys.argv[1])
