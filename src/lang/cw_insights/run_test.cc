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

std::optional<std::string> CellOf(const Row& row, std::string_view field) {
  for (const ResultField& f : row) {
    if (f.field == field) return f.value;
  }
  return std::nullopt;
}

TEST(Insights, FilterLikeRegexAndStatsByBin) {
  // Events a minute apart from 15:20: two ERRORs in the first 5 minutes, one after.
  auto rows = RunOver(
      "fields @timestamp, @message | filter @message like /ERROR/ "
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
  auto rows = RunOver(
      "filter status >= 200 and path in [\"/home\", \"/cart\"] "
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

// Access-log lines: ip method path status ms.
const std::vector<std::string> kAccess = {
    "10.0.0.1 GET /home 200 12", "10.0.0.2 GET /cart 500 340", "10.0.0.1 POST /cart 500 90",
    "10.0.0.3 GET /home 200 8",  "10.0.0.2 GET /cart 500 20",  "garbage",
};

TEST(Insights, ParseGlobThenFilterAndStatsByParsedField) {
  auto rows = RunOver(
      "fields @timestamp, @message | parse @message \"* * * * *\" as ip, method, path, status, ms "
      "| filter status = \"500\" | stats count(*) as n, sum(ms) by path | sort n desc",
      kAccess);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0], (Row{{"path", "/cart"}, {"n", "3"}, {"sum(ms)", "450"}}));
  // The last '*' takes the rest of the line; unmatched events get no fields.
  auto rest = RunOver("parse 'GET * *' as path, tail | display path, tail | sort path asc",
                      {"x GET /a 1 2", "no match"});
  ASSERT_EQ(rest.size(), 2u);
  EXPECT_EQ(rest[0][0], (ResultField{"path", "/a"}));
  EXPECT_EQ(rest[0][1], (ResultField{"tail", "1 2"}));
  EXPECT_EQ(rest[1].size(), 1u);  // only @ptr
}

TEST(Insights, ParseRegexNamedGroupsAndSeveralParses) {
  auto rows = RunOver(
      "parse @message /(?<ip>\\S+) (?<verb>[A-Z]+) (?<path>\\S+)/ "
      "| parse path \"/*\" as page | filter verb = 'GET' | fields ip, toupper(page) as PAGE "
      "| sort @timestamp asc",
      kAccess);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0][0], (ResultField{"ip", "10.0.0.1"}));
  EXPECT_EQ(rows[0][1], (ResultField{"PAGE", "HOME"}));
  EXPECT_EQ(rows[1][1], (ResultField{"PAGE", "CART"}));
  // Parsed fields exist only after the parse command.
  EXPECT_TRUE(RunOver("filter ispresent(ip) | parse @message /(?<ip>\\S+)/", kAccess).empty());
}

TEST(Insights, DedupKeepsTheFirstInSortOrderAndNulls) {
  // Newest first by default: the last event of each path wins.
  auto rows = RunOver(
      "parse @message '* * * * *' as ip, method, path, status, ms "
      "| fields path, ms | dedup path",
      kAccess);
  ASSERT_EQ(rows.size(), 3u);  // /cart, /home, and the garbage line (no path: kept)
  EXPECT_EQ(rows[0][0].field, "@ptr");
  EXPECT_EQ(rows[1], (Row{{"path", "/cart"}, {"ms", "20"}, rows[1][2]}));
  EXPECT_EQ(rows[2], (Row{{"path", "/home"}, {"ms", "8"}, rows[2][2]}));
  // A sort decides which row stays; dedup on a hidden field and on two fields; then limit.
  auto slowest = RunOver(
      "parse @message '* * * * *' as ip, method, path, status, ms "
      "| sort ms desc | display ms | dedup path, method | limit 2",
      kAccess);
  ASSERT_EQ(slowest.size(), 2u);
  EXPECT_EQ(slowest[0][0].value, "340");
  EXPECT_EQ(slowest[1][0].value, "90");  // POST /cart
  EXPECT_EQ(slowest[1].size(), 2u);      // the hidden keys are gone
}

TEST(Insights, EarliestLatestStddevAndSortsFirst) {
  auto rows = RunOver(
      "parse @message '* * * * *' as ip, method, path, status, ms "
      "| filter ispresent(ms) | stats earliest(ip) as first_ip, latest(ip), "
      "earliest(@timestamp), stddev(ms), sortsFirst(path), sortsLast(path) by status "
      "| sort status asc",
      kAccess);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0], (Row{{"status", "200"},
                          {"first_ip", "10.0.0.1"},
                          {"latest(ip)", "10.0.0.3"},
                          {"earliest(@timestamp)", "2026-03-12 15:20:00.000"},
                          {"stddev(ms)", "2.8284271247461903"},
                          {"sortsFirst(path)", "/home"},
                          {"sortsLast(path)", "/home"}}));
  EXPECT_EQ(rows[1][1], (ResultField{"first_ip", "10.0.0.2"}));
  EXPECT_EQ(rows[1][2], (ResultField{"latest(ip)", "10.0.0.2"}));
  EXPECT_EQ(rows[1][4], (ResultField{"stddev(ms)", "168.2260384126072"}));
  EXPECT_EQ(rows[1][5], (ResultField{"sortsFirst(path)", "/cart"}));
}

TEST(Insights, FunctionsAndArithmeticInFieldsAndFilters) {
  std::vector<std::string> events = {R"({"name":"  Ada ","ms":1.5,"tags":"a,b"})",
                                     R"({"name":"","ms":-2})", R"({"ms":"7"})"};
  auto rows = RunOver(
      "fields ms * 1000 as micros, abs(ms) as a, ceil(ms), floor(ms) as f, "
      "concat(trim(name), \"!\") as hi, strlen(name) as len, isempty(name) as e, "
      "isblank(name) as b, substr(tags, 2) as s, replace(tags, \",\", \";\") as r, "
      "(ms + 1) ^ 2 % 5 as m | sort @timestamp asc",
      events);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0], (Row{{"micros", "1500"},
                          {"a", "1.5"},
                          {"ceil(ms)", "2"},
                          {"f", "1"},
                          {"hi", "Ada!"},
                          {"len", "6"},
                          {"e", "0"},
                          {"b", "0"},
                          {"s", "b"},
                          {"r", "a;b"},
                          {"m", "1.25"},
                          rows[0].back()}));
  EXPECT_EQ(CellOf(rows[1], "micros"), "-2000");
  EXPECT_EQ(CellOf(rows[1], "e"), "1");
  EXPECT_EQ(CellOf(rows[2], "micros"), "7000");  // numeric text counts as a number
  EXPECT_EQ(CellOf(rows[2], "hi"), "!");
  EXPECT_EQ(CellOf(rows[2], "len"), std::nullopt);  // no name: no length
  EXPECT_EQ(RunOver("filter strcontains(tags, 'b') and not isblank(name)", events).size(), 1u);
  EXPECT_EQ(RunOver("filter ms * 2 > 2 or ms < -1", events).size(), 3u);
  EXPECT_EQ(RunOver("filter (ms + 1) * 2 >= 5", events).size(), 2u);
  EXPECT_EQ(RunOver("fields strlen(name) as len | filter len >= 1", events).size(), 1u);
}

TEST(Insights, FiltersAfterStatsAndTimeFunctions) {
  auto rows = RunOver(
      "parse @message '* * * * *' as ip, method, path, status, ms "
      "| stats count(*) as n by path | filter n > 2",
      kAccess);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0], (Row{{"path", "/cart"}, {"n", "3"}}));
  auto time = RunOver(
      "fields fromMillis(toMillis(@timestamp) + 1500) as later, datefloor(@timestamp, 1h) as hour, "
      "dateceil(@timestamp, 1h) as next | filter @timestamp > 0 | limit 1",
      {"x"});
  ASSERT_EQ(time.size(), 1u);
  EXPECT_EQ(time[0][0], (ResultField{"later", "2026-03-12 15:20:01.500"}));
  EXPECT_EQ(time[0][1], (ResultField{"hour", "2026-03-12 15:00:00.000"}));
  EXPECT_EQ(time[0][2], (ResultField{"next", "2026-03-12 16:00:00.000"}));
}

}  // namespace
}  // namespace waggle::lang::cw_insights
