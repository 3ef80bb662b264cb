#include "store/index/bloom_filter.h"

#include <gtest/gtest.h>

#include <string>

namespace waggle::store::index {
namespace {

std::string Key(int i) { return "trace-" + std::to_string(i); }

TEST(BloomFilterTest, EmptyFilterRejectsKeys) {
  BloomFilterBuilder builder;
  std::string bytes = builder.Finish();
  absl::StatusOr<BloomFilter> filter = BloomFilter::Parse(bytes);
  ASSERT_TRUE(filter.ok()) << filter.status();
  EXPECT_FALSE(filter->MayContain(Key(1)));
}

TEST(BloomFilterTest, NoFalseNegativesAndAboutOnePercentFalsePositives) {
  BloomFilterBuilder builder;
  constexpr int kKeys = 20000;
  for (int i = 0; i < kKeys; ++i) builder.AddKey(Key(i));
  std::string bytes = builder.Finish();
  EXPECT_LE(bytes.size(), kKeys * 10 / 8 + 16);
  absl::StatusOr<BloomFilter> filter = BloomFilter::Parse(bytes);
  ASSERT_TRUE(filter.ok()) << filter.status();
  for (int i = 0; i < kKeys; ++i) ASSERT_TRUE(filter->MayContain(Key(i))) << i;
  int false_positives = 0;
  constexpr int kProbes = 100000;
  for (int i = kKeys; i < kKeys + kProbes; ++i) false_positives += filter->MayContain(Key(i));
  double rate = static_cast<double>(false_positives) / kProbes;
  EXPECT_LT(rate, 0.015);
  EXPECT_GT(rate, 0.002);  // sized for ~1%, not wastefully large
}

TEST(BloomFilterTest, SizedOnDistinctKeys) {
  BloomFilterBuilder once;
  BloomFilterBuilder repeated;
  for (int i = 0; i < 1000; ++i) {
    once.AddKey(Key(i));
    for (int r = 0; r < 20; ++r) repeated.AddKey(Key(i));
  }
  EXPECT_EQ(once.Finish(), repeated.Finish());
}

TEST(BloomFilterTest, ParseRejectsGarbage) {
  EXPECT_EQ(BloomFilter::Parse("").status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(BloomFilter::Parse("short").status().code(), absl::StatusCode::kDataLoss);
  std::string bad_probes(9, '\0');
  EXPECT_EQ(BloomFilter::Parse(bad_probes).status().code(), absl::StatusCode::kDataLoss);
  bad_probes.back() = 31;
  EXPECT_EQ(BloomFilter::Parse(bad_probes).status().code(), absl::StatusCode::kDataLoss);
}

}  // namespace
}  // namespace waggle::store::index
