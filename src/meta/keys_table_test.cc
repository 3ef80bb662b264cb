#include "meta/keys_table.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "meta/meta_testing.h"

namespace waggle::meta {
namespace {

class KeysTableTest : public MetaTableTest {
 protected:
  std::vector<KeyRow> List() {
    std::vector<KeyRow> rows;
    EXPECT_TRUE(store_
                    ->Run([&](Connection& c) -> absl::Status {
                      ASSIGN_OR_RETURN(rows, ListKeys(c));
                      return absl::OkStatus();
                    })
                    .ok());
    return rows;
  }
};

KeyRow MakeRow(std::string id, int64_t created) {
  KeyRow row;
  row.id = std::move(id);
  row.name = "name-" + row.id;
  row.environment = "prod";
  row.scopes = 3;
  row.secret_sha256 = std::string(32, '\x01');
  row.created_unix_ns = created;
  return row;
}

TEST_F(KeysTableTest, InsertListRevokeTouch) {
  auto run = [&](auto fn) { return store_->Run(fn); };
  ASSERT_TRUE(run([](Connection& c) { return InsertKey(c, MakeRow("bbb", 20)); }).ok());
  ASSERT_TRUE(run([](Connection& c) { return InsertKey(c, MakeRow("aaa", 10)); }).ok());
  EXPECT_EQ(run([](Connection& c) { return InsertKey(c, MakeRow("aaa", 30)); }).code(),
            absl::StatusCode::kAlreadyExists);

  ASSERT_TRUE(run([](Connection& c) { return TouchKey(c, "aaa", 50); }).ok());
  ASSERT_TRUE(run([](Connection& c) { return TouchKey(c, "aaa", 40); }).ok());  // not lowered
  ASSERT_TRUE(run([](Connection& c) { return RevokeKey(c, "bbb", 60); }).ok());
  ASSERT_TRUE(run([](Connection& c) { return RevokeKey(c, "bbb", 70); }).ok());  // keeps 60
  EXPECT_EQ(run([](Connection& c) { return RevokeKey(c, "zzz", 70); }).code(),
            absl::StatusCode::kNotFound);

  std::vector<KeyRow> rows = List();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].id, "aaa");
  EXPECT_EQ(rows[0].name, "name-aaa");
  EXPECT_EQ(rows[0].environment, "prod");
  EXPECT_EQ(rows[0].scopes, 3u);
  EXPECT_EQ(rows[0].secret_sha256, std::string(32, '\x01'));
  EXPECT_EQ(rows[0].last_used_unix_ns, 50);
  EXPECT_FALSE(rows[0].revoked_unix_ns.has_value());
  EXPECT_EQ(rows[1].id, "bbb");
  EXPECT_FALSE(rows[1].last_used_unix_ns.has_value());
  EXPECT_EQ(rows[1].revoked_unix_ns, 60);
}

}  // namespace
}  // namespace waggle::meta
