#include "ingest/cloudwatch/put_log_events.h"

#include <gtest/gtest.h>

#include <string>

namespace waggle::ingest::cloudwatch {
namespace {

constexpr int64_t kNow = 1'780'000'000'000;

absl::Status Parse(std::string json, PutLogEventsInput* out) {
  static simdjson::dom::parser parser;
  simdjson::dom::element root;
  EXPECT_FALSE(parser.parse(json).get(root));
  return ParsePutLogEvents(root, out);
}

std::vector<InputEvent> Events(std::vector<int64_t> ts) {
  std::vector<InputEvent> out;
  for (int64_t t : ts) out.push_back({t, "m"});
  return out;
}

TEST(ParsePutLogEvents, ReadsMembersAndIgnoresSequenceToken) {
  PutLogEventsInput in;
  ASSERT_TRUE(Parse(R"({"logGroupName":"/app/web","logStreamName":"s1","sequenceToken":"x",
      "logEvents":[{"timestamp":5,"message":"hello \ud83c\udf0d"},{"timestamp":6,"message":"b"}]})",
                    &in)
                  .ok());
  EXPECT_EQ(in.log_group_name, "/app/web");
  EXPECT_EQ(in.log_stream_name, "s1");
  ASSERT_EQ(in.events.size(), 2u);
  EXPECT_EQ(in.events[0].timestamp_ms, 5);
  EXPECT_EQ(in.events[0].message, "hello \xF0\x9F\x8C\x8D");
}

TEST(ParsePutLogEvents, RejectsMissingAndMistypedMembers) {
  PutLogEventsInput in;
  absl::Status s =
      Parse(R"({"logStreamName":"s","logEvents":[{"timestamp":1,"message":"a"}]})", &in);
  EXPECT_TRUE(absl::IsInvalidArgument(s));
  EXPECT_NE(s.message().find("'logGroupName'"), absl::string_view::npos) << s;
  EXPECT_FALSE(Parse(R"({"logGroupName":"g","logStreamName":"s","logEvents":[]})", &in).ok());
  EXPECT_FALSE(
      Parse(
          R"({"logGroupName":"g","logStreamName":"s","logEvents":[{"timestamp":1,"message":""}]})",
          &in)
          .ok());
  EXPECT_FALSE(
      Parse(
          R"({"logGroupName":"g","logStreamName":"s","logEvents":[{"timestamp":"1","message":"a"}]})",
          &in)
          .ok());
  EXPECT_FALSE(Parse(R"({"logGroupName":7,"logStreamName":"s","logEvents":[]})", &in).ok());
  EXPECT_FALSE(Parse(R"([1,2])", &in).ok());
}

TEST(ValidateBatch, ChronologicalOrderAndSize) {
  EXPECT_TRUE(ValidateBatch(Events({1, 1, 2})).ok());
  absl::Status s = ValidateBatch(Events({2, 1}));
  EXPECT_EQ(s.message(),
            "Log events in a single PutLogEvents request must be in chronological order.");
  std::string big(kMaxBatchBytes - kEventOverheadBytes, 'x');
  std::vector<InputEvent> one{{1, big}};
  EXPECT_TRUE(ValidateBatch(one).ok());
  std::string bigger(kMaxBatchBytes - kEventOverheadBytes + 1, 'x');
  std::vector<InputEvent> too_big{{1, bigger}};
  EXPECT_TRUE(absl::IsInvalidArgument(ValidateBatch(too_big)));
  std::vector<InputEvent> many(kMaxBatchEvents + 1, InputEvent{1, "a"});
  EXPECT_TRUE(absl::IsInvalidArgument(ValidateBatch(many)));
}

TEST(Classify, NothingRejected) {
  Classification c = Classify(Events({kNow - 1000, kNow, kNow + kTooNewMs}), kNow, std::nullopt);
  EXPECT_FALSE(c.any_rejected());
  EXPECT_EQ(c.accepted_begin, 0u);
  EXPECT_EQ(c.accepted_end, 3u);
}

TEST(Classify, TooOldTooNewAndExpired) {
  auto events = Events({kNow - kTooOldMs - 1, kNow - 10 * kMsPerDay, kNow - 1, kNow,
                        kNow + kTooNewMs + 1, kNow + kTooNewMs + 5});
  Classification c = Classify(events, kNow, 7);
  EXPECT_EQ(c.too_old_end, 1u);
  EXPECT_EQ(c.expired_end, 2u);
  EXPECT_EQ(c.too_new_start, 4u);
  EXPECT_EQ(c.accepted_begin, 2u);
  EXPECT_EQ(c.accepted_end, 4u);

  // With a 30-day retention nothing between 14 and 30 days is "expired":
  // it is already too old.
  Classification d = Classify(events, kNow, 30);
  EXPECT_EQ(d.too_old_end, 1u);
  EXPECT_FALSE(d.expired_end.has_value());
  EXPECT_EQ(d.accepted_begin, 1u);
}

TEST(Classify, EverythingRejected) {
  Classification c = Classify(Events({1, 2}), kNow, std::nullopt);
  EXPECT_EQ(c.too_old_end, 2u);
  EXPECT_FALSE(c.too_new_start.has_value());
  EXPECT_EQ(c.accepted_begin, c.accepted_end);
  EXPECT_TRUE(CheckSpan(Events({1, 2}), c).ok());
}

TEST(CheckSpan, AtMost24HoursAmongAccepted) {
  auto ok = Events({kNow - kMsPerDay, kNow});
  EXPECT_TRUE(CheckSpan(ok, Classify(ok, kNow, std::nullopt)).ok());
  auto bad = Events({kNow - kMsPerDay - 1, kNow});
  absl::Status s = CheckSpan(bad, Classify(bad, kNow, std::nullopt));
  EXPECT_TRUE(absl::IsInvalidArgument(s));
  EXPECT_NE(s.message().find("cannot span more than 24 hours"), absl::string_view::npos);
}

}  // namespace
}  // namespace waggle::ingest::cloudwatch
