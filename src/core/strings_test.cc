#include "core/strings.h"

#include <gtest/gtest.h>

namespace waggle::core {
namespace {

TEST(StringsTest, PercentDecodeKeepsMalformedEscapes) {
  EXPECT_EQ(PercentDecode("a%20b%2Fc", false), "a b/c");
  EXPECT_EQ(PercentDecode("a+b", true), "a b");
  EXPECT_EQ(PercentDecode("a+b", false), "a+b");
  EXPECT_EQ(PercentDecode("%zz%4", false), "%zz%4");
  EXPECT_EQ(PercentDecode("%", true), "%");
}

TEST(StringsTest, PercentEncodeKeepsOnlyUnreservedBytes) {
  EXPECT_EQ(PercentEncode("Az09-_.~", false), "Az09-_.~");
  EXPECT_EQ(PercentEncode("/aws/lambda fn", false), "%2Faws%2Flambda%20fn");
  EXPECT_EQ(PercentEncode("/aws/lambda fn", true), "/aws/lambda%20fn");
  EXPECT_EQ(PercentEncode("\xff", false), "%FF");
}

TEST(StringsTest, EncodeThenDecodeRoundTrips) {
  std::string all;
  for (int c = 0; c < 256; ++c) all.push_back(static_cast<char>(c));
  EXPECT_EQ(PercentDecode(PercentEncode(all, false), false), all);
}

TEST(StringsTest, AsciiLowerChangesOnlyAsciiLetters) {
  EXPECT_EQ(AsciiLower("Content-Type: ÄB"), "content-type: Äb");
}

TEST(StringsTest, HexDigitValue) {
  EXPECT_EQ(HexDigitValue('7'), 7);
  EXPECT_EQ(HexDigitValue('b'), 11);
  EXPECT_EQ(HexDigitValue('F'), 15);
  EXPECT_EQ(HexDigitValue('g'), -1);
}

}  // namespace
}  // namespace waggle::core
