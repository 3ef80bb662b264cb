#include "api/xray/time_series.h"

#include <gtest/gtest.h>

#include "api/xray/service_graph.h"

namespace waggle::api::xray {
namespace {

TEST(PeriodStartsTest, AlignsToThePeriodAndCoversTheRange) {
  auto starts = PeriodStarts(1000, 1200, 60);
  ASSERT_TRUE(starts.ok()) << starts.status();
  EXPECT_EQ(*starts, (std::vector<int64_t>{960, 1020, 1080, 1140}));
  starts = PeriodStarts(1200, 1200, 300);
  ASSERT_TRUE(starts.ok());
  EXPECT_EQ(*starts, std::vector<int64_t>{1200});
  starts = PeriodStarts(0, 1800, 900);
  ASSERT_TRUE(starts.ok());
  EXPECT_EQ(*starts, (std::vector<int64_t>{0, 900}));
}

TEST(PeriodStartsTest, RejectsPeriodsXrayRejectsAndTooManyPeriods) {
  for (int64_t bad : {0, -60, 30, 120, 301, 450}) {
    EXPECT_TRUE(absl::IsInvalidArgument(PeriodStarts(0, 600, bad).status())) << bad;
  }
  EXPECT_TRUE(absl::IsInvalidArgument(PeriodStarts(600, 0, 60).status()));
  EXPECT_TRUE(PeriodStarts(0, 60.0 * kMaxTimeSeriesPeriods, 60).ok());
  // A day of minutes starting mid-minute touches one period more.
  auto day = PeriodStarts(30, 30 + 86400, 60);
  ASSERT_TRUE(day.ok());
  EXPECT_EQ(day->size(), kMaxTimeSeriesPeriods + 1);
  EXPECT_TRUE(
      absl::IsInvalidArgument(PeriodStarts(0, 60.0 * kMaxTimeSeriesPeriods + 1, 60).status()));
}

TEST(EntitySelectorTest, ParsesServiceEdgeAndId) {
  auto s = ParseEntitySelector("");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->kind, EntitySelector::Kind::kClientEdges);
  s = ParseEntitySelector(R"(SERVICE("backend-flask"))");
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->kind, EntitySelector::Kind::kService);
  EXPECT_EQ(s->from.name, "backend-flask");
  EXPECT_FALSE(s->from.type.has_value());
  s = ParseEntitySelector(R"( edge("a", id(name: "db", type: "Database::SQL")) )");
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->kind, EntitySelector::Kind::kEdge);
  EXPECT_EQ(s->from.name, "a");
  EXPECT_EQ(s->to.name, "db");
  EXPECT_EQ(s->to.type, "Database::SQL");
  s = ParseEntitySelector(R"(id(type: "AWS::EC2::Instance", name: "web"))");
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->kind, EntitySelector::Kind::kService);
  EXPECT_EQ(s->from.name, "web");
  EXPECT_EQ(s->from.type, "AWS::EC2::Instance");
}

TEST(EntitySelectorTest, RejectsAnythingElse) {
  for (const char* bad : {"service()", R"(service("a") { fault })", R"(edge("a"))", "fault",
                          R"(service("a") AND service("b"))", R"(id(type: "x"))", R"(service("a)",
                          R"(edge("a", "b", "c"))"}) {
    auto s = ParseEntitySelector(bad);
    EXPECT_TRUE(absl::IsInvalidArgument(s.status())) << bad;
  }
}

// A graph: client -> backend (2 requests, one fault) -> postgres (3 calls,
// one throttled), written as WriteServices writes it.
std::string GraphJson() {
  ServiceGraph g;
  int backend = g.ServiceNode("backend", "AWS::EC2::Instance");
  int db = g.InferredNode("postgres", "Database::SQL");
  g.CountRootRequest(backend, {.response_time_s = 0.2});
  g.CountRootRequest(backend, {.fault = true, .response_time_s = 0.5});
  g.CountNode(backend, {.response_time_s = 0.2});
  g.CountNode(backend, {.fault = true, .response_time_s = 0.5});
  g.CountEdge(backend, db, {.response_time_s = 0.01});
  g.CountEdge(backend, db, {.response_time_s = 0.01});
  g.CountEdge(backend, db, {.error = true, .throttle = true, .response_time_s = 0.03});
  g.CountNode(db, {.response_time_s = 0.01});
  core::JsonWriter w;
  g.WriteServices(0, 60, w);
  return w.Release();
}

EntityStats Select(const std::string& json, std::string_view selector) {
  simdjson::dom::parser p;
  simdjson::dom::array services = p.parse(json).get_array().value();
  return SelectEntityStats(services, ParseEntitySelector(selector).value());
}

TEST(SelectEntityStatsTest, PicksTheNamedNodeOrEdge) {
  std::string json = GraphJson();
  EntityStats svc = Select(json, R"(service("backend"))");
  EXPECT_EQ(svc.total, 2);
  EXPECT_EQ(svc.ok, 1);
  EXPECT_EQ(svc.fault, 1);
  EXPECT_DOUBLE_EQ(svc.total_response_time, 0.7);
  EXPECT_EQ(svc.histogram, (std::map<double, int64_t>{{0.2, 1}, {0.5, 1}}));

  EntityStats edge = Select(json, R"(edge("backend", "postgres"))");
  EXPECT_EQ(edge.total, 3);
  EXPECT_EQ(edge.ok, 2);
  EXPECT_EQ(edge.throttle, 1);
  EXPECT_EQ(edge.histogram, (std::map<double, int64_t>{{0.01, 2}, {0.03, 1}}));

  EntityStats entry = Select(json, "");
  EXPECT_EQ(entry.total, 2);
  EXPECT_EQ(entry.fault, 1);

  EXPECT_EQ(Select(json, R"(service(id(name: "backend", type: "nope")))").total, 0);
  EXPECT_EQ(Select(json, R"(edge("postgres", "backend"))").total, 0);
  EXPECT_EQ(Select(json, R"(service("absent"))").total, 0);
}

TEST(SelectEntityStatsTest, WritesXrayShapes) {
  EntityStats s = Select(GraphJson(), R"(edge("backend", "postgres"))");
  core::JsonWriter w;
  s.WriteSummary(w);
  EXPECT_EQ(w.str(),
            R"({"OkCount":2,"ErrorStatistics":{"ThrottleCount":1,"OtherCount":0,"TotalCount":1},)"
            R"("FaultStatistics":{"OtherCount":0,"TotalCount":0},"TotalCount":3,)"
            R"("TotalResponseTime":0.05})");
  core::JsonWriter h;
  s.WriteHistogram(h);
  EXPECT_EQ(h.str(), R"([{"Value":0.01,"Count":2},{"Value":0.03,"Count":1}])");
}

}  // namespace
}  // namespace waggle::api::xray
