#include "store/column/bitmap_encoding.h"

#include <gtest/gtest.h>

#include <random>

namespace waggle::store {
namespace {

TEST(BitmapEncodingTest, RoundTripsRanges) {
  std::mt19937 rng(5);
  for (size_t rows : {0, 1, 63, 64, 65, 1000, 4096}) {
    Bitmap bitmap;
    bitmap.Resize(rows);
    size_t expected = 0;
    for (size_t r = 0; r < rows; ++r) {
      if (rng() % 3 == 0) {
        bitmap.Set(r);
        ++expected;
      }
    }
    EXPECT_EQ(CountPresent(bitmap, rows), expected);
    // Split into ranges of 128 rows, as blocks are.
    std::string encoded;
    for (size_t begin = 0; begin < rows; begin += 128) {
      EncodeBitmapRange(bitmap, begin, std::min<size_t>(128, rows - begin), &encoded);
    }
    Bitmap out;
    out.Resize(rows);
    core::Reader reader(encoded);
    size_t total = 0;
    for (size_t begin = 0; begin < rows; begin += 128) {
      size_t present = 0;
      ASSERT_TRUE(
          DecodeBitmapRange(&reader, begin, std::min<size_t>(128, rows - begin), &out, &present));
      total += present;
    }
    EXPECT_TRUE(reader.empty());
    EXPECT_EQ(total, expected);
    for (size_t r = 0; r < rows; ++r) ASSERT_EQ(out.Get(r), bitmap.Get(r)) << r;
  }
}

TEST(BitmapEncodingTest, IgnoresBitsPastTheRangeAndRejectsThemOnDecode) {
  Bitmap bitmap;
  bitmap.Resize(128);
  bitmap.Set(3);
  bitmap.Set(100);  // past the 10-row range below
  std::string encoded;
  EncodeBitmapRange(bitmap, 0, 10, &encoded);
  ASSERT_EQ(encoded.size(), 2u);
  EXPECT_EQ(encoded[0], 8);
  EXPECT_EQ(encoded[1], 0);
  std::string bad("\x00\x04", 2);  // bit 10 of a 10-row range
  Bitmap out;
  out.Resize(64);
  size_t present;
  core::Reader reader(std::string_view(bad.data(), 2));
  EXPECT_FALSE(DecodeBitmapRange(&reader, 0, 10, &out, &present));
  core::Reader short_reader(std::string_view(bad.data(), 1));
  EXPECT_FALSE(DecodeBitmapRange(&short_reader, 0, 10, &out, &present));
}

}  // namespace
}  // namespace waggle::store
