#include "ingest/otlp/response.h"

#include <gtest/gtest.h>

#include "ingest/otlp/wire.h"

namespace waggle::ingest::otlp {
namespace {

TEST(ResponseTest, FullSuccessIsEmpty) {
  EXPECT_EQ(EncodeExportResponseProto(Signal::kTraces, 0, ""), "");
  EXPECT_EQ(EncodeExportResponseJson(Signal::kLogs, 0, ""), "{}");
}

TEST(ResponseTest, PartialSuccessProto) {
  // partial_success{rejected_spans: 3, error_message: "bad"}
  std::string want = std::string("\x0a\x07\x08\x03\x12\x03") + "bad";
  EXPECT_EQ(EncodeExportResponseProto(Signal::kTraces, 3, "bad"), want);
  // A warning with no rejections still sets partial_success.
  EXPECT_EQ(EncodeExportResponseProto(Signal::kLogs, 0, "w"), std::string("\x0a\x03\x12\x01w"));
}

TEST(ResponseTest, PartialSuccessJson) {
  EXPECT_EQ(EncodeExportResponseJson(Signal::kTraces, 2, "bad \"id\""),
            R"({"partialSuccess":{"rejectedSpans":"2","errorMessage":"bad \"id\""}})");
  EXPECT_EQ(EncodeExportResponseJson(Signal::kLogs, 1, ""),
            R"({"partialSuccess":{"rejectedLogRecords":"1"}})");
  EXPECT_EQ(
      EncodeExportResponseJson(Signal::kMetrics, 7, "metrics are not supported yet"),
      R"({"partialSuccess":{"rejectedDataPoints":"7","errorMessage":"metrics are not supported yet"}})");
}

TEST(ResponseTest, StatusProtoWithRetryInfo) {
  EXPECT_EQ(EncodeStatusProto(3, "oops"), std::string("\x08\x03\x12\x04oops"));
  std::string s = EncodeStatusProto(14, "busy", 5);
  WireReader r(s);
  uint32_t field;
  WireType wt;
  uint64_t v;
  std::string_view msg, any;
  ASSERT_TRUE(r.ReadTag(&field, &wt) && field == 1 && r.ReadVarint(&v));
  EXPECT_EQ(v, 14u);
  ASSERT_TRUE(r.ReadTag(&field, &wt) && field == 2 && r.ReadLen(&msg));
  EXPECT_EQ(msg, "busy");
  ASSERT_TRUE(r.ReadTag(&field, &wt) && field == 3 && r.ReadLen(&any));
  EXPECT_TRUE(r.done());
  WireReader a(any);
  std::string_view type_url, retry_info, duration;
  ASSERT_TRUE(a.ReadTag(&field, &wt) && field == 1 && a.ReadLen(&type_url));
  EXPECT_EQ(type_url, "type.googleapis.com/google.rpc.RetryInfo");
  ASSERT_TRUE(a.ReadTag(&field, &wt) && field == 2 && a.ReadLen(&retry_info));
  WireReader ri(retry_info);
  ASSERT_TRUE(ri.ReadTag(&field, &wt) && field == 1 && ri.ReadLen(&duration));
  WireReader d(duration);
  ASSERT_TRUE(d.ReadTag(&field, &wt) && field == 1 && d.ReadVarint(&v));
  EXPECT_EQ(v, 5u);
}

TEST(ResponseTest, StatusJson) {
  EXPECT_EQ(EncodeStatusJson(3, "bad \"x\""), R"({"code":3,"message":"bad \"x\""})");
}

}  // namespace
}  // namespace waggle::ingest::otlp
