#include "meta/metric_filters_table.h"

#include <gtest/gtest.h>

#include "meta/log_groups_table.h"
#include "meta/meta_testing.h"

namespace waggle::meta {
namespace {

class MetricFiltersTableTest : public MetaTableTest {
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
  std::vector<std::string> Names(const MetricFilterQuery& q) {
    std::vector<std::string> out;
    EXPECT_TRUE(Run([&](Connection& c) -> absl::Status {
                  ASSIGN_OR_RETURN(auto rows, ListMetricFilters(c, "default", q));
                  for (auto& r : rows) out.push_back(r.group_name + "/" + r.name);
                  return absl::OkStatus();
                }).ok());
    return out;
  }
  void Put(std::string group, std::string name, std::string metric, int64_t created) {
    MetricFilterRow row{"default", group, name, "ERROR", "[]", metric, "ns", created};
    ASSERT_TRUE(Run([&](Connection& c) { return PutMetricFilter(c, row); }).ok());
  }
};

using Strings = std::vector<std::string>;

TEST_F(MetricFiltersTableTest, UpsertListPageAndDelete) {
  Put("b", "z", "m1", 10);
  Put("a", "y", "m2", 20);
  Put("a", "x", "m1", 30);
  Put("a", "x", "m3", 99);  // replaces, keeps its creation time
  EXPECT_EQ(Names({}), (Strings{"a/x", "a/y", "b/z"}));
  MetricFilterQuery by_metric;
  by_metric.metric_name = "m1";
  by_metric.metric_namespace = "ns";
  EXPECT_EQ(Names(by_metric), (Strings{"b/z"}));
  MetricFilterQuery in_a;
  in_a.group = "a";
  in_a.name_prefix = "y";
  EXPECT_EQ(Names(in_a), (Strings{"a/y"}));
  MetricFilterQuery page;
  page.limit = 2;
  EXPECT_EQ(Names(page), (Strings{"a/x", "a/y"}));
  page.after = std::make_pair(std::string("a"), std::string("y"));
  EXPECT_EQ(Names(page), (Strings{"b/z"}));
  std::optional<MetricFilterRow> x;
  ASSERT_TRUE(Run([&](Connection& c) -> absl::Status {
                ASSIGN_OR_RETURN(x, FindMetricFilter(c, "default", "a", "x"));
                return absl::OkStatus();
              }).ok());
  ASSERT_TRUE(x.has_value());
  EXPECT_EQ(x->metric_name, "m3");
  EXPECT_EQ(x->creation_ms, 30);
  int64_t count = 0;
  ASSERT_TRUE(Run([&](Connection& c) -> absl::Status {
                ASSIGN_OR_RETURN(count, CountMetricFilters(c, "default", "a"));
                return absl::OkStatus();
              }).ok());
  EXPECT_EQ(count, 2);
  ASSERT_TRUE(Run([&](Connection& c) { return DeleteMetricFilter(c, "default", "a", "x"); }).ok());
  EXPECT_TRUE(absl::IsNotFound(
      Run([&](Connection& c) { return DeleteMetricFilter(c, "default", "a", "x"); })));
  // A group's filters go with it.
  ASSERT_TRUE(Run([&](Connection& c) { return DeleteLogGroup(c, "default", "b"); }).ok());
  EXPECT_EQ(Names({}), (Strings{"a/y"}));
}

}  // namespace
}  // namespace waggle::meta
