#include "meta/subscription_filters_table.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "meta/log_groups_table.h"
#include "meta/meta_testing.h"

namespace waggle::meta {
namespace {

class SubscriptionFiltersTableTest : public MetaTableTest {
 protected:
  void SetUp() override {
    MetaTableTest::SetUp();
    for (const char* group : {"a", "b"}) {
      LogGroupRow g;
      g.environment = "default";
      g.name = group;
      ASSERT_TRUE(Run([&](Connection& c) { return InsertLogGroup(c, g, {}); }).ok());
    }
  }
  void Put(std::string group, std::string name, std::string destination, int64_t created) {
    SubscriptionFilterRow row;
    row.environment = "default";
    row.group_name = std::move(group);
    row.name = std::move(name);
    row.pattern = "ERROR";
    row.destination_arn = std::move(destination);
    row.creation_ms = created;
    ASSERT_TRUE(Run([&](Connection& c) { return PutSubscriptionFilter(c, row); }).ok());
  }
  std::vector<SubscriptionFilterRow> List(std::string group, const SubscriptionFilterQuery& q) {
    std::vector<SubscriptionFilterRow> rows;
    EXPECT_TRUE(Run([&](Connection& c) -> absl::Status {
                  ASSIGN_OR_RETURN(rows, ListSubscriptionFilters(c, "default", group, q));
                  return absl::OkStatus();
                }).ok());
    return rows;
  }
  std::vector<std::string> Names(std::string group, const SubscriptionFilterQuery& q = {}) {
    std::vector<std::string> out;
    for (const auto& r : List(group, q)) out.push_back(r.name);
    return out;
  }
  int64_t Count(std::string group) {
    int64_t n = -1;
    EXPECT_TRUE(Run([&](Connection& c) -> absl::Status {
                  ASSIGN_OR_RETURN(n, CountSubscriptionFilters(c, "default", group));
                  return absl::OkStatus();
                }).ok());
    return n;
  }
};

using Strings = std::vector<std::string>;

TEST_F(SubscriptionFiltersTableTest, UpsertReplacesEveryValue) {
  SubscriptionFilterRow row;
  row.environment = "default";
  row.group_name = "a";
  row.name = "ship";
  row.pattern = "ERROR";
  row.destination_arn = "arn:aws:kinesis:us-east-1:1:stream/s";
  row.role_arn = "arn:aws:iam::1:role/r";
  row.distribution = "Random";
  row.apply_on_transformed = true;
  row.field_selection_criteria = "@aws.region = \"us-east-1\"";
  row.emit_system_fields_json = "[\"@aws.region\"]";
  row.creation_ms = 10;
  ASSERT_TRUE(Run([&](Connection& c) { return PutSubscriptionFilter(c, row); }).ok());
  auto rows = List("a", {});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].role_arn, "arn:aws:iam::1:role/r");
  EXPECT_EQ(rows[0].distribution, "Random");
  EXPECT_TRUE(rows[0].apply_on_transformed);
  EXPECT_EQ(rows[0].field_selection_criteria, "@aws.region = \"us-east-1\"");
  EXPECT_EQ(rows[0].emit_system_fields_json, "[\"@aws.region\"]");
  row.pattern = "";
  row.role_arn.reset();
  row.distribution = "ByLogStream";
  row.apply_on_transformed = false;
  row.field_selection_criteria.reset();
  row.emit_system_fields_json.reset();
  row.creation_ms = 20;
  ASSERT_TRUE(Run([&](Connection& c) { return PutSubscriptionFilter(c, row); }).ok());
  rows = List("a", {});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].pattern, "");
  EXPECT_FALSE(rows[0].role_arn.has_value());
  EXPECT_EQ(rows[0].distribution, "ByLogStream");
  EXPECT_FALSE(rows[0].apply_on_transformed);
  EXPECT_FALSE(rows[0].field_selection_criteria.has_value());
  EXPECT_FALSE(rows[0].emit_system_fields_json.has_value());
  EXPECT_EQ(rows[0].creation_ms, 20);
  EXPECT_EQ(Count("a"), 1);
  EXPECT_EQ(Count("b"), 0);
}

TEST_F(SubscriptionFiltersTableTest, ListByPrefixAndPageThenDelete) {
  Put("a", "kinesis", "d1", 1);
  Put("a", "firehose", "d2", 2);
  Put("b", "lambda", "d3", 3);
  EXPECT_EQ(Names("a"), (Strings{"firehose", "kinesis"}));
  EXPECT_EQ(Names("b"), (Strings{"lambda"}));
  SubscriptionFilterQuery prefix;
  prefix.name_prefix = "kin";
  EXPECT_EQ(Names("a", prefix), (Strings{"kinesis"}));
  SubscriptionFilterQuery page;
  page.limit = 1;
  EXPECT_EQ(Names("a", page), (Strings{"firehose"}));
  page.after = "firehose";
  EXPECT_EQ(Names("a", page), (Strings{"kinesis"}));
  bool has = false;
  ASSERT_TRUE(Run([&](Connection& c) -> absl::Status {
                ASSIGN_OR_RETURN(has, HasSubscriptionFilter(c, "default", "a", "kinesis"));
                return absl::OkStatus();
              }).ok());
  EXPECT_TRUE(has);
  ASSERT_TRUE(Run([&](Connection& c) {
                return DeleteSubscriptionFilter(c, "default", "a", "kinesis");
              }).ok());
  EXPECT_TRUE(absl::IsNotFound(
      Run([&](Connection& c) { return DeleteSubscriptionFilter(c, "default", "a", "kinesis"); })));
  ASSERT_TRUE(Run([&](Connection& c) -> absl::Status {
                ASSIGN_OR_RETURN(has, HasSubscriptionFilter(c, "default", "a", "kinesis"));
                return absl::OkStatus();
              }).ok());
  EXPECT_FALSE(has);
  // A group's filters go with it.
  ASSERT_TRUE(Run([&](Connection& c) { return DeleteLogGroup(c, "default", "b"); }).ok());
  EXPECT_EQ(Count("b"), 0);
  EXPECT_EQ(Names("a"), (Strings{"firehose"}));
}

}  // namespace
}  // namespace waggle::meta
