#include "meta/statement.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "meta/connection.h"

namespace waggle::meta {
namespace {

class StatementTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "stmt_test_XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    auto conn = Connection::Open(dir_ + "/t.sqlite");
    ASSERT_TRUE(conn.ok()) << conn.status();
    conn_.emplace(std::move(*conn));
    ASSERT_TRUE(conn_->Exec("CREATE TABLE t (k TEXT PRIMARY KEY, n INTEGER, b BLOB)").ok());
  }
  void TearDown() override {
    conn_.reset();
    std::filesystem::remove_all(dir_);
  }

  std::string dir_;
  std::optional<Connection> conn_;
};

TEST_F(StatementTest, BindStepAndReadColumns) {
  auto insert = conn_->Prepare("INSERT INTO t VALUES (?1, ?2, ?3)");
  ASSERT_TRUE(insert.ok()) << insert.status();
  const std::string blob("a\0b\xff", 4);
  insert->BindText(1, "one").BindInt64(2, -5).BindBlob(3, blob);
  ASSERT_TRUE(insert->Run().ok());
  insert->Reset();
  insert->BindText(1, "two").BindNull(2).BindBlob(3, "");
  ASSERT_TRUE(insert->Run().ok());

  auto select = conn_->Prepare("SELECT k, n, b FROM t ORDER BY k");
  ASSERT_TRUE(select.ok());
  ASSERT_TRUE(*select->Step());
  EXPECT_EQ(select->ColumnText(0), "one");
  EXPECT_EQ(select->ColumnInt64(1), -5);
  EXPECT_EQ(select->ColumnBlob(2), blob);
  ASSERT_TRUE(*select->Step());
  EXPECT_EQ(select->ColumnText(0), "two");
  EXPECT_TRUE(select->ColumnIsNull(1));
  EXPECT_FALSE(select->ColumnIsNull(2));  // an empty blob is not NULL
  EXPECT_EQ(select->ColumnBlob(2), "");
  EXPECT_FALSE(*select->Step());
}

TEST_F(StatementTest, EmptyViewsBindAsEmptyValuesNotNull) {
  auto insert = conn_->Prepare("INSERT INTO t VALUES ('k', 1, ?1)");
  ASSERT_TRUE(insert.ok());
  insert->BindBlob(1, std::string_view());
  ASSERT_TRUE(insert->Run().ok());
  auto select = conn_->Prepare("SELECT COUNT(*) FROM t WHERE k > ?1 AND b IS NOT NULL");
  ASSERT_TRUE(select.ok());
  select->BindText(1, std::string_view());  // a default view: its data() is null
  ASSERT_TRUE(*select->Step());
  EXPECT_EQ(select->ColumnInt64(0), 1);
}

TEST_F(StatementTest, OptionalValuesAndCollectRows) {
  auto insert = conn_->Prepare("INSERT INTO t (k, n) VALUES (?1, ?2)");
  ASSERT_TRUE(insert.ok()) << insert.status();
  insert->BindOptionalText(1, "a").BindOptionalInt64(2, 7);
  ASSERT_TRUE(insert->Run().ok());
  insert->Reset();
  insert->BindOptionalText(1, "b").BindOptionalInt64(2, std::nullopt);
  ASSERT_TRUE(insert->Run().ok());

  auto select =
      conn_->Prepare("SELECT CASE WHEN n IS NULL THEN NULL ELSE k END, n FROM t ORDER BY k");
  ASSERT_TRUE(select.ok());
  using Row = std::pair<std::optional<std::string>, std::optional<int64_t>>;
  absl::StatusOr<std::vector<Row>> rows = CollectRows(*select, [](const Statement& st) {
    return Row{st.ColumnOptionalText(0), st.ColumnOptionalInt64(1)};
  });
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_EQ(*rows, (std::vector<Row>{{"a", 7}, {std::nullopt, std::nullopt}}));
}

TEST_F(StatementTest, BindErrorIsReportedByStep) {
  auto st = conn_->Prepare("SELECT ?1");
  ASSERT_TRUE(st.ok());
  st->BindInt64(5, 1);  // out of range
  EXPECT_FALSE(st->Step().ok());
  st->Reset();
  st->BindInt64(1, 9);
  ASSERT_TRUE(*st->Step());
  EXPECT_EQ(st->ColumnInt64(0), 9);
}

TEST_F(StatementTest, SqlErrorsBecomeStatuses) {
  EXPECT_EQ(conn_->Prepare("SELEKT 1").status().code(), absl::StatusCode::kInternal);
  EXPECT_EQ(conn_->Prepare("").status().code(), absl::StatusCode::kInvalidArgument);
  ASSERT_TRUE(conn_->Exec("INSERT INTO t VALUES ('dup', 1, NULL)").ok());
  EXPECT_EQ(conn_->Exec("INSERT INTO t VALUES ('dup', 2, NULL)").code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(conn_->Exec("INSERT INTO nowhere VALUES (1)").code(), absl::StatusCode::kInternal);
}

TEST_F(StatementTest, InTransactionCommitsOrRollsBack) {
  EXPECT_FALSE(conn_
                   ->InTransaction([&] {
                     EXPECT_TRUE(conn_->Exec("INSERT INTO t VALUES ('x', 1, NULL)").ok());
                     return absl::InternalError("boom");
                   })
                   .ok());
  ASSERT_TRUE(
      conn_->InTransaction([&] { return conn_->Exec("INSERT INTO t VALUES ('y', 1, NULL)"); })
          .ok());
  auto st = conn_->Prepare("SELECT GROUP_CONCAT(k) FROM t");
  ASSERT_TRUE(*st->Step());
  EXPECT_EQ(st->ColumnText(0), "y");
}

TEST_F(StatementTest, MovedStatementStillWorks) {
  auto st = conn_->Prepare("SELECT 42");
  ASSERT_TRUE(st.ok());
  Statement moved = std::move(*st);
  Statement target = std::move(moved);
  ASSERT_TRUE(*target.Step());
  EXPECT_EQ(target.ColumnInt64(0), 42);
}

}  // namespace
}  // namespace waggle::meta
