#include "api/xray/sampling_stats.h"

#include <gtest/gtest.h>

namespace waggle::api::xray {
namespace {

constexpr int64_t kSecond = 1'000'000'000;

TEST(SamplingStatsWindowTest, SumsPerRuleOverTheLastTenMinutes) {
  SamplingStatsWindow w;
  int64_t t0 = 1'700'000'000 * kSecond + 3 * kSecond;
  w.Record("default", "Default", 10, 2, 1, t0);
  w.Record("default", "Default", 5, 1, 0, t0 + 4 * kSecond);  // same bucket
  w.Record("default", "api", 7, 7, 0, t0 + 30 * kSecond);
  w.Record("other", "Default", 100, 100, 100, t0);
  std::vector<SamplingSummary> s = w.Summaries("default", t0 + 60 * kSecond);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].rule_name, "Default");
  EXPECT_EQ(s[0].request_count, 15);
  EXPECT_EQ(s[0].sampled_count, 3);
  EXPECT_EQ(s[0].borrow_count, 1);
  EXPECT_EQ(s[0].window_start_ns, t0 - 3 * kSecond);
  EXPECT_EQ(s[1].rule_name, "api");
  EXPECT_EQ(s[1].request_count, 7);
  // Ten minutes and 20 s on, the first reports have left the window.
  s = w.Summaries("default", t0 + 620 * kSecond);
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].rule_name, "api");
  EXPECT_TRUE(w.Summaries("default", t0 + 20 * 60 * kSecond).empty());
}

TEST(SamplingStatsWindowTest, MemoryIsBoundedAndNegativeCountsIgnored) {
  SamplingStatsWindow w;
  int64_t t = 1'700'000'000 * kSecond;
  // A report every second for an hour keeps at most 61 buckets.
  for (int i = 0; i < 3600; ++i) w.Record("default", "Default", 1, -5, 0, t + i * kSecond);
  EXPECT_LE(w.buckets(), 61u);
  std::vector<SamplingSummary> s = w.Summaries("default", t + 3600 * kSecond);
  ASSERT_EQ(s.size(), 1u);
  EXPECT_GE(s[0].request_count, 600);
  EXPECT_LE(s[0].request_count, 610);
  EXPECT_EQ(s[0].sampled_count, 0);
  // A rule nobody reports for any more is dropped entirely.
  w.Record("default", "api", 1, 1, 0, t + 3600 * kSecond);
  w.Record("default", "api", 1, 1, 0, t + 5000 * kSecond);
  EXPECT_EQ(w.buckets(), 1u);
}

}  // namespace
}  // namespace waggle::api::xray
