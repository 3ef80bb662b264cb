// File: meta/connection.h
//
// One open SQLite database configured the way the control plane needs it:
// WAL journal, synchronous=FULL (a commit is on disk before it returns, so a
// management write is durable before it is acknowledged), a busy timeout so
// a second process (e.g. `waggle keys` against the data dir) waits rather
// than fails, foreign keys on, and a file readable only by its owner.
//
// Not thread-safe: MetaStore serializes all use behind its mutex.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "core/status.h"
#include "meta/statement.h"

namespace waggle::meta {

class Connection {
 public:
  // How long a statement waits for another process's write lock.
  static constexpr int kBusyTimeoutMs = 5000;

  // Opens (creating with mode 0600 if needed) the database at `path` and
  // applies the pragmas above. Errors: PermissionDenied if it cannot be
  // opened, DataLoss if it is not a database, Internal otherwise.
  static absl::StatusOr<Connection> Open(const std::string& path);
  Connection(Connection&& other) noexcept;
  Connection& operator=(Connection&& other) noexcept;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  // Closes the database (finalize every Statement first).
  ~Connection();

  // Runs one or more `;`-separated statements, discarding any rows.
  absl::Status Exec(std::string_view sql);
  // Compiles one statement. The Statement must not outlive this Connection.
  absl::StatusOr<Statement> Prepare(std::string_view sql);
  // Runs `fn` inside BEGIN IMMEDIATE ... COMMIT. If `fn` (or the commit)
  // fails, the transaction is rolled back and that error is returned.
  absl::Status InTransaction(const std::function<absl::Status()>& fn);
  // Rows changed by the most recent INSERT/UPDATE/DELETE.
  int64_t Changes() const;
  // PRAGMA data_version: changes whenever another connection (in this or
  // another process) commits; this connection's own commits leave it alone.
  absl::StatusOr<int64_t> DataVersion();

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  absl::Status Configure();

  sqlite3* db_ = nullptr;
};

}  // namespace waggle::meta
