#include "meta/xray_tables.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "meta/meta_store.h"

namespace waggle::meta {
namespace {

TEST(XrayTablesTest, SamplingRulesRoundTripAndRejectDuplicates) {
  std::string dir = testing::TempDir() + "/xray_tables_test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto meta = MetaStore::Open(dir + "/meta.sqlite");
  ASSERT_TRUE(meta.ok()) << meta.status();
  XraySamplingRuleRow row{"default", "Cruddur", R"({"RuleName":"Cruddur"})", 10, 20};
  ASSERT_TRUE((*meta)->Run([&](Connection& c) { return InsertXraySamplingRule(c, row); }).ok());
  absl::Status dup = (*meta)->Run([&](Connection& c) { return InsertXraySamplingRule(c, row); });
  EXPECT_TRUE(absl::IsAlreadyExists(dup)) << dup;
  std::vector<XraySamplingRuleRow> rows;
  ASSERT_TRUE((*meta)
                  ->Run([&](Connection& c) -> absl::Status {
                    ASSIGN_OR_RETURN(rows, ListXraySamplingRules(c, "default"));
                    return absl::OkStatus();
                  })
                  .ok());
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].name, "Cruddur");
  EXPECT_EQ(rows[0].rule_json, R"({"RuleName":"Cruddur"})");
  EXPECT_EQ(rows[0].modified_unix_ns, 20);
}

}  // namespace
}  // namespace waggle::meta
