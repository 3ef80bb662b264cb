#include "meta/saved_queries_table.h"

#include <gtest/gtest.h>

#include "meta/meta_testing.h"

namespace waggle::meta {
namespace {

class SavedQueriesTableTest : public MetaTableTest {
 protected:
  template <typename T, typename Fn>
  absl::StatusOr<T> Do(Fn fn) {
    absl::StatusOr<T> out = absl::InternalError("not run");
    absl::Status s = store_->Transact([&](Connection& c) -> absl::Status {
      out = fn(c);
      return absl::OkStatus();
    });
    EXPECT_TRUE(s.ok()) << s;
    return out;
  }
  absl::StatusOr<int64_t> Insert(std::string env, std::string name) {
    SavedQueryRow row{.environment = env,
                      .name = name,
                      .dataset = "backend-flask",
                      .description = "",
                      .spec_json = "{}",
                      .created_ns = 1,
                      .updated_ns = 1};
    return Do<int64_t>([&](Connection& c) { return InsertSavedQuery(c, row); });
  }
};

TEST_F(SavedQueriesTableTest, CrudWithinAnEnvironment) {
  absl::StatusOr<int64_t> slow = Insert("prod", "slow routes");
  ASSERT_TRUE(slow.ok()) << slow.status();
  ASSERT_TRUE(Insert("prod", "errors").ok());
  ASSERT_TRUE(Insert("staging", "slow routes").ok());  // names are per environment
  EXPECT_TRUE(absl::IsAlreadyExists(Insert("prod", "slow routes").status()));

  auto list =
      Do<std::vector<SavedQueryRow>>([&](Connection& c) { return ListSavedQueries(c, "prod"); });
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].name, "errors");  // by name

  SavedQueryRow changed{.id = *slow,
                        .environment = "prod",
                        .name = "slow SQL",
                        .dataset = "postgres",
                        .description = "p99 by statement",
                        .spec_json = "{\"limit\":5}",
                        .updated_ns = 9};
  EXPECT_TRUE(Do<bool>([&](Connection& c) -> absl::StatusOr<bool> {
                RETURN_IF_ERROR(UpdateSavedQuery(c, changed));
                return true;
              }).ok());
  auto got = Do<SavedQueryRow>([&](Connection& c) { return GetSavedQuery(c, "prod", *slow); });
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->name, "slow SQL");
  EXPECT_EQ(got->dataset, "postgres");
  EXPECT_EQ(got->spec_json, "{\"limit\":5}");
  EXPECT_EQ(got->created_ns, 1);
  EXPECT_EQ(got->updated_ns, 9);
  EXPECT_TRUE(absl::IsNotFound(Do<SavedQueryRow>([&](Connection& c) {
                                 return GetSavedQuery(c, "staging", *slow);
                               }).status()));

  changed.name = "errors";  // taken
  EXPECT_TRUE(absl::IsAlreadyExists(Do<bool>([&](Connection& c) -> absl::StatusOr<bool> {
                                      RETURN_IF_ERROR(UpdateSavedQuery(c, changed));
                                      return true;
                                    }).status()));
  auto del = [&](std::string env, int64_t id) {
    return Do<bool>([&](Connection& c) -> absl::StatusOr<bool> {
             RETURN_IF_ERROR(DeleteSavedQuery(c, env, id));
             return true;
           })
        .status();
  };
  EXPECT_TRUE(absl::IsNotFound(del("staging", *slow)));
  EXPECT_TRUE(del("prod", *slow).ok());
  EXPECT_TRUE(absl::IsNotFound(del("prod", *slow)));
}

TEST_F(SavedQueriesTableTest, HistoryKeepsTheNewestPerEnvironment) {
  for (int i = 0; i < 7; ++i) {
    QueryHistoryRow row{.environment = i % 2 ? "b" : "a",
                        .dataset = "d",
                        .spec_json = std::to_string(i),
                        .ran_ns = i,
                        .elapsed_us = 10 * i,
                        .groups = i};
    ASSERT_TRUE(Do<bool>([&](Connection& c) -> absl::StatusOr<bool> {
                  RETURN_IF_ERROR(AppendQueryHistory(c, row, 3));
                  return true;
                }).ok());
  }
  auto a =
      Do<std::vector<QueryHistoryRow>>([&](Connection& c) { return ListQueryHistory(c, "a", 10); });
  ASSERT_TRUE(a.ok());
  ASSERT_EQ(a->size(), 3u);  // 0, 2, 4, 6 -> newest three
  EXPECT_EQ((*a)[0].spec_json, "6");
  EXPECT_EQ((*a)[2].spec_json, "2");
  EXPECT_EQ((*a)[0].elapsed_us, 60);
  auto b =
      Do<std::vector<QueryHistoryRow>>([&](Connection& c) { return ListQueryHistory(c, "b", 2); });
  ASSERT_EQ(b->size(), 2u);
  EXPECT_EQ((*b)[0].spec_json, "5");
}

}  // namespace
}  // namespace waggle::meta
