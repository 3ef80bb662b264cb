#include "store/column/plain_string.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace waggle::store {
namespace {

std::vector<std::string> RoundTrip(const std::vector<std::string>& values) {
  std::vector<std::string_view> views(values.begin(), values.end());
  std::string encoded;
  EncodePlainStrings(views.data(), views.size(), &encoded);
  core::Reader reader(encoded);
  std::string bytes = "prefix";  // decoding appends after existing bytes
  std::vector<uint32_t> ends(values.size());
  EXPECT_TRUE(DecodePlainStrings(&reader, values.size(), &bytes, ends.data()));
  EXPECT_TRUE(reader.empty());
  std::vector<std::string> out;
  uint32_t start = 6;
  for (uint32_t end : ends) {
    out.push_back(bytes.substr(start, end - start));
    start = end;
  }
  return out;
}

TEST(PlainStringTest, RoundTrips) {
  EXPECT_EQ(RoundTrip({}), std::vector<std::string>{});
  EXPECT_EQ(RoundTrip({"one"}), std::vector<std::string>{"one"});
  std::vector<std::string> mixed = {"", "a", "", std::string(300, 'z'), "GET /api/v1"};
  EXPECT_EQ(RoundTrip(mixed), mixed);
  std::vector<std::string> huge = {std::string(20 << 20, 'h'), "tail"};
  EXPECT_EQ(RoundTrip(huge), huge);
}

TEST(PlainStringTest, RejectsTruncatedInput) {
  std::vector<std::string_view> views = {"hello", "world"};
  std::string encoded;
  EncodePlainStrings(views.data(), views.size(), &encoded);
  for (size_t cut = 0; cut < encoded.size(); ++cut) {
    core::Reader reader(std::string_view(encoded).substr(0, cut));
    std::string bytes;
    uint32_t ends[2];
    EXPECT_FALSE(DecodePlainStrings(&reader, 2, &bytes, ends)) << cut;
  }
}

}  // namespace
}  // namespace waggle::store
