#include "auth/presented_key.h"

#include <gtest/gtest.h>

namespace waggle::auth {
namespace {

TEST(PresentedKeyTest, PrefersHoneycombHeader) {
  EXPECT_EQ(PresentedKey("wgk_team", "Bearer wgk_other"), "wgk_team");
  EXPECT_EQ(PresentedKey("  wgk_team \t", ""), "wgk_team");
}

TEST(PresentedKeyTest, FallsBackToBearerToken) {
  EXPECT_EQ(PresentedKey("", "Bearer wgk_abc"), "wgk_abc");
  EXPECT_EQ(PresentedKey("   ", "bearer   wgk_abc  "), "wgk_abc");
  EXPECT_EQ(PresentedKey("", "BEARER\twgk_abc"), "wgk_abc");
}

TEST(PresentedKeyTest, IgnoresOtherSchemesAndEmptyTokens) {
  EXPECT_EQ(PresentedKey("", ""), "");
  EXPECT_EQ(PresentedKey("", "Basic dXNlcjpwYXNz"), "");
  EXPECT_EQ(PresentedKey("", "Bearer"), "");
  EXPECT_EQ(PresentedKey("", "Bearer    "), "");
  EXPECT_EQ(PresentedKey("", "Bearerwgk_abc"), "");
  EXPECT_EQ(PresentedKey("", "wgk_abc"), "");
}

}  // namespace
}  // namespace waggle::auth
