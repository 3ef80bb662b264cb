"""boto3 against Waggle's CloudWatch Logs API: a round trip, then a logging
handler that behaves like watchtower (describe/create group, retention,
PutLogEvents -> ResourceNotFoundException -> CreateLogStream -> retry).
Usage: cloudwatch_boto3.py <endpoint-url>. Exits non-zero on any mismatch."""

import json
import logging
import sys
import time

import boto3
import botocore.exceptions


def make_client(endpoint):
    return boto3.client(
        "logs", endpoint_url=endpoint, region_name="us-west-2",
        aws_access_key_id="test", aws_secret_access_key="test")


def round_trip(logs):
    logs.create_log_group(logGroupName="/py/app")
    try:
        logs.create_log_group(logGroupName="/py/app")
        raise AssertionError("duplicate group accepted")
    except logs.exceptions.ResourceAlreadyExistsException:
        pass
    logs.create_log_stream(logGroupName="/py/app", logStreamName="host//1")
    now = int(time.time() * 1000)
    put = logs.put_log_events(
        logGroupName="/py/app", logStreamName="host//1",
        logEvents=[{"timestamp": now - 3, "message": "GET /a 200"},
                   {"timestamp": now - 2, "message": "GET /b 500 ERROR \u00e9\U0001F30D"},
                   {"timestamp": now + 3 * 3600 * 1000, "message": "from the future"}])
    assert put["rejectedLogEventsInfo"] == {"tooNewLogEventStartIndex": 2}, put
    got = logs.get_log_events(logGroupName="/py/app", logStreamName="host//1", startFromHead=True)
    assert [e["message"] for e in got["events"]] == [
        "GET /a 200", "GET /b 500 ERROR \u00e9\U0001F30D"], got["events"]
    found = logs.filter_log_events(logGroupName="/py/app", filterPattern="ERROR")
    assert [e["message"] for e in found["events"]] == ["GET /b 500 ERROR \u00e9\U0001F30D"], found
    pages = logs.get_paginator("filter_log_events").paginate(logGroupName="/py/app", limit=1)
    assert sum(len(p["events"]) for p in pages) == 2
    groups = logs.get_paginator("describe_log_groups").paginate(logGroupNamePrefix="/py")
    assert [g["logGroupName"] for p in groups for g in p["logGroups"]] == ["/py/app"]
    try:
        logs.get_log_events(logGroupName="/py/none", logStreamName="x")
        raise AssertionError("missing group read")
    except logs.exceptions.ResourceNotFoundException:
        pass
    print("boto3 round trip ok")


class WatchtowerLikeHandler(logging.Handler):
    """Sends records in batches the way watchtower 3.x does."""

    def __init__(self, logs, group, stream, retention_days=None):
        super().__init__()
        self.logs, self.group, self.stream = logs, group, stream
        self.queue = []
        self.token = None
        self._ensure_group(retention_days)

    def _ensure_group(self, retention_days):
        try:
            pages = self.logs.get_paginator("describe_log_groups").paginate(
                logGroupNamePrefix=self.group)
            if any(g["logGroupName"] == self.group for p in pages for g in p["logGroups"]):
                return
        except botocore.exceptions.ClientError:
            pass
        try:
            self.logs.create_log_group(logGroupName=self.group)
        except (self.logs.exceptions.ResourceAlreadyExistsException,
                self.logs.exceptions.OperationAbortedException):
            pass
        if retention_days:
            self.logs.put_retention_policy(logGroupName=self.group, retentionInDays=retention_days)

    def emit(self, record):
        message = self.format(record)
        if message:
            self.queue.append({"timestamp": int(record.created * 1000), "message": message})

    def flush(self):
        if not self.queue:
            return
        batch = sorted(self.queue, key=lambda e: e["timestamp"])
        self.queue = []
        for _ in range(5):
            kwargs = {"logGroupName": self.group, "logStreamName": self.stream, "logEvents": batch}
            if self.token:
                kwargs["sequenceToken"] = self.token
            try:
                response = self.logs.put_log_events(**kwargs)
                assert "rejectedLogEventsInfo" not in response, response
                self.token = response.get("nextSequenceToken")
                return
            except self.logs.exceptions.ResourceNotFoundException:
                self.logs.create_log_stream(logGroupName=self.group, logStreamName=self.stream)
        raise AssertionError("batch not delivered in 5 attempts")


def watchtower_like(logs):
    handler = WatchtowerLikeHandler(logs, "cruddur", "machine/app.py/root/42", retention_days=7)
    logger = logging.getLogger("cruddur-test")
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    for i in range(3):
        logger.info("172.17.0.1 GET http /api/activities/home? 200 OK #%d", i)
    handler.flush()
    logger.info(json.dumps({"level": "ERROR", "path": "/boom"}))
    handler.flush()
    group = logs.describe_log_groups(logGroupNamePrefix="cruddur")["logGroups"][0]
    assert group["retentionInDays"] == 7, group
    stream = logs.describe_log_streams(logGroupName="cruddur")["logStreams"][0]
    assert stream["logStreamName"] == "machine/app.py/root/42", stream
    events = logs.filter_log_events(logGroupName="cruddur")["events"]
    assert len(events) == 4, events
    assert events[0]["message"].endswith("200 OK #0"), events
    assert json.loads(events[3]["message"])["path"] == "/boom"
    print("watchtower-style handler ok")


def main():
    logs = make_client(sys.argv[1])
    round_trip(logs)
    watchtower_like(logs)


if __name__ == "__main__":
    main()
