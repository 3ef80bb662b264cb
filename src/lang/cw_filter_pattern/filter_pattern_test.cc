#include "lang/cw_filter_pattern/filter_pattern.h"

#include <gtest/gtest.h>

#include <chrono>
#include <random>
#include <string>
#include <vector>

namespace waggle::lang::cw {
namespace {

struct MatchCase {
  std::string pattern;
  std::string message;
  bool want;
};

void PrintTo(const MatchCase& c, std::ostream* os) {
  *os << "pattern `" << c.pattern << "` on `" << c.message << "`";
}

class MatchTest : public ::testing::TestWithParam<MatchCase> {};

TEST_P(MatchTest, Matches) {
  const MatchCase& c = GetParam();
  auto pattern = FilterPattern::Parse(c.pattern);
  ASSERT_TRUE(pattern.ok()) << pattern.status();
  EXPECT_EQ(pattern->Matches(c.message), c.want);
}

// --- Empty and term patterns (spec §6 "Terms", docs examples). ------------
const char kM1[] = "ERROR WARN message";
const char kM2[] = "ERROR message";
const char kM3[] = "WARN message";

INSTANTIATE_TEST_SUITE_P(
    Terms, MatchTest,
    ::testing::Values(MatchCase{"", "anything", true}, MatchCase{"", "", true},
                      MatchCase{"   ", "anything", true}, MatchCase{"\"\"", "anything", true},
                      // Docs: ERROR → 1,2; ?ERROR ?WARN → 1,2,3; ERROR WARN → 1; ERROR -WARN → 2.
                      MatchCase{"ERROR", kM1, true}, MatchCase{"ERROR", kM2, true},
                      MatchCase{"ERROR", kM3, false}, MatchCase{"?ERROR ?WARN", kM1, true},
                      MatchCase{"?ERROR ?WARN", kM2, true}, MatchCase{"?ERROR ?WARN", kM3, true},
                      MatchCase{"?ERROR ?WARN", "INFO message", false},
                      MatchCase{"ERROR WARN", kM1, true}, MatchCase{"ERROR WARN", kM2, false},
                      MatchCase{"ERROR WARN", kM3, false}, MatchCase{"ERROR -WARN", kM1, false},
                      MatchCase{"ERROR -WARN", kM2, true}, MatchCase{"ERROR -WARN", kM3, false},
                      // Substring, case-sensitive.
                      MatchCase{"ERROR", "Exiting with ERRORCODE: -1", true},
                      MatchCase{"error", "ERROR message", false},
                      // Phrases.
                      MatchCase{"\"Failed to process\"", "x Failed to process y", true},
                      MatchCase{"\"Failed to process\"", "Failed to  process", false},
                      MatchCase{"ERROR Exception", "Exception then ERROR", true},
                      MatchCase{"\"ERROR Exception\"", "Exception then ERROR", false},
                      MatchCase{"\"ERROR Exception\"", "an ERROR Exception", true},
                      MatchCase{"\"say \\\"hi\\\"\"", "they say \"hi\" now", true},
                      MatchCase{"\"a\\\\b\"", "a\\b", true},
                      // Term groups as the AWS CDK renders them: (a∧b)∨(c∧d).
                      MatchCase{"?\"a\" \"b\" ?\"c\" \"d\"", "a b", true},
                      MatchCase{"?\"a\" \"b\" ?\"c\" \"d\"", "c d", true},
                      MatchCase{"?\"a\" \"b\" ?\"c\" \"d\"", "a d", false},
                      MatchCase{"ERROR ?WARN", "WARN", true}, MatchCase{"-DEBUG", "INFO x", true},
                      MatchCase{"-DEBUG", "DEBUG x", false}, MatchCase{"-\"a b\"", "a b", false},
                      // Bare terms with punctuation are accepted as literal substrings.
                      MatchCase{"user@example.com", "login user@example.com ok", true},
                      MatchCase{"ERROR:", "ERROR: x", true},
                      MatchCase{"ERROR:", "ERROR x", false}));

// --- JSON patterns (spec §6 "JSON"). --------------------------------------
const char kDoc[] =
    R"({"eventType":"UpdateTrail","ip":"111.111.111.111","arr":["value"],"objs":[{"id":1},{"id":2}],"SomeObject":null,"ThisFlag":true})";
const char kLog[] =
    R"({"level":"ERROR","latency":250,"msg":"disk full","user":{"id":"u-1","roles":["a","b"]},"ratio":0.5,"code":"200","ok":false,"m":[[1,2],[3,4]],"neg":-3})";

INSTANTIATE_TEST_SUITE_P(
    JsonSpecExamples, MatchTest,
    ::testing::Values(MatchCase{"{ $.eventType = \"UpdateTrail\" }", kDoc, true},
                      MatchCase{"{ $.ip != 123.123.* }", kDoc, true},
                      MatchCase{"{ $.arr[0] = \"value\" }", kDoc, true},
                      MatchCase{"{ $.objs[1].id = 2 }", kDoc, true},
                      MatchCase{"{ $.SomeObject IS NULL }", kDoc, true},
                      MatchCase{"{ $.Other NOT EXISTS }", kDoc, true},
                      MatchCase{"{ $.ThisFlag IS TRUE }", kDoc, true},
                      MatchCase{"{ $.a = 1 || $.b = x && $.c = y }", R"({"a":1})", true},
                      MatchCase{"{ ($.a = 1 || $.b = x) && $.c = y }", R"({"a":1})", false},
                      MatchCase{"{ $.users = 1 }", R"({"users":[1,2,3]})", false},
                      MatchCase{"{ $.users != 1 }", R"({"users":[1,2,3]})", false}));

INSTANTIATE_TEST_SUITE_P(
    Json, MatchTest,
    ::testing::Values(
        MatchCase{"{$.level = \"ERROR\"}", kLog, true}, MatchCase{"{$.level=ERROR}", kLog, true},
        MatchCase{"{ $.level = \"error\" }", kLog, false},
        MatchCase{"{ $.level != \"WARN\" }", kLog, true},
        MatchCase{"{ $.level = \"ERROR\" && $.latency > 100 }", kLog, true},
        MatchCase{"{ $.level = \"ERROR\" && $.latency > 300 }", kLog, false},
        MatchCase{"{ $.latency >= 250 }", kLog, true},
        MatchCase{"{ $.latency > 250 }", kLog, false},
        MatchCase{"{ $.latency <= 250 }", kLog, true},
        MatchCase{"{ $.latency < 250 }", kLog, false},
        MatchCase{"{ $.latency = 250.0 }", kLog, true},
        MatchCase{"{ $.latency = 2.5e2 }", kLog, true},
        MatchCase{"{ $.latency != 250 }", kLog, false}, MatchCase{"{ $.ratio < 1 }", kLog, true},
        MatchCase{"{ $.ratio = 5e-1 }", kLog, true}, MatchCase{"{ $.neg < -2 }", kLog, true},
        MatchCase{"{ $.neg > +1000 }", kLog, false}, MatchCase{"{ $.ratio > 10e-3 }", kLog, true},
        // Wildcards: prefix, suffix, contains, present; a middle * is literal.
        MatchCase{"{ $.msg = disk* }", kLog, true}, MatchCase{"{ $.msg = *full }", kLog, true},
        MatchCase{"{ $.msg = \"*sk  f*\" }", kLog, false},
        MatchCase{"{ $.msg = \"*sk f*\" }", kLog, true}, MatchCase{"{ $.msg = d*l }", kLog, false},
        MatchCase{"{ $.msg = \"d*l\" }", kLog, false}, MatchCase{"{ $.msg = * }", kLog, true},
        MatchCase{"{ $.nope = * }", kLog, false}, MatchCase{"{ $.msg != disk* }", kLog, false},
        // Nested objects, arrays, multi-dimensional indices.
        MatchCase{"{ $.user.id = \"u-1\" }", kLog, true},
        MatchCase{"{ $.user.roles[1] = b }", kLog, true},
        MatchCase{"{ $.user.roles[2] = b }", kLog, false},
        MatchCase{"{ $.user.roles[2] NOT EXISTS }", kLog, true},
        MatchCase{"{ $.m[1][0] = 3 }", kLog, true}, MatchCase{"{ $.m[0][1] = 2 }", kLog, true},
        MatchCase{"{ $.user = 1 }", kLog, false}, MatchCase{"{ $.user != 1 }", kLog, false},
        MatchCase{"{ $.level.x = 1 }", kLog, false}, MatchCase{"{ $.level[0] = 1 }", kLog, false},
        // IS / NOT EXISTS.
        MatchCase{"{ $.ok IS FALSE }", kLog, true}, MatchCase{"{ $.ok IS TRUE }", kLog, false},
        MatchCase{"{ $.ok IS NULL }", kLog, false}, MatchCase{"{ $.nope IS NULL }", kLog, false},
        MatchCase{"{ $.level NOT EXISTS }", kLog, false},
        MatchCase{"{ $.level not exists }", kLog, false},
        MatchCase{"{ $.ok is false }", kLog, true},
        // Numeric text in a string field compares numerically.
        MatchCase{"{ $.code = 200 }", kLog, true}, MatchCase{"{ $.code > 199 }", kLog, true},
        MatchCase{"{ $.level > 1 }", kLog, false}, MatchCase{"{ $.level != 1 }", kLog, true},
        // Boolean and grouping.
        MatchCase{"{ ($.level = WARN || $.level = ERROR) && ($.latency > 100) }", kLog, true},
        MatchCase{"{ (($.level = WARN)) || (($.neg = -3)) }", kLog, true},
        MatchCase{"{ $.level = WARN || $.level = INFO || $.latency = 250 }", kLog, true},
        MatchCase{"{ $.level = ERROR && $.latency = 250 && $.ok IS TRUE }", kLog, false},
        // Regex values.
        MatchCase{"{ $.msg = %di.k% }", kLog, true}, MatchCase{"{ $.msg != %^full% }", kLog, true},
        MatchCase{"{ $.level = %^ERR[A-Z]+$% }", kLog, true},
        // Not a JSON object: no match.
        MatchCase{"{ $.a = 1 }", "a = 1", false}, MatchCase{"{ $.a NOT EXISTS }", "[1,2]", false},
        MatchCase{"{ $.a NOT EXISTS }", "{\"a\":", false},
        MatchCase{"{ $.a NOT EXISTS }", "{}", true}));

// --- Space-delimited patterns (spec §6). ----------------------------------
const char kApache[] =
    "127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] \"GET /apache_pb.gif HTTP/1.0\" 404 1534";
const char kApacheHtml[] =
    "127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] \"GET /index.html HTTP/1.0\" 404 1534";

INSTANTIATE_TEST_SUITE_P(
    Delimited, MatchTest,
    ::testing::Values(
        MatchCase{"[ip, user, username, timestamp, request, status_code = 4*, bytes > 1000]",
                  kApache, true},
        MatchCase{"[ip, user, username, timestamp, request, status_code = 4*, bytes > 2000]",
                  kApache, false},
        MatchCase{"[ip, user, username, timestamp, request, status_code = 5*, bytes > 1000]",
                  kApache, false},
        MatchCase{"[..., request=*.html*, status_code=4*,]", kApacheHtml, true},
        MatchCase{"[..., request=*.html*, status_code=4*,]", kApache, false},
        MatchCase{"[ip, user, username, timestamp, request, status_code]", kApache, false},
        MatchCase{"[ip, user, username, timestamp, request]", kApache, false},
        MatchCase{"[ip = 127.0.0.1, ...]", kApache, true},
        MatchCase{"[ip = 10.*, ...]", kApache, false},
        MatchCase{"[..., bytes = 1534]", kApache, true},
        MatchCase{"[ip, ..., bytes]", kApache, true}, MatchCase{"[...]", "", true},
        MatchCase{"[a, b, c, d, e, f, g, h, ...]", kApache, false},
        MatchCase{"[a,b,c,d,e,f,g,...]", kApache, true},
        MatchCase{"[..., code = 4* && code != 403, bytes]", kApache, true},
        MatchCase{"[..., code = 4* && code != 404, bytes]", kApache, false},
        MatchCase{"[w1=ERROR || w1=WARN, ...]", "WARN disk", true},
        MatchCase{"[w1=ERROR || w1=WARN, ...]", "INFO disk", false},
        MatchCase{"[w1, w2 = disk || w1 = INFO]", "INFO x", true},
        MatchCase{"[a = \"GET /x\", b]", "\"GET /x\" 200", true},
        MatchCase{"[a, b = %^2[0-9]+$%]", "x 204", true},
        MatchCase{"[a, b != %^2%]", "x 204", false}, MatchCase{"[a, b < 10]", "x -", false},
        MatchCase{"[a, b != 10]", "x -", true}, MatchCase{"[a,,c]", "1 2 3", true},
        MatchCase{"[a, b]", "1   2", true}, MatchCase{"[a, b]", "1\t2", true},
        MatchCase{"[a, b]", "[x y] \"z", true}));

// --- Regex patterns. ------------------------------------------------------
INSTANTIATE_TEST_SUITE_P(Regex, MatchTest,
                         ::testing::Values(MatchCase{"%AUTHORIZED%", "UNAUTHORIZED", true},
                                           MatchCase{"%^AUTHORIZED%", "UNAUTHORIZED", false},
                                           MatchCase{"%ERR[0-9]{3}%", "code ERR500 x", true},
                                           MatchCase{"%ERR[0-9]{3}%", "code ERR50 x", false},
                                           MatchCase{"%a|b%", "b", true},
                                           MatchCase{"  %x+$%  ", "axx", true},
                                           MatchCase{"%\\d+ms%", "took 35ms", true},
                                           MatchCase{"%foo\\%bar%", "foo%bar", true}));

// --- Errors. ---------------------------------------------------------------
struct ErrorCase {
  std::string pattern;
  std::string message_part;  // Must appear in the error message.
};

void PrintTo(const ErrorCase& c, std::ostream* os) { *os << "pattern `" << c.pattern << "`"; }

class ErrorTest : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(ErrorTest, Rejects) {
  auto pattern = FilterPattern::Parse(GetParam().pattern);
  ASSERT_FALSE(pattern.ok());
  EXPECT_EQ(pattern.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(std::string(pattern.status().message()).find(GetParam().message_part),
            std::string::npos)
      << pattern.status();
}

INSTANTIATE_TEST_SUITE_P(
    All, ErrorTest,
    ::testing::Values(
        ErrorCase{"\"unterminated", "at offset 0: unterminated quoted string"},
        ErrorCase{"ERROR ?", "at offset 7: expected a term after '?'"},
        ErrorCase{"ERROR -", "expected a term after '-'"},
        ErrorCase{"\"a\"b", "at offset 3: expected whitespace between terms"},
        ErrorCase{"{", "at offset 1: expected a selector like $.field or '('"},
        ErrorCase{"{ }", "expected a selector like $.field"},
        ErrorCase{"{ $.a = 1", "expected '}', && or ||"},
        ErrorCase{"{ $.a = 1 } x", "at offset 12: expected the end of the pattern after '}'"},
        ErrorCase{"{ $.a }", "at offset 6: expected a comparison operator"},
        ErrorCase{"{ $.a = }", "at offset 8: expected a value"},
        ErrorCase{"{ $a = 1 }", "expected '.' or '[' after '$'"},
        ErrorCase{"{ $. = 1 }", "expected a field name after '.'"},
        ErrorCase{"{ $.a[x] = 1 }", "expected an array index"},
        ErrorCase{"{ $.a[0 = 1 }", "expected ']' after the array index"},
        ErrorCase{"{ $.* = 1 }", "wildcard selectors"},
        ErrorCase{"{ $.a > \"x\" }", "expected a number after the comparison operator"},
        ErrorCase{"{ $.a > x }", "at offset 8: expected a number"},
        ErrorCase{"{ $.a < %x% }", "expected a number"},
        ErrorCase{"{ $.msg = *sk f* }", "at offset 14: expected '}', && or ||"},
        ErrorCase{"{ $.a IS NOT NULL }", "expected NULL, TRUE or FALSE after IS"},
        ErrorCase{"{ $.a IS MAYBE }", "expected NULL, TRUE or FALSE after IS"},
        ErrorCase{"{ $.a NOT THERE }", "expected EXISTS after NOT"},
        ErrorCase{"{ ($.a = 1 }", "expected ')' or && or ||"},
        ErrorCase{"{ $.a = 1 && }", "expected a selector"},
        ErrorCase{"{ $.a = 1 & $.b = 2 }", "expected '}', && or ||"},
        ErrorCase{"{ " + std::string(20, '(') + "$.a = 1" + std::string(20, ')') + " }",
                  "parentheses nest deeper than 16"},
        ErrorCase{"[", "at offset 1: expected a field name, '...' or ','"},
        ErrorCase{"[]", "expected at least one field name"},
        ErrorCase{"[a b]", "at offset 3: expected ',' or ']'"},
        ErrorCase{"[a, b", "expected ',' or ']' after the field"},
        ErrorCase{"[a] x", "expected the end of the pattern after ']'"},
        ErrorCase{"[..., a, ...]", "at offset 9: only one '...' is allowed"},
        ErrorCase{"[a = 1 && b = 2]", "at offset 10: unknown field 'b'"},
        ErrorCase{"[a = 1 && ]", "expected a field name after && or ||"},
        ErrorCase{"[a > b*]", "expected a number"}, ErrorCase{"[a =]", "expected a value"},
        ErrorCase{"%abc", "at offset 0: unterminated regular expression"},
        ErrorCase{"%%", "empty regular expression"},
        ErrorCase{"%(a)%", "at offset 1: this character is not allowed"},
        ErrorCase{"%a[%", "invalid regular expression"},
        ErrorCase{"%a% b", "expected the end of the pattern after the closing '%'"},
        ErrorCase{"{ $.a = %x% || $.b = %y% || $.c = %z% }", "at most 2 regular expressions"},
        ErrorCase{std::string(1025, 'a'), "at most 1024"}));

TEST(FilterPatternTest, KindAndText) {
  struct {
    const char* text;
    PatternKind kind;
  } cases[] = {{"", PatternKind::kMatchAll},     {"\"\"", PatternKind::kMatchAll},
               {"a", PatternKind::kTerms},       {" {$.a=1}", PatternKind::kJson},
               {"[a]", PatternKind::kDelimited}, {"%a%", PatternKind::kRegex}};
  for (const auto& c : cases) {
    auto p = FilterPattern::Parse(c.text);
    ASSERT_TRUE(p.ok()) << c.text;
    EXPECT_EQ(p->kind(), c.kind) << c.text;
    EXPECT_EQ(p->text(), c.text);
  }
  FilterPattern all;
  EXPECT_TRUE(all.Matches("x"));
  EXPECT_EQ(all.kind(), PatternKind::kMatchAll);
  EXPECT_TRUE(FilterPattern::Parse(std::string(1024, 'a')).ok());
}

TEST(FilterPatternTest, CopiesShareTheParsedTree) {
  auto p = FilterPattern::Parse("{ $.a = %x+% }");
  ASSERT_TRUE(p.ok());
  FilterPattern copy = *p;
  p = FilterPattern::Parse("nothing");
  EXPECT_TRUE(copy.Matches(R"({"a":"axxb"})"));
  EXPECT_FALSE(copy.Matches(R"({"a":"b"})"));
}

// --- Extraction (metric filters, TestMetricFilter). -----------------------
TEST(FilterPatternTest, ExtractedValuesFollowTheDocsExample) {
  auto p = FilterPattern::Parse("[..., request=*.html*, status_code=4*,]");
  ASSERT_TRUE(p.ok());
  std::vector<std::pair<std::string, std::string>> want = {{"$1", "127.0.0.1"},
                                                           {"$2", "-"},
                                                           {"$3", "frank"},
                                                           {"$4", "10/Oct/2000:13:25:15 -0700"},
                                                           {"$request", "GET /index.html HTTP/1.0"},
                                                           {"$status_code", "404"},
                                                           {"$7", "1534"}};
  EXPECT_EQ(p->ExtractedValues(kApacheHtml), want);
  EXPECT_TRUE(p->ExtractedValues(kApache).empty());  // No match.
  EXPECT_EQ(p->Extract(kApacheHtml, "$status_code"), "404");
  EXPECT_EQ(p->Extract(kApacheHtml, "$7"), "1534");
  EXPECT_EQ(p->Extract(kApacheHtml, "$8"), std::nullopt);
  EXPECT_EQ(p->Extract(kApacheHtml, "$nope"), std::nullopt);
  EXPECT_EQ(p->Extract(kApache, "$status_code"), std::nullopt);
}

TEST(FilterPatternTest, ExtractJsonScalars) {
  auto p = FilterPattern::Parse("{ $.level = ERROR }");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->Extract(kLog, "$.latency"), "250");
  EXPECT_EQ(p->Extract(kLog, "$.ratio"), "0.5");
  EXPECT_EQ(p->Extract(kLog, "$.neg"), "-3");
  EXPECT_EQ(p->Extract(kLog, "$.user.id"), "u-1");
  EXPECT_EQ(p->Extract(kLog, "$.user.roles[0]"), "a");
  EXPECT_EQ(p->Extract(kLog, "$.ok"), "false");
  EXPECT_EQ(p->Extract(kLog, "$.user"), std::nullopt);  // Not a scalar.
  EXPECT_EQ(p->Extract(kLog, "$.missing"), std::nullopt);
  EXPECT_EQ(p->Extract(kLog, "latency"), std::nullopt);  // Bad selector.
  EXPECT_EQ(p->Extract(R"({"level":"WARN","latency":1})", "$.latency"), std::nullopt);
  EXPECT_TRUE(p->ExtractedValues(kLog).empty());
  auto terms = FilterPattern::Parse("ERROR");
  ASSERT_TRUE(terms.ok());
  EXPECT_EQ(terms->Extract("ERROR", "$.a"), std::nullopt);
}

// --- Robustness: random inputs never crash and stay fast. -----------------
TEST(FilterPatternTest, RandomInputsNeverCrash) {
  std::mt19937 rng(12345);
  const std::vector<std::string> tokens = {
      "{",      "}",   "[",    "]",    "(",      ")",      "$",    ".",       "$.a",
      "$.b[0]", "[1]", "=",    "!=",   "<",      "<=",     ">",    ">=",      "&&",
      "||",     "IS",  "NULL", "TRUE", "NOT",    "EXISTS", "\"",   "\"x y\"", "%",
      "%a.b%",  "*",   "4*",   "1e3",  "-",      "?",      "...",  ",",       " ",
      "ERROR",  "\\",  "\\\"", "x",    "10.0.*", "\t",     "\xff", "%(%",     "[*]"};
  const std::vector<std::string> messages = {"",     "ERROR x", kLog,
                                             kDoc,   kApache,   "{\"a\":[1,{\"b\":null}]}",
                                             "[1,2", "\"a b",   "{\"a\":\"x\",\"b\":[[[]]]}"};
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 20000; ++i) {
    std::string pattern;
    int n = static_cast<int>(rng() % 12);
    if (i % 2 == 0) {
      for (int j = 0; j < n; ++j) pattern += tokens[rng() % tokens.size()];
    } else {
      for (int j = 0; j < n * 3; ++j) pattern += static_cast<char>(rng() % 256);
    }
    if (i % 3 == 0) pattern = "{ " + pattern;
    if (i % 5 == 0) pattern = "[" + pattern;
    auto p = FilterPattern::Parse(pattern);
    if (!p.ok()) {
      EXPECT_EQ(p.status().code(), absl::StatusCode::kInvalidArgument);
      EXPECT_NE(std::string(p.status().message()).find("offset"), std::string::npos)
          << pattern << " → " << p.status();
      continue;
    }
    for (const std::string& m : messages) {
      p->Matches(m);
      p->ExtractedValues(m);
      p->Extract(m, "$.a");
    }
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(60));
}

TEST(FilterPatternTest, DeepJsonMessagesAreHandled) {
  auto p = FilterPattern::Parse("{ $.a NOT EXISTS }");
  ASSERT_TRUE(p.ok());
  std::string deep = "{\"b\":" + std::string(5000, '[') + std::string(5000, ']') + "}";
  EXPECT_FALSE(p->Matches(deep));  // Deeper than simdjson's limit: not JSON.
  EXPECT_TRUE(p->Matches("{\"b\":[[[]]]}"));
}

}  // namespace
}  // namespace waggle::lang::cw
