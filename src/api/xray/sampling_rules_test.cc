#include "api/xray/sampling_rules.h"

#include <gtest/gtest.h>

#include <string>

namespace waggle::api::xray {
namespace {

constexpr std::string_view kCruddur =
    R"({"RuleName":"Cruddur","ResourceARN":"*","Priority":9000,"FixedRate":0.1,)"
    R"("ReservoirSize":5,"ServiceName":"backend-flask","ServiceType":"*","Host":"*",)"
    R"("HTTPMethod":"*","URLPath":"*","Version":1})";

// Parses `json` as a SamplingRule; the status message or "ok".
std::string Check(std::string_view json) {
  simdjson::dom::parser p;
  auto rule = ParseSamplingRule(p.parse(json.data(), json.size()).value());
  return rule.ok() ? "ok" : std::string(rule.status().message());
}

// kCruddur with `member` set to `value` (JSON text): replaced where
// kCruddur has it (its values hold no ',' or '}'), else added.
std::string With(std::string_view member, std::string_view value) {
  std::string json(kCruddur);
  const std::string key = "\"" + std::string(member) + "\":";
  size_t at = json.find(key);
  if (at == std::string::npos) {
    json.insert(json.size() - 1, "," + key + std::string(value));
    return json;
  }
  size_t from = at + key.size();
  size_t to = json.find_first_of(",}", from);
  return json.replace(from, to - from, value);
}

TEST(SamplingRules, ParsesAndRoundTripsTheStoredForm) {
  simdjson::dom::parser p;
  auto rule = ParseSamplingRule(p.parse(kCruddur.data(), kCruddur.size()).value());
  ASSERT_TRUE(rule.ok()) << rule.status();
  EXPECT_EQ(rule->name, "Cruddur");
  EXPECT_EQ(rule->priority, 9000);
  EXPECT_DOUBLE_EQ(rule->fixed_rate, 0.1);
  EXPECT_EQ(rule->reservoir_size, 5);
  EXPECT_EQ(rule->service_name, "backend-flask");
  rule->attributes = {{"tier", "api"}};
  rule->created_at = 1700000000.5;
  auto back = ParseStoredSamplingRule(SamplingRuleJson(*rule));
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(SamplingRuleJson(*back), SamplingRuleJson(*rule));
  EXPECT_EQ(back->attributes.at("tier"), "api");
  EXPECT_DOUBLE_EQ(back->created_at, 1700000000.5);
}

TEST(SamplingRules, EnforcesXraysBounds) {
  EXPECT_EQ(Check(kCruddur), "ok");
  EXPECT_EQ(Check(R"({"RuleName":"x"})"), "ResourceARN is required");
  EXPECT_EQ(Check(With("Priority", "0")), "Priority must be between 1 and 9999");
  EXPECT_EQ(Check(With("FixedRate", "1.01")), "FixedRate must be between 0 and 1");
  EXPECT_EQ(Check(With("ReservoirSize", "-1")), "ReservoirSize must be between 0 and 2147483647");
  EXPECT_EQ(Check(With("ReservoirSize", "2.5")), "ReservoirSize must be an integer");
  EXPECT_EQ(Check(With("Version", "2")), "Version must be between 1 and 1");
  EXPECT_EQ(Check(With("HTTPMethod", "\"GETGETGETGE\"")),
            "HTTPMethod must be 0 to 10 characters long");
  EXPECT_EQ(Check(With("RuleName", "\"" + std::string(33, 'r') + "\"")),
            "RuleName must be 1 to 32 characters long");
  EXPECT_EQ(Check(With("Attributes", R"({"a":"1","b":"2","c":"3","d":"4","e":"5","f":"6"})")),
            "Attributes may have at most 5 entries");
  EXPECT_EQ(Check(With("Attributes", R"({"a":""})")),
            "Attributes keys and values must be 1 to 32 characters long");
  EXPECT_EQ(Check("[]"), "SamplingRule must be an object");
}

TEST(SamplingRules, UpdatesOnlyWhatIsGiven) {
  simdjson::dom::parser p;
  SamplingRule rule = *ParseSamplingRule(p.parse(kCruddur.data(), kCruddur.size()).value());
  simdjson::dom::parser q;
  std::string_view update = R"({"RuleName":"Cruddur","FixedRate":0.5,"URLPath":"/api/*"})";
  ASSERT_TRUE(ApplySamplingRuleUpdate(q.parse(update.data(), update.size()).value(), &rule).ok());
  EXPECT_DOUBLE_EQ(rule.fixed_rate, 0.5);
  EXPECT_EQ(rule.url_path, "/api/*");
  EXPECT_EQ(rule.reservoir_size, 5);
  std::string_view bad = R"({"FixedRate":0.7,"Priority":0})";
  simdjson::dom::parser r;
  EXPECT_FALSE(ApplySamplingRuleUpdate(r.parse(bad.data(), bad.size()).value(), &rule).ok());
  EXPECT_DOUBLE_EQ(rule.fixed_rate, 0.5);  // unchanged on error
}

TEST(SamplingRules, RecordCarriesTheArnOfTheCallersRegion) {
  core::JsonWriter w;
  WriteSamplingRuleRecord(DefaultSamplingRule(), "eu-west-1", "123", w);
  EXPECT_NE(w.str().find(R"("RuleARN":"arn:aws:xray:eu-west-1:123:sampling-rule/Default")"),
            std::string::npos);
  EXPECT_NE(w.str().find(R"("Priority":10000)"), std::string::npos);
  EXPECT_EQ(SamplingRuleJson(DefaultSamplingRule()).find("RuleARN"), std::string::npos);
}

}  // namespace
}  // namespace waggle::api::xray
