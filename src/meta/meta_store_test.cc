#include "meta/meta_store.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "core/file.h"
#include "meta/keys_table.h"

namespace waggle::meta {
namespace {

class MetaStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "meta_test_XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    path_ = dir_ + "/meta.sqlite";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::unique_ptr<MetaStore> MustOpen(MetaStore::Options options = {}) {
    if (options.clock == nullptr) options.clock = &clock_;
    auto store = MetaStore::Open(path_, std::move(options));
    EXPECT_TRUE(store.ok()) << store.status();
    return store.ok() ? std::move(*store) : nullptr;
  }

  // Runs a single-value query and returns its text.
  static std::string QueryText(MetaStore& store, std::string_view sql) {
    std::string out;
    absl::Status status = store.Run([&](Connection& c) -> absl::Status {
      ASSIGN_OR_RETURN(Statement st, c.Prepare(sql));
      ASSIGN_OR_RETURN(bool row, st.Step());
      if (row) out = st.ColumnText(0);
      return absl::OkStatus();
    });
    EXPECT_TRUE(status.ok()) << status;
    return out;
  }

  core::ManualClock clock_{1'700'000'000'000'000'000};
  std::string dir_;
  std::string path_;
};

TEST_F(MetaStoreTest, OpenConfiguresDurableWalDatabase) {
  auto store = MustOpen();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->schema_version(), static_cast<int>(DefaultMigrations().size()));
  EXPECT_EQ(QueryText(*store, "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(QueryText(*store, "PRAGMA synchronous"), "2");  // FULL
  EXPECT_EQ(QueryText(*store, "PRAGMA foreign_keys"), "1");
  struct stat st;
  ASSERT_EQ(::stat(path_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST_F(MetaStoreTest, ReopenDoesNotReapplyMigrations) {
  { ASSERT_NE(MustOpen(), nullptr); }
  auto store = MustOpen();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(QueryText(*store, "SELECT COUNT(*) FROM schema_version"),
            std::to_string(DefaultMigrations().size()));
  EXPECT_EQ(QueryText(*store,
                      "SELECT GROUP_CONCAT(name, ',') FROM "
                      "(SELECT name FROM schema_version ORDER BY version)"),
            "audit_log,api_keys,cloudwatch_logs,xray,error_items,cw_metric_filters,"
            "cw_subscription_filters,error_occurrence_time,saved_queries");
}

TEST_F(MetaStoreTest, AppendedMigrationIsAppliedOnceOnReopen) {
  { ASSERT_NE(MustOpen(), nullptr); }
  MetaStore::Options options;
  options.migrations = DefaultMigrations();
  const int next = static_cast<int>(options.migrations.size()) + 1;
  options.migrations.push_back({next, "widgets",
                                "CREATE TABLE widgets (id INTEGER PRIMARY KEY);"
                                "INSERT INTO widgets VALUES (7)"});
  {
    auto store = MustOpen(options);
    ASSERT_NE(store, nullptr);
    EXPECT_EQ(store->schema_version(), next);
  }
  auto store = MustOpen(options);
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(QueryText(*store, "SELECT COUNT(*) FROM widgets"), "1");
}

TEST_F(MetaStoreTest, FailingMigrationRollsBackAndReportsItself) {
  MetaStore::Options options;
  options.clock = &clock_;
  options.migrations = DefaultMigrations();
  const int next = static_cast<int>(options.migrations.size()) + 1;
  options.migrations.push_back({next, "broken", "CREATE TABLE half (x INTEGER); THIS IS NOT SQL"});
  auto failed = MetaStore::Open(path_, options);
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.status().message().find("broken"), std::string_view::npos);

  auto store = MustOpen();  // The good migrations committed; the broken one left nothing.
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(QueryText(*store, "SELECT MAX(version) FROM schema_version"), std::to_string(next - 1));
  EXPECT_EQ(QueryText(*store, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'half'"), "0");
}

TEST_F(MetaStoreTest, DatabaseFromNewerWaggleIsRefused) {
  {
    MetaStore::Options options;
    options.migrations = DefaultMigrations();
    options.migrations.push_back(
        {static_cast<int>(options.migrations.size()) + 1, "future", "CREATE TABLE future (x)"});
    ASSERT_NE(MustOpen(options), nullptr);
  }
  auto store = MetaStore::Open(path_, {.clock = &clock_});
  EXPECT_EQ(store.status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(MetaStoreTest, MisnumberedMigrationsAreRejected) {
  MetaStore::Options options;
  options.clock = &clock_;
  options.migrations = {{1, "a", "CREATE TABLE a (x)"}, {3, "c", "CREATE TABLE c (x)"}};
  EXPECT_EQ(MetaStore::Open(path_, options).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(MetaStoreTest, AuditEntriesPersistNewestFirst) {
  {
    auto store = MustOpen();
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(store->Audit("cli", "key.create", "id=a").ok());
    clock_.Advance(5);
    ASSERT_TRUE(store->Audit("k123", "key.revoke", "id=a").ok());
  }
  auto store = MustOpen();
  ASSERT_NE(store, nullptr);
  auto entries = store->RecentAudit(10);
  ASSERT_TRUE(entries.ok()) << entries.status();
  ASSERT_EQ(entries->size(), 2u);
  EXPECT_EQ((*entries)[0].action, "key.revoke");
  EXPECT_EQ((*entries)[0].actor, "k123");
  EXPECT_EQ((*entries)[0].unix_ns, clock_.NowNanos());
  EXPECT_EQ((*entries)[1].action, "key.create");
  EXPECT_EQ((*entries)[1].detail, "id=a");
  EXPECT_GT((*entries)[0].seq, (*entries)[1].seq);
  EXPECT_EQ(store->RecentAudit(1)->size(), 1u);
}

TEST_F(MetaStoreTest, TransactRollsBackOnError) {
  auto store = MustOpen();
  ASSERT_NE(store, nullptr);
  absl::Status status = store->Transact([&](Connection& c) -> absl::Status {
    RETURN_IF_ERROR(AppendAudit(c, 1, "a", "b", "c"));
    return absl::AbortedError("changed my mind");
  });
  EXPECT_EQ(status.code(), absl::StatusCode::kAborted);
  EXPECT_TRUE(store->RecentAudit(10)->empty());
  // The connection is usable again after the rollback.
  EXPECT_TRUE(store->Transact([](Connection& c) { return AppendAudit(c, 1, "a", "b", "c"); }).ok());
  EXPECT_EQ(store->RecentAudit(10)->size(), 1u);
}

TEST_F(MetaStoreTest, DataVersionMovesWhenAnotherConnectionCommits) {
  auto a = MustOpen();
  auto b = MustOpen();
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  auto before = a->DataVersion();
  ASSERT_TRUE(before.ok());
  ASSERT_TRUE(a->Audit("a", "own", "").ok());
  EXPECT_EQ(*a->DataVersion(), *before);  // own commits do not count
  ASSERT_TRUE(b->Audit("b", "other", "").ok());
  EXPECT_NE(*a->DataVersion(), *before);
}

TEST_F(MetaStoreTest, GarbageFileIsDataLoss) {
  ASSERT_TRUE(core::WriteFileAtomic(path_, std::string(4096, 'x')).ok());
  auto store = MetaStore::Open(path_, {.clock = &clock_});
  EXPECT_EQ(store.status().code(), absl::StatusCode::kDataLoss) << store.status();
}

TEST_F(MetaStoreTest, MissingDirectoryIsAnError) {
  auto store = MetaStore::Open(dir_ + "/no/such/dir/meta.sqlite", {.clock = &clock_});
  EXPECT_FALSE(store.ok());
}

}  // namespace
}  // namespace waggle::meta
