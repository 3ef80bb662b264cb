// File: meta/meta_store.h
//
// The control plane: one SQLite database (DATA/meta.sqlite) holding keys,
// datasets, saved queries, ... and the audit log. Control-plane traffic is
// light, so one connection behind one mutex serves every thread; anything
// per-event (e.g. key checks on ingest) keeps its own in-memory cache.
//
// Each table's SQL lives in the file that owns the table (meta/keys_table.h,
// meta/audit_log.h, ...); callers reach them through Run()/Transact():
//
//   ASSIGN_OR_RETURN(auto meta, MetaStore::Open(data_dir + "/meta.sqlite"));
//   RETURN_IF_ERROR(meta->Transact([&](Connection& c) -> absl::Status {
//     RETURN_IF_ERROR(InsertKey(c, row));
//     return AppendAudit(c, meta->clock().NowNanos(), "cli", "key.create", detail);
//   }));
//
// Thread-safe: every public method may be called from any thread. The
// callbacks given to Run()/Transact() run under the store's mutex: they must
// not call back into this MetaStore.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "core/clock.h"
#include "core/status.h"
#include "meta/audit_log.h"
#include "meta/connection.h"
#include "meta/migrations.h"

namespace waggle::meta {

// How MetaStore::Open opens the database (see MetaStore below).
struct MetaStoreOptions {
  // Time source for audit entries and other timestamps; must outlive the
  // store. Null means core::SystemClock::Get().
  const core::Clock* clock = nullptr;
  // The schema to bring the database to; tests may pass their own.
  std::vector<Migration> migrations = DefaultMigrations();
};

// The control-plane database. Thread-safe; see the file comment.
class MetaStore {
 public:
  using Options = MetaStoreOptions;

  // Opens or creates the database at `path` (its directory must exist) and
  // applies pending migrations. Errors: see Connection::Open and
  // ApplyMigrations (FailedPrecondition for a database from a newer Waggle).
  static absl::StatusOr<std::unique_ptr<MetaStore>> Open(const std::string& path,
                                                         Options options = {});
  MetaStore(const MetaStore&) = delete;
  MetaStore& operator=(const MetaStore&) = delete;

  // Runs `fn` with exclusive use of the connection, outside any explicit
  // transaction (each statement commits on its own). Returns fn's status.
  absl::Status Run(const std::function<absl::Status(Connection&)>& fn);
  // Runs `fn` in one write transaction: everything it did commits durably
  // before this returns OK, or nothing does and fn's error is returned.
  absl::Status Transact(const std::function<absl::Status(Connection&)>& fn);

  // Records a management call in the audit log, durably.
  absl::Status Audit(std::string_view actor, std::string_view action, std::string_view detail);
  // The newest `limit` audit entries, newest first.
  absl::StatusOr<std::vector<AuditEntry>> RecentAudit(int limit);
  // A number that changes whenever another connection (such as a CLI
  // process on the same data dir) commits; compare values to notice it.
  absl::StatusOr<int64_t> DataVersion();

  // The schema version reached at Open.
  int schema_version() const { return schema_version_; }
  const core::Clock& clock() const { return clock_; }
  const std::string& path() const { return path_; }

 private:
  MetaStore(std::string path, Connection conn, const core::Clock& clock, int schema_version)
      : path_(std::move(path)),
        clock_(clock),
        schema_version_(schema_version),
        conn_(std::move(conn)) {}

  const std::string path_;
  const core::Clock& clock_;
  const int schema_version_;
  std::mutex mu_;
  Connection conn_ ABSL_GUARDED_BY(mu_);
};

}  // namespace waggle::meta
