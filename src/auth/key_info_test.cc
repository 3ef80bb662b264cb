#include "auth/key_info.h"

#include <gtest/gtest.h>

namespace waggle::auth {
namespace {

constexpr uint32_t kIngest = static_cast<uint32_t>(Scope::kIngest);
constexpr uint32_t kRead = static_cast<uint32_t>(Scope::kRead);
constexpr uint32_t kAdmin = static_cast<uint32_t>(Scope::kAdmin);

TEST(ParseScopesTest, AcceptsNamesListsCaseAndSpaces) {
  EXPECT_EQ(*ParseScopes("ingest"), kIngest);
  EXPECT_EQ(*ParseScopes("read"), kRead);
  EXPECT_EQ(*ParseScopes("admin"), kAdmin);
  EXPECT_EQ(*ParseScopes("ingest,read"), kIngest | kRead);
  EXPECT_EQ(*ParseScopes(" Read , INGEST ,read"), kIngest | kRead);
}

TEST(ParseScopesTest, RejectsEmptyAndUnknown) {
  for (std::string_view bad :
       {"", "  ", "ingest,", ",read", "write", "ingest,,read", "admins", "ingest;read"}) {
    EXPECT_EQ(ParseScopes(bad).status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
}

TEST(ScopeNamesTest, RoundTripsThroughParse) {
  EXPECT_EQ(ScopeNames(0), std::vector<std::string>{});
  EXPECT_EQ(ScopeNames(kAdmin | kIngest), (std::vector<std::string>{"ingest", "admin"}));
  EXPECT_EQ(ScopeNames(kAdmin | 64), std::vector<std::string>{"admin"});
  for (uint32_t mask = 1; mask <= kAllScopes; ++mask) {
    std::string joined;
    for (const std::string& name : ScopeNames(mask)) joined += (joined.empty() ? "" : ",") + name;
    EXPECT_EQ(*ParseScopes(joined), mask) << joined;
  }
}

TEST(HasScopeTest, AdminImpliesEverythingElseIsExact) {
  KeyInfo key;
  key.scopes = kIngest;
  EXPECT_TRUE(HasScope(key, Scope::kIngest));
  EXPECT_FALSE(HasScope(key, Scope::kRead));
  EXPECT_FALSE(HasScope(key, Scope::kAdmin));
  key.scopes = kRead;
  EXPECT_FALSE(HasScope(key, Scope::kIngest));
  EXPECT_TRUE(HasScope(key, Scope::kRead));
  EXPECT_FALSE(HasScope(key, Scope::kAdmin));
  key.scopes = kAdmin;
  EXPECT_TRUE(HasScope(key, Scope::kIngest));
  EXPECT_TRUE(HasScope(key, Scope::kRead));
  EXPECT_TRUE(HasScope(key, Scope::kAdmin));
  key.scopes = 0;
  EXPECT_FALSE(HasScope(key, Scope::kIngest));
}

TEST(ValidateEnvironmentTest, AllowsOnlyShortSafeNames) {
  EXPECT_TRUE(ValidateEnvironment("production").ok());
  EXPECT_TRUE(ValidateEnvironment("dev-1.eu_west").ok());
  EXPECT_TRUE(ValidateEnvironment(std::string(64, 'a')).ok());
  EXPECT_FALSE(ValidateEnvironment("").ok());
  EXPECT_FALSE(ValidateEnvironment(std::string(65, 'a')).ok());
  EXPECT_FALSE(ValidateEnvironment("prod env").ok());
  EXPECT_FALSE(ValidateEnvironment("prod/env").ok());
  EXPECT_FALSE(ValidateEnvironment("pr\xc3\xa9").ok());
}

TEST(ValidateKeyNameTest, RejectsControlCharactersAndLongNames) {
  EXPECT_TRUE(ValidateKeyName("").ok());
  EXPECT_TRUE(ValidateKeyName("backend-flask ingest key \xe2\x9c\x93").ok());
  EXPECT_FALSE(ValidateKeyName("line\nbreak").ok());
  EXPECT_FALSE(ValidateKeyName(std::string("nul\0", 4)).ok());
  EXPECT_FALSE(ValidateKeyName(std::string(129, 'n')).ok());
}

}  // namespace
}  // namespace waggle::auth
