// OTLP/JSON edge cases: lenient forms (snake_case, enum names, numbers as
// strings), nulls, unknown keys, invalid ids and malformed input.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "ingest/otlp/decode.h"

namespace waggle::ingest::otlp {
namespace {

using model::ValueKind;

TEST(JsonDecoderTest, AcceptsLenientFormsAndIgnoresUnknownKeys) {
  std::string body = R"({
    "resource_spans": [{
      "resource": {"attributes": [{"key": "service.name", "value": {"string_value": "pay"}}],
                   "dropped_attributes_count": "2", "futureField": {"x": 1}},
      "schemaUrl": "https://s",
      "scope_spans": [{
        "scope": {"name": "lib", "version": null},
        "spans": [{
          "trace_id": "0102030405060708090A0B0C0D0E0F10",
          "spanId": "AABBCCDDEEFF0011",
          "parentSpanId": "",
          "name": "op",
          "kind": "SPAN_KIND_PRODUCER",
          "startTimeUnixNano": 1700000000000000001,
          "end_time_unix_nano": "1700000000000000002",
          "status": {"code": "STATUS_CODE_ERROR", "message": "bad"},
          "flags": "257",
          "events": null,
          "unknownArray": [1, 2, {"a": null}],
          "attributes": [
            {"key": "i", "value": {"intValue": "-9223372036854775808"}},
            {"key": "n", "value": {"intValue": 12}},
            {"key": "nan", "value": {"doubleValue": "NaN"}},
            {"key": "inf", "value": {"doubleValue": "-Infinity"}},
            {"key": "ds", "value": {"doubleValue": "1.5"}},
            {"key": "b", "value": {"bytesValue": "AAEC-_8"}},
            {"key": "nul", "value": null},
            {"key": "kv", "value": {"kvlistValue": {"values": [
              {"key": "x", "value": {"doubleValue": "Infinity"}},
              {"key": "y", "value": {"bytesValue": "aGk="}},
              {"key": "z", "value": {}}]}}}
          ]
        }]
      }]
    }]
  })";
  model::EventBatch batch;
  auto r = DecodeTracesJson(body, &batch);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->accepted, 1u);
  ASSERT_EQ(batch.spans.size(), 1u);
  const model::Span& s = batch.spans[0];
  EXPECT_EQ(model::IdToHex(s.trace_id), "0102030405060708090a0b0c0d0e0f10");
  EXPECT_EQ(model::IdToHex(s.span_id), "aabbccddeeff0011");
  EXPECT_TRUE(model::IsZeroId(s.parent_span_id));
  EXPECT_EQ(s.kind, model::SpanKind::kProducer);
  EXPECT_EQ(s.start_ns, 1700000000000000001);
  EXPECT_EQ(s.end_ns, 1700000000000000002);
  EXPECT_EQ(s.status_code, model::StatusCode::kError);
  EXPECT_EQ(s.status_message, "bad");
  EXPECT_EQ(s.flags, 257u);
  EXPECT_EQ(batch.resources[0].dropped_attributes_count, 2u);
  EXPECT_EQ(batch.resources[0].schema_url, "https://s");
  EXPECT_EQ(batch.resources[0].span_dataset, "pay");
  EXPECT_EQ(batch.scopes[0].name, "lib");
  ASSERT_EQ(s.attributes.size(), 8u);
  const model::Attribute* a = &batch.attributes[s.attributes.begin];
  EXPECT_EQ(a[0].value.i, INT64_MIN);
  EXPECT_EQ(a[1].value.i, 12);
  EXPECT_TRUE(std::isnan(a[2].value.d));
  EXPECT_EQ(a[3].value.d, -INFINITY);
  EXPECT_EQ(a[4].value.d, 1.5);
  EXPECT_EQ(a[5].value.kind, ValueKind::kBytes);
  EXPECT_EQ(a[5].value.str, std::string_view("\x00\x01\x02\xfb\xff", 5));
  EXPECT_EQ(a[6].value.kind, ValueKind::kEmpty);
  EXPECT_EQ(a[7].value.kind, ValueKind::kKvlist);
  EXPECT_EQ(a[7].value.str,
            R"({"values":[{"key":"x","value":{"doubleValue":"Infinity"}},)"
            R"({"key":"y","value":{"bytesValue":"aGk="}},{"key":"z","value":{}}]})");
}

TEST(JsonDecoderTest, InvalidIdsAreRejected) {
  std::string body = R"({"resourceSpans":[{"scopeSpans":[{"spans":[
    {"traceId":"","spanId":"aabbccddeeff0011","name":"no trace",
     "attributes":[{"key":"a","value":{"intValue":1}}]},
    {"traceId":"AQIDBAUGBwgJCgsMDQ4PEA==","spanId":"aabbccddeeff0011","name":"base64 trace"},
    {"traceId":"0102030405060708090a0b0c0d0e0f10","spanId":"0000000000000000","name":"zero span"},
    {"traceId":"0102030405060708090a0b0c0d0e0f10","spanId":"aabbccddeeff0011","parentSpanId":"zz",
     "name":"bad parent"},
    {"traceId":"0102030405060708090a0b0c0d0e0f10","spanId":"aabbccddeeff0011","name":"ok"}]}]}]})";
  model::EventBatch batch;
  auto r = DecodeTracesJson(body, &batch);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->accepted, 1u);
  EXPECT_EQ(r->rejected, 4u);
  EXPECT_NE(r->error_message.find("traceId"), std::string::npos);
  ASSERT_EQ(batch.spans.size(), 1u);
  EXPECT_EQ(batch.spans[0].name, "ok");
  EXPECT_TRUE(batch.attributes.empty());
  EXPECT_EQ(batch.resources[0].span_dataset, "unknown_service");
}

TEST(JsonDecoderTest, MalformedJsonAndWrongTypesAreInvalidArgument) {
  struct Case {
    std::string body;
    std::string want;
  };
  Case cases[] = {
      {"{", "malformed JSON"},
      {"[]", "expected an object"},
      {R"({"resourceSpans":{}})", "resourceSpans: expected an array"},
      {R"({"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":5}]}]}]})",
       "resourceSpans[0].scopeSpans[0].spans[0].traceId: expected a string"},
      {R"({"resourceSpans":[{"scopeSpans":[{"spans":[{"kind":"SPAN_KIND_BOGUS"}]}]}]})",
       "kind: unknown enum value"},
      {R"({"resourceSpans":[{"scopeSpans":[{"spans":[{"startTimeUnixNano":"12x"}]}]}]})",
       "startTimeUnixNano: expected an unsigned 64-bit integer"},
      {R"({"resourceSpans":[{"scopeSpans":[{"spans":[{"attributes":[{"key":"k","value":{"intValue":1.5}}]}]}]}]})",
       "attributes[0].value.intValue"},
      {R"({"resourceSpans":[{"scopeSpans":[{"spans":[{"attributes":[{"key":"k","value":{"bytesValue":"!!"}}]}]}]}]})",
       "bytesValue: invalid base64"},
  };
  for (const Case& c : cases) {
    model::EventBatch batch;
    auto r = DecodeTracesJson(c.body, &batch);
    ASSERT_FALSE(r.ok()) << c.body;
    EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_NE(std::string(r.status().message()).find(c.want), std::string::npos)
        << r.status().message() << " wanted " << c.want;
  }
}

TEST(JsonDecoderTest, NestingDepthIsLimited) {
  auto nested = [](int levels) {
    std::string v = R"({"stringValue":"leaf"})";
    for (int i = 0; i < levels; ++i) v = R"({"arrayValue":{"values":[)" + v + "]}}";
    return R"({"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":)" + v + "}]}]}]}";
  };
  model::EventBatch batch;
  auto r = DecodeLogsJson(nested(31), &batch);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(batch.logs[0].body.kind, ValueKind::kArray);
  r = DecodeLogsJson(nested(32), &batch);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(std::string(r.status().message()).find("logRecords[0].body"), std::string::npos)
      << r.status().message();
}

TEST(JsonDecoderTest, LogsKeepRecordsWithInvalidIds) {
  std::string body = R"({"resourceLogs":[{"resource":{"attributes":[
      {"key":"service.name","value":{"stringValue":" api "}}]},
    "scopeLogs":[{"logRecords":[
      {"traceId":"0102","spanId":"aabbccddeeff0011","body":{"stringValue":"x"},
       "severityNumber":"SEVERITY_NUMBER_WARN2","severity_text":"W"},
      {"traceId":"0102030405060708090a0b0c0d0e0f10","spanId":"bad","observedTimeUnixNano":"5"},
      {}]}]}]})";
  model::EventBatch batch;
  auto r = DecodeLogsJson(body, &batch);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->accepted, 3u);
  ASSERT_EQ(batch.logs.size(), 3u);
  EXPECT_TRUE(model::IsZeroId(batch.logs[0].trace_id));
  EXPECT_TRUE(model::IsZeroId(batch.logs[0].span_id));
  EXPECT_EQ(batch.logs[0].severity_number, 14);
  EXPECT_EQ(batch.logs[0].severity_text, "W");
  EXPECT_EQ(batch.logs[0].body.str, "x");
  EXPECT_EQ(batch.logs[1].trace_id[0], 1);
  EXPECT_TRUE(model::IsZeroId(batch.logs[1].span_id));
  EXPECT_EQ(batch.logs[1].observed_time_ns, 5);
  EXPECT_EQ(batch.resources[0].log_dataset, "api");
}

TEST(JsonDecoderTest, CountsMetricDataPoints) {
  std::string body = R"({"resourceMetrics":[{"scopeMetrics":[{"metrics":[
      {"name":"a","gauge":{"dataPoints":[{"asDouble":1},{"asInt":"2"}]}},
      {"name":"b","sum":{"dataPoints":[{"asInt":3}],"aggregationTemporality":2}},
      {"name":"c","histogram":{"data_points":[{"count":"1","bucketCounts":["1"]}]}},
      {"name":"d","exponentialHistogram":{"dataPoints":[{}]}},
      {"name":"e","summary":{"dataPoints":[{},{}]}}]}]}]})";
  auto n = CountMetricDataPointsJson(body);
  ASSERT_TRUE(n.ok()) << n.status();
  EXPECT_EQ(*n, 7u);
  EXPECT_FALSE(CountMetricDataPointsJson(R"({"resourceMetrics":[{"scopeMetrics":3}]})").ok());
  EXPECT_FALSE(CountMetricDataPointsJson("nope").ok());
}

}  // namespace
}  // namespace waggle::ingest::otlp
