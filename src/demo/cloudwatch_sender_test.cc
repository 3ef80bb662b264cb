// How many events a PutLogEvents answer's rejectedLogEventsInfo rejects.
#include "demo/cloudwatch_sender.h"

#include <gtest/gtest.h>

namespace waggle::demo {
namespace {

TEST(CloudWatchSenderTest, CountsRejectedEvents) {
  EXPECT_EQ(RejectedEvents(R"({"nextSequenceToken":"1"})", 10), 0u);
  EXPECT_EQ(RejectedEvents(R"({"rejectedLogEventsInfo":{"tooOldLogEventEndIndex":3}})", 10), 3u);
  EXPECT_EQ(RejectedEvents(R"({"rejectedLogEventsInfo":{"tooNewLogEventStartIndex":8}})", 10), 2u);
  EXPECT_EQ(
      RejectedEvents(
          R"({"rejectedLogEventsInfo":{"expiredLogEventEndIndex":4,"tooOldLogEventEndIndex":2,"tooNewLogEventStartIndex":9}})",
          10),
      5u);
  EXPECT_EQ(RejectedEvents("not json", 10), 0u);
}

}  // namespace
}  // namespace waggle::demo
