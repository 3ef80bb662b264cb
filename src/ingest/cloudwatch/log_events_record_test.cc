#include "ingest/cloudwatch/log_events_record.h"

#include <gtest/gtest.h>

namespace waggle::ingest::cloudwatch {
namespace {

std::string_view AttrString(const model::EventBatch& b, const model::LogRecord& log,
                            std::string_view key) {
  for (uint32_t i = log.attributes.begin; i < log.attributes.end; ++i) {
    if (b.attributes[i].key == key) return b.attributes[i].value.str;
  }
  return "<absent>";
}

int64_t AttrInt(const model::EventBatch& b, const model::LogRecord& log, std::string_view key) {
  for (uint32_t i = log.attributes.begin; i < log.attributes.end; ++i) {
    if (b.attributes[i].key == key) return b.attributes[i].value.i;
  }
  return -1;
}

TEST(LogEventsRecord, RoundTripsIntoLogRecords) {
  std::vector<InputEvent> events{{1'700'000'000'000, "first"}, {1'700'000'000'005, "second"}};
  std::string payload = EncodeLogEventsRecord(
      {"/aws/lambda/f", "2024/05/19/[$LATEST]abc", 1'700'000'000'100, 42}, events.data(), 2);
  model::EventBatch batch;
  absl::Status decoded = DecodeLogEventsRecord(payload, &batch);
  ASSERT_TRUE(decoded.ok()) << decoded.message();
  ASSERT_EQ(batch.logs.size(), 2u);
  ASSERT_EQ(batch.resources.size(), 1u);
  EXPECT_EQ(batch.resources[0].log_dataset, "/aws/lambda/f");
  EXPECT_EQ(batch.scopes[0].name, kScopeName);
  const model::LogRecord& second = batch.logs[1];
  EXPECT_EQ(second.time_ns, 1'700'000'000'005'000'000);
  EXPECT_EQ(second.body.str, "second");
  EXPECT_EQ(AttrString(batch, second, kStreamAttr), "2024/05/19/[$LATEST]abc");
  EXPECT_EQ(AttrString(batch, second, kGroupAttr), "/aws/lambda/f");
  EXPECT_EQ(AttrInt(batch, second, kIngestionTimeAttr), 1'700'000'000'100);
  EXPECT_EQ(AttrInt(batch, batch.logs[0], kSequenceAttr), 42);
  EXPECT_EQ(AttrInt(batch, second, kSequenceAttr), 43);
}

TEST(LogEventsRecord, EveryTruncationIsDataLoss) {
  std::vector<InputEvent> events{{1'700'000'000'000, "message"}};
  std::string payload = EncodeLogEventsRecord({"g", "s", 1, 1}, events.data(), 1);
  for (size_t n = 0; n < payload.size(); ++n) {
    model::EventBatch batch;
    EXPECT_TRUE(absl::IsDataLoss(DecodeLogEventsRecord(payload.substr(0, n), &batch))) << n;
  }
  model::EventBatch batch;
  EXPECT_TRUE(absl::IsDataLoss(DecodeLogEventsRecord(payload + "x", &batch)));
  std::string bad_version = payload;
  bad_version[0] = 9;
  EXPECT_TRUE(absl::IsDataLoss(DecodeLogEventsRecord(bad_version, &batch)));
}

TEST(LogEventsRecord, HugeCountIsRejectedBeforeAllocating) {
  std::string payload;
  payload.push_back(1);
  payload += std::string("\x01g\x01s\x02\x01", 6);
  payload += std::string("\xff\xff\xff\xff\xff\xff\xff\xff\x7f", 9);  // count
  model::EventBatch batch;
  EXPECT_TRUE(absl::IsDataLoss(DecodeLogEventsRecord(payload, &batch)));
}

}  // namespace
}  // namespace waggle::ingest::cloudwatch
