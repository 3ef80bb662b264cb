#include "store/column/string_dict.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace waggle::store {
namespace {

TEST(StringDictTest, BuildsSortedDictionaryAndCodes) {
  std::vector<std::string_view> values = {"GET", "POST", "GET", "DELETE", "POST", "GET"};
  std::optional<Dictionary> dict = BuildDictionary(values.data(), values.size(), 100);
  ASSERT_TRUE(dict.has_value());
  EXPECT_EQ(dict->entries, (std::vector<std::string_view>{"DELETE", "GET", "POST"}));
  EXPECT_EQ(dict->codes, (std::vector<uint32_t>{1, 2, 1, 0, 2, 1}));
  EXPECT_FALSE(BuildDictionary(values.data(), values.size(), 2).has_value());
}

TEST(StringDictTest, DictionaryAndCodesRoundTrip) {
  std::vector<std::string> storage = {"", "a", std::string(1000, 'b'), "c"};
  std::vector<std::string_view> entries(storage.begin(), storage.end());
  for (size_t width : {size_t{0}}) {
    std::string payload;
    EncodeDictionary(entries, width, &payload);
    std::vector<std::string_view> decoded;
    ASSERT_TRUE(DecodeDictionary(payload, width, 10, &decoded));
    EXPECT_EQ(decoded, entries);
    EXPECT_FALSE(DecodeDictionary(payload, width, 3, &decoded));  // more entries than allowed
    EXPECT_FALSE(DecodeDictionary(payload.substr(0, payload.size() - 1), width, 10, &decoded));
    EXPECT_FALSE(DecodeDictionary(payload + "x", width, 10, &decoded));
  }
  std::vector<uint32_t> codes = {0, 3, 2, 1, 3, 3, 0};
  std::string packed;
  EncodeCodes(codes.data(), codes.size(), entries.size(), &packed);
  EXPECT_EQ(packed.size(), 2u);  // 7 codes of 2 bits
  core::Reader reader(packed);
  std::vector<uint32_t> out(codes.size());
  ASSERT_TRUE(DecodeCodes(&reader, codes.size(), entries.size(), out.data()));
  EXPECT_EQ(out, codes);
  core::Reader again(packed);
  EXPECT_FALSE(DecodeCodes(&again, codes.size(), 3, out.data()));  // code 3 out of range
}

TEST(StringDictTest, FixedWidthDictionary) {
  std::string a(16, 'a');
  std::string b(16, 'b');
  std::vector<std::string_view> entries = {a, b};
  std::string payload;
  EncodeDictionary(entries, 16, &payload);
  EXPECT_EQ(payload.size(), 1u + 32u);
  std::vector<std::string_view> decoded;
  ASSERT_TRUE(DecodeDictionary(payload, 16, 2, &decoded));
  EXPECT_EQ(decoded, entries);
  EXPECT_FALSE(DecodeDictionary(payload.substr(0, 20), 16, 2, &decoded));
}

TEST(StringDictTest, SingleValueNeedsNoCodeBits) {
  std::vector<std::string_view> values(1000, "only");
  std::optional<Dictionary> dict = BuildDictionary(values.data(), values.size(), 1);
  ASSERT_TRUE(dict.has_value());
  std::string packed;
  EncodeCodes(dict->codes.data(), dict->codes.size(), 1, &packed);
  EXPECT_TRUE(packed.empty());
  core::Reader reader(packed);
  std::vector<uint32_t> out(1000, 9);
  ASSERT_TRUE(DecodeCodes(&reader, out.size(), 1, out.data()));
  EXPECT_EQ(out, std::vector<uint32_t>(1000, 0));
}

}  // namespace
}  // namespace waggle::store
