#include "ingest/xray/segment_decoder.h"

#include <gtest/gtest.h>

#include <string>

#include "ingest/xray/segment_record.h"
#include "ingest/xray/trace_id.h"

namespace waggle::ingest::xray {
namespace {

// The captured Flask segment of specs/xray.md §3, completed.
constexpr std::string_view kFlaskSegment = R"({"id":"133eff6fd691bedb","name":"backend-flask",
"start_time":1795309514.62,"in_progress":false,"http":{"request":{"url":"http://localhost/api/activities/home",
"method":"GET","user_agent":"curl/8","client_ip":"10.1.2.3","x_forwarded_for":true},
"response":{"status":200,"content_length":12}},"metadata":{"default":{"k":"v"}},
"aws":{"xray":{"sdk":"X-Ray for Python","sdk_version":"2.15.0","sampling_rule_name":"Cruddur"}},
"subsegments":[{"id":"3489aa0000000001","name":"mock-data","start_time":1795309514.621,
"end_time":1795309514.625,"parent_id":"133eff6fd691bedb","trace_id":"1-6b023fca-ad8277b569acf7de1b4cdaf0",
"type":"subsegment","namespace":"local","annotations":{"result_len":3,"ok":true,"who":"me","ratio":0.5}}],
"trace_id":"1-6b023fca-ad8277b569acf7de1b4cdaf0","service":{"runtime":"CPython","runtime_version":"3.11.7"},
"end_time":1795309514.63})";

const model::Attribute* FindAttr(const model::EventBatch& b, const model::Span& s,
                                 std::string_view key) {
  for (uint32_t i = s.attributes.begin; i < s.attributes.end; ++i) {
    if (b.attributes[i].key == key) return &b.attributes[i];
  }
  return nullptr;
}

std::string_view ResourceService(const model::EventBatch& b, const model::Span& s) {
  const model::Resource& r = b.resources[s.resource];
  for (uint32_t i = r.attributes.begin; i < r.attributes.end; ++i) {
    if (b.attributes[i].key == "service.name") return b.attributes[i].value.str;
  }
  return "";
}

TEST(TraceIdTest, RoundTripsAndRejectsMalformed) {
  auto id = ParseXrayTraceId("1-5759e988-bd862e3fe1be46a994272793");
  ASSERT_TRUE(id);
  EXPECT_EQ(model::IdToHex(*id), "5759e988bd862e3fe1be46a994272793");
  EXPECT_EQ(FormatXrayTraceId(*id), "1-5759e988-bd862e3fe1be46a994272793");
  EXPECT_FALSE(ParseXrayTraceId("2-5759e988-bd862e3fe1be46a994272793"));
  EXPECT_FALSE(ParseXrayTraceId("1-5759e988bd862e3fe1be46a994272793"));
  EXPECT_FALSE(ParseXrayTraceId("1-5759e988-bd862e3fe1be46a99427279z"));
  EXPECT_FALSE(ParseXrayTraceId("1-00000000-000000000000000000000000"));
  EXPECT_FALSE(ParseSegmentId("0000000000000000"));
  EXPECT_TRUE(ParseSegmentId("53995c3f42cd8ad8"));
}

TEST(SegmentDecoderTest, FlaskSegmentBecomesServerSpanWithChild) {
  SegmentDecoder decoder;
  model::EventBatch b;
  std::vector<DocumentInfo> info;
  ASSERT_TRUE(decoder.Decode(kFlaskSegment, "", &b, &info).ok());
  ASSERT_EQ(b.spans.size(), 2u);
  const model::Span& seg = b.spans[0];
  const model::Span& sub = b.spans[1];
  EXPECT_EQ(model::IdToHex(seg.trace_id), "6b023fcaad8277b569acf7de1b4cdaf0");
  EXPECT_EQ(model::IdToHex(seg.span_id), "133eff6fd691bedb");
  EXPECT_TRUE(model::IsZeroId(seg.parent_span_id));
  EXPECT_EQ(seg.kind, model::SpanKind::kServer);
  EXPECT_EQ(seg.start_ns, 1795309514620000000);
  EXPECT_EQ(seg.end_ns, 1795309514630000000);
  EXPECT_EQ(seg.name, "backend-flask");
  EXPECT_EQ(ResourceService(b, seg), "backend-flask");
  EXPECT_EQ(b.resources[seg.resource].span_dataset, "backend-flask");
  EXPECT_EQ(FindAttr(b, seg, "xray.document")->value.str, kFlaskSegment);
  EXPECT_EQ(FindAttr(b, seg, "http.request.method")->value.str, "GET");
  EXPECT_EQ(FindAttr(b, seg, "url.full")->value.str, "http://localhost/api/activities/home");
  EXPECT_EQ(FindAttr(b, seg, "http.response.status_code")->value.i, 200);
  EXPECT_EQ(FindAttr(b, seg, "aws.xray.sampling_rule_name")->value.str, "Cruddur");
  EXPECT_EQ(FindAttr(b, seg, "xray.metadata")->value.str, R"({"default":{"k":"v"}})");
  EXPECT_EQ(FindAttr(b, seg, "xray.metadata")->value.kind, model::ValueKind::kKvlist);
  EXPECT_EQ(model::IdToHex(sub.parent_span_id), "133eff6fd691bedb");
  EXPECT_EQ(sub.kind, model::SpanKind::kInternal);
  EXPECT_EQ(ResourceService(b, sub), "backend-flask");
  EXPECT_EQ(FindAttr(b, sub, "xray.document"), nullptr);
  EXPECT_EQ(FindAttr(b, sub, "xray.type")->value.str, "subsegment");
  EXPECT_EQ(FindAttr(b, sub, "annotation.result_len")->value.i, 3);
  EXPECT_EQ(FindAttr(b, sub, "annotation.ok")->value.b, true);
  EXPECT_EQ(FindAttr(b, sub, "annotation.who")->value.str, "me");
  EXPECT_DOUBLE_EQ(FindAttr(b, sub, "annotation.ratio")->value.d, 0.5);
  ASSERT_EQ(info.size(), 1u);
  EXPECT_EQ(info[0].service, "backend-flask");
  EXPECT_FALSE(info[0].subsegment);
}

TEST(SegmentDecoderTest, IndependentRemoteSubsegmentWithFaultAndCause) {
  constexpr std::string_view doc = R"({"id":"6e5d000000000001","name":"api.example.com",
    "start_time":1.7953095146E9,"end_time":1795309514.7,"parent_id":"489f000000000002",
    "trace_id":"1-6b023fe0-000000000000000000000001","type":"subsegment","namespace":"remote",
    "fault":true,"http":{"request":{"method":"POST","url":"https://api.example.com/x","traced":false},
    "response":{"status":503}},"precursor_ids":["1111000000000001"],
    "cause":{"working_directory":"/app","exceptions":[{"id":"aaaa000000000001","type":"HTTPError",
    "message":"503 Service Unavailable","remote":true,"stack":[{"path":"app.py","line":12,"label":"call"}]}]}})";
  SegmentDecoder decoder;
  model::EventBatch b;
  ASSERT_TRUE(decoder.Decode(doc, "backend-flask", &b).ok());
  ASSERT_EQ(b.spans.size(), 1u);
  const model::Span& s = b.spans[0];
  EXPECT_EQ(s.kind, model::SpanKind::kClient);
  EXPECT_EQ(s.status_code, model::StatusCode::kError);
  EXPECT_EQ(s.status_message, "503 Service Unavailable");
  EXPECT_EQ(model::IdToHex(s.parent_span_id), "489f000000000002");
  EXPECT_EQ(ResourceService(b, s), "backend-flask");
  EXPECT_EQ(FindAttr(b, s, "xray.fault")->value.b, true);
  EXPECT_EQ(FindAttr(b, s, "xray.precursor_ids")->value.str, R"(["1111000000000001"])");
  ASSERT_EQ(s.events.size(), 1u);
  const model::SpanEvent& e = b.span_events[s.events.begin];
  EXPECT_EQ(e.name, "exception");
  EXPECT_EQ(e.time_ns, s.end_ns);
  std::string attrs;
  for (uint32_t i = e.attributes.begin; i < e.attributes.end; ++i) {
    attrs += std::string(b.attributes[i].key) + "=" + std::string(b.attributes[i].value.str) + ";";
  }
  EXPECT_NE(attrs.find("exception.type=HTTPError;"), std::string::npos);
  EXPECT_NE(attrs.find("exception.stacktrace=  at call (app.py:12)\n;"), std::string::npos);
}

TEST(SegmentDecoderTest, InProgressSegmentIsMarked) {
  constexpr std::string_view doc = R"({"id":"1111222233334444","name":"svc","start_time":100.5,
    "in_progress":true,"trace_id":"1-6b023fe0-000000000000000000000002"})";
  SegmentDecoder decoder;
  model::EventBatch b;
  ASSERT_TRUE(decoder.Decode(doc, "", &b).ok());
  ASSERT_EQ(b.spans.size(), 1u);
  EXPECT_EQ(b.spans[0].end_ns, b.spans[0].start_ns);
  EXPECT_EQ(FindAttr(b, b.spans[0], "xray.in_progress")->value.b, true);
}

TEST(SegmentDecoderTest, ArrayOfSubsegments) {
  constexpr std::string_view doc = R"([{"id":"1111222233334441","name":"a","start_time":1,
    "end_time":2,"trace_id":"1-6b023fe0-000000000000000000000003","type":"subsegment",
    "parent_id":"9999222233334444"},{"id":"1111222233334442","name":"b","start_time":1,
    "end_time":2,"trace_id":"1-6b023fe0-000000000000000000000003","type":"subsegment",
    "parent_id":"9999222233334444"}])";
  SegmentDecoder decoder;
  model::EventBatch b;
  ASSERT_TRUE(decoder.Decode(doc, "", &b).ok());
  ASSERT_EQ(b.spans.size(), 2u);
  EXPECT_EQ(b.resources[b.spans[0].resource].span_dataset, "unknown_service");
  EXPECT_EQ(FindAttr(b, b.spans[1], "xray.document")->value.str.substr(0, 24),
            R"({"id":"1111222233334442")");
}

TEST(SegmentDecoderTest, RejectsBadDocumentsAndLeavesBatchUntouched) {
  const char* bad[] = {
      "not json",
      "[1]",
      "42",
      R"({"name":"x","id":"1111222233334444","start_time":1,"end_time":2})",
      R"({"name":"x","id":"111122223333444","start_time":1,"end_time":2,"trace_id":"1-6b023fe0-000000000000000000000002"})",
      R"({"name":"","id":"1111222233334444","start_time":1,"end_time":2,"trace_id":"1-6b023fe0-000000000000000000000002"})",
      R"({"name":"x","id":"1111222233334444","start_time":1,"trace_id":"1-6b023fe0-000000000000000000000002"})",
      R"({"name":"x","id":"1111222233334444","start_time":"1","end_time":2,"trace_id":"1-6b023fe0-000000000000000000000002"})",
      R"({"name":"x","id":"1111222233334444","start_time":1,"end_time":2,"type":"subsegment","trace_id":"1-6b023fe0-000000000000000000000002"})",
      R"({"name":"x","id":"1111222233334444","start_time":1,"end_time":2,"trace_id":"1-6b023fe0-000000000000000000000002","subsegments":[{"id":"zz"}]})",
  };
  SegmentDecoder decoder;
  model::EventBatch b;
  for (const char* doc : bad) {
    absl::Status st = decoder.Decode(doc, "", &b);
    EXPECT_TRUE(absl::IsInvalidArgument(st)) << doc;
    EXPECT_EQ(b.spans.size(), 0u) << doc;
    EXPECT_EQ(b.attributes.size(), 0u) << doc;
    EXPECT_EQ(b.resources.size(), 0u) << doc;
  }
  std::string deep =
      R"({"name":"x","id":"1111222233334444","start_time":1,"end_time":2,"trace_id":"1-6b023fe0-000000000000000000000002")";
  for (int i = 0; i < 70; ++i)
    deep += R"(,"subsegments":[{"name":"x","id":"1111222233334444","start_time":1,"end_time":2)";
  for (int i = 0; i < 70; ++i) deep += "}]";
  deep += "}";
  EXPECT_TRUE(absl::IsInvalidArgument(decoder.Decode(deep, "", &b)));
  EXPECT_TRUE(absl::IsInvalidArgument(decoder.Decode(std::string(70000, ' '), "", &b)));
}

TEST(DaemonDatagramTest, HeaderVariants) {
  auto a = SplitDaemonDatagram("{\"format\":\"json\",\"version\":1}\n{\"x\":1}");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(*a, "{\"x\":1}");
  EXPECT_TRUE(SplitDaemonDatagram("{\"format\": \"JSON\", \"version\": 1}\n{}").ok());
  EXPECT_FALSE(SplitDaemonDatagram("{\"format\":\"json\",\"version\":2}\n{}").ok());
  EXPECT_FALSE(SplitDaemonDatagram("{\"format\":\"json\",\"version\":1}").ok());
  EXPECT_FALSE(SplitDaemonDatagram("garbage\n{}").ok());
  EXPECT_FALSE(SplitDaemonDatagram("").ok());
}

TEST(SegmentRecordTest, ReplayRebuildsTheSameSpans) {
  SegmentRecordBuilder builder;
  builder.Add("", kFlaskSegment);
  builder.Add("backend-flask", R"({"id":"6e5d000000000001","name":"n","start_time":1,"end_time":2,
    "parent_id":"489f000000000002","trace_id":"1-6b023fe0-000000000000000000000001","type":"subsegment"})");
  model::EventBatch b;
  ASSERT_TRUE(DecodeSegmentRecord(builder.payload(), &b).ok());
  ASSERT_EQ(b.spans.size(), 3u);
  EXPECT_EQ(ResourceService(b, b.spans[2]), "backend-flask");
  std::string truncated = builder.payload().substr(0, builder.payload().size() - 3);
  model::EventBatch c;
  EXPECT_TRUE(absl::IsDataLoss(DecodeSegmentRecord(truncated, &c)));
  EXPECT_TRUE(absl::IsDataLoss(DecodeSegmentRecord("", &c)));
  EXPECT_TRUE(absl::IsDataLoss(DecodeSegmentRecord("\x07", &c)));
}

}  // namespace
}  // namespace waggle::ingest::xray
