// The demo's Rollbar items parse with the server's own item reader into
// what pyrollbar reports: the exception with the frames the span-derived
// occurrence of the same failure gets (so both group into one item), the
// trace id, the person and the server; a warning for /rollbar/test.
#include "demo/rollbar_items.h"

#include <gtest/gtest.h>

#include "demo/request_logs.h"
#include "ingest/rollbar/occurrence.h"
#include "ingest/rollbar/request.h"
#include "ingest/rollbar/scrub.h"
#include "ingest/rollbar/span_errors.h"
#include "synth/cruddur.h"
#include "synth/prng.h"

namespace waggle::demo {
namespace {

namespace rollbar = ingest::rollbar;

// The first backend request of the seeded traffic that `want` accepts.
template <typename Pred>
synth::TracePlan FirstPlan(Pred want) {
  synth::Prng rng(3);
  synth::TracePlan plan;
  for (int i = 0; i < 200000; ++i) {
    synth::PlanTrace(&rng, 1'795'000'000'000'000'000 + i * int64_t{1'000'000}, &plan);
    if (IsBackendRequest(plan) && want(plan)) return plan;
  }
  ADD_FAILURE() << "no such plan";
  return plan;
}

rollbar::Occurrence Parse(const synth::TracePlan& plan) {
  std::string body;
  EncodeRollbarItem(plan, "tok", &body);
  rollbar::ScrubFields scrub(rollbar::DefaultScrubFields());
  absl::StatusOr<rollbar::ItemEnvelope> envelope = rollbar::ParseItemEnvelope(body, scrub);
  EXPECT_TRUE(envelope.ok()) << envelope.status() << body;
  if (!envelope.ok()) return {};
  EXPECT_EQ(envelope->access_token, "tok");
  absl::StatusOr<rollbar::Occurrence> occurrence =
      rollbar::ParseOccurrenceJson(envelope->data_json);
  EXPECT_TRUE(occurrence.ok()) << occurrence.status() << body;
  return occurrence.ok() ? *occurrence : rollbar::Occurrence{};
}

TEST(RollbarItemsTest, EveryFailureIsAnErrorWithTheSpanErrorsFrames) {
  for (int layer = 0; layer < 3; ++layer) {
    synth::TracePlan plan =
        FirstPlan([&](const synth::TracePlan& p) { return p.failure_layer == layer; });
    ASSERT_TRUE(RollbarReported(plan));
    rollbar::Occurrence occ = Parse(plan);
    const synth::cruddur::Failure& failure = synth::cruddur::FailureFor(layer);
    EXPECT_EQ(occ.kind, rollbar::BodyKind::kTrace);
    EXPECT_EQ(occ.level, "error");
    EXPECT_EQ(occ.environment, "production");
    ASSERT_EQ(occ.traces.size(), 1u);
    EXPECT_EQ(occ.traces[0].exception_class, failure.type);
    std::vector<rollbar::StackFrame> expected = rollbar::ParseStackFrames(failure.stacktrace);
    ASSERT_EQ(occ.traces[0].frames.size(), expected.size());
    ASSERT_FALSE(expected.empty());
    for (size_t i = 0; i < expected.size(); ++i) {
      EXPECT_EQ(occ.traces[0].frames[i].filename, expected[i].filename);
      EXPECT_EQ(occ.traces[0].frames[i].method, expected[i].method);
      EXPECT_EQ(occ.traces[0].frames[i].lineno, expected[i].lineno);
    }
    EXPECT_TRUE(std::equal(plan.trace_id.begin(), plan.trace_id.end(), occ.trace_id.begin()));
    EXPECT_EQ(occ.person_id, synth::cruddur::UserId(plan.user_rank));
    EXPECT_FALSE(occ.server_host.empty());
    EXPECT_EQ(occ.notifier, "pyrollbar 1.0.0");
  }
}

TEST(RollbarItemsTest, RollbarTestRouteReportsAWarningMessage) {
  synth::TracePlan plan = FirstPlan([](const synth::TracePlan& p) {
    return p.http_status == 200 &&
           synth::cruddur::Routes()[p.route].external == synth::cruddur::External::kRollbar;
  });
  ASSERT_TRUE(RollbarReported(plan));
  rollbar::Occurrence occ = Parse(plan);
  EXPECT_EQ(occ.kind, rollbar::BodyKind::kMessage);
  EXPECT_EQ(occ.message, "Hello World!");
  EXPECT_EQ(occ.level, "warning");
}

TEST(RollbarItemsTest, SuccessfulRequestsAreNotReported) {
  synth::TracePlan plan = FirstPlan([](const synth::TracePlan& p) {
    return p.http_status == 200 &&
           synth::cruddur::Routes()[p.route].external != synth::cruddur::External::kRollbar;
  });
  EXPECT_FALSE(RollbarReported(plan));
}

}  // namespace
}  // namespace waggle::demo
