#include "api/xray/documents.h"

#include <gtest/gtest.h>

#include <cstring>

namespace waggle::api::xray {
namespace {

using store::ColumnType;

query::Cell StrCell(std::string name, std::string value, ColumnType type = ColumnType::kString) {
  query::Cell c;
  c.key.name = std::move(name);
  c.key.type = type;
  c.s = std::move(value);
  return c;
}

query::Cell IntCell(std::string name, int64_t v, ColumnType type = ColumnType::kInt64) {
  query::Cell c;
  c.key.name = std::move(name);
  c.key.type = type;
  c.key.kind = type == ColumnType::kBool ? model::ValueKind::kBool : model::ValueKind::kInt;
  c.i = v;
  return c;
}

std::string RawId(std::string_view hex) {
  auto id = model::IdFromHex<8>(hex);
  return std::string(reinterpret_cast<const char*>(id->data()), 8);
}

query::Row XrayRow(std::string_view id, std::string_view type, std::string doc, bool partial) {
  query::Row r;
  r.cells.push_back(StrCell("trace.span_id", RawId(id), ColumnType::kFixed8));
  r.cells.push_back(IntCell("timestamp", 1'000'000'000));
  r.cells.push_back(IntCell("duration_ns", 5'000'000));
  r.cells.push_back(StrCell("a:xray.type", std::string(type)));
  r.cells.push_back(StrCell("a:xray.document", std::move(doc)));
  if (partial) r.cells.push_back(IntCell("a:xray.in_progress", 1, ColumnType::kBool));
  return r;
}

TEST(DocumentsTest, CompleteReplacesInProgressAndSubsegmentsMerge) {
  model::TraceId trace{};
  trace[0] = 1;
  std::vector<query::Row> rows;
  rows.push_back(
      XrayRow("1111111111111111", "segment",
              R"({"id":"1111111111111111","name":"s","start_time":1,"in_progress":true})", true));
  rows.push_back(XrayRow(
      "2222222222222222", "subsegment",
      R"({"id":"2222222222222222","name":"c","start_time":1,"end_time":1.5,"type":"subsegment","parent_id":"3333333333333333"})",
      false));
  rows.push_back(XrayRow(
      "1111111111111111", "segment",
      R"({"id":"1111111111111111","name":"s","start_time":1,"end_time":2,"subsegments":[{"id":"3333333333333333","name":"e","start_time":1,"end_time":2}]})",
      false));
  rows.push_back(XrayRow(
      "4444444444444444", "subsegment",
      R"({"id":"4444444444444444","name":"orphan","start_time":1,"end_time":2,"type":"subsegment","parent_id":"9999999999999999"})",
      false));
  TraceDocuments docs = BuildTraceDocuments(trace, rows);
  ASSERT_EQ(docs.segments.size(), 2u);
  EXPECT_EQ(docs.segments[0].first, "1111111111111111");
  EXPECT_EQ(
      docs.segments[0].second,
      R"({"id":"1111111111111111","name":"s","start_time":1,"end_time":2,"subsegments":[{"id":"3333333333333333","name":"e","start_time":1,"end_time":2,"subsegments":[{"id":"2222222222222222","name":"c","start_time":1,"end_time":1.5,"type":"subsegment","parent_id":"3333333333333333"}]}]})");
  EXPECT_EQ(docs.segments[1].first, "4444444444444444");
}

TEST(DocumentsTest, OtlpSpansBecomeSegmentWithSubsegments) {
  model::TraceId trace = *model::IdFromHex<16>("4efaaf4d1e8720b39541901950019ee5");
  query::Row root;
  root.cells = {StrCell("trace.span_id", RawId("aaaaaaaaaaaaaaaa"), ColumnType::kFixed8),
                IntCell("timestamp", 1'500'000'000),
                IntCell("duration_ns", 250'000'000),
                StrCell("name", "GET /"),
                IntCell("span.kind", 2),
                IntCell("status_code", 2),
                StrCell("r:service.name", "api"),
                IntCell("a:http.response.status_code", 503)};
  query::Row child;
  child.cells = {StrCell("trace.span_id", RawId("bbbbbbbbbbbbbbbb"), ColumnType::kFixed8),
                 StrCell("trace.parent_id", RawId("aaaaaaaaaaaaaaaa"), ColumnType::kFixed8),
                 IntCell("timestamp", 1'600'000'000),
                 IntCell("duration_ns", 1'000'000),
                 StrCell("name", "db"),
                 IntCell("span.kind", 3),
                 StrCell("r:service.name", "api")};
  TraceDocuments docs = BuildTraceDocuments(trace, {root, child});
  ASSERT_EQ(docs.segments.size(), 1u);
  const std::string& d = docs.segments[0].second;
  EXPECT_NE(d.find(R"("name":"api")"), std::string::npos) << d;
  EXPECT_NE(d.find(R"("trace_id":"1-4efaaf4d-1e8720b39541901950019ee5")"), std::string::npos) << d;
  EXPECT_NE(d.find(R"("fault":true)"), std::string::npos) << d;
  EXPECT_NE(d.find(R"("start_time":1.5,"end_time":1.75)"), std::string::npos) << d;
  EXPECT_NE(d.find(R"("subsegments":[{"id":"bbbbbbbbbbbbbbbb","name":"db")"), std::string::npos)
      << d;
  EXPECT_NE(d.find(R"("namespace":"remote")"), std::string::npos) << d;
  EXPECT_EQ(docs.end_ns - docs.start_ns, 250'000'000);
}

}  // namespace
}  // namespace waggle::api::xray
