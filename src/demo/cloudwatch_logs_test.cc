// The demo's CloudWatch Logs events: one after_request line per backend
// request with its trace id, in the host's stream, and PutLogEvents bodies
// that keep AWS's per-call limits and chronological order.
#include "demo/cloudwatch_logs.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include "demo/request_logs.h"
#include "synth/prng.h"

namespace waggle::demo {
namespace {

std::vector<synth::TracePlan> Plans(int n) {
  synth::Prng rng(9);
  std::vector<synth::TracePlan> plans(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    synth::PlanTrace(&rng, 1'795'000'000'000'000'000 + i * int64_t{1'000'000}, &plans[i]);
  }
  return plans;
}

TEST(CloudWatchLogsTest, OneLinePerBackendRequestWithItsTraceId) {
  std::vector<synth::TracePlan> plans = Plans(500);
  std::vector<std::vector<LogEvent>> by_stream(static_cast<size_t>(CloudWatchStreamCount()));
  CollectCloudWatchEvents(plans, &by_stream);
  size_t backend = 0, events = 0;
  for (const auto& plan : plans) backend += IsBackendRequest(plan) ? 1 : 0;
  for (const auto& stream : by_stream) {
    EXPECT_FALSE(stream.empty());
    events += stream.size();
  }
  ASSERT_EQ(events, backend);
  for (const auto& stream : by_stream) {
    for (const LogEvent& e : stream) {
      EXPECT_EQ(e.message.rfind("[20", 0), 0u) << e.message;
      EXPECT_NE(e.message.find(" 172.17.0.1 GET http /"), std::string::npos) << e.message;
      EXPECT_NE(e.message.find(" trace_id="), std::string::npos) << e.message;
    }
  }
  const synth::TracePlan& first = *std::find_if(plans.begin(), plans.end(), IsBackendRequest);
  std::string id = LowerHex(first.trace_id.data(), first.trace_id.size());
  bool found = false;
  for (const auto& stream : by_stream) {
    for (const LogEvent& e : stream) found |= e.message.find("trace_id=" + id) != std::string::npos;
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(CloudWatchStreamName(0), "ip-10-0-1-23/flask/app/7");
}

TEST(CloudWatchLogsTest, BodiesKeepTheLimitsAndTheOrder) {
  std::vector<LogEvent> events;
  for (int i = 0; i < 25'000; ++i) {
    events.push_back({1'795'000'000'000 + (i * 7919) % 25'000, std::string(60, 'a' + i % 26)});
  }
  events.push_back({1'795'000'000'000, std::string(kMaxBytesPerPut + 10, 'x')});
  std::vector<PutLogEventsBody> bodies = PutLogEventsBodies("cruddur", "s", events);
  simdjson::dom::parser parser;
  uint64_t total = 0;
  int64_t last = 0;
  for (const PutLogEventsBody& body : bodies) {
    simdjson::dom::element doc = parser.parse(body.json);
    EXPECT_EQ(std::string_view(doc["logGroupName"]), "cruddur");
    simdjson::dom::array list = doc["logEvents"];
    size_t count = 0, bytes = 0;
    for (simdjson::dom::element e : list) {
      int64_t ts = e["timestamp"];
      EXPECT_GE(ts, last);
      last = ts;
      bytes += std::string_view(e["message"]).size() + kEventOverheadBytes;
      ++count;
    }
    EXPECT_EQ(count, body.events);
    EXPECT_LE(count, kMaxEventsPerPut);
    EXPECT_LE(bytes, kMaxBytesPerPut);
    total += count;
  }
  EXPECT_EQ(total, events.size());
  EXPECT_GE(bodies.size(), 4u);
}

TEST(CloudWatchLogsTest, ACallSpansAtMostADay) {
  std::vector<LogEvent> events = {{0, "a"}, {kMaxPutSpanMs, "b"}, {kMaxPutSpanMs + 1, "c"}};
  std::vector<PutLogEventsBody> bodies = PutLogEventsBodies("g", "s", events);
  ASSERT_EQ(bodies.size(), 2u);
  EXPECT_EQ(bodies[0].events, 2u);
  EXPECT_EQ(bodies[1].events, 1u);
}

}  // namespace
}  // namespace waggle::demo
