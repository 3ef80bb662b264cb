#include <gtest/gtest.h>

#include "lang/cw_insights/query.h"

namespace waggle::lang::cw_insights {
namespace {

TEST(InsightsParser, BuildsStagesInQueryOrder) {
  auto q = ParseQuery(
      "filter a > 1 | parse @message /(?<user>\\w+) did (?<verb>\\w+)/ | fields user, "
      "latency * 1000 as micros | stats avg(micros) as m by bin(1h), user | filter m > 5 "
      "| sort user | limit 3");
  ASSERT_TRUE(q.ok()) << q.status();
  ASSERT_EQ(q->stages.size(), 3u);
  EXPECT_EQ(q->stages[0].kind, Stage::Kind::kFilter);
  EXPECT_EQ(q->stages[1].kind, Stage::Kind::kParse);
  EXPECT_EQ(q->stages[1].names, (std::vector<std::string>{"user", "verb"}));
  EXPECT_EQ(q->stages[1].regex->pattern(), "(?P<user>\\w+) did (?P<verb>\\w+)");
  EXPECT_EQ(q->stages[2].kind, Stage::Kind::kAssign);
  EXPECT_EQ(q->stages[2].name, "micros");
  ASSERT_EQ(q->fields.size(), 2u);
  EXPECT_EQ(q->fields[1].name, "micros");
  ASSERT_EQ(q->group_by.size(), 2u);
  EXPECT_EQ(q->group_by[0].name, "bin(1h)");
  EXPECT_EQ(q->group_by[0].key.args[0].number, 3'600'000);
  EXPECT_EQ(q->aggregates[0].name, "m");
  EXPECT_EQ(q->result_filters.size(), 1u);
  EXPECT_EQ(q->limit, 3);
}

TEST(InsightsParser, GlobsBecomeQuotedRegexes) {
  auto q = ParseQuery("parse @message \"[*] (x) *\" as level, rest");
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_EQ(q->stages[0].regex->pattern(), "(?s)\\[(.*?)\\]\\ \\(x\\)\\ (.*)");
  // Lookbehind-like and class text is left alone (and RE2 rejects lookbehind).
  EXPECT_FALSE(ParseQuery("parse @message /(?<=x)(?<a>y)/").ok());
  auto cls = ParseQuery("parse @message /[(?<]x(?<a>y)/");
  ASSERT_TRUE(cls.ok()) << cls.status();
  EXPECT_EQ(cls->stages[0].names, (std::vector<std::string>{"a"}));
}

TEST(InsightsParser, ParseErrorsNameTheOffset) {
  EXPECT_EQ(ParseQuery("fields a | frobnicate").status().message(),
            "Query failed to parse at offset 11: expected fields, display, filter, parse, stats, "
            "sort, dedup or limit");
  EXPECT_FALSE(ParseQuery("filter @message like /(unclosed/").ok());
  EXPECT_FALSE(ParseQuery("stats count(*) by bin(5y)").ok());
  EXPECT_FALSE(ParseQuery("limit 0").ok());
  EXPECT_FALSE(ParseQuery(std::string(10'001, ' ')).ok());
  EXPECT_FALSE(ParseQuery(std::string(200, '(') + "a = 1").ok());
  EXPECT_TRUE(ParseQuery("# a comment\nfields `odd-name` | display `odd-name`").ok());
}

TEST(InsightsParser, MalformedNewCommandsNameTheOffset) {
  EXPECT_EQ(ParseQuery("fields frob(@message)").status().message(),
            "Query failed to parse at offset 7: unknown function 'frob'");
  EXPECT_EQ(ParseQuery("filter strlen(a, b) > 1").status().message(),
            "Query failed to parse at offset 7: strlen takes 1 argument");
  EXPECT_EQ(ParseQuery("stats median(x)").status().message(),
            "Query failed to parse at offset 6: unknown stats function 'median'");
  EXPECT_EQ(ParseQuery("parse @message \"* *\" as a").status().message(),
            "Query failed to parse at offset 15: the pattern has 2 '*' but 1 names follow as");
  EXPECT_EQ(ParseQuery("parse @message /(\\S+)/").status().message(),
            "Query failed to parse at offset 15: the parse regex needs named groups such as "
            "(?<name>\\S+)");
  EXPECT_FALSE(ParseQuery("parse @message \"no star\" as a").ok());
  EXPECT_FALSE(ParseQuery("parse @message /(?<a>unclosed/").ok());
  EXPECT_FALSE(ParseQuery("parse @message").ok());
  EXPECT_EQ(ParseQuery("dedup a | sort b").status().message(),
            "Query failed to parse at offset 10: only limit may follow dedup");
  EXPECT_TRUE(ParseQuery("dedup a, b | limit 5").ok());
  EXPECT_FALSE(ParseQuery("stats count(*) | parse @message '*' as a").ok());
  EXPECT_FALSE(ParseQuery("fields datefloor(@timestamp, 5y)").ok());
  EXPECT_FALSE(ParseQuery("fields a / ").ok());
  EXPECT_FALSE(ParseQuery("filter a + /re/").ok());
  EXPECT_FALSE(ParseQuery("fields " + std::string(100, '-') + "a").ok());
  EXPECT_FALSE(ParseQuery("fields " + std::string(100, '(') + "a" + std::string(100, ')')).ok());
  EXPECT_TRUE(ParseQuery("fields ISPRESENT(a), isPresent(b) | filter not ispresent(c)").ok());
}

}  // namespace
}  // namespace waggle::lang::cw_insights
