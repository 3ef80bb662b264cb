#include "synth/prng.h"

#include <cmath>
#include <vector>

#include "gtest/gtest.h"

namespace waggle::synth {
namespace {

TEST(PrngTest, SameSeedSameSequence) {
  Prng a(42), b(42), c(43);
  bool differs = false;
  for (int i = 0; i < 1000; ++i) {
    uint64_t x = a.Next();
    EXPECT_EQ(x, b.Next());
    differs |= x != c.Next();
  }
  EXPECT_TRUE(differs);
}

TEST(PrngTest, SplitMix64KnownValues) {
  // Reference outputs of splitmix64 seeded with 0.
  uint64_t state = 0;
  EXPECT_EQ(SplitMix64(&state), 0xE220A8397B1DCDAFull);
  EXPECT_EQ(SplitMix64(&state), 0x6E789E6AA1B965F4ull);
}

TEST(PrngTest, UniformStaysInRangeAndCoversIt) {
  Prng rng(1);
  std::vector<int> counts(10);
  for (int i = 0; i < 100000; ++i) {
    uint64_t v = rng.Uniform(10);
    ASSERT_LT(v, 10u);
    ++counts[v];
  }
  for (int c : counts) EXPECT_NEAR(c, 10000, 600);
  for (int i = 0; i < 1000; ++i) {
    double d = rng.UniformDouble();
    ASSERT_GE(d, 0.0);
    ASSERT_LT(d, 1.0);
  }
}

TEST(PrngTest, LogNormalMedian) {
  Prng rng(3);
  std::vector<double> v;
  for (int i = 0; i < 20001; ++i) v.push_back(rng.LogNormal(std::log(5.0), 0.6));
  std::nth_element(v.begin(), v.begin() + 10000, v.end());
  EXPECT_NEAR(v[10000], 5.0, 0.2);
}

TEST(PrngTest, ZipfFavoursLowRanks) {
  Prng rng(9);
  constexpr uint64_t kN = 1000;
  std::vector<int> counts(kN);
  for (int i = 0; i < 200000; ++i) {
    uint64_t k = rng.Zipf(kN);
    ASSERT_LT(k, kN);
    ++counts[k];
  }
  // P(k) ~ 1/(k+1): rank 0 about 10x rank 9, rank 9 about 10x rank 99.
  EXPECT_GT(counts[0], 6 * counts[9]);
  EXPECT_GT(counts[9], 5 * counts[99]);
  EXPECT_GT(counts[kN - 1], 0);
}

}  // namespace
}  // namespace waggle::synth
