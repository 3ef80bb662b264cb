"""boto3 against Waggle's X-Ray API: PutTraceSegments, then
GetTraceSummaries (a FilterExpression, the paginator) and BatchGetTraces.
Usage: xray_boto3.py <endpoint-url>. Prints the trace id it wrote; exits
non-zero on any mismatch."""

import json
import os
import sys
import time

import boto3


def main(endpoint):
    xray = boto3.client("xray", endpoint_url=endpoint, region_name="us-east-1",
                        aws_access_key_id="test", aws_secret_access_key="test")
    now = time.time()
    trace_id = "1-%08x-%s" % (int(now), os.urandom(12).hex())
    segment_id = os.urandom(8).hex()
    doc = {"id": segment_id, "name": "boto-shop", "trace_id": trace_id,
           "start_time": now - 1, "end_time": now - 0.75, "error": True,
           "http": {"request": {"method": "PUT", "url": "https://shop/cart"},
                    "response": {"status": 404}},
           "annotations": {"tier": "gold", "attempt": 2}}
    put = xray.put_trace_segments(TraceSegmentDocuments=[json.dumps(doc)])
    assert put["UnprocessedTraceSegments"] == [], put

    window = {"StartTime": now - 60, "EndTime": now + 60}
    found = xray.get_trace_summaries(FilterExpression='annotation.tier = "gold"', **window)
    mine = [s for s in found["TraceSummaries"] if s["Id"] == trace_id]
    assert len(mine) == 1, found["TraceSummaries"]
    summary = mine[0]
    assert summary["HasError"] is True and summary["HasFault"] is False, summary
    assert summary["Http"]["HttpStatus"] == 404 and summary["Http"]["HttpMethod"] == "PUT", summary
    assert summary["Annotations"]["attempt"][0]["AnnotationValue"]["NumberValue"] == 2, summary
    assert [s["Name"] for s in summary["ServiceIds"]] == ["boto-shop"], summary

    excluded = xray.get_trace_summaries(FilterExpression='annotation.tier = "silver"', **window)
    assert trace_id not in [s["Id"] for s in excluded["TraceSummaries"]], excluded

    pages = xray.get_paginator("get_trace_summaries").paginate(**window)
    assert trace_id in [s["Id"] for p in pages for s in p["TraceSummaries"]]

    got = xray.batch_get_traces(TraceIds=[trace_id, "1-00000001-000000000000000000000001"])
    assert [t["Id"] for t in got["Traces"]] == [trace_id], got
    assert got["UnprocessedTraceIds"] == ["1-00000001-000000000000000000000001"], got
    stored = json.loads(got["Traces"][0]["Segments"][0]["Document"])
    assert stored["annotations"] == {"tier": "gold", "attempt": 2}, stored

    try:
        xray.get_trace_summaries(StartTime=now, EndTime=now, FilterExpression="service(")
        raise AssertionError("a broken filter expression was accepted")
    except xray.exceptions.InvalidRequestException:
        pass
    print(trace_id)


if __name__ == "__main__":
    main(sys.argv[1])
