#include "meta/savepoint.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>

namespace waggle::meta {
namespace {

class SavepointTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "savepoint_XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    auto conn = Connection::Open(dir_ + "/t.sqlite");
    ASSERT_TRUE(conn.ok()) << conn.status();
    conn_.emplace(std::move(*conn));
    ASSERT_TRUE(conn_->Exec("CREATE TABLE t (k TEXT PRIMARY KEY)").ok());
  }
  void TearDown() override {
    conn_.reset();
    std::filesystem::remove_all(dir_);
  }

  std::string Keys() {
    auto st =
        conn_->Prepare("SELECT COALESCE(GROUP_CONCAT(k), '') FROM (SELECT k FROM t ORDER BY k)");
    EXPECT_TRUE(st.ok());
    EXPECT_TRUE(*st->Step());
    return st->ColumnText(0);
  }
  absl::Status Insert(std::string_view k) {
    return conn_->Exec(std::string("INSERT INTO t VALUES ('") + std::string(k) + "')");
  }

  std::string dir_;
  std::optional<Connection> conn_;
};

TEST_F(SavepointTest, CommitsTogetherOrNotAtAll) {
  ASSERT_TRUE(InSavepoint(*conn_, [&]() -> absl::Status {
                RETURN_IF_ERROR(Insert("a"));
                return Insert("b");
              }).ok());
  // The second insert fails (duplicate key): the first one is undone too.
  absl::Status failed = InSavepoint(*conn_, [&]() -> absl::Status {
    RETURN_IF_ERROR(Insert("c"));
    return Insert("a");
  });
  EXPECT_TRUE(absl::IsAlreadyExists(failed)) << failed;
  EXPECT_EQ(Keys(), "a,b");
  // No transaction is left open: a plain BEGIN works.
  EXPECT_TRUE(conn_->Exec("BEGIN; COMMIT").ok());
}

TEST_F(SavepointTest, NestsInsideATransaction) {
  ASSERT_TRUE(conn_
                  ->InTransaction([&]() -> absl::Status {
                    RETURN_IF_ERROR(Insert("outer"));
                    EXPECT_FALSE(InSavepoint(*conn_, [&]() -> absl::Status {
                                   RETURN_IF_ERROR(Insert("inner"));
                                   return absl::InternalError("boom");
                                 }).ok());
                    return InSavepoint(*conn_, [&] { return Insert("kept"); });
                  })
                  .ok());
  EXPECT_EQ(Keys(), "kept,outer");
}

}  // namespace
}  // namespace waggle::meta
