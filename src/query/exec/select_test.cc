#include "query/exec/select.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <set>

namespace waggle::query::exec {
namespace {

// std::nth_element's answer, on a copy.
double Reference(std::vector<double> v, size_t idx) {
  std::nth_element(v.begin(), v.begin() + static_cast<ptrdiff_t>(idx), v.end());
  return v[idx];
}

std::vector<double> Random(size_t n, uint64_t seed, int shape) {
  std::mt19937_64 rng(seed);
  std::lognormal_distribution<double> durations(3, 1.5);
  std::uniform_int_distribution<int> few(0, 9);
  std::normal_distribution<double> signed_values(0, 1e6);
  std::vector<double> v(n);
  for (double& d : v) {
    switch (shape) {
      case 0:
        d = durations(rng);
        break;  // latency-like, many octaves
      case 1:
        d = few(rng);
        break;  // heavy duplicates
      case 2:
        d = signed_values(rng);
        break;  // negatives and positives
      default:
        d = 100.0 + few(rng) * 1e-9;
        break;  // one narrow range: finer bits
    }
  }
  return v;
}

TEST(NthSmallest, EqualsNthElementOnLargeInputs) {
  for (int shape = 0; shape < 4; ++shape) {
    std::vector<double> v = Random(300'000, 7 + shape, shape);
    for (double p : {0.0, 0.001, 0.5, 0.9, 0.99, 0.999, 1.0}) {
      size_t idx = std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())));
      std::vector<double> work = v;
      EXPECT_EQ(NthSmallest(&work, idx), Reference(v, idx)) << "shape " << shape << " p " << p;
    }
  }
}

TEST(NthSmallest, SmallInputsAndSpecialValues) {
  std::vector<double> v = {3, -0.5, 7, 7, -1e300, 1e300, 0};
  for (size_t i = 0; i < v.size(); ++i) {
    std::vector<double> work = v;
    EXPECT_EQ(NthSmallest(&work, i), Reference(v, i));
  }
  std::vector<double> one = {42};
  EXPECT_EQ(NthSmallest(&one, 0), 42);
  std::vector<double> same(200'000, 2.5);
  EXPECT_EQ(NthSmallest(&same, 123'456), 2.5);
}

TEST(CountDistinct, EqualsSortUnique) {
  std::mt19937_64 rng(11);
  for (size_t n : {0u, 1u, 1000u, 70'000u, 500'000u}) {
    std::vector<uint64_t> h(n);
    for (uint64_t& x : h) x = rng() % (n / 3 + 1) * 0x9e3779b97f4a7c15ull;  // spread, with repeats
    std::set<uint64_t> distinct(h.begin(), h.end());
    std::vector<uint64_t> work = h;
    EXPECT_EQ(CountDistinct(&work), distinct.size()) << n;
  }
}

}  // namespace
}  // namespace waggle::query::exec
