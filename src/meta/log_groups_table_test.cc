#include "meta/log_groups_table.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "meta/meta_testing.h"

namespace waggle::meta {
namespace {

class LogGroupsTableTest : public MetaTableTest {
 protected:
  absl::Status AddGroup(std::string name, std::string env = "default",
                        std::map<std::string, std::string> tags = {}) {
    LogGroupRow row;
    row.environment = std::move(env);
    row.name = std::move(name);
    row.creation_ms = 1000;
    row.min_sequence = 5;
    return Run([&](Connection& c) { return InsertLogGroup(c, row, tags); });
  }

  absl::Status AddStream(std::string group, std::string name, int64_t min_sequence = 7) {
    LogStreamRow row;
    row.environment = "default";
    row.group_name = std::move(group);
    row.name = std::move(name);
    row.creation_ms = 2000;
    row.min_sequence = min_sequence;
    return Run([&](Connection& c) { return InsertLogStream(c, row); });
  }

  std::vector<std::string> GroupNames(const LogGroupQuery& q) {
    std::vector<std::string> names;
    EXPECT_TRUE(Run([&](Connection& c) -> absl::Status {
                  ASSIGN_OR_RETURN(auto rows, ListLogGroups(c, "default", q));
                  for (const auto& r : rows) names.push_back(r.name);
                  return absl::OkStatus();
                }).ok());
    return names;
  }

  std::vector<std::string> StreamNames(const LogStreamQuery& q) {
    std::vector<std::string> names;
    EXPECT_TRUE(Run([&](Connection& c) -> absl::Status {
                  ASSIGN_OR_RETURN(auto rows, ListLogStreams(c, "default", "g", q));
                  for (const auto& r : rows) names.push_back(r.name);
                  return absl::OkStatus();
                }).ok());
    return names;
  }

  absl::StatusOr<int64_t> Put(std::string stream, StreamPut put) {
    absl::StatusOr<int64_t> out;
    EXPECT_TRUE(Run([&](Connection& c) -> absl::Status {
                  out = RecordStreamPut(c, "default", "g", stream, put);
                  return absl::OkStatus();
                }).ok());
    return out;
  }
};

using Names = std::vector<std::string>;

TEST_F(LogGroupsTableTest, GroupsAreUniquePerEnvironmentAndListedInByteOrder) {
  ASSERT_TRUE(AddGroup("/b/x").ok());
  ASSERT_TRUE(AddGroup("/a/y", "default", {{"team", "web"}}).ok());
  ASSERT_TRUE(AddGroup("B").ok());
  ASSERT_TRUE(AddGroup("/a/y", "prod").ok());
  EXPECT_TRUE(absl::IsAlreadyExists(AddGroup("/a/y")));
  EXPECT_EQ(GroupNames({}), (Names{"/a/y", "/b/x", "B"}));
  EXPECT_EQ(GroupNames({.prefix = "/a"}), (Names{"/a/y"}));
  EXPECT_EQ(GroupNames({.contains = "x"}), (Names{"/b/x"}));
  EXPECT_EQ(GroupNames({.contains = "b"}), (Names{"/b/x"}));  // case-sensitive
  EXPECT_EQ(GroupNames({.after = "/a/y", .limit = 1}), (Names{"/b/x"}));
  std::map<std::string, std::string> tags;
  ASSERT_TRUE(Run([&](Connection& c) -> absl::Status {
                ASSIGN_OR_RETURN(tags, ListLogGroupTags(c, "default", "/a/y"));
                return absl::OkStatus();
              }).ok());
  EXPECT_EQ(tags.at("team"), "web");
}

TEST_F(LogGroupsTableTest, RetentionAndDeleteCascade) {
  ASSERT_TRUE(AddGroup("g", "default", {{"k", "v"}}).ok());
  ASSERT_TRUE(AddStream("g", "s").ok());
  ASSERT_TRUE(Run([](Connection& c) { return SetLogGroupRetention(c, "default", "g", 7); }).ok());
  std::optional<LogGroupRow> group;
  ASSERT_TRUE(Run([&](Connection& c) -> absl::Status {
                ASSIGN_OR_RETURN(group, FindLogGroup(c, "default", "g"));
                return absl::OkStatus();
              }).ok());
  ASSERT_TRUE(group.has_value());
  EXPECT_EQ(group->retention_days, 7);
  EXPECT_TRUE(absl::IsNotFound(
      Run([](Connection& c) { return SetLogGroupRetention(c, "default", "nope", 7); })));
  ASSERT_TRUE(Run([](Connection& c) { return DeleteLogGroup(c, "default", "g"); }).ok());
  EXPECT_TRUE(
      absl::IsNotFound(Run([](Connection& c) { return DeleteLogGroup(c, "default", "g"); })));
  // The stream went with the group: re-creating both works.
  ASSERT_TRUE(AddGroup("g").ok());
  EXPECT_TRUE(AddStream("g", "s").ok());
}

TEST_F(LogGroupsTableTest, StreamNeedsGroupAndIsUnique) {
  EXPECT_FALSE(AddStream("missing", "s").ok());
  ASSERT_TRUE(AddGroup("g").ok());
  ASSERT_TRUE(AddStream("g", "s").ok());
  EXPECT_TRUE(absl::IsAlreadyExists(AddStream("g", "s")));
  EXPECT_TRUE(absl::IsNotFound(
      Run([](Connection& c) { return DeleteLogStream(c, "default", "g", "other"); })));
  EXPECT_TRUE(Run([](Connection& c) { return DeleteLogStream(c, "default", "g", "s"); }).ok());
}

TEST_F(LogGroupsTableTest, StreamStatisticsAndOrdering) {
  ASSERT_TRUE(AddGroup("g").ok());
  for (std::string name : {"a", "b", "c", "d"}) ASSERT_TRUE(AddStream("g", name).ok());
  EXPECT_EQ(*Put("b", {.first_event_ms = 50,
                       .last_event_ms = 60,
                       .ingestion_ms = 70,
                       .last_sequence = 100,
                       .bytes = 10}),
            1);
  EXPECT_EQ(*Put("b", {.first_event_ms = 40,
                       .last_event_ms = 45,
                       .ingestion_ms = 80,
                       .last_sequence = 120,
                       .bytes = 5}),
            2);
  EXPECT_EQ(*Put("c", {.first_event_ms = 1,
                       .last_event_ms = 90,
                       .ingestion_ms = 91,
                       .last_sequence = 130,
                       .bytes = 1}),
            1);
  EXPECT_TRUE(absl::IsNotFound(Put("zz", {}).status()));

  std::optional<LogStreamRow> b;
  std::optional<LogGroupRow> g;
  int64_t max_seq = 0;
  ASSERT_TRUE(Run([&](Connection& c) -> absl::Status {
                ASSIGN_OR_RETURN(b, FindLogStream(c, "default", "g", "b"));
                ASSIGN_OR_RETURN(g, FindLogGroup(c, "default", "g"));
                ASSIGN_OR_RETURN(max_seq, MaxLogSequence(c));
                return absl::OkStatus();
              }).ok());
  EXPECT_EQ(b->first_event_ms, 40);
  EXPECT_EQ(b->last_event_ms, 60);
  EXPECT_EQ(b->last_ingestion_ms, 80);
  EXPECT_EQ(b->upload_count, 2);
  EXPECT_EQ(g->stored_bytes, 16);
  EXPECT_EQ(max_seq, 130);

  EXPECT_EQ(StreamNames({}), (Names{"a", "b", "c", "d"}));
  EXPECT_EQ(StreamNames({.descending = true, .limit = 2}), (Names{"d", "c"}));
  EXPECT_EQ(StreamNames({.descending = true, .after = std::pair<int64_t, std::string>{0, "c"}}),
            (Names{"b", "a"}));
  EXPECT_EQ(StreamNames({.by_last_event = true}), (Names{"a", "d", "b", "c"}));
  EXPECT_EQ(StreamNames({.by_last_event = true, .descending = true}), (Names{"c", "b", "d", "a"}));
  EXPECT_EQ(StreamNames({.by_last_event = true,
                         .descending = true,
                         .after = std::pair<int64_t, std::string>{60, "b"}}),
            (Names{"d", "a"}));
  EXPECT_EQ(StreamNames({.prefix = "c"}), (Names{"c"}));
}

}  // namespace
}  // namespace waggle::meta

namespace waggle::meta {
namespace {

class LogGroupTagsTest : public MetaTableTest {
 protected:
  std::map<std::string, std::string> Tags(std::string_view group) {
    std::map<std::string, std::string> tags;
    EXPECT_TRUE(Run([&](Connection& c) -> absl::Status {
                  ASSIGN_OR_RETURN(tags, ListLogGroupTags(c, "default", group));
                  return absl::OkStatus();
                }).ok());
    return tags;
  }
};

TEST_F(LogGroupTagsTest, PutReplacesValuesDeleteIgnoresAbsentKeysAndGroupDeleteDropsThem) {
  LogGroupRow row;
  row.environment = "default";
  row.name = "g";
  ASSERT_TRUE(Run([&](Connection& c) { return InsertLogGroup(c, row, {{"team", "a"}}); }).ok());
  using TagMap = std::map<std::string, std::string>;
  ASSERT_TRUE(Run([&](Connection& c) {
                return PutLogGroupTags(c, "default", "g", {{"team", "b"}, {"env", "prod"}});
              }).ok());
  EXPECT_EQ(Tags("g"), (TagMap{{"env", "prod"}, {"team", "b"}}));
  ASSERT_TRUE(Run([&](Connection& c) {
                return DeleteLogGroupTags(c, "default", "g", {"team", "missing"});
              }).ok());
  EXPECT_EQ(Tags("g"), (TagMap{{"env", "prod"}}));
  // Tags need their group.
  EXPECT_FALSE(Run([&](Connection& c) {
                 return PutLogGroupTags(c, "default", "nope", {{"k", "v"}});
               }).ok());
  ASSERT_TRUE(Run([&](Connection& c) { return DeleteLogGroup(c, "default", "g"); }).ok());
  ASSERT_TRUE(Run([&](Connection& c) { return InsertLogGroup(c, row, {}); }).ok());
  EXPECT_TRUE(Tags("g").empty());
}

}  // namespace
}  // namespace waggle::meta
