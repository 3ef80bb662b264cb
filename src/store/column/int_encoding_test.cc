#include "store/column/int_encoding.h"

#include <gtest/gtest.h>

#include <limits>
#include <random>
#include <vector>

namespace waggle::store {
namespace {

constexpr IntMode kModes[] = {IntMode::kVarint, IntMode::kDeltaVarint, IntMode::kFor,
                              IntMode::kDeltaFor};

std::vector<int64_t> RoundTrip(const std::vector<int64_t>& values, IntMode mode) {
  std::string encoded;
  EncodeIntsWithMode(values.data(), values.size(), mode, &encoded);
  core::Reader reader(encoded);
  std::vector<int64_t> out(values.size(), -1);
  EXPECT_TRUE(DecodeInts(&reader, values.size(), out.data()));
  EXPECT_TRUE(reader.empty());
  return out;
}

std::vector<std::vector<int64_t>> Cases() {
  constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  std::mt19937_64 rng(1);
  std::vector<int64_t> random(1000);
  for (auto& v : random) v = static_cast<int64_t>(rng());
  std::vector<int64_t> timestamps(5000);
  int64_t t = 1'700'000'000'000'000'000;
  for (auto& v : timestamps) v = t += rng() % 2'000'000;
  return {{},
          {42},
          {kMin},
          {kMax},
          {kMin, kMax, 0, -1, 1, kMax, kMin},
          {7, 7, 7, 7},
          {0, 1, 0, 1, 1},
          random,
          timestamps};
}

TEST(IntEncodingTest, EveryModeRoundTripsEveryCase) {
  for (IntMode mode : kModes) {
    for (const auto& values : Cases()) {
      EXPECT_EQ(RoundTrip(values, mode), values) << static_cast<int>(mode);
    }
  }
}

TEST(IntEncodingTest, AutoModePicksTheSmallest) {
  for (const auto& values : Cases()) {
    std::string best;
    EncodeInts(values.data(), values.size(), &best);
    for (IntMode mode : kModes) {
      std::string other;
      EncodeIntsWithMode(values.data(), values.size(), mode, &other);
      EXPECT_LE(best.size(), other.size());
    }
    core::Reader reader(best);
    std::vector<int64_t> out(values.size());
    ASSERT_TRUE(DecodeInts(&reader, values.size(), out.data()));
    EXPECT_EQ(out, values);
  }
}

TEST(IntEncodingTest, SortedTimestampsAndRoundedValuesAreSmall) {
  std::vector<int64_t> ms(10000);
  for (size_t i = 0; i < ms.size(); ++i) ms[i] = 1'700'000'000'000'000'000 + i * 1'000'000 * 3;
  std::string encoded;
  EncodeInts(ms.data(), ms.size(), &encoded);
  // Constant deltas divide out to width 0: a few header bytes in all.
  EXPECT_LT(encoded.size(), 32u);
  std::vector<int64_t> kinds(10000);
  for (size_t i = 0; i < kinds.size(); ++i) kinds[i] = i % 5;
  encoded.clear();
  EncodeInts(kinds.data(), kinds.size(), &encoded);
  EXPECT_LE(encoded.size(), 10000 * 3 / 8 + 16);
}

TEST(IntEncodingTest, MillionRows) {
  std::mt19937_64 rng(3);
  std::vector<int64_t> values(1'000'000);
  for (auto& v : values) v = static_cast<int64_t>(rng() % 100'000'000);
  std::string encoded;
  EncodeInts(values.data(), values.size(), &encoded);
  core::Reader reader(encoded);
  std::vector<int64_t> out(values.size());
  ASSERT_TRUE(DecodeInts(&reader, values.size(), out.data()));
  EXPECT_EQ(out, values);
}

TEST(IntEncodingTest, RejectsMalformedInput) {
  std::vector<int64_t> values = {1, 100, 10000, -5};
  for (IntMode mode : kModes) {
    std::string encoded;
    EncodeIntsWithMode(values.data(), values.size(), mode, &encoded);
    for (size_t cut = 0; cut < encoded.size(); ++cut) {
      core::Reader reader(std::string_view(encoded).substr(0, cut));
      std::vector<int64_t> out(values.size());
      EXPECT_FALSE(DecodeInts(&reader, values.size(), out.data())) << cut;
    }
  }
  std::string bad_mode(1, '\x09');
  core::Reader reader(bad_mode);
  int64_t out;
  EXPECT_FALSE(DecodeInts(&reader, 0, &out));
  // kFor with divisor 0 and with width 65.
  for (std::string bad :
       {std::string("\x02\x00\x00\x01\xff", 5), std::string("\x02\x00\x01\x41", 4)}) {
    core::Reader r(bad);
    EXPECT_FALSE(DecodeInts(&r, 1, &out));
  }
}

}  // namespace
}  // namespace waggle::store
