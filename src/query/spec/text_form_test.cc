#include "query/spec/text_form.h"

#include <gtest/gtest.h>

namespace waggle::query {
namespace {

TEST(TextForm, BuildsSpec) {
  TextQuery t;
  t.calculations = {"COUNT", "P99(duration_ms)"};
  t.where = {"http.status_code >= 500", "name in a,b", "error exists", "route starts-with /api"};
  t.by = {"http.route"};
  t.order = {"P99(duration_ms) desc", "http.route"};
  t.having = {"COUNT > 10"};
  t.last = "2h";
  t.limit = 5;
  absl::StatusOr<QuerySpec> s = ParseTextQuery(t);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->calculations[1].op, CalcOp::kP99);
  EXPECT_EQ(s->calculations[1].column, "duration_ms");
  EXPECT_EQ(s->filters[0].op, FilterOp::kGe);
  EXPECT_EQ(s->filters[0].values[0].i, 500);
  EXPECT_EQ(s->filters[1].values.size(), 2u);
  EXPECT_EQ(s->filters[1].values[1].s, "b");
  EXPECT_EQ(s->filters[2].op, FilterOp::kExists);
  EXPECT_EQ(s->filters[3].values[0].s, "/api");
  EXPECT_TRUE(s->orders[0].descending);
  EXPECT_EQ(*s->orders[0].op, CalcOp::kP99);
  EXPECT_FALSE(s->orders[1].op.has_value());
  EXPECT_EQ(s->havings[0].value, 10);
  EXPECT_EQ(*s->time_range, 7200);
  EXPECT_EQ(s->limit, 5);
}

std::string ErrorOf(TextQuery t) {
  absl::StatusOr<QuerySpec> s = ParseTextQuery(t);
  EXPECT_FALSE(s.ok());
  return s.ok() ? "" : std::string(s.status().message());
}

TEST(TextForm, ErrorsNameTheToken) {
  EXPECT_EQ(ErrorOf({.calculations = {"P99"}}), "'P99': needs a column, e.g. P99(duration_ms)");
  EXPECT_EQ(ErrorOf({.calculations = {"MEDIAN(x)"}}), "'MEDIAN': unknown calculation");
  EXPECT_EQ(ErrorOf({.where = {"a exists b"}}), "'b': exists/does-not-exist take no value");
  EXPECT_EQ(ErrorOf({.where = {"a >"}}), "'a >': missing value after the operator");
  EXPECT_EQ(ErrorOf({.last = "2x"}), "'2x': unknown unit (use s, m, h, d or w)");
  EXPECT_EQ(ErrorOf({.having = {"COUNT > ten"}}), "'ten': expected a number");
  EXPECT_EQ(ErrorOf({.order = {"COUNT up"}}), "'up': expected asc or desc");
  EXPECT_EQ(ErrorOf({.by = {"a"}, .order = {"b"}}),
            "orders[0]: column 'b' is not one of the breakdowns");
}

}  // namespace
}  // namespace waggle::query
