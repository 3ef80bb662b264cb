#include "core/trim.h"

#include <gtest/gtest.h>

namespace waggle::core {
namespace {

TEST(Trim, BlanksAreSpacesAndTabsOnly) {
  EXPECT_EQ(TrimBlanks(" \tgzip;q=1\t "), "gzip;q=1");
  EXPECT_EQ(TrimBlanks("\r\nx\n"), "\r\nx\n");
  EXPECT_EQ(TrimBlanks("  "), "");
  EXPECT_EQ(TrimBlanks(""), "");
}

TEST(Trim, WhitespaceIsEveryAsciiSpace) {
  EXPECT_EQ(TrimWhitespace("\r\n\t\f\v key \r\n"), "key");
  EXPECT_EQ(TrimWhitespace("a b"), "a b");
  EXPECT_EQ(TrimWhitespace("\n"), "");
  EXPECT_TRUE(IsAsciiSpace('\v'));
  EXPECT_FALSE(IsAsciiSpace('x'));
}

}  // namespace
}  // namespace waggle::core
