#include "store/column/plain_fixed.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

namespace waggle::store {
namespace {

TEST(PlainFixedTest, DoublesRoundTripBitExactly) {
  std::vector<double> values = {0.0,
                                -0.0,
                                1.5,
                                std::numeric_limits<double>::infinity(),
                                -std::numeric_limits<double>::max(),
                                std::numeric_limits<double>::quiet_NaN(),
                                std::numeric_limits<double>::denorm_min()};
  std::string encoded;
  EncodeDoubles(values.data(), values.size(), &encoded);
  EXPECT_EQ(encoded.size(), values.size() * 8);
  core::Reader reader(encoded);
  std::vector<double> out(values.size());
  ASSERT_TRUE(DecodeDoubles(&reader, values.size(), out.data()));
  EXPECT_EQ(std::memcmp(out.data(), values.data(), encoded.size()), 0);
  EXPECT_TRUE(reader.empty());
}

TEST(PlainFixedTest, EmptyAndShortInput) {
  std::string encoded;
  EncodeDoubles(nullptr, 0, &encoded);
  core::Reader empty(encoded);
  EXPECT_TRUE(DecodeDoubles(&empty, 0, nullptr));
  std::string seven(7, 'x');
  core::Reader short_reader(seven);
  double d;
  EXPECT_FALSE(DecodeDoubles(&short_reader, 1, &d));
}

TEST(PlainFixedTest, FixedWidthValues) {
  std::string ids(16 * 3, '\0');
  for (size_t i = 0; i < ids.size(); ++i) ids[i] = static_cast<char>(i * 7);
  std::string encoded;
  EncodeFixed(ids, &encoded);
  core::Reader reader(encoded);
  std::string out(ids.size(), '\0');
  ASSERT_TRUE(DecodeFixed(&reader, 3, 16, out.data()));
  EXPECT_EQ(out, ids);
  core::Reader short_reader(std::string_view(encoded).substr(1));
  EXPECT_FALSE(DecodeFixed(&short_reader, 3, 16, out.data()));
}

}  // namespace
}  // namespace waggle::store
