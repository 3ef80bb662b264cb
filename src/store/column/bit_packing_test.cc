#include "store/column/bit_packing.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

namespace waggle::store {
namespace {

TEST(BitPackingTest, BitWidth) {
  EXPECT_EQ(BitWidth(0), 0);
  EXPECT_EQ(BitWidth(1), 1);
  EXPECT_EQ(BitWidth(255), 8);
  EXPECT_EQ(BitWidth(256), 9);
  EXPECT_EQ(BitWidth(~uint64_t{0}), 64);
}

TEST(BitPackingTest, RoundTripsEveryWidth) {
  std::mt19937_64 rng(7);
  for (int width = 0; width <= 64; ++width) {
    for (size_t n : {0, 1, 7, 8, 9, 1000}) {
      uint64_t mask = width == 64 ? ~uint64_t{0} : (uint64_t{1} << width) - 1;
      std::vector<uint64_t> values(n);
      for (auto& v : values) v = rng() & mask;
      if (n > 0) values[0] = mask;  // the largest value must fit
      std::string packed;
      PackBits(values.data(), n, width, &packed);
      ASSERT_EQ(packed.size(), PackedSize(n, width));
      std::vector<uint64_t> out(n, 12345);
      ASSERT_TRUE(UnpackBits(packed, n, width, out.data()));
      ASSERT_EQ(out, values) << "width " << width << " n " << n;
      if (packed.size() > 0) {
        EXPECT_FALSE(UnpackBits(std::string_view(packed).substr(1), n, width, out.data()));
      }
    }
  }
}

TEST(BitPackingTest, ThirtyTwoBitVariant) {
  std::vector<uint32_t> values = {0, 5, 3, 7, 1, 2, 6, 4, 7};
  std::string packed;
  PackBits32(values.data(), values.size(), 3, &packed);
  EXPECT_EQ(packed.size(), 4u);
  std::vector<uint32_t> out(values.size());
  ASSERT_TRUE(UnpackBits32(packed, values.size(), 3, out.data()));
  EXPECT_EQ(out, values);
  EXPECT_FALSE(UnpackBits32(packed, values.size(), 33, out.data()));
}

}  // namespace
}  // namespace waggle::store
