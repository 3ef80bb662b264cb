// Hand-built protobuf edge cases for the trace, log and metric decoders.
#include <gtest/gtest.h>

#include <string>

#include "core/file.h"
#include "ingest/otlp/decode.h"
#include "ingest/otlp/test_builders.h"

namespace waggle::ingest::otlp {
namespace {

using namespace testing;  // NOLINT: test builders
using model::ValueKind;

const std::string kTrace = Id('\x11', 16);
const std::string kSpan = Id('\x22', 8);

std::string UnknownFieldsOfEveryType() {
  return Varint(100, 7) + Fixed64(101, 8) + Len(102, "junk") + Fixed32(103, 9);
}

TEST(ProtoDecoderTest, EmptyBodyIsAnEmptyRequest) {
  model::EventBatch batch;
  auto r = DecodeTracesProto("", &batch);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->accepted, 0u);
  EXPECT_TRUE(batch.spans.empty());
}

TEST(ProtoDecoderTest, SkipsUnknownFieldsOfEveryWireTypeAtEveryLevel) {
  std::string u = UnknownFieldsOfEveryType();
  std::string span =
      SpanMsg(kTrace, kSpan, "op", u + Len(9, KeyValue("k", StringValue("v") + u) + u));
  std::string resource = Len(1, KeyValue("service.name", StringValue("svc"))) + u;
  std::string scope_spans = u + Len(1, Len(1, "scope") + u) + Len(2, span) + u;
  std::string body = u + Len(1, u + Len(1, resource) + Len(2, scope_spans) + u) + u;
  model::EventBatch batch;
  auto r = DecodeTracesProto(body, &batch);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(batch.spans.size(), 1u);
  EXPECT_EQ(batch.spans[0].name, "op");
  ASSERT_EQ(batch.spans[0].attributes.size(), 1u);
  EXPECT_EQ(batch.attributes[batch.spans[0].attributes.begin].value.str, "v");
  EXPECT_EQ(batch.scopes[0].name, "scope");
  EXPECT_EQ(batch.resources[0].span_dataset, "svc");
}

TEST(ProtoDecoderTest, ScalarValuesAndNegativeTenByteVarint) {
  double d = -2.5;
  std::string dbl;
  PutDoubleField(&dbl, 4, d);
  std::string attrs = Len(9, KeyValue("neg", IntValue(-1))) + Len(9, KeyValue("b", Varint(2, 1))) +
                      Len(9, KeyValue("d", dbl)) +
                      Len(9, KeyValue("bytes", Len(7, std::string("\0\xff", 2)))) +
                      Len(9, KeyValue("empty", "")) + Len(9, Len(1, "novalue")) +
                      // oneof: the last member wins
                      Len(9, KeyValue("last", StringValue("x") + IntValue(5)));
  EXPECT_EQ(IntValue(-1).size(), 11u);  // tag + 10 bytes
  model::EventBatch batch;
  std::string body1 = TracesRequest(SpansField(SpanMsg(kTrace, kSpan, "op", attrs)));

  auto r = DecodeTracesProto(body1, &batch);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(batch.spans.size(), 1u);
  const auto* a = &batch.attributes[batch.spans[0].attributes.begin];
  ASSERT_EQ(batch.spans[0].attributes.size(), 7u);
  EXPECT_EQ(a[0].value.kind, ValueKind::kInt);
  EXPECT_EQ(a[0].value.i, -1);
  EXPECT_EQ(a[1].value.kind, ValueKind::kBool);
  EXPECT_TRUE(a[1].value.b);
  EXPECT_EQ(a[2].value.d, -2.5);
  EXPECT_EQ(a[3].value.kind, ValueKind::kBytes);
  EXPECT_EQ(a[3].value.str, std::string_view("\0\xff", 2));
  EXPECT_EQ(a[4].value.kind, ValueKind::kEmpty);
  EXPECT_EQ(a[5].key, "novalue");
  EXPECT_EQ(a[5].value.kind, ValueKind::kEmpty);
  EXPECT_EQ(a[6].value.kind, ValueKind::kInt);
  EXPECT_EQ(a[6].value.i, 5);
}

TEST(ProtoDecoderTest, SpanFieldsLastWinsAndStatusMerges) {
  std::string extra = Len(5, "second") + Varint(6, 3) + Fixed64(7, 100) + Fixed64(8, 250) +
                      Len(3, "a=b") + Len(4, Id('\x33', 8)) + Varint(10, 2) + Varint(12, 3) +
                      Varint(14, 4) + Len(15, Varint(3, 2)) + Len(15, Len(2, "bad")) +
                      Fixed32(16, 0x301);
  model::EventBatch batch;
  std::string body2 = TracesRequest(SpansField(SpanMsg(kTrace, kSpan, "first", extra)));

  auto r = DecodeTracesProto(body2, &batch);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(batch.spans.size(), 1u);
  const model::Span& s = batch.spans[0];
  EXPECT_EQ(s.name, "second");
  EXPECT_EQ(s.kind, model::SpanKind::kClient);
  EXPECT_EQ(s.start_ns, 100);
  EXPECT_EQ(s.end_ns, 250);
  EXPECT_EQ(s.trace_state, "a=b");
  EXPECT_EQ(model::IdToHex(s.parent_span_id), "3333333333333333");
  EXPECT_EQ(s.dropped_attributes_count, 2u);
  EXPECT_EQ(s.dropped_events_count, 3u);
  EXPECT_EQ(s.dropped_links_count, 4u);
  EXPECT_EQ(s.status_code, model::StatusCode::kError);  // merged from two Status messages
  EXPECT_EQ(s.status_message, "bad");
  EXPECT_EQ(s.flags, 0x301u);
}

TEST(ProtoDecoderTest, EventsAndLinksInterleavedWithAttributesStayContiguous) {
  std::string event =
      Fixed64(1, 5) + Len(2, "exception") + Len(3, KeyValue("exception.type", StringValue("E")));
  std::string link = Len(1, Id('\x44', 16)) + Len(2, Id('\x55', 8)) +
                     Len(4, KeyValue("l", IntValue(1))) + Fixed32(6, 1);
  std::string extra = Len(11, event) + Len(9, KeyValue("a", IntValue(1))) + Len(13, link) +
                      Len(9, KeyValue("b", IntValue(2))) + Len(11, event);
  std::string spans = SpansField(SpanMsg(kTrace, kSpan, "one", extra)) +
                      SpansField(SpanMsg(kTrace, Id('\x23', 8), "two", Len(11, event)));
  model::EventBatch batch;
  std::string body3 = TracesRequest(spans);

  auto r = DecodeTracesProto(body3, &batch);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(batch.spans.size(), 2u);
  const model::Span& s = batch.spans[0];
  ASSERT_EQ(s.attributes.size(), 2u);
  EXPECT_EQ(batch.attributes[s.attributes.begin].key, "a");
  EXPECT_EQ(batch.attributes[s.attributes.begin + 1].key, "b");
  ASSERT_EQ(s.events.size(), 2u);
  EXPECT_EQ(batch.span_events[s.events.begin].name, "exception");
  EXPECT_EQ(batch.attributes[batch.span_events[s.events.begin].attributes.begin].key,
            "exception.type");
  ASSERT_EQ(s.links.size(), 1u);
  const model::SpanLink& l = batch.span_links[s.links.begin];
  EXPECT_EQ(model::IdToHex(l.span_id), "5555555555555555");
  EXPECT_EQ(l.flags, 1u);
  EXPECT_EQ(batch.attributes[l.attributes.begin].key, "l");
  EXPECT_EQ(batch.spans[1].events.size(), 1u);
  EXPECT_EQ(batch.spans[1].events.begin, 2u);
}

TEST(ProtoDecoderTest, RepeatedResourceMergesEvenAfterScopeSpans) {
  std::string scope_spans = Len(2, SpanMsg(kTrace, kSpan, "op"));
  std::string rs = Len(2, scope_spans) + Len(1, Len(1, KeyValue("a", IntValue(1)))) +
                   Len(2, scope_spans) +
                   Len(1, Len(1, KeyValue("service.name", StringValue(" shop "))));
  model::EventBatch batch;
  std::string body4 = Len(1, rs);

  auto r = DecodeTracesProto(body4, &batch);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(batch.resources.size(), 1u);
  EXPECT_EQ(batch.resources[0].attributes.size(), 2u);
  EXPECT_EQ(batch.resources[0].span_dataset, "shop");
  EXPECT_EQ(batch.resources[0].log_dataset, "shop");
  EXPECT_EQ(batch.spans.size(), 2u);
  EXPECT_EQ(batch.scopes.size(), 2u);
  EXPECT_EQ(batch.spans[1].scope, 1u);
}

TEST(ProtoDecoderTest, MissingServiceNameRoutesToUnknown) {
  model::EventBatch batch;
  std::string body5 = Len(1, Len(2, Len(2, SpanMsg(kTrace, kSpan, "op"))));

  auto r = DecodeTracesProto(body5, &batch);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(batch.resources[0].span_dataset, "unknown_service");
  EXPECT_EQ(batch.resources[0].log_dataset, "unknown_log_source");
}

TEST(ProtoDecoderTest, InvalidIdsAreRejectedAndCounted) {
  std::string attr = Len(9, KeyValue("k", IntValue(1)));
  std::string event = Len(11, Len(2, "ev") + Len(3, KeyValue("e", IntValue(1))));
  std::string spans = SpansField(SpanMsg(Id('\0', 16), kSpan, "zero trace", attr + event)) +
                      SpansField(SpanMsg(Id('\x11', 15), kSpan, "short trace", attr)) +
                      SpansField(SpanMsg(kTrace, Id('\0', 8), "zero span", attr)) +
                      SpansField(SpanMsg(kTrace, "", "missing span", attr)) +
                      SpansField(SpanMsg(kTrace, kSpan, "bad parent", attr + Len(4, "xyz"))) +
                      SpansField(SpanMsg(kTrace, kSpan, "good", attr + event));
  model::EventBatch batch;
  std::string body6 = TracesRequest(spans);

  auto r = DecodeTracesProto(body6, &batch);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->accepted, 1u);
  EXPECT_EQ(r->rejected, 5u);
  EXPECT_NE(r->error_message.find("trace_id"), std::string::npos) << r->error_message;
  ASSERT_EQ(batch.spans.size(), 1u);
  EXPECT_EQ(batch.spans[0].name, "good");
  // Rejected spans leave nothing behind: resource + span + event attribute.
  EXPECT_EQ(batch.attributes.size(), 3u);
  EXPECT_EQ(batch.span_events.size(), 1u);
  EXPECT_EQ(batch.spans[0].events.begin, 0u);
}

TEST(ProtoDecoderTest, MalformedWireTypesAndLengthsAreInvalidArgument) {
  struct Case {
    std::string body;
    std::string want;  // substring of the message
  };
  std::string good_span = SpanMsg(kTrace, kSpan, "op");
  Case cases[] = {
      {std::string("\x0b", 1), "invalid wire type"},  // field 1, wire type 3
      {std::string("\x0c", 1), "invalid wire type"},  // wire type 4
      {std::string("\x0e", 1), "invalid wire type"},  // wire type 6
      {std::string("\x0f", 1), "invalid wire type"},  // wire type 7
      {std::string("\x02\x00", 2), "invalid field number"},
      {std::string("\x0a\x05\x01", 3), "resource_spans: length exceeds remaining input"},
      {std::string("\x08\xff\xff", 3), "truncated varint"},
      {std::string("\x08") + std::string(11, '\xff') + "\x01", "longer than 10 bytes"},
      {TracesRequest(SpansField(good_span + "\x4a\x03\x0a\x05k")),
       "resource_spans[0].scope_spans[0].spans[0].attributes[0].key: length exceeds"},
      {TracesRequest(SpansField(good_span + "\x39\x01\x02")),
       "spans[0].start_time: truncated fixed64"},
      {TracesRequest(SpansField(good_span + "\x85\x01\x01")), "spans[0].flags: truncated fixed32"},
  };
  for (const Case& c : cases) {
    model::EventBatch batch;
    auto r = DecodeTracesProto(c.body, &batch);
    ASSERT_FALSE(r.ok()) << c.want;
    EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_NE(std::string(r.status().message()).find(c.want), std::string::npos)
        << r.status().message() << " wanted " << c.want;
  }
}

std::string NestedArray(int levels) {
  std::string any = StringValue("leaf");
  for (int i = 0; i < levels; ++i) any = Len(5, Len(1, any));
  return any;
}

TEST(ProtoDecoderTest, NestingDepthIsLimited) {
  model::EventBatch batch;
  std::string ok_span = SpanMsg(kTrace, kSpan, "op", Len(9, KeyValue("a", NestedArray(31))));
  std::string body7 = TracesRequest(SpansField(ok_span));

  auto r = DecodeTracesProto(body7, &batch);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(batch.attributes.back().value.kind, ValueKind::kArray);
  EXPECT_TRUE(batch.attributes.back().value.str.starts_with(R"({"values":[{"arrayValue":)"));

  std::string deep_span = SpanMsg(kTrace, kSpan, "op", Len(9, KeyValue("a", NestedArray(32))));
  std::string body8 = TracesRequest(SpansField(deep_span));

  r = DecodeTracesProto(body8, &batch);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(std::string(r.status().message()).find("nesting deeper than 32"), std::string::npos)
      << r.status().message();

  std::string very_deep = SpanMsg(kTrace, kSpan, "op", Len(9, KeyValue("a", NestedArray(5000))));
  std::string body9 = TracesRequest(SpansField(very_deep));

  r = DecodeTracesProto(body9, &batch);
  EXPECT_FALSE(r.ok());
}

TEST(ProtoDecoderTest, LongStringsAreTruncatedAtUtf8Boundary) {
  DecodeOptions options;
  options.max_value_bytes = 6;
  std::string attrs = Len(9, KeyValue("s", StringValue("h\xC3\xA9llo w"))) +  // 'é' is 2 bytes
                      Len(9, KeyValue("t", StringValue("abcd\xE4\xB8\x96xyz"))) +  // cut inside 世
                      Len(9, KeyValue("short", StringValue("ok")));
  model::EventBatch batch;
  std::string body10 = TracesRequest(SpansField(SpanMsg(kTrace, kSpan, "op", attrs)));

  auto r = DecodeTracesProto(body10, &batch, options);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->truncated_values, 2u);
  const auto* a = &batch.attributes[batch.spans[0].attributes.begin];
  EXPECT_EQ(a[0].value.str, "h\xC3\xA9llo");
  EXPECT_EQ(a[1].value.str, "abcd");
  EXPECT_EQ(a[2].value.str, "ok");
}

TEST(ProtoDecoderTest, TruncatedRealPayloadNeverCrashes) {
  std::string dir = __FILE__;
  dir.resize(dir.rfind('/'));
  for (const char* name : {"traces.pb", "logs.pb"}) {
    auto body = core::ReadFile(dir + "/testdata/" + name);
    ASSERT_TRUE(body.ok());
    size_t errors = 0;
    for (size_t n = 0; n < body->size(); ++n) {
      // A fresh copy of exactly n bytes so ASan sees any overread.
      std::string cut = body->substr(0, n);
      model::EventBatch batch;
      auto r = std::string_view(name) == "traces.pb" ? DecodeTracesProto(cut, &batch)
                                                     : DecodeLogsProto(cut, &batch);
      if (!r.ok()) {
        EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
        ++errors;
      }
      // Flipping each byte must not crash either.
      std::string flipped = *body;
      flipped[n] = static_cast<char>(flipped[n] ^ 0x5a);
      model::EventBatch other;
      (void)DecodeTracesProto(flipped, &other);
      (void)DecodeLogsProto(flipped, &other);
      (void)CountMetricDataPointsProto(flipped);
    }
    EXPECT_GT(errors, body->size() / 2) << name;
  }
}

TEST(ProtoDecoderTest, LogRecordsKeepRecordButDropInvalidIds) {
  std::string body_any = StringValue("hello");
  std::string rec1 = Fixed64(1, 10) + Varint(2, 13) + Len(3, "WARN") + Len(5, body_any) +
                     Len(6, KeyValue("k", IntValue(1))) + Varint(7, 1) + Fixed32(8, 1) +
                     Len(9, kTrace) + Len(10, kSpan) + Fixed64(11, 11) + Len(12, "ev");
  std::string rec2 = Len(9, Id('\x11', 5)) + Len(10, kSpan);   // bad trace id
  std::string rec3 = Len(9, kTrace) + Len(10, Id('\x22', 3));  // bad span id
  std::string rec4;                                            // all empty
  std::string scope_logs =
      Len(1, Len(1, "lg")) + Len(2, rec1) + Len(2, rec2) + Len(2, rec3) + Len(2, rec4);
  std::string resource = Len(1, KeyValue("service.name", StringValue("api")));
  model::EventBatch batch;
  std::string body11 = Len(1, Len(1, resource) + Len(2, scope_logs));

  auto r = DecodeLogsProto(body11, &batch);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->accepted, 4u);
  EXPECT_EQ(r->rejected, 0u);
  ASSERT_EQ(batch.logs.size(), 4u);
  const model::LogRecord& a = batch.logs[0];
  EXPECT_EQ(a.time_ns, 10);
  EXPECT_EQ(a.observed_time_ns, 11);
  EXPECT_EQ(a.severity_number, 13);
  EXPECT_EQ(a.severity_text, "WARN");
  EXPECT_EQ(a.body.str, "hello");
  EXPECT_EQ(a.attributes.size(), 1u);
  EXPECT_EQ(a.dropped_attributes_count, 1u);
  EXPECT_EQ(a.flags, 1u);
  EXPECT_EQ(a.trace_id[0], 0x11);
  EXPECT_EQ(a.span_id[0], 0x22);
  EXPECT_EQ(a.event_name, "ev");
  EXPECT_TRUE(model::IsZeroId(batch.logs[1].trace_id));
  EXPECT_TRUE(model::IsZeroId(batch.logs[1].span_id));
  EXPECT_EQ(batch.logs[2].trace_id[0], 0x11);
  EXPECT_TRUE(model::IsZeroId(batch.logs[2].span_id));
  EXPECT_EQ(batch.logs[3].body.kind, ValueKind::kEmpty);
  EXPECT_EQ(batch.resources[0].log_dataset, "api");
}

TEST(ProtoDecoderTest, CountsMetricDataPoints) {
  std::string point = Fixed64(3, 5) + Fixed64(6, 7);
  std::string gauge = Len(5, Len(1, point) + Len(1, point));
  std::string sum = Len(7, Len(1, point) + Len(1, point) + Len(1, point) + Varint(2, 2));
  // Histogram point with bucket_counts packed and unpacked.
  std::string packed;
  core::PutFixed64(&packed, 1);
  core::PutFixed64(&packed, 2);
  std::string hpoint = Len(6, packed) + Fixed64(6, 3) + Fixed64(4, 6);
  std::string histogram = Len(9, Len(1, hpoint) + Varint(2, 1));
  std::string summary = Len(11, Len(1, point));
  std::string exp = Len(10, Len(1, point));
  std::string metrics = Len(2, Len(1, "m1") + gauge) + Len(2, Len(1, "m2") + sum) +
                        Len(2, histogram) + Len(2, summary) + Len(2, exp);
  std::string body =
      Len(1, Len(1, Len(1, KeyValue("service.name", StringValue("x")))) + Len(2, metrics));
  auto n = CountMetricDataPointsProto(body);
  ASSERT_TRUE(n.ok()) << n.status();
  EXPECT_EQ(*n, 8u);
  EXPECT_EQ(*CountMetricDataPointsProto(""), 0u);
  auto bad = CountMetricDataPointsProto(body.substr(0, body.size() - 2));
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace waggle::ingest::otlp
