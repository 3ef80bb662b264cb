#include "query/spec/spec_json.h"

#include <gtest/gtest.h>

namespace waggle::query {
namespace {

std::string ErrorOf(std::string_view json) {
  absl::StatusOr<QuerySpec> s = ParseQuerySpec(json);
  EXPECT_FALSE(s.ok()) << json;
  if (s.ok()) return "";
  EXPECT_EQ(s.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(s.status().message());
}

TEST(SpecJson, EmptyIsCount) {
  absl::StatusOr<QuerySpec> s = ParseQuerySpec("{}");
  ASSERT_TRUE(s.ok()) << s.status();
  ASSERT_EQ(s->calculations.size(), 1u);
  EXPECT_EQ(s->calculations[0].op, CalcOp::kCount);
  EXPECT_EQ(s->limit, 100);
  EXPECT_FALSE(s->filter_or);
}

TEST(SpecJson, FullSpec) {
  absl::StatusOr<QuerySpec> s = ParseQuerySpec(R"({
    "calculations": [{"op": "COUNT"}, {"op": "P99", "column": "duration_ms"},
                     {"op": "HEATMAP", "column": "duration_ms"}],
    "filters": [{"column": "http.status_code", "op": ">=", "value": 500},
                {"column": "name", "op": "in", "value": ["a", "b"]},
                {"column": "error", "op": "exists"}],
    "filter_combination": "OR",
    "breakdowns": ["http.route", "service.name"],
    "orders": [{"op": "P99", "column": "duration_ms", "order": "descending"},
               {"column": "http.route"}],
    "havings": [{"calculate_op": "COUNT", "op": ">", "value": 10}],
    "limit": 20, "time_range": 3600, "granularity": 60})");
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->calculations.size(), 3u);
  EXPECT_EQ(CalcKey(s->calculations[1]), "P99(duration_ms)");
  ASSERT_EQ(s->filters.size(), 3u);
  EXPECT_EQ(s->filters[0].op, FilterOp::kGe);
  EXPECT_EQ(s->filters[0].values[0].type, Literal::Type::kInt);
  EXPECT_EQ(s->filters[0].values[0].i, 500);
  EXPECT_EQ(s->filters[1].values.size(), 2u);
  EXPECT_EQ(s->filters[2].op, FilterOp::kExists);
  EXPECT_TRUE(s->filter_or);
  EXPECT_EQ(s->breakdowns[1], "service.name");
  EXPECT_TRUE(s->orders[0].descending);
  EXPECT_EQ(*s->orders[0].op, CalcOp::kP99);
  EXPECT_EQ(s->havings[0].op, FilterOp::kGt);
  EXPECT_EQ(s->limit, 20);
  EXPECT_EQ(*s->time_range, 3600);
  EXPECT_EQ(*s->granularity, 60);
}

TEST(SpecJson, EveryOperatorAndCalculationParses) {
  for (std::string_view op : {"=", "!=", ">", ">=", "<", "<=", "starts-with", "does-not-start-with",
                              "ends-with", "does-not-end-with", "contains", "does-not-contain"}) {
    std::string json = fmt::format(R"({{"filters":[{{"column":"c","op":"{}","value":"x"}}]}})", op);
    absl::StatusOr<QuerySpec> s = ParseQuerySpec(json);
    ASSERT_TRUE(s.ok()) << op << " " << s.status();
    EXPECT_EQ(FilterOpName(s->filters[0].op), op);
  }
  for (std::string_view op : {"exists", "does-not-exist"}) {
    std::string json = fmt::format(R"({{"filters":[{{"column":"c","op":"{}"}}]}})", op);
    EXPECT_TRUE(ParseQuerySpec(json).ok()) << op;
  }
  for (std::string_view op : {"in", "not-in"}) {
    std::string json =
        fmt::format(R"({{"filters":[{{"column":"c","op":"{}","value":[1,"x"]}}]}})", op);
    EXPECT_TRUE(ParseQuerySpec(json).ok()) << op;
  }
  for (std::string_view op : {"SUM",     "AVG",      "COUNT_DISTINCT",
                              "MIN",     "MAX",      "P001",
                              "P01",     "P05",      "P10",
                              "P20",     "P25",      "P50",
                              "P75",     "P80",      "P90",
                              "P95",     "P99",      "P999",
                              "HEATMAP", "RATE_SUM", "RATE_AVG",
                              "RATE_MAX"}) {
    std::string json = fmt::format(R"({{"calculations":[{{"op":"{}","column":"x"}}]}})", op);
    absl::StatusOr<QuerySpec> s = ParseQuerySpec(json);
    ASSERT_TRUE(s.ok()) << op << " " << s.status();
    EXPECT_EQ(CalcOpName(s->calculations[0].op), op);
  }
  EXPECT_TRUE(ParseQuerySpec(R"({"calculations":[{"op":"CONCURRENCY"}]})").ok());
  EXPECT_DOUBLE_EQ(*PercentileOf(CalcOp::kP999), 0.999);
  EXPECT_DOUBLE_EQ(*PercentileOf(CalcOp::kP001), 0.001);
}

TEST(SpecJson, ActionableErrors) {
  EXPECT_EQ(ErrorOf("{"), "the query is not valid JSON");
  EXPECT_EQ(ErrorOf(R"({"calculations":[{"op":"MEDIAN","column":"x"}]})"),
            "calculations[0].op: unknown calculation 'MEDIAN'");
  EXPECT_EQ(ErrorOf(R"({"calculations":[{"op":"P99"}]})"), "calculations[0]: P99 needs a column");
  EXPECT_EQ(ErrorOf(R"({"calculations":[{"op":"COUNT","column":"x"}]})"),
            "calculations[0]: COUNT takes no column");
  EXPECT_EQ(ErrorOf(R"({"filters":[{"column":"a","op":"like","value":"x"}]})"),
            "filters[0].op: unknown operator 'like'");
  EXPECT_EQ(ErrorOf(R"({"filters":[{"column":"a","op":"="}]})"), "filters[0]: '=' needs a value");
  EXPECT_EQ(ErrorOf(R"({"filters":[{"column":"a","op":"contains","value":3}]})"),
            "filters[0]: 'contains' needs a string value");
  EXPECT_EQ(ErrorOf(R"({"breakdowns":"a"})"), "breakdowns: must be an array");
  EXPECT_EQ(ErrorOf(R"({"bogus":1})"), "bogus: unknown field");
  EXPECT_EQ(ErrorOf(R"({"limit":0})"), "limit must be between 1 and 10000");
  EXPECT_EQ(ErrorOf(R"({"orders":[{"column":"x"}]})"),
            "orders[0]: column 'x' is not one of the breakdowns");
  EXPECT_EQ(ErrorOf(R"({"orders":[{"op":"P99","column":"d"}]})"),
            "orders[0]: P99(d) is not one of the calculations");
  EXPECT_EQ(ErrorOf(R"({"calculations":[{"op":"HEATMAP","column":"d"}],
                        "havings":[{"calculate_op":"HEATMAP","column":"d","op":">","value":1}]})"),
            "havings[0]: HEATMAP is not allowed in havings");
  EXPECT_EQ(ErrorOf(R"({"filter_combination":"XOR"})"), "filter_combination: must be AND or OR");
  EXPECT_EQ(ErrorOf(R"({"time_range":"1h"})"), "time_range: must be an integer");
}

TEST(SpecJson, RoundTrip) {
  std::string in = R"({"calculations":[{"op":"AVG","column":"d","name":"avg_d"}],
    "filters":[{"column":"a","op":"not-in","value":[1,2.5,"x",true]}],
    "breakdowns":["b"],"orders":[{"column":"b","order":"descending"}],
    "havings":[{"calculate_op":"AVG","column":"d","op":"<","value":3}],
    "limit":5,"start_time":100,"end_time":200})";
  absl::StatusOr<QuerySpec> a = ParseQuerySpec(in);
  ASSERT_TRUE(a.ok()) << a.status();
  core::JsonWriter w;
  WriteQuerySpec(*a, &w);
  absl::StatusOr<QuerySpec> b = ParseQuerySpec(w.str());
  ASSERT_TRUE(b.ok()) << b.status() << w.str();
  core::JsonWriter w2;
  WriteQuerySpec(*b, &w2);
  EXPECT_EQ(w.str(), w2.str());
  EXPECT_EQ(b->filters[0].values[3].type, Literal::Type::kBool);
}

TEST(TimeWindow, Resolves) {
  constexpr int64_t kS = 1'000'000'000;
  QuerySpec s;
  absl::StatusOr<TimeWindow> w = ResolveTimeWindow(s, 10000 * kS);
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(w->end_ns, 10000 * kS);
  EXPECT_EQ(w->start_ns, (10000 - 7200) * kS);
  EXPECT_EQ(w->granularity_ns, 30 * kS);  // 7200/30 = 240 buckets
  s.start_time = 1000;
  s.time_range = 600;
  w = ResolveTimeWindow(s, 0);
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(w->start_ns, 1000 * kS);
  EXPECT_EQ(w->end_ns, 1600 * kS);
  EXPECT_EQ(w->granularity_ns, 5 * kS);
  EXPECT_EQ(w->bucket_count(), 120);
  s.end_time = 2000;
  EXPECT_FALSE(ResolveTimeWindow(s, 0).ok());
  s.time_range.reset();
  s.granularity = 1001;
  EXPECT_FALSE(ResolveTimeWindow(s, 0).ok());
  s.granularity = 100;
  w = ResolveTimeWindow(s, 0);
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(w->bucket_count(), 10);
}

}  // namespace
}  // namespace waggle::query
