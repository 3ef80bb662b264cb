#include "api/xray/recent_services.h"

#include <gtest/gtest.h>

#include <vector>

namespace waggle::api::xray {
namespace {

model::Span SpanWithId(uint8_t id) {
  model::Span s;
  s.span_id[0] = id;
  return s;
}

model::TraceId Trace(uint8_t id) {
  model::TraceId t{};
  t[15] = id;
  return t;
}

model::SpanId Parent(uint8_t id) {
  model::SpanId p{};
  p[0] = id;
  return p;
}

TEST(RecentServicesTest, FindsTheParentsServiceBeforeTheTraces) {
  RecentServices r(100);
  std::vector<model::Span> a = {SpanWithId(1), SpanWithId(2)};
  model::TraceId t = Trace(9);
  r.Remember("frontend", a, &t);
  std::vector<model::Span> b = {SpanWithId(3)};
  r.Remember("backend", b, nullptr);  // a subsegment: the trace keeps frontend
  EXPECT_EQ(r.Lookup(Parent(2), Trace(1)), "frontend");
  EXPECT_EQ(r.Lookup(Parent(3), t), "backend");
  EXPECT_EQ(r.Lookup(Parent(7), t), "frontend");
  EXPECT_EQ(r.Lookup(Parent(7), Trace(8)), "");
}

TEST(RecentServicesTest, IgnoresAnEmptyService) {
  RecentServices r(100);
  std::vector<model::Span> a = {SpanWithId(1)};
  r.Remember("", a, nullptr);
  EXPECT_EQ(r.Lookup(Parent(1), Trace(1)), "");
}

TEST(RecentServicesTest, ForgetsTheOldestGenerationWhenTheNewerFills) {
  RecentServices r(2);
  std::vector<model::Span> one = {SpanWithId(1), SpanWithId(2)};
  r.Remember("old", one, nullptr);  // fills generation 0
  std::vector<model::Span> two = {SpanWithId(3), SpanWithId(4)};
  r.Remember("mid", two, nullptr);  // rotates: "old" is the older generation
  EXPECT_EQ(r.Lookup(Parent(1), Trace(0)), "old");
  std::vector<model::Span> three = {SpanWithId(5)};
  r.Remember("new", three, nullptr);  // rotates again: "old" is gone
  EXPECT_EQ(r.Lookup(Parent(1), Trace(0)), "");
  EXPECT_EQ(r.Lookup(Parent(3), Trace(0)), "mid");
  EXPECT_EQ(r.Lookup(Parent(5), Trace(0)), "new");
}

}  // namespace
}  // namespace waggle::api::xray
