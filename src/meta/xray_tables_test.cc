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

}  // namespace
}  // namespace waggle::meta
