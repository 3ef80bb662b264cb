#include "ingest/rollbar/span_errors.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include "ingest/rollbar/grouping.h"
#include "ingest/rollbar/occurrence.h"
#include "ingest/rollbar/request.h"

namespace waggle::ingest::rollbar {
namespace {

TEST(ParseStackFrames, PythonTracebacksInOrder) {
  auto frames = ParseStackFrames(
      "Traceback (most recent call last):\n"
      "  File \"/app/app.py\", line 88, in home\n"
      "    data = HomeActivities.run()\n"
      "  File \"/app/services/home.py\", line 12, in run\n"
      "    raise ValueError('no db')\n"
      "ValueError: no db\n");
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_EQ(frames[0].filename, "/app/app.py");
  EXPECT_EQ(frames[0].lineno, 88);
  EXPECT_EQ(frames[0].method, "home");
  EXPECT_EQ(frames[1].filename, "/app/services/home.py");
  EXPECT_EQ(frames[1].method, "run");
}

TEST(ParseStackFrames, JavaScriptXrayAndJavaMostRecentLast) {
  auto js = ParseStackFrames(
      "Error: boom\n"
      "    at loadCart (/srv/cart.js:10:15)\n"
      "    at /srv/index.js:3:1\n");
  ASSERT_EQ(js.size(), 2u);
  EXPECT_EQ(js[0].filename, "/srv/index.js");  // the outermost call first
  EXPECT_EQ(js[0].lineno, 3);
  EXPECT_EQ(js[1].filename, "/srv/cart.js");
  EXPECT_EQ(js[1].lineno, 10);
  EXPECT_EQ(js[1].method, "loadCart");
  auto java = ParseStackFrames("java.lang.IllegalStateException: x\n\tat com.a.Cart.load(Cart.java:42)\n");
  ASSERT_EQ(java.size(), 1u);
  EXPECT_EQ(java[0].filename, "Cart.java");
  EXPECT_EQ(java[0].lineno, 42);
  EXPECT_EQ(java[0].method, "com.a.Cart.load");
  EXPECT_TRUE(ParseStackFrames("nothing here\n").empty());
}

// A batch with one span carrying `events` exception events.
model::EventBatch BatchWithExceptions(int events, std::string_view stack) {
  model::EventBatch b;
  b.resources.push_back({});
  b.resources[0].attributes.begin = 0;
  b.attributes.push_back({"service.name", model::Value::String("backend-flask")});
  b.attributes.push_back({"deployment.environment", model::Value::String("staging")});
  b.resources[0].attributes.end = 2;
  model::Span span;
  span.trace_id[15] = 7;
  span.span_id[7] = 9;
  span.name = "GET /api/activities/home";
  span.end_ns = 1'700'000'000'000'000'000;
  span.events.begin = 0;
  for (int i = 0; i < events; ++i) {
    model::SpanEvent e;
    e.name = "exception";
    e.time_ns = 1'700'000'000'500'000'000;
    e.attributes.begin = static_cast<uint32_t>(b.attributes.size());
    b.attributes.push_back({"exception.type", model::Value::String("ValueError")});
    b.attributes.push_back({"exception.message", model::Value::String("no db 42")});
    b.attributes.push_back({"exception.stacktrace", model::Value::String(stack)});
    e.attributes.end = static_cast<uint32_t>(b.attributes.size());
    b.span_events.push_back(e);
  }
  span.events.end = static_cast<uint32_t>(b.span_events.size());
  b.spans.push_back(span);
  return b;
}

TEST(SpanErrorOccurrences, BecomeValidRollbarItemsLinkedToTheirTrace) {
  model::EventBatch b = BatchWithExceptions(2, "  File \"/app/home.py\", line 3, in run\n");
  EXPECT_TRUE(HasSpanErrors(b));
  std::vector<std::string> out = SpanErrorOccurrences(b, "default", "otlp");
  ASSERT_EQ(out.size(), 2u);
  auto occ = ParseOccurrenceJson(out[0]);
  ASSERT_TRUE(occ.ok()) << occ.status() << "\n" << out[0];
  EXPECT_EQ(occ->environment, "staging");
  EXPECT_EQ(occ->traces.front().exception_class, "ValueError");
  EXPECT_EQ(model::IdToHex(occ->trace_id), "00000000000000000000000000000007");
  EXPECT_DOUBLE_EQ(occ->client_timestamp, 1'700'000'000);
  // Same trace, span and event: same uuid (a retried export adds nothing);
  // another event of the span: another uuid, the same fingerprint.
  auto again = ParseOccurrenceJson(SpanErrorOccurrences(b, "default", "otlp")[0]);
  auto second = ParseOccurrenceJson(out[1]);
  EXPECT_EQ(again->uuid, occ->uuid);
  EXPECT_NE(second->uuid, occ->uuid);
  EXPECT_EQ(Fingerprint(*second), Fingerprint(*occ));
}

TEST(SpanErrorOccurrences, WithoutFramesAMessageAndBounded) {
  model::EventBatch b = BatchWithExceptions(150, "");
  std::vector<std::string> out = SpanErrorOccurrences(b, "default", "xray");
  EXPECT_EQ(out.size(), kMaxSpanErrorsPerBatch);
  auto occ = ParseOccurrenceJson(out[0]);
  ASSERT_TRUE(occ.ok()) << occ.status();
  EXPECT_EQ(occ->message, "ValueError: no db 42");
  model::EventBatch none;
  EXPECT_FALSE(HasSpanErrors(none));
  EXPECT_TRUE(SpanErrorOccurrences(none, "default", "otlp").empty());
}

}  // namespace
}  // namespace waggle::ingest::rollbar
