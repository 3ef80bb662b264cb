#include "synth/generator.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "gtest/gtest.h"
#include "ingest/otlp/decode.h"
#include "model/event_batch.h"
#include "synth/cruddur.h"

namespace waggle::synth {
namespace {

using model::EventBatch;
using model::Range;
using model::Value;
using model::ValueKind;

constexpr int64_t kStart = 1767225600000000000;  // 2026-01-01T00:00:00Z

const Value* FindAttr(const EventBatch& batch, Range range, std::string_view key) {
  for (uint32_t i = range.begin; i < range.end; ++i) {
    if (batch.attributes[i].key == key) return &batch.attributes[i].value;
  }
  return nullptr;
}

std::string_view StringAttr(const EventBatch& batch, Range range, std::string_view key) {
  const Value* v = FindAttr(batch, range, key);
  return v != nullptr && v->kind == ValueKind::kString ? v->str : std::string_view();
}

// Decodes `body` with the project's OTLP decoder, failing the test on error.
void Decode(const std::string& body, EventBatch* batch) {
  absl::StatusOr<ingest::otlp::DecodeResult> result = ingest::otlp::DecodeTracesProto(body, batch);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->rejected, 0u) << result->error_message;
  EXPECT_EQ(result->truncated_values, 0u);
  EXPECT_EQ(result->accepted, batch->spans.size());
}

TEST(GeneratorTest, SameSeedGivesIdenticalBytes) {
  Generator a({.seed = 5, .start_ns = kStart, .spans_per_second = 1e4});
  Generator b({.seed = 5, .start_ns = kStart, .spans_per_second = 1e4});
  Generator c({.seed = 6, .start_ns = kStart, .spans_per_second = 1e4});
  std::string out_a, out_b, out_c;
  for (int i = 0; i < 5; ++i) {
    size_t n = a.NextTracesRequest(300, &out_a);
    EXPECT_EQ(n, b.NextTracesRequest(300, &out_b));
    c.NextTracesRequest(300, &out_c);
    ASSERT_EQ(out_a, out_b) << "request " << i;
    EXPECT_NE(out_a, out_c);
  }
}

TEST(GeneratorTest, SpanCountIsAsAskedAndWholeTraces) {
  Generator gen({.seed = 11, .start_ns = kStart});
  std::string body;
  EXPECT_EQ(gen.NextTracesRequest(0, &body), 0u);
  EXPECT_TRUE(body.empty());
  for (size_t min_spans : {1, 10, 512, 2000}) {
    size_t n = gen.NextTracesRequest(min_spans, &body);
    EXPECT_GE(n, min_spans);
    EXPECT_LT(n, min_spans + kMaxTraceSpans);
    EventBatch batch;
    Decode(body, &batch);
    ASSERT_EQ(batch.spans.size(), n);
    // Whole traces: every parent is in the same request and trace.
    std::unordered_map<uint64_t, const model::Span*> by_id;
    for (const model::Span& s : batch.spans) {
      uint64_t id;
      std::memcpy(&id, s.span_id.data(), 8);
      EXPECT_TRUE(by_id.emplace(id, &s).second) << "duplicate span id";
    }
    for (const model::Span& s : batch.spans) {
      if (model::IsZeroId(s.parent_span_id)) continue;
      uint64_t parent_id;
      std::memcpy(&parent_id, s.parent_span_id.data(), 8);
      auto it = by_id.find(parent_id);
      ASSERT_NE(it, by_id.end()) << s.name << " has no parent in the request";
      EXPECT_EQ(it->second->trace_id, s.trace_id);
      EXPECT_LE(it->second->start_ns, s.start_ns) << s.name;
      EXPECT_GE(it->second->end_ns, s.end_ns) << s.name;
    }
  }
}

TEST(GeneratorTest, DecodesAsRealisticCruddurTraffic) {
  Generator gen({.seed = 3, .start_ns = kStart, .spans_per_second = 1000});
  std::string body;
  size_t n = gen.NextTracesRequest(5000, &body);
  EventBatch batch;
  Decode(body, &batch);
  ASSERT_EQ(batch.spans.size(), n);

  std::set<std::string_view> services, routes, statements, names;
  std::map<model::SpanKind, int> kinds;
  size_t attributes = 0, errors = 0, exceptions = 0, sql = 0;
  for (const model::Span& s : batch.spans) {
    EXPECT_GE(s.start_ns, kStart);
    EXPECT_LE(s.start_ns, kStart + 10'000'000'000);  // 5000 spans at 1000/s, plus a trace
    EXPECT_GE(s.end_ns, s.start_ns);
    EXPECT_FALSE(s.name.empty());
    names.insert(s.name);
    ++kinds[s.kind];
    attributes += s.attributes.size();
    const model::Resource& res = batch.resources[s.resource];
    services.insert(StringAttr(batch, res.attributes, "service.name"));
    EXPECT_EQ(StringAttr(batch, res.attributes, "deployment.environment.name"), "production");
    EXPECT_FALSE(StringAttr(batch, res.attributes, "host.name").empty());
    EXPECT_EQ(StringAttr(batch, res.attributes, "telemetry.sdk.name"), "opentelemetry");
    if (s.kind == model::SpanKind::kServer) {
      routes.insert(StringAttr(batch, s.attributes, "http.route"));
      const Value* code = FindAttr(batch, s.attributes, "http.response.status_code");
      ASSERT_NE(code, nullptr);
      EXPECT_EQ(code->kind, ValueKind::kInt);
      EXPECT_EQ(s.status_code == model::StatusCode::kError, code->i >= 500);
      EXPECT_EQ(s.name.substr(0, 4), "GET ");
    }
    if (StringAttr(batch, s.attributes, "db.system") == "postgresql") {
      ++sql;
      statements.insert(StringAttr(batch, s.attributes, "db.statement"));
      EXPECT_EQ(s.kind, model::SpanKind::kClient);
    }
    if (s.status_code == model::StatusCode::kError) ++errors;
    for (uint32_t e = s.events.begin; e < s.events.end; ++e) {
      const model::SpanEvent& ev = batch.span_events[e];
      EXPECT_EQ(ev.name, "exception");
      EXPECT_FALSE(StringAttr(batch, ev.attributes, "exception.type").empty());
      EXPECT_FALSE(StringAttr(batch, ev.attributes, "exception.stacktrace").empty());
      EXPECT_EQ(s.status_code, model::StatusCode::kError);
      ++exceptions;
    }
  }
  EXPECT_EQ(services, (std::set<std::string_view>{"backend-flask", "frontend-react-js"}));
  EXPECT_EQ(routes.size(), 6u);
  EXPECT_TRUE(routes.count(SlowRoute()));
  EXPECT_GE(statements.size(), 20u);
  EXPECT_TRUE(names.count("home-activities-mock-data"));
  EXPECT_TRUE(names.count("SELECT cruddur"));
  EXPECT_GT(kinds[model::SpanKind::kServer], 0);
  EXPECT_GT(kinds[model::SpanKind::kClient], kinds[model::SpanKind::kServer]);
  EXPECT_GT(kinds[model::SpanKind::kInternal], 0);
  EXPECT_GT(sql, n / 3);
  EXPECT_GT(exceptions, 0u);
  EXPECT_LT(errors, n / 20);  // ~1% of requests, a few spans each
  double per_span = static_cast<double>(attributes) / static_cast<double>(n);
  std::printf("attributes per span: %.2f\n", per_span);
  EXPECT_GE(per_span, 12.0);
  EXPECT_LE(per_span, 18.0);
  // One ResourceSpans per process; their service.name routes the dataset.
  EXPECT_LE(batch.resources.size(), 5u);
  for (const model::Resource& res : batch.resources) EXPECT_FALSE(res.span_dataset.empty());
}

TEST(GeneratorTest, UserIdCardinalityIsZipfOverOneHundredThousand) {
  std::unordered_set<std::string> all_users;
  for (uint32_t rank = 0; rank < 100000; ++rank) all_users.insert(cruddur::UserId(rank));
  ASSERT_EQ(all_users.size(), 100000u);  // 100k distinct ids exist

  Generator gen({.seed = 21, .start_ns = kStart});
  std::unordered_map<std::string, int> counts;
  std::string body;
  size_t requests = 0;
  for (int i = 0; i < 12; ++i) {
    gen.NextTracesRequest(5000, &body);
    EventBatch batch;
    Decode(body, &batch);
    for (const model::Span& s : batch.spans) {
      if (s.kind != model::SpanKind::kServer) continue;
      ++requests;
      std::string user(StringAttr(batch, s.attributes, "user.id"));
      ASSERT_TRUE(all_users.count(user)) << user;
      ++counts[user];
    }
  }
  int top = 0;
  for (const auto& [user, count] : counts) top = std::max(top, count);
  std::printf("requests %zu, distinct user.id %zu, top user %d\n", requests, counts.size(), top);
  // 40% of draws are uniform over 100k users, so nearly all of those are
  // distinct in a sample this small; the Zipf 60% add a few thousand more.
  EXPECT_GT(counts.size(), requests * 4 / 10);
  EXPECT_LT(counts.size(), requests * 8 / 10);
  double mean = static_cast<double>(requests) / static_cast<double>(counts.size());
  EXPECT_GT(top, 100 * mean);  // Zipf head: the busiest user dwarfs the mean
}

// Server spans of the planted slow user and slow route take longer, so a
// BubbleUp over the slow region has something to find.
TEST(GeneratorTest, SlowUserAndSlowRouteStandOut) {
  Generator gen({.seed = 8, .start_ns = kStart});
  std::string slow_user = SlowUserId();
  double sum[3] = {0, 0, 0};  // other, slow user, slow route
  int count[3] = {0, 0, 0};
  std::string body;
  for (int i = 0; i < 12; ++i) {
    gen.NextTracesRequest(5000, &body);
    EventBatch batch;
    Decode(body, &batch);
    for (const model::Span& s : batch.spans) {
      if (s.kind != model::SpanKind::kServer) continue;
      int group = StringAttr(batch, s.attributes, "user.id") == slow_user            ? 1
                  : StringAttr(batch, s.attributes, "http.route") == SlowRoute()     ? 2
                  : StringAttr(batch, s.attributes, "http.route") == "/rollbar/test" ? -1
                                                                                     : 0;
      if (group < 0) continue;  // the Rollbar call dominates that route
      sum[group] += static_cast<double>(s.end_ns - s.start_ns);
      ++count[group];
    }
  }
  ASSERT_GT(count[1], 50);
  ASSERT_GT(count[2], 1000);
  double other = sum[0] / count[0];
  std::printf("mean ms: other %.2f, slow user %.2f, slow route %.2f\n", other / 1e6,
              sum[1] / count[1] / 1e6, sum[2] / count[2] / 1e6);
  EXPECT_GT(sum[1] / count[1], 3 * other);
  EXPECT_GT(sum[2] / count[2], 2 * other);
}

TEST(GeneratorTest, TimestampsAdvanceAtTheGivenRate) {
  Generator gen({.seed = 2, .start_ns = kStart, .spans_per_second = 50000});
  std::string body;
  int64_t previous_last = kStart;
  for (int i = 0; i < 10; ++i) {
    size_t n = gen.NextTracesRequest(1000, &body);
    EventBatch batch;
    Decode(body, &batch);
    ASSERT_EQ(batch.spans.size(), n);
    int64_t first = INT64_MAX, last = 0;
    for (const model::Span& s : batch.spans) {
      // A root span starts its trace; children may start later.
      if (!model::IsZeroId(s.parent_span_id)) continue;
      first = std::min(first, s.start_ns);
      last = std::max(last, s.start_ns);
    }
    EXPECT_GE(first, previous_last) << "requests follow each other in time";
    previous_last = last;
  }
  // ~10k spans at 50k/s: the last trace starts ~0.2 s in.
  double seconds = static_cast<double>(previous_last - kStart) / 1e9;
  EXPECT_GT(seconds, 0.18);
  EXPECT_LT(seconds, 0.22);
}

// Measures generation speed (no assertion: machines differ). Debug and
// sanitizer builds are several times slower than Release.
TEST(GeneratorTest, ReportsThroughput) {
  Generator gen({.seed = 1, .start_ns = kStart});
  std::string body;
  size_t spans = 0, bytes = 0;
  auto begin = std::chrono::steady_clock::now();
  double elapsed = 0;
  while (elapsed < 0.5) {
    spans += gen.NextTracesRequest(512, &body);
    bytes += body.size();
    elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  }
  std::printf("generator: %.0f spans/s on one core, %.0f bytes/span\n", spans / elapsed,
              static_cast<double>(bytes) / static_cast<double>(spans));
  EXPECT_GT(spans, 0u);
}

}  // namespace
}  // namespace waggle::synth
