"""pyrollbar-shaped items against Waggle's Rollbar API. pyrollbar itself is
not installable here, so this builds its payloads the way pyrollbar 1.x
does (rollbar/__init__.py: _report_exc_info, _report_message,
_build_werkzeug_request_data, _build_server_data) inside a real Flask
request, and posts them as pyrollbar does: JSON, token in the
X-Rollbar-Access-Token header.
Usage: rollbar_pyrollbar.py <base-url> <access-token>. Prints one JSON line
{"responses": [{"status": ..., "body": ...}, ...]}; exits non-zero when the
script itself fails."""

import json
import os
import socket
import sys
import time
import traceback
import uuid

import flask
import requests

NOTIFIER = {"name": "pyrollbar", "version": "1.0.0"}


def base_data(level):
    return {
        "environment": "py-flask",
        "level": level,
        "timestamp": int(time.time()),
        "language": "python %s" % sys.version.split()[0],
        "framework": "flask",
        "notifier": NOTIFIER,
        "uuid": str(uuid.uuid4()),
        "server": {"host": socket.gethostname(), "pid": os.getpid(), "argv": sys.argv,
                   "root": os.path.dirname(os.path.abspath(__file__))},
    }


def werkzeug_request_data(request):
    data = {
        "url": request.url,
        "GET": dict(request.args),
        "POST": dict(request.form),
        "user_ip": request.remote_addr,
        "headers": dict(request.headers),
        "method": request.method,
        "files_keys": list(request.files.keys()),
    }
    return data


def trace_of(exc):
    frames = [{"filename": f.filename, "lineno": f.lineno, "method": f.name, "code": f.line}
              for f in traceback.extract_tb(exc.__traceback__)]
    return {"frames": frames,
            "exception": {"class": type(exc).__name__, "message": str(exc)}}


def exc_info_body(exc):
    # pyrollbar sends a trace_chain when the exception has a cause.
    chain = [exc]
    while chain[-1].__cause__ is not None:
        chain.append(chain[-1].__cause__)
    if len(chain) == 1:
        return {"trace": trace_of(exc)}
    return {"trace_chain": [trace_of(e) for e in chain]}


def post(base_url, token, data):
    r = requests.post(base_url + "/api/1/item/",
                      data=json.dumps({"access_token": token, "data": data}),
                      headers={"Content-Type": "application/json",
                               "X-Rollbar-Access-Token": token},
                      timeout=10)
    try:
        body = r.json()
    except ValueError:
        body = r.text
    return {"status": r.status_code, "body": body}


def checkout(cart):
    return cart["total"] / cart["items"]


def main():
    base_url, token = sys.argv[1], sys.argv[2]
    app = flask.Flask("shop")
    responses = []
    for attempt in range(2):  # the same failure twice: one item, two occurrences
        with app.test_request_context(
                "/checkout?coupon=SPRING&password=qs-secret", method="POST",
                data={"card": "4111", "password": "form-secret"},
                headers={"Authorization": "Bearer py-secret"}):
            try:
                try:
                    checkout({"total": 10, "items": 0})
                except ZeroDivisionError as e:
                    raise ValueError("cart %d cannot be checked out" % attempt) from e
            except ValueError as e:
                data = base_data("error")
                data["body"] = exc_info_body(e)
                data["request"] = werkzeug_request_data(flask.request)
                data["context"] = "/checkout"
                data["person"] = {"id": "7", "username": "grace"}
                responses.append(post(base_url, token, data))
    with app.test_request_context("/rollbar/test"):
        data = base_data("warning")
        data["body"] = {"message": {"body": "Hello World!"}}
        data["request"] = werkzeug_request_data(flask.request)
        data["context"] = "/rollbar/test"
        responses.append(post(base_url, token, data))
    print(json.dumps({"responses": responses}))


if __name__ == "__main__":
    main()
