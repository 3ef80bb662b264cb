#include "auth/key_format.h"

#include <gtest/gtest.h>

#include <set>

namespace waggle::auth {
namespace {

std::string Hex(std::string_view bytes) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  return out;
}

TEST(KeyFormatTest, RandomBase62HasLengthAlphabetAndVariety) {
  std::set<std::string> seen;
  std::set<char> chars;
  for (int i = 0; i < 200; ++i) {
    auto s = RandomBase62(kKeySecretLength);
    ASSERT_TRUE(s.ok());
    ASSERT_EQ(s->size(), kKeySecretLength);
    for (char c : *s) {
      ASSERT_TRUE(std::isalnum(static_cast<unsigned char>(c))) << c;
      chars.insert(c);
    }
    seen.insert(*s);
  }
  EXPECT_EQ(seen.size(), 200u);
  EXPECT_EQ(chars.size(), 62u);  // 6400 draws miss a character with p ~ 1e-43
  EXPECT_EQ(RandomBase62(0)->size(), 0u);
}

TEST(KeyFormatTest, FormatThenParseRoundTrips) {
  const std::string id = *RandomBase62(kKeyIdLength);
  const std::string secret = *RandomBase62(kKeySecretLength);
  const std::string key = FormatKey(id, secret);
  EXPECT_EQ(key.size(), kKeyLength);
  EXPECT_EQ(key.substr(0, 4), "wgk_");
  auto parsed = ParseKey(key);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->id, id);
  EXPECT_EQ(parsed->secret, secret);
}

TEST(KeyFormatTest, ParseRejectsMalformedKeys) {
  const std::string good = FormatKey("abcdeABCDE", std::string(32, 'z'));
  ASSERT_TRUE(ParseKey(good).has_value());
  std::vector<std::string> bad = {
      "",
      good.substr(1),
      good + "z",
      "wgx" + good.substr(3),
      good.substr(0, 14) + "-" + good.substr(15),  // separator
      good.substr(0, 6) + "!" + good.substr(7),    // id character
      good.substr(0, 40) + "/" + good.substr(41),  // secret character
      good.substr(0, 40) + std::string(1, '\0') + good.substr(41),
  };
  for (const std::string& key : bad) EXPECT_FALSE(ParseKey(key).has_value()) << key;
}

TEST(KeyFormatTest, Sha256MatchesKnownVectors) {
  EXPECT_EQ(Hex(Sha256("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Hex(Sha256("")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(KeyFormatTest, ConstantTimeEqualsComparesContentAndLength) {
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
  EXPECT_TRUE(ConstantTimeEquals("", ""));
}

}  // namespace
}  // namespace waggle::auth
