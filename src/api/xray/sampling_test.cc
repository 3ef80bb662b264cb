#include "api/xray/sampling.h"

#include <gtest/gtest.h>
#include <simdjson.h>

namespace waggle::api::xray {
namespace {

// Asks for targets for `clients` (id, request count) and returns the quota
// each got, in order.
std::vector<int64_t> Quotas(SamplingService& s, const std::vector<std::pair<std::string, int>>& c) {
  std::vector<int64_t> out;
  for (const auto& [id, n] : c) {
    core::JsonWriter w;
    EXPECT_TRUE(s.WriteTargets("default", {{"Default", id, n, 0, 0}}, w).ok());
    simdjson::dom::parser p;
    auto doc = p.parse(w.str());
    out.push_back(doc["SamplingTargetDocuments"].at(0)["ReservoirQuota"].get_int64().value());
  }
  return out;
}

TEST(SamplingServiceTest, DefaultRuleIsServedWithAttributes) {
  core::ManualClock clock(1'000'000'000'000);
  SamplingService s(clock, nullptr);
  core::JsonWriter w;
  ASSERT_TRUE(s.WriteRules("default", "eu-west-1", "123", w).ok());
  EXPECT_NE(w.str().find(R"("RuleName":"Default")"), std::string::npos);
  EXPECT_NE(w.str().find(R"("RuleARN":"arn:aws:xray:eu-west-1:123:sampling-rule/Default")"),
            std::string::npos);
  EXPECT_NE(w.str().find(R"("Attributes":{})"), std::string::npos);
  EXPECT_NE(w.str().find(R"("FixedRate":0.05)"), std::string::npos);
}

TEST(SamplingServiceTest, ReservoirIsSharedAmongActiveClientsAndUnknownRulesReported) {
  core::ManualClock clock(1'000'000'000'000);
  SamplingService s(clock, nullptr);
  // One client alone gets the whole reservoir (1).
  EXPECT_EQ(Quotas(s, {{"a", 5}}), std::vector<int64_t>{1});
  // Two active clients: 1 / 2 = 0 each plus the leftover to the busiest.
  std::vector<int64_t> q = Quotas(s, {{"b", 50}, {"a", 5}});
  EXPECT_EQ(q[0] + q[1], 1);
  EXPECT_EQ(q[0], 1);
  // After 2 x Interval without reports, a client no longer counts.
  clock.Advance(25'000'000'000);
  EXPECT_EQ(Quotas(s, {{"a", 5}}), std::vector<int64_t>{1});
  core::JsonWriter w;
  ASSERT_TRUE(s.WriteTargets("default", {{"Nope", "c", 1, 0, 0}}, w).ok());
  EXPECT_NE(w.str().find(R"("UnprocessedStatistics":[{"RuleName":"Nope")"), std::string::npos);
}

TEST(SamplingServiceTest, TrackedClientsAreBounded) {
  core::ManualClock clock(1'000'000'000'000);
  SamplingService s(clock, nullptr);
  // Far more made-up client ids than are tracked: the reservoir (1) is
  // still shared among at most the tracked ones, and nobody gets more.
  for (int i = 0; i < 3000; ++i) {
    std::vector<int64_t> q = Quotas(s, {{"c" + std::to_string(i), 1}});
    ASSERT_LE(q[0], 1);
  }
  EXPECT_EQ(s.TrackedClients("default", "Default"), 1024u);
  // Once they expire, a client alone gets the whole reservoir again.
  clock.Advance(25'000'000'000);
  EXPECT_EQ(Quotas(s, {{"late", 1}}), std::vector<int64_t>{1});
  EXPECT_EQ(s.TrackedClients("default", "Default"), 1u);
}

TEST(SamplingServiceTest, SummariesSumTheReportedStatisticsOfKnownRules) {
  core::ManualClock clock(1'000'000'000'000);
  SamplingService s(clock, nullptr);
  core::JsonWriter w;
  ASSERT_TRUE(
      s.WriteTargets("default", {{"Default", "a", 10, 3, 1}, {"Nope", "a", 9, 9, 9}}, w).ok());
  clock.Advance(15'000'000'000);
  ASSERT_TRUE(s.WriteTargets("default", {{"Default", "b", 4, 2, 0}}, w).ok());
  std::vector<SamplingSummary> sums = s.Summaries("default");
  ASSERT_EQ(sums.size(), 1u);
  EXPECT_EQ(sums[0].rule_name, "Default");
  EXPECT_EQ(sums[0].request_count, 14);
  EXPECT_EQ(sums[0].sampled_count, 5);
  EXPECT_EQ(sums[0].borrow_count, 1);
  EXPECT_EQ(sums[0].window_start_ns, 1'000'000'000'000);
  EXPECT_TRUE(s.Summaries("other").empty());
}

}  // namespace
}  // namespace waggle::api::xray
