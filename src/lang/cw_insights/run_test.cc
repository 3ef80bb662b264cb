#include "lang/cw_insights/run.h"

#include <gtest/gtest.h>

namespace waggle::lang::cw_insights {
namespace {

constexpr int64_t kT0 = 1'773'328'800'000;  // 2026-03-12 15:20:00 UTC

std::vector<std::vector<ResultField>> RunOver(std::string_view query,
                                          const std::vector<std::string>& messages,
                                          int64_t step_ms = 60'000) {
  auto q = ParseQuery(query);
  EXPECT_TRUE(q.ok()) << q.status();
  if (!q.ok()) return {};
  QueryRunner runner(*q);
  for (size_t i = 0; i < messages.size(); ++i) {
    runner.Add({kT0 + static_cast<int64_t>(i) * step_ms, kT0, messages[i], "web", "cruddur"});
  }
  return runner.Finish().rows;
}

using Row = std::vector<ResultField>;

TEST(Insights, FilterLikeRegexAndStatsByBin) {
  // Events a minute apart from 15:20: two ERRORs in the first 5 minutes, one after.
  auto rows =
      RunOver("fields @timestamp, @message | filter @message like /ERROR/ "
          "| stats count(*) by bin(5m)",
          {"ERROR a", "ok", "ERROR b", "ok", "ok", "ERROR c"});
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0], (Row{{"bin(5m)", "2026-03-12 15:25:00.000"}, {"count(*)", "1"}}));
  EXPECT_EQ(rows[1], (Row{{"bin(5m)", "2026-03-12 15:20:00.000"}, {"count(*)", "2"}}));
}

TEST(Insights, FieldsNewestFirstWithLimitAndPtr) {
  auto rows = RunOver("fields @message as msg, @logStream | limit 2", {"one", "two", "three"});
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0][0], (ResultField{"msg", "three"}));
  EXPECT_EQ(rows[0][1], (ResultField{"@logStream", "web"}));
  EXPECT_EQ(rows[0][2].field, "@ptr");
  EXPECT_EQ(rows[1][0].value, "two");
  auto plain = RunOver("filter @message = \"two\"", {"one", "two"});
  ASSERT_EQ(plain.size(), 1u);
  EXPECT_EQ(plain[0][0], (ResultField{"@timestamp", "2026-03-12 15:21:00.000"}));
  EXPECT_EQ(plain[0][1], (ResultField{"@message", "two"}));
}

TEST(Insights, JsonFieldsComparisonsAndAggregates) {
  std::vector<std::string> events = {
      R"({"path":"/home","status":200,"ms":120,"user":{"id":"u1"}})",
      R"({"path":"/home","status":500,"ms":80,"user":{"id":"u2"}})",
      R"({"path":"/cart","status":200,"ms":40,"user":{"id":"u1"}})",
      "not json",
  };
  auto rows =
      RunOver("filter status >= 200 and path in [\"/home\", \"/cart\"] "
          "| stats count(*) as n, avg(ms), max(ms), pct(ms, 50), "
          "count_distinct(user.id) by path | sort n desc",
          events);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0], (Row{{"path", "/home"},
                          {"n", "2"},
                          {"avg(ms)", "100"},
                          {"max(ms)", "120"},
                          {"pct(ms, 50)", "80"},
                          {"count_distinct(user.id)", "2"}}));
  EXPECT_EQ(rows[1][0], (ResultField{"path", "/cart"}));
  auto errors = RunOver("filter status != 200 or not @message like \"{\" | fields path", events);
  ASSERT_EQ(errors.size(), 2u);  // the 500, and the non-JSON line (no path: left out)
  EXPECT_EQ(errors[1][0], (ResultField{"path", "/home"}));
  EXPECT_EQ(errors[0][0].field, "@ptr");
  auto sorted = RunOver("fields ms | sort ms asc", events);
  ASSERT_EQ(sorted.size(), 4u);
  EXPECT_EQ(sorted[0][0].value, "40");
  EXPECT_EQ(sorted[3][0].field, "@ptr");  // no ms: last
}

TEST(Insights, ParseErrorsNameTheOffset) {
  EXPECT_EQ(ParseQuery("fields a | frobnicate").status().message(),
            "Query failed to parse at offset 11: expected fields, display, filter, stats, sort or "
            "limit");
  EXPECT_FALSE(ParseQuery("filter @message like /(unclosed/").ok());
  EXPECT_FALSE(ParseQuery("stats count(*) by bin(5y)").ok());
  EXPECT_FALSE(ParseQuery("limit 0").ok());
  EXPECT_FALSE(ParseQuery(std::string(10'001, ' ')).ok());
  EXPECT_FALSE(ParseQuery(std::string(200, '(') + "a = 1").ok());
  EXPECT_TRUE(ParseQuery("# a comment\nfields `odd-name` | display `odd-name`").ok());
}

}  // namespace
}  // namespace waggle::lang::cw_insights
