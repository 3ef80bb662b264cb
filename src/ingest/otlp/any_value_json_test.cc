#include "ingest/otlp/any_value_json.h"
#include "model/value_json.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace waggle::ingest::otlp {
namespace {

std::string Json(const model::Value& v) {
  std::string out;
  model::AppendAnyValueJson(&out, v);
  return out;
}

TEST(AnyValueJsonTest, EveryKind) {
  EXPECT_EQ(Json(model::Value()), "{}");
  EXPECT_EQ(Json(model::Value::String("a\"b\n")), R"({"stringValue":"a\"b\n"})");
  EXPECT_EQ(Json(model::Value::Bool(false)), R"({"boolValue":false})");
  EXPECT_EQ(Json(model::Value::Int(-12)), R"({"intValue":"-12"})");
  EXPECT_EQ(Json(model::Value::Double(1.5)), R"({"doubleValue":1.5})");
  EXPECT_EQ(Json(model::Value::Double(std::nan(""))), R"({"doubleValue":"NaN"})");
  EXPECT_EQ(Json(model::Value::Double(-INFINITY)), R"({"doubleValue":"-Infinity"})");
  EXPECT_EQ(Json(model::Value::Bytes(std::string_view("\0\1\2\xfa\xff", 5))),
            R"({"bytesValue":"AAEC+v8="})");
  EXPECT_EQ(Json(model::Value::Array(R"({"values":[]})")), R"({"arrayValue":{"values":[]}})");
  EXPECT_EQ(Json(model::Value::Kvlist(R"({"values":[]})")), R"({"kvlistValue":{"values":[]}})");
}

TEST(AnyValueJsonTest, Base64RoundTrips) {
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  for (size_t n = 0; n < 10; ++n) {
    std::string enc;
    model::AppendBase64(&enc, all.substr(0, n));
    auto dec = DecodeBase64(enc);
    ASSERT_TRUE(dec.has_value());
    EXPECT_EQ(*dec, all.substr(0, n));
  }
  std::string enc;
  model::AppendBase64(&enc, all);
  EXPECT_EQ(*DecodeBase64(enc), all);
  EXPECT_EQ(*DecodeBase64("aGk"), "hi");         // unpadded
  EXPECT_EQ(*DecodeBase64("-_8="), "\xfb\xff");  // URL-safe
  EXPECT_FALSE(DecodeBase64("a").has_value());
  EXPECT_FALSE(DecodeBase64("a*bc").has_value());
}

TEST(AnyValueJsonTest, TruncateUtf8) {
  EXPECT_EQ(TruncateUtf8("hello", 10), "hello");
  EXPECT_EQ(TruncateUtf8("hello", 3), "hel");
  EXPECT_EQ(TruncateUtf8("\xE4\xB8\x96\xE7\x95\x8C", 4), "\xE4\xB8\x96");
  EXPECT_EQ(TruncateUtf8("\xE4\xB8\x96", 2), "");
  EXPECT_EQ(TruncateUtf8("\xF0\x9F\x98\x80z", 4), "\xF0\x9F\x98\x80");
}

}  // namespace
}  // namespace waggle::ingest::otlp
