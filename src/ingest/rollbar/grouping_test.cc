#include "ingest/rollbar/grouping.h"

#include <gtest/gtest.h>

#include "ingest/rollbar/request.h"
#include "ingest/rollbar/test_payloads.h"

namespace waggle::ingest::rollbar {
namespace {

Occurrence Parse(const std::string& data) {
  absl::StatusOr<Occurrence> occ = ParseOccurrenceJson(data);
  EXPECT_TRUE(occ.ok()) << occ.status();
  return occ.ok() ? *occ : Occurrence{};
}

TEST(GroupingTest, SameErrorAtOtherLinesAndMessagesIsOneItem) {
  std::string a = Fingerprint(Parse(testing::NodeErrorData("x is undefined", 12)));
  std::string b = Fingerprint(Parse(testing::NodeErrorData("y is not a function", 99)));
  EXPECT_EQ(a, b);
  EXPECT_EQ(a.size(), 40u);
}

TEST(GroupingTest, OtherMethodOrClassIsAnotherItem) {
  std::string base = Fingerprint(Parse(testing::NodeErrorData("boom", 12)));
  EXPECT_NE(base, Fingerprint(Parse(testing::NodeErrorData("boom", 12, "checkout"))));
  std::string data = testing::NodeErrorData("boom", 12);
  data.replace(data.find("TypeError"), 9, "RangeError");
  EXPECT_NE(base, Fingerprint(Parse(data)));
}

TEST(GroupingTest, MethodDigitsAndServerRootAreIgnored) {
  std::string a = testing::NodeErrorData("boom", 1, "render12");
  std::string b = testing::NodeErrorData("boom", 1, "render345");
  EXPECT_EQ(Fingerprint(Parse(a)), Fingerprint(Parse(b)));
  // Two deployments in different directories group together once root is cut.
  std::string c = a, d = a;
  c.replace(c.find("\"host\":\"web-1\""), 14, R"("host":"web-1","root":"/srv/app")");
  d.replace(d.find("\"host\":\"web-1\""), 14, R"("host":"web-1","root":"/opt/v2")");
  for (size_t p; (p = d.find("/srv/app")) != std::string::npos;) d.replace(p, 8, "/opt/v2");
  EXPECT_EQ(Fingerprint(Parse(c)), Fingerprint(Parse(d)));
}

TEST(GroupingTest, MessagesDifferingOnlyInDataAreOneItem) {
  std::string a =
      Fingerprint(Parse(testing::PyMessageData("order 1234 failed for bob@example.com")));
  std::string b = Fingerprint(Parse(testing::PyMessageData("order 98 failed for eve@test.org")));
  std::string c = Fingerprint(Parse(testing::PyMessageData("payment 98 failed for eve@test.org")));
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
}

TEST(GroupingTest, NormalizeMessageReplacesDataTokens) {
  EXPECT_EQ(NormalizeMessage("message 1234"), "message {num}");
  EXPECT_EQ(NormalizeMessage("took 3.25s at 2024-01-02T10:11:12Z"), "took {num}s at {ts}");
  EXPECT_EQ(NormalizeMessage("id 550e8400-e29b-41d4-a716-446655440000 gone"), "id {uuid} gone");
  EXPECT_EQ(NormalizeMessage("addr 0xdeadbeef and cafe1234, face stays"),
            "addr {hex} and {hex}, face stays");
  EXPECT_EQ(NormalizeMessage(R"(user "bob" can't log in as 'root')"),
            R"(user "{str}" can't log in as '{str}')");
  EXPECT_EQ(NormalizeMessage("retry 1 of 3"), "retry 1 of 3");
}

TEST(GroupingTest, CustomFingerprintWins) {
  std::string data = testing::NodeErrorData("boom", 12);
  data.insert(1, R"("fingerprint":"checkout-down",)");
  EXPECT_EQ(Fingerprint(Parse(data)), "checkout-down");
  std::string long_fp(50, 'x');
  std::string data2 = testing::NodeErrorData("boom", 12);
  data2.insert(1, "\"fingerprint\":\"" + long_fp + "\",");
  EXPECT_EQ(Fingerprint(Parse(data2)), Sha1Hex(long_fp));
}

TEST(GroupingTest, Titles) {
  EXPECT_EQ(ItemTitle(Parse(testing::NodeErrorData("x is undefined", 1))),
            "TypeError: x is undefined");
  EXPECT_EQ(ItemTitle(Parse(testing::PyMessageData("Hello World!"))), "Hello World!");
  std::string titled = testing::PyMessageData("Hello");
  titled.insert(1, R"("title":"Custom title",)");
  EXPECT_EQ(ItemTitle(Parse(titled)), "Custom title");
  EXPECT_EQ(ItemTitle(Parse(testing::PyMessageData(std::string(300, 'a')))).size(),
            kMaxTitleLength);
  EXPECT_EQ(TruncateUtf8("h\xC3\xA9llo", 2), "h");
}

TEST(GroupingTest, Sha1) { EXPECT_EQ(Sha1Hex("abc"), "a9993e364706816aba3e25717850c26c9cd0d89d"); }

}  // namespace
}  // namespace waggle::ingest::rollbar
