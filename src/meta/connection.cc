#include "meta/connection.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "absl/strings/ascii.h"

namespace waggle::meta {
namespace {

// Creates the file with owner-only permissions before SQLite sees it; SQLite
// gives its -wal and -shm files the same mode as the database file.
absl::Status CreatePrivateFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    return absl::PermissionDeniedError(fmt::format("open {}: {}", path, std::strerror(errno)));
  }
  ::close(fd);
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Connection> Connection::Open(const std::string& path) {
  RETURN_IF_ERROR(CreatePrivateFile(path));
  sqlite3* db = nullptr;
  int flags =
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    absl::Status status = SqliteStatus(db, rc, fmt::format("open {}", path));
    sqlite3_close(db);  // A handle is returned even on failure.
    return status;
  }
  Connection conn(db);
  RETURN_IF_ERROR(conn.Configure());
  return conn;
}

absl::Status Connection::Configure() {
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, kBusyTimeoutMs);
  ASSIGN_OR_RETURN(Statement mode, Prepare("PRAGMA journal_mode=WAL"));
  ASSIGN_OR_RETURN(bool row, mode.Step());
  if (!row || absl::AsciiStrToLower(mode.ColumnText(0)) != "wal") {
    return absl::InternalError("sqlite: could not switch the database to WAL journal mode");
  }
  return Exec("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
}

Connection::Connection(Connection&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}

Connection& Connection::operator=(Connection&& other) noexcept {
  if (this != &other) {
    sqlite3_close(db_);
    db_ = std::exchange(other.db_, nullptr);
  }
  return *this;
}

Connection::~Connection() { sqlite3_close(db_); }

absl::Status Connection::Exec(std::string_view sql) {
  std::string text(sql);  // sqlite3_exec needs NUL termination.
  char* error = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error);
  sqlite3_free(error);  // The same text is available from sqlite3_errmsg.
  if (rc != SQLITE_OK) return SqliteStatus(db_, rc, text);
  return absl::OkStatus();
}

absl::StatusOr<Statement> Connection::Prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) return SqliteStatus(db_, rc, fmt::format("prepare {}", sql));
  if (stmt == nullptr) return absl::InvalidArgumentError("sqlite: empty statement");
  return Statement(db_, stmt);
}

absl::Status Connection::InTransaction(const std::function<absl::Status()>& fn) {
  RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE"));
  absl::Status status = fn();
  if (status.ok()) status = Exec("COMMIT");
  if (!status.ok() && !sqlite3_get_autocommit(db_)) {
    // A failed COMMIT may leave the transaction open; undo it either way.
    // The original error is the one worth reporting.
    Exec("ROLLBACK").IgnoreError();
  }
  return status;
}

int64_t Connection::Changes() const { return sqlite3_changes64(db_); }

absl::StatusOr<int64_t> Connection::DataVersion() {
  ASSIGN_OR_RETURN(Statement st, Prepare("PRAGMA data_version"));
  ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return absl::InternalError("sqlite: PRAGMA data_version returned no row");
  return st.ColumnInt64(0);
}

}  // namespace waggle::meta
