#include "api/cloudwatch/tokens.h"

#include <gtest/gtest.h>

namespace waggle::api::cloudwatch {
namespace {

TEST(Tokens, EventIdsSortLikePositions) {
  EventKey a{1'700'000'000'000, 9};
  EventKey b{1'700'000'000'000, 10};
  EventKey c{1'700'000'000'001, 0};
  EXPECT_EQ(EventId(a).size(), 56u);
  EXPECT_LT(EventId(a), EventId(b));
  EXPECT_LT(EventId(b), EventId(c));
}

TEST(Tokens, StreamTokensRoundTrip) {
  StreamToken t{Direction::kBackward, {1'700'000'000'123, INT64_MAX}};
  std::string text = EncodeStreamToken(t);
  EXPECT_EQ(text.substr(0, 2), "b/");
  absl::StatusOr<StreamToken> back = ParseStreamToken(text);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->direction, Direction::kBackward);
  EXPECT_EQ(back->key, t.key);
  absl::StatusOr<EventKey> filter = ParseFilterToken(EncodeFilterToken(t.key));
  ASSERT_TRUE(filter.ok());
  EXPECT_EQ(*filter, t.key);
}

TEST(Tokens, GarbageIsInvalidParameter) {
  std::string id = EventId({5, 6});
  for (std::string bad :
       {std::string(""), std::string("f/"), "x/" + id, "f/" + id + "0", "f/" + id.substr(1),
        "f/" + std::string(56, '9'), "n/" + id + "/", "b/-" + id.substr(1), std::string("g/abc"),
        std::string("g/zz"), std::string("s/1"), std::string("s/x/61"), std::string("s/1/")}) {
    absl::Status s = ParseStreamToken(bad).status();
    EXPECT_TRUE(absl::IsInvalidArgument(s)) << bad;
    EXPECT_EQ(s.message(), "The specified nextToken is invalid.") << bad;
    EXPECT_FALSE(ParseFilterToken(bad).ok()) << bad;
    EXPECT_FALSE(ParseGroupToken(bad).ok()) << bad;
    EXPECT_FALSE(ParseStreamListToken(bad).ok()) << bad;
  }
}

TEST(Tokens, ListTokensRoundTripAnyName) {
  std::string name = "/a/b#c.d-e_f";
  absl::StatusOr<std::string> g = ParseGroupToken(EncodeGroupToken(name));
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(*g, name);
  auto s = ParseStreamListToken(EncodeStreamListToken(1234, "x/y [$LATEST]"));
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->first, 1234);
  EXPECT_EQ(s->second, "x/y [$LATEST]");
}

}  // namespace
}  // namespace waggle::api::cloudwatch
