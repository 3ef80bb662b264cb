// Decodes requests serialized by the real OpenTelemetry JS SDK (see
// testdata/make_fixtures.mjs) in both encodings and checks every field.
#include <gtest/gtest.h>

#include <string>

#include "core/file.h"
#include "ingest/otlp/decode.h"

namespace waggle::ingest::otlp {
namespace {

using model::ValueKind;

constexpr int64_t kT0 = 1700000000000000000;
constexpr int64_t kMs = 1000000;

std::string Fixture(const std::string& name) {
  std::string dir = __FILE__;
  dir.resize(dir.rfind('/'));
  auto data = core::ReadFile(dir + "/testdata/" + name);
  EXPECT_TRUE(data.ok()) << data.status();
  return data.ok() ? *data : std::string();
}

// The attribute named `key` in `range`, or nullptr.
const model::Attribute* Find(const model::EventBatch& b, model::Range range, std::string_view key) {
  for (uint32_t i = range.begin; i < range.end; ++i) {
    if (b.attributes[i].key == key) return &b.attributes[i];
  }
  return nullptr;
}

model::Value Attr(const model::EventBatch& b, model::Range range, std::string_view key) {
  const model::Attribute* a = Find(b, range, key);
  EXPECT_NE(a, nullptr) << key;
  return a ? a->value : model::Value();
}

void ExpectString(const model::Value& v, std::string_view s) {
  EXPECT_EQ(v.kind, ValueKind::kString);
  EXPECT_EQ(v.str, s);
}

void CheckResourceAndScope(const model::EventBatch& b, std::string_view scope_name) {
  ASSERT_EQ(b.resources.size(), 1u);
  ASSERT_EQ(b.scopes.size(), 1u);
  const model::Resource& r = b.resources[0];
  EXPECT_EQ(r.attributes.size(), 3u);
  ExpectString(Attr(b, r.attributes, "service.name"), "checkout");
  ExpectString(Attr(b, r.attributes, "service.version"), "1.2.3");
  ExpectString(Attr(b, r.attributes, "deployment.environment.name"), "test");
  EXPECT_EQ(r.span_dataset, "checkout");
  EXPECT_EQ(r.log_dataset, "checkout");
  EXPECT_EQ(b.scopes[0].name, scope_name);
  EXPECT_EQ(b.scopes[0].version, "0.9.0");
}

void CheckRootSpan(const model::EventBatch& b, const model::Span& s) {
  EXPECT_EQ(model::IdToHex(s.trace_id), "0102030405060708090a0b0c0d0e0f10");
  EXPECT_EQ(model::IdToHex(s.span_id), "aaaaaaaaaaaaaaa1");
  EXPECT_TRUE(model::IsZeroId(s.parent_span_id));
  EXPECT_EQ(s.name, "GET /checkout");
  EXPECT_EQ(s.kind, model::SpanKind::kServer);
  EXPECT_EQ(s.start_ns, kT0);
  EXPECT_EQ(s.end_ns, kT0 + 10 * kMs);
  EXPECT_EQ(s.status_code, model::StatusCode::kError);
  EXPECT_EQ(s.status_message, "boom");
  EXPECT_EQ(s.flags, 0x101u);
  EXPECT_TRUE(s.trace_state.empty());
  EXPECT_EQ(s.attributes.size(), 9u);
  ExpectString(Attr(b, s.attributes, "http.request.method"), "GET");
  model::Value v = Attr(b, s.attributes, "http.response.status_code");
  EXPECT_EQ(v.kind, ValueKind::kInt);
  EXPECT_EQ(v.i, 500);
  v = Attr(b, s.attributes, "retry");
  EXPECT_EQ(v.kind, ValueKind::kBool);
  EXPECT_TRUE(v.b);
  v = Attr(b, s.attributes, "ratio");
  EXPECT_EQ(v.kind, ValueKind::kDouble);
  EXPECT_EQ(v.d, 0.25);
  v = Attr(b, s.attributes, "offset");
  EXPECT_EQ(v.kind, ValueKind::kInt);
  EXPECT_EQ(v.i, -42);
  v = Attr(b, s.attributes, "tags");
  EXPECT_EQ(v.kind, ValueKind::kArray);
  EXPECT_EQ(v.str, R"({"values":[{"stringValue":"a"},{"stringValue":"b"}]})");
  ExpectString(Attr(b, s.attributes, "unicode"), "h\xC3\xA9llo \xE4\xB8\x96\xE7\x95\x8C");
  v = Attr(b, s.attributes, "payload");
  EXPECT_EQ(v.kind, ValueKind::kBytes);
  EXPECT_EQ(v.str, std::string_view("\x00\x01\x02\xFA\xFF", 5));
  v = Attr(b, s.attributes, "nested");
  EXPECT_EQ(v.kind, ValueKind::kKvlist);
  EXPECT_EQ(
      v.str,
      R"({"values":[{"key":"inner","value":{"kvlistValue":{"values":[{"key":"deep","value":)"
      R"({"arrayValue":{"values":[{"intValue":"1"},{"stringValue":"two"},{"boolValue":false}]}}}]}}},)"
      R"({"key":"n","value":{"intValue":"7"}}]})");
  ASSERT_EQ(s.events.size(), 1u);
  const model::SpanEvent& e = b.span_events[s.events.begin];
  EXPECT_EQ(e.name, "exception");
  EXPECT_EQ(e.time_ns, kT0 + 5 * kMs);
  EXPECT_EQ(e.attributes.size(), 3u);
  ExpectString(Attr(b, e.attributes, "exception.type"), "TypeError");
  ExpectString(Attr(b, e.attributes, "exception.message"), "x is undefined");
  ExpectString(Attr(b, e.attributes, "exception.stacktrace"),
               "TypeError: x is undefined\n    at f (a.js:1:2)");
  EXPECT_TRUE(s.links.empty());
}

void CheckChildSpans(const model::EventBatch& b) {
  const model::Span& db = b.spans[0];
  EXPECT_EQ(db.name, "SELECT orders");
  EXPECT_EQ(db.kind, model::SpanKind::kClient);
  EXPECT_EQ(model::IdToHex(db.span_id), "aaaaaaaaaaaaaaa2");
  EXPECT_EQ(model::IdToHex(db.parent_span_id), "aaaaaaaaaaaaaaa1");
  EXPECT_EQ(db.start_ns, kT0 + 1 * kMs);
  EXPECT_EQ(db.end_ns, kT0 + 3 * kMs);
  EXPECT_EQ(db.status_code, model::StatusCode::kOk);
  EXPECT_EQ(db.attributes.size(), 1u);
  ExpectString(Attr(b, db.attributes, "db.system.name"), "postgresql");
  EXPECT_TRUE(db.events.empty());
  ASSERT_EQ(db.links.size(), 1u);
  const model::SpanLink& l = b.span_links[db.links.begin];
  EXPECT_EQ(model::IdToHex(l.trace_id), "1112131415161718191a1b1c1d1e1f20");
  EXPECT_EQ(model::IdToHex(l.span_id), "2122232425262728");
  EXPECT_EQ(l.trace_state, "vendor=value");
  EXPECT_EQ(l.flags, 0x101u);
  ExpectString(Attr(b, l.attributes, "link.kind"), "follows");

  EXPECT_EQ(b.spans[1].kind, model::SpanKind::kInternal);
  EXPECT_EQ(b.spans[1].name, "kind INTERNAL");
  EXPECT_EQ(b.spans[2].kind, model::SpanKind::kProducer);
  const model::Span& consumer = b.spans[3];
  EXPECT_EQ(consumer.kind, model::SpanKind::kConsumer);
  EXPECT_EQ(model::IdToHex(consumer.parent_span_id), "bbbbbbbbbbbbbbbb");
  EXPECT_EQ(consumer.trace_state, "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7");
  EXPECT_EQ(consumer.flags, 0x301u);  // sampled, remoteness known, remote parent
  EXPECT_EQ(consumer.status_code, model::StatusCode::kUnset);
  for (const model::Span& s : b.spans) {
    EXPECT_EQ(s.resource, 0u);
    EXPECT_EQ(s.scope, 0u);
  }
}

void CheckTraces(const model::EventBatch& b, const DecodeResult& r) {
  EXPECT_EQ(r.accepted, 5u);
  EXPECT_EQ(r.rejected, 0u);
  EXPECT_EQ(r.truncated_values, 0u);
  CheckResourceAndScope(b, "fixture-tracer");
  ASSERT_EQ(b.spans.size(), 5u);
  CheckChildSpans(b);
  CheckRootSpan(b, b.spans[4]);
}

void CheckLogs(const model::EventBatch& b, const DecodeResult& r) {
  EXPECT_EQ(r.accepted, 3u);
  EXPECT_EQ(r.rejected, 0u);
  CheckResourceAndScope(b, "fixture-logger");
  ASSERT_EQ(b.logs.size(), 3u);
  const model::LogRecord& a = b.logs[0];
  EXPECT_EQ(a.time_ns, kT0);
  EXPECT_EQ(a.observed_time_ns, kT0 + kMs);
  EXPECT_EQ(a.severity_number, 17);
  EXPECT_EQ(a.severity_text, "ERROR");
  ExpectString(a.body, "payment failed");
  ExpectString(Attr(b, a.attributes, "user.id"), "u-42");
  EXPECT_EQ(Attr(b, a.attributes, "attempt").i, 3);
  EXPECT_EQ(a.flags, 1u);
  EXPECT_EQ(model::IdToHex(a.trace_id), "0102030405060708090a0b0c0d0e0f10");
  EXPECT_EQ(model::IdToHex(a.span_id), "aaaaaaaaaaaaaaa1");

  const model::LogRecord& c = b.logs[1];
  EXPECT_EQ(c.severity_number, 9);
  EXPECT_EQ(c.severity_text, "INFO");
  EXPECT_EQ(c.body.kind, ValueKind::kKvlist);
  EXPECT_EQ(
      c.body.str,
      R"({"values":[{"key":"event","value":{"stringValue":"login"}},)"
      R"({"key":"ok","value":{"boolValue":true}},)"
      R"({"key":"tries","value":{"arrayValue":{"values":[{"intValue":"1"},{"intValue":"2"}]}}}]})");
  model::Value raw = Attr(b, c.attributes, "raw");
  EXPECT_EQ(raw.kind, ValueKind::kBytes);
  EXPECT_EQ(raw.str, "hi");
  EXPECT_TRUE(model::IsZeroId(c.trace_id));
  EXPECT_TRUE(model::IsZeroId(c.span_id));

  const model::LogRecord& d = b.logs[2];
  EXPECT_EQ(d.time_ns, kT0 + 3 * kMs);
  EXPECT_EQ(d.observed_time_ns, kT0 + 3 * kMs);
  EXPECT_EQ(d.event_name, "app.started");
  EXPECT_EQ(d.body.kind, ValueKind::kDouble);
  EXPECT_EQ(d.body.d, 42.5);
  EXPECT_TRUE(d.attributes.empty());
  EXPECT_EQ(d.severity_number, 0);
}

TEST(FixturesTest, TracesProtobuf) {
  std::string body = Fixture("traces.pb");
  model::EventBatch batch;
  auto r = DecodeTracesProto(body, &batch);
  ASSERT_TRUE(r.ok()) << r.status();
  CheckTraces(batch, *r);
}

TEST(FixturesTest, TracesJson) {
  std::string body = Fixture("traces.json");
  model::EventBatch batch;
  auto r = DecodeTracesJson(body, &batch);
  ASSERT_TRUE(r.ok()) << r.status();
  body.assign(body.size(), 'x');  // JSON strings must not point into the body
  CheckTraces(batch, *r);
}

TEST(FixturesTest, LogsProtobuf) {
  std::string body = Fixture("logs.pb");
  model::EventBatch batch;
  auto r = DecodeLogsProto(body, &batch);
  ASSERT_TRUE(r.ok()) << r.status();
  CheckLogs(batch, *r);
}

TEST(FixturesTest, LogsJson) {
  std::string body = Fixture("logs.json");
  model::EventBatch batch;
  auto r = DecodeLogsJson(body, &batch);
  ASSERT_TRUE(r.ok()) << r.status();
  body.assign(body.size(), 'x');
  CheckLogs(batch, *r);
}

TEST(FixturesTest, SignalsAreNotConfused) {
  // A traces body read as logs has no field 1 of ResourceLogs shape that
  // yields records, and must not crash.
  std::string body = Fixture("traces.pb");
  model::EventBatch batch;
  auto r = DecodeLogsProto(body, &batch);
  if (r.ok()) {
    EXPECT_EQ(batch.spans.size(), 0u);
  }
}

}  // namespace
}  // namespace waggle::ingest::otlp
