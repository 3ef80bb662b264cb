#include "meta/xray_tables.h"

#include <gtest/gtest.h>

#include <vector>

#include "meta/meta_testing.h"

namespace waggle::meta {
namespace {

using XrayTablesTest = MetaTableTest;

TEST_F(XrayTablesTest, SamplingRulesRoundTripAndRejectDuplicates) {
  XraySamplingRuleRow row{"default", "Cruddur", R"({"RuleName":"Cruddur"})", 10, 20};
  ASSERT_TRUE(Run([&](Connection& c) { return InsertXraySamplingRule(c, row); }).ok());
  absl::Status dup = Run([&](Connection& c) { return InsertXraySamplingRule(c, row); });
  EXPECT_TRUE(absl::IsAlreadyExists(dup)) << dup;
  std::vector<XraySamplingRuleRow> rows;
  ASSERT_TRUE(Run([&](Connection& c) -> absl::Status {
                ASSIGN_OR_RETURN(rows, ListXraySamplingRules(c, "default"));
                return absl::OkStatus();
              }).ok());
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].name, "Cruddur");
  EXPECT_EQ(rows[0].rule_json, R"({"RuleName":"Cruddur"})");
  EXPECT_EQ(rows[0].modified_unix_ns, 20);
}

TEST_F(XrayTablesTest, SamplingRulesUpdateDeleteAndCount) {
  XraySamplingRuleRow row{"default", "Cruddur", R"({"v":1})", 10, 10};
  ASSERT_TRUE(Run([&](Connection& c) { return InsertXraySamplingRule(c, row); }).ok());
  row.rule_json = R"({"v":2})";
  row.modified_unix_ns = 30;
  ASSERT_TRUE(Run([&](Connection& c) { return UpdateXraySamplingRule(c, row); }).ok());
  std::optional<XraySamplingRuleRow> found;
  ASSERT_TRUE(Run([&](Connection& c) -> absl::Status {
                ASSIGN_OR_RETURN(found, FindXraySamplingRule(c, "default", "Cruddur"));
                return absl::OkStatus();
              }).ok());
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->rule_json, R"({"v":2})");
  EXPECT_EQ(found->created_unix_ns, 10);
  EXPECT_EQ(found->modified_unix_ns, 30);
  int64_t count = 0;
  ASSERT_TRUE(Run([&](Connection& c) -> absl::Status {
                ASSIGN_OR_RETURN(count, CountXraySamplingRules(c, "default"));
                return absl::OkStatus();
              }).ok());
  EXPECT_EQ(count, 1);
  XraySamplingRuleRow updated_default{"default", "Default", "{}", 40, 40};
  ASSERT_TRUE(Run([&](Connection& c) { return InsertXraySamplingRule(c, updated_default); }).ok());
  ASSERT_TRUE(Run([&](Connection& c) -> absl::Status {
                ASSIGN_OR_RETURN(count, CountXraySamplingRules(c, "default"));
                return absl::OkStatus();
              }).ok());
  EXPECT_EQ(count, 1);  // Default is not counted
  ASSERT_TRUE(Run([&](Connection& c) { return DeleteXraySamplingRule(c, "default", "Cruddur"); })
                  .ok());
  EXPECT_TRUE(absl::IsNotFound(
      Run([&](Connection& c) { return DeleteXraySamplingRule(c, "default", "Cruddur"); })));
  EXPECT_TRUE(absl::IsNotFound(Run([&](Connection& c) { return UpdateXraySamplingRule(c, row); })));
}

TEST_F(XrayTablesTest, GroupsByEnvironmentPagedByName) {
  for (const char* name : {"b", "a", "c"}) {
    XrayGroupRow g{"default", name, std::string("id-") + name, "service(\"x\")", false, false, 5};
    ASSERT_TRUE(Run([&](Connection& c) { return InsertXrayGroup(c, g); }).ok());
  }
  XrayGroupRow other{"prod", "a", "id-p", "", true, true, 6};
  ASSERT_TRUE(Run([&](Connection& c) { return InsertXrayGroup(c, other); }).ok());
  EXPECT_TRUE(absl::IsAlreadyExists(Run([&](Connection& c) { return InsertXrayGroup(c, other); })));
  auto names = [&](std::string_view env, std::string_view after, int limit) {
    std::vector<std::string> out;
    EXPECT_TRUE(Run([&](Connection& c) -> absl::Status {
                  ASSIGN_OR_RETURN(auto rows, ListXrayGroups(c, env, after, limit));
                  for (auto& r : rows) out.push_back(r.name);
                  return absl::OkStatus();
                }).ok());
    return out;
  };
  using Names = std::vector<std::string>;
  EXPECT_EQ(names("default", "", 2), (Names{"a", "b"}));
  EXPECT_EQ(names("default", "b", 2), (Names{"c"}));
  EXPECT_EQ(names("prod", "", 10), (Names{"a"}));
  other.filter_expression = "fault = true";
  other.insights_enabled = false;
  ASSERT_TRUE(Run([&](Connection& c) { return UpdateXrayGroup(c, other); }).ok());
  std::optional<XrayGroupRow> g;
  ASSERT_TRUE(Run([&](Connection& c) -> absl::Status {
                ASSIGN_OR_RETURN(g, FindXrayGroup(c, "prod", "a"));
                return absl::OkStatus();
              }).ok());
  ASSERT_TRUE(g.has_value());
  EXPECT_EQ(g->filter_expression, "fault = true");
  EXPECT_FALSE(g->insights_enabled);
  EXPECT_TRUE(g->notifications_enabled);
  EXPECT_EQ(g->arn_suffix, "id-p");
  ASSERT_TRUE(Run([&](Connection& c) { return DeleteXrayGroup(c, "prod", "a"); }).ok());
  EXPECT_TRUE(absl::IsNotFound(Run([&](Connection& c) { return DeleteXrayGroup(c, "prod", "a"); })));
}

TEST_F(XrayTablesTest, TagsAreSetReplacedAndRemoved) {
  const std::string arn = "arn:aws:xray:us-east-1:000000000000:group/a/id";
  ASSERT_TRUE(Run([&](Connection& c) { return PutXrayTags(c, arn, {{"k1", "v1"}, {"k2", "v2"}}); })
                  .ok());
  ASSERT_TRUE(Run([&](Connection& c) { return PutXrayTags(c, arn, {{"k1", "new"}}); }).ok());
  auto tags = [&] {
    std::vector<std::pair<std::string, std::string>> out;
    EXPECT_TRUE(Run([&](Connection& c) -> absl::Status {
                  ASSIGN_OR_RETURN(out, ListXrayTags(c, arn));
                  return absl::OkStatus();
                }).ok());
    return out;
  };
  using Tags = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(tags(), (Tags{{"k1", "new"}, {"k2", "v2"}}));
  ASSERT_TRUE(Run([&](Connection& c) { return DeleteXrayTags(c, arn, {"k2", "nope"}); }).ok());
  EXPECT_EQ(tags(), (Tags{{"k1", "new"}}));
  ASSERT_TRUE(Run([&](Connection& c) { return DeleteAllXrayTags(c, arn); }).ok());
  EXPECT_TRUE(tags().empty());
}

}  // namespace
}  // namespace waggle::meta
