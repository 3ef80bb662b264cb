#include "lang/xray_filter/filter_expression.h"

#include <gtest/gtest.h>

#include <chrono>
#include <random>
#include <string>
#include <vector>

namespace waggle::lang::xray {
namespace {

SegmentFacts Segment(bool fault, bool error, bool throttle, double rt, int status,
                     std::string url = "", std::string user = "") {
  SegmentFacts s;
  s.fault = fault;
  s.error = error;
  s.throttle = throttle;
  s.response_time_s = rt;
  s.http_status = status;
  s.http_url = std::move(url);
  s.user = std::move(user);
  return s;
}

// A Flask service that got a 404, called DynamoDB (fault) and an auth service (ok).
TraceFacts Sample() {
  TraceFacts t;
  t.duration_s = 2.5;
  t.root = Segment(false, true, false, 1.2, 404, "http://localhost/api/activities/home", "alice");
  t.root.http_method = "GET";
  t.root.http_useragent = "curl/8";
  t.root.http_clientip = "10.1.2.3";
  t.users = {"alice", "bob"};
  t.annotations = {{"result_len", 3.0}, {"env", std::string("prod")}, {"cached", true}};
  t.availability_zones = {"us-east-1a"};
  t.instance_ids = {"i-0123"};
  t.resource_arns = {"arn:aws:ec2:us-east-1:123456789012:instance/i-0123"};
  ServiceFacts flask{"backend-flask", "AWS::EC2::Instance", "123456789012", true, false, {t.root}};
  ServiceFacts table{
      "users", "AWS::DynamoDB::Table", "", false, true, {Segment(true, false, false, 0.3, 500)}};
  ServiceFacts auth{"auth",
                    "",
                    "",
                    false,
                    false,
                    {Segment(false, false, false, 0.1, 200, "http://auth/check", "bob"),
                     Segment(false, false, true, 0.05, 429)}};
  t.services = {flask, table, auth};
  t.edges = {{0, 1, {Segment(true, false, false, 0.3, 500)}},
             {0, 2, {Segment(false, false, false, 0.1, 200)}},
             {7, 0, {}}};  // Out of range: ignored.
  RootCauseFacts fault;
  fault.kind = RootCauseKind::kFault;
  fault.service_name = "users";
  fault.service_type = "AWS::DynamoDB::Table";
  fault.inferred = true;
  fault.entity_path = {
      {"users", true, {{"ProvisionedThroughputExceededException", "Rate exceeded"}}, 0}};
  RootCauseFacts error;
  error.kind = RootCauseKind::kError;
  error.service_name = "backend-flask";
  error.service_type = "AWS::EC2::Instance";
  error.entity_path = {{"backend-flask", false, {}, 0},
                       {"mock-data", false, {{"ValueError", "bad input"}, {"KeyError", "id"}}, 0}};
  RootCauseFacts slow;
  slow.kind = RootCauseKind::kResponseTime;
  slow.service_name = "backend-flask";
  slow.coverage = 0.8;
  slow.entity_path = {{"backend-flask", false, {}, 0.8}, {"mock-data", false, {}, 0.7}};
  t.root_causes = {fault, error, slow};
  return t;
}

struct Case {
  std::string expression;
  bool want;
};

void PrintTo(const Case& c, std::ostream* os) { *os << "`" << c.expression << "`"; }

class MatchTest : public ::testing::TestWithParam<Case> {};

TEST_P(MatchTest, OnSampleTrace) {
  auto f = FilterExpression::Parse(GetParam().expression);
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->Matches(Sample()), GetParam().want);
}

INSTANTIATE_TEST_SUITE_P(
    SpecExamples, MatchTest,
    ::testing::Values(Case{"service(\"backend-flask\")",
                           true},  // The reference app's group filter.
                      Case{"service(\"frontend\")", false},
                      Case{"ok !partial duration <3", false},  // Root got a 404: not ok.
                      Case{"error !partial duration <3", true}, Case{"responseTime > 1", true},
                      Case{"service(id(name: \"users\", type: \"AWS::DynamoDB::Table\"))", true},
                      Case{"service(id(name: \"x\", type: \"AWS::EC2::Instance\"))", false},
                      Case{"edge(\"backend-flask\", \"users\") { fault }", true},
                      Case{"edge(\"backend-flask\", \"auth\") { fault }", false},
                      Case{"annotation.result_len = 3", true},
                      Case{"annotation[result_len] > 2", true}));

INSTANTIATE_TEST_SUITE_P(
    Keywords, MatchTest,
    ::testing::Values(
        // Booleans: bare, !, = true|false, !=.
        Case{"error", true}, Case{"!error", false}, Case{"fault", false}, Case{"!fault", true},
        Case{"error = true", true}, Case{"error = false", false}, Case{"fault != true", true},
        Case{"throttle", false}, Case{"partial", false}, Case{"inferred", true}, Case{"ok", false},
        Case{"OK = FALSE", true}, Case{"NOT fault", true},
        // Numbers.
        Case{"duration = 2.5", true}, Case{"duration >= 2.5", true}, Case{"duration > 2.5", false},
        Case{"duration < 3", true}, Case{"duration <= 2", false}, Case{"duration != 2.5", false},
        Case{"responsetime < 1.2", false}, Case{"http.status = 404", true},
        Case{"http.status >= 500", false}, Case{"http.status != 200", true},
        Case{"duration > -1", true}, Case{"duration < 2.5e1", true},
        // Strings.
        Case{"http.url = \"http://localhost/api/activities/home\"", true},
        Case{"http.url CONTAINS \"activities\"", true},
        Case{"http.url contains \"ACTIVITIES\"", false},
        Case{"http.url BEGINSWITH \"http://localhost\"", true},
        Case{"http.url ENDSWITH \"/home\"", true}, Case{"http.url ENDSWITH \"/nope\"", false},
        Case{"http.url != \"x\"", true}, Case{"http.method = \"GET\"", true},
        Case{"http.useragent BEGINSWITH \"curl\"", true},
        Case{"http.clientip = \"10.1.2.3\"", true}, Case{"user = \"bob\"", true},
        Case{"user = \"carol\"", false}, Case{"user CONTAINS \"\"", true},
        Case{"availabilityzone = \"us-east-1a\"", true}, Case{"instance.id = \"i-0123\"", true},
        Case{"resource.arn ENDSWITH \"i-0123\"", true}, Case{"resource.arn = \"x\"", false},
        // Annotations: presence, bool, number, string, type mismatch.
        Case{"annotation.env", true}, Case{"annotation.missing", false},
        Case{"!annotation.missing", true}, Case{"annotation.env = \"prod\"", true},
        Case{"annotation.env BEGINSWITH \"pr\"", true}, Case{"annotation.env != \"prod\"", false},
        Case{"annotation.cached = true", true}, Case{"annotation.cached = false", false},
        Case{"annotation.result_len <= 3", true}, Case{"annotation.result_len = \"3\"", false},
        Case{"annotation[\"env\"] = \"prod\"", true}, Case{"annotation.env > 1", false}));

INSTANTIATE_TEST_SUITE_P(
    ServiceAndEdge, MatchTest,
    ::testing::Values(
        Case{"service()", true}, Case{"service() { fault }", true},
        Case{"service() { throttle }", true}, Case{"service(\"backend-flask\") { fault }", false},
        Case{"service(\"backend-flask\") { error AND http.status = 404 }", true},
        Case{"service(\"backend-flask\") { root }", true},
        Case{"service(\"users\") { root }", false}, Case{"service(\"users\") { inferred }", true},
        Case{"service(\"users\") { responsetime > 0.2 }", true},
        Case{"service(\"auth\") { http.status = 429 AND throttle }", true},
        // The filter must hold for one segment, not across segments.
        Case{"service(\"auth\") { http.status = 200 AND throttle }", false},
        Case{"service(\"auth\") { user = \"bob\" }", true},
        Case{"service(\"auth\") { http.url CONTAINS \"check\" }", true},
        Case{"service(\"auth\") { name = \"auth\" }", true},
        Case{"service() { type = \"AWS::DynamoDB::Table\" }", true},
        Case{"service(id(account.id: \"123456789012\"))", true},
        Case{"service(id(name: \"backend-flask\", account.id: \"999\"))", false},
        Case{"service(id())", true}, Case{"!service(\"frontend\")", true},
        Case{"service(\"backend-flask\") {}", true},
        Case{"edge(\"backend-flask\", \"users\")", true},
        Case{"edge(\"users\", \"backend-flask\")", false},
        Case{"edge(\"backend-flask\", \"users\") { http.status = 500 AND responsetime < 1 }", true},
        Case{"edge(\"backend-flask\", id(type: \"AWS::DynamoDB::Table\")) { name = \"users\" }",
             true},
        Case{"edge(\"backend-flask\", \"auth\") { root }", true},
        Case{"edge(\"backend-flask\", \"auth\") { ok }", true}));

INSTANTIATE_TEST_SUITE_P(
    RootCause, MatchTest,
    ::testing::Values(
        Case{"rootcause.fault.service { name = \"users\" }", true},
        Case{"rootcause.fault.service { name = \"backend-flask\" }", false},
        Case{"rootcause.fault.service { type = \"AWS::DynamoDB::Table\" AND inferred }", true},
        Case{"rootcause.fault.service", true}, Case{"rootcause.fault.entity { remote }", true},
        Case{"rootcause.fault.exception { name = \"ProvisionedThroughputExceededException\" }",
             true},
        Case{"rootcause.fault.exception { message CONTAINS \"Rate\" }", true},
        Case{"rootcause.error.exception { name = \"KeyError\" AND last }", true},
        Case{"rootcause.error.exception { name = \"KeyError\" AND first }", false},
        Case{"rootcause.error.exception { index = 0 AND name = \"ValueError\" }", true},
        Case{"rootcause.error.entity { name = \"mock-data\" AND index = 1 AND last }", true},
        Case{"rootcause.error.entity { remote }", false},
        Case{"rootcause.error.service { first AND last }", true},
        Case{"rootcause.responsetime.service { coverage > 0.5 }", true},
        Case{"rootcause.responsetime.entity { name = \"mock-data\" AND coverage > 0.75 }", false},
        Case{"rootcause.responsetime.entity { name = \"mock-data\" AND coverage > 0.5 }", true},
        Case{"rootcause.fault.exception { name = \"ValueError\" }", false}));

INSTANTIATE_TEST_SUITE_P(
    BooleanStructure, MatchTest,
    ::testing::Values(Case{"", true}, Case{"   ", true}, Case{"error AND fault", false},
                      Case{"error and duration > 1", true}, Case{"error && duration > 1", true},
                      Case{"fault OR error", true}, Case{"fault or fault", false},
                      Case{"fault || error", true}, Case{"!(fault OR throttle)", true},
                      Case{"!!error", true},
                      // AND binds tighter than OR; juxtaposition is AND.
                      Case{"fault OR error AND duration > 3", false},
                      Case{"(fault OR error) AND duration < 3", true},
                      Case{"fault OR error duration < 3", true}, Case{"error fault OR ok", false},
                      Case{"error (fault OR duration < 3)", true}, Case{"((((error))))", true}));

TEST(FilterExpressionTest, EmptyTrace) {
  TraceFacts empty;
  struct {
    const char* text;
    bool want;
  } cases[] = {{"ok", true},
               {"service()", false},
               {"edge(\"a\",\"b\")", false},
               {"duration = 0", true},
               {"rootcause.fault.service", false},
               {"inferred", false},
               {"user CONTAINS \"\"", false},
               {"annotation.x", false},
               {"http.url CONTAINS \"\"", false},
               {"!(http.url CONTAINS \"\")", true},
               {"http.url != \"x\"", false}};
  for (const auto& c : cases) {
    auto f = FilterExpression::Parse(c.text);
    ASSERT_TRUE(f.ok()) << c.text << f.status();
    EXPECT_EQ(f->Matches(empty), c.want) << c.text;
  }
  FilterExpression all;
  EXPECT_TRUE(all.Matches(empty));
  EXPECT_EQ(all.text(), "");
}

TEST(FilterExpressionTest, ServiceWithoutSegmentsUsesAnEmptyOne) {
  TraceFacts t;
  t.services.push_back({"x", "", "", false, true, {}});
  auto f = FilterExpression::Parse("service(\"x\") { !fault AND inferred }");
  ASSERT_TRUE(f.ok());
  EXPECT_TRUE(f->Matches(t));
}

TEST(FilterExpressionTest, GroupReferencesAreResolvedAtParseTime) {
  ParseOptions options;
  options.resolve_group = [](std::string_view kind,
                             std::string_view value) -> std::optional<std::string> {
    if (kind == "name" && value == "Cruddur") return "service(\"backend-flask\")";
    if (kind == "arn" && value == "arn:aws:xray:us-east-1:1:group/Slow/x") return "duration > 10";
    if (kind == "name" && value == "All") return "";
    if (kind == "name" && value == "Loop") return "group.name = \"Loop\"";
    if (kind == "name" && value == "Bad") return "duration >";
    return std::nullopt;
  };
  auto f = FilterExpression::Parse("group.name = \"Cruddur\" AND error", options);
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_TRUE(f->Matches(Sample()));
  f = FilterExpression::Parse("group.arn = \"arn:aws:xray:us-east-1:1:group/Slow/x\"", options);
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_FALSE(f->Matches(Sample()));
  f = FilterExpression::Parse("group.name = \"All\"", options);
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_TRUE(f->Matches(Sample()));
  f = FilterExpression::Parse("group.name = \"Loop\"", options);
  ASSERT_FALSE(f.ok());
  EXPECT_NE(f.status().message().find("too deeply"), absl::string_view::npos) << f.status();
  f = FilterExpression::Parse("group.name = \"Bad\"", options);
  ASSERT_FALSE(f.ok());
  EXPECT_NE(f.status().message().find("in the filter of group \"Bad\": at offset 10: expected a "
                                      "number"),
            absl::string_view::npos)
      << f.status();
  std::string many;
  for (int i = 0; i < 17; ++i) many += "group.name = \"All\" ";
  f = FilterExpression::Parse(many, options);
  ASSERT_FALSE(f.ok());
  EXPECT_NE(f.status().message().find("more than 16 group references"), absl::string_view::npos);
  f = FilterExpression::Parse("group.name = \"Nope\"", options);
  ASSERT_FALSE(f.ok());
  EXPECT_NE(f.status().message().find("unknown group name \"Nope\""), absl::string_view::npos);
}

TEST(FilterExpressionTest, CopiesShareTheTree) {
  auto f = FilterExpression::Parse("service(\"users\") { fault }");
  ASSERT_TRUE(f.ok());
  FilterExpression copy = *f;
  f = FilterExpression::Parse("fault");
  EXPECT_TRUE(copy.Matches(Sample()));
  EXPECT_EQ(copy.text(), "service(\"users\") { fault }");
}

struct ErrorCase {
  std::string expression;
  std::string message_part;
};

void PrintTo(const ErrorCase& c, std::ostream* os) { *os << "`" << c.expression << "`"; }

class ErrorTest : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(ErrorTest, Rejects) {
  auto f = FilterExpression::Parse(GetParam().expression);
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(std::string(f.status().message()).find(GetParam().message_part), std::string::npos)
      << f.status();
}

INSTANTIATE_TEST_SUITE_P(
    All, ErrorTest,
    ::testing::Values(
        ErrorCase{"duration", "at offset 8: expected a comparison operator after 'duration'"},
        ErrorCase{"duration >", "expected a number after the operator"},
        ErrorCase{"duration > \"3\"",
                  "expected a number after the operator ('duration' is a number)"},
        ErrorCase{"duration CONTAINS \"3\"", "'duration' is a number: use = != < <= > >="},
        ErrorCase{"http.url = foo", "at offset 11: expected a double-quoted string"},
        ErrorCase{"http.url > \"a\"", "'http.url' is a string"},
        ErrorCase{"http.url LIKE \"a\"", "expected a comparison operator after 'http.url'"},
        ErrorCase{"fault = 1", "expected true or false after 'fault' ="},
        ErrorCase{"fault > 1", "'fault' is a boolean"},
        ErrorCase{"frobnicate", "at offset 0: unknown keyword 'frobnicate'"},
        ErrorCase{"(fault",
                  "at offset 6: expected ')', AND or OR, found the end of the expression"},
        ErrorCase{"fault)", "at offset 5: expected AND, OR or the end of the expression"},
        ErrorCase{"fault AND", "at offset 9: expected a keyword"},
        ErrorCase{"OR fault", "at offset 0: expected a keyword"},
        ErrorCase{"http.url = \"abc", "at offset 11: unterminated string"},
        ErrorCase{"duration > 1.2.3", "malformed number"},
        ErrorCase{"duration > 3s", "malformed number"},
        ErrorCase{"fault ; error", "unexpected character ';'"},
        ErrorCase{"fault \x01", "unexpected byte 0x01"},
        ErrorCase{"service", "expected '(' after service"},
        ErrorCase{"service(backend)", "expected a quoted service name or id(...)"},
        ErrorCase{"service(\"a\", \"b\")", "service() takes at most one service"},
        ErrorCase{"service(\"a\") { fault", "expected '}', AND or OR"},
        ErrorCase{"service(\"a\") { annotation.x }",
                  "annotation.* cannot be used inside service()"},
        ErrorCase{"service(\"a\") { service(\"b\") }",
                  "service() can only be used at the top level"},
        ErrorCase{"service(\"a\") { message = \"x\" }",
                  "'message' can only be used inside rootcause.*.exception { }"},
        ErrorCase{"edge(\"a\")", "edge() takes two services"},
        ErrorCase{"edge(\"a\", \"b\", \"c\")", "edge() takes two services"},
        ErrorCase{"service(id(name \"x\"))", "expected ':' after name"},
        ErrorCase{"service(id(color: \"x\"))", "expected name, type or account.id inside id()"},
        ErrorCase{"service(id(name: \"x\", name: \"y\"))", "'name' is given twice"},
        ErrorCase{"service(id(name: x))", "expected a double-quoted string"},
        ErrorCase{"name = \"x\"", "'name' can only be used inside service() { }"},
        ErrorCase{"first", "'first' can only be used inside rootcause"},
        ErrorCase{"root", "'root' can only be used inside service() { }, inside edge() { }"},
        ErrorCase{"rootcause.fault.exception { coverage > 1 }", "'coverage' can only be used"},
        ErrorCase{"rootcause.responsetime.exception { name = \"x\" }",
                  "unknown keyword 'rootcause.responsetime.exception'"},
        ErrorCase{"rootcause.json = #[{}]", "rootcause.json is not supported"},
        ErrorCase{"annotation[", "expected an annotation key"},
        ErrorCase{"annotation[key", "expected ']' after the annotation key"},
        ErrorCase{"annotation.k < \"a\"", "expected a number after the operator"},
        ErrorCase{"annotation.k CONTAINS 3", "expected a double-quoted string after the operator"},
        ErrorCase{"group.name = \"g\"", "group filters cannot be used in this expression"},
        ErrorCase{"group.name \"g\"", "expected '=' after group.name"},
        ErrorCase{std::string(40, '(') + "fault" + std::string(40, ')'), "nests deeper than 32"},
        ErrorCase{std::string(40, '!') + "fault", "nests deeper than 32"},
        ErrorCase{std::string(2001, ' '), "at most 2000"}));

TEST(FilterExpressionTest, RandomInputsNeverCrash) {
  std::mt19937 rng(7);
  const std::vector<std::string> tokens = {"service",
                                           "edge",
                                           "(",
                                           ")",
                                           "{",
                                           "}",
                                           "\"a\"",
                                           "\"users\"",
                                           ",",
                                           "id",
                                           ":",
                                           "name",
                                           "type",
                                           "account.id",
                                           "fault",
                                           "error",
                                           "ok",
                                           "!",
                                           "AND",
                                           "OR",
                                           "and",
                                           "&&",
                                           "||",
                                           "duration",
                                           ">",
                                           "<",
                                           "=",
                                           "!=",
                                           ">=",
                                           "3",
                                           "-1.5",
                                           "http.url",
                                           "CONTAINS",
                                           "annotation.x",
                                           "annotation[",
                                           "]",
                                           "true",
                                           "false",
                                           "rootcause.fault.entity",
                                           "rootcause.error.exception",
                                           "first",
                                           "index",
                                           "coverage",
                                           "remote",
                                           "root",
                                           "message",
                                           " ",
                                           "#[",
                                           "\"",
                                           "\\",
                                           "1e5",
                                           "group.name",
                                           "NOT",
                                           "user",
                                           "inferred"};
  TraceFacts sample = Sample();
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    int n = static_cast<int>(rng() % 14);
    if (i % 2 == 0) {
      for (int j = 0; j < n; ++j) text += tokens[rng() % tokens.size()] + " ";
    } else {
      for (int j = 0; j < n * 3; ++j) text += static_cast<char>(rng() % 256);
    }
    auto f = FilterExpression::Parse(text);
    if (!f.ok()) {
      EXPECT_EQ(f.status().code(), absl::StatusCode::kInvalidArgument);
      EXPECT_NE(f.status().message().find("offset"), absl::string_view::npos)
          << text << " → " << f.status();
      continue;
    }
    f->Matches(sample);
    f->Matches(TraceFacts{});
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(60));
}

}  // namespace
}  // namespace waggle::lang::xray
