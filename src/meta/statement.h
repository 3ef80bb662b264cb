// File: meta/statement.h
//
// A prepared SQLite statement as an RAII value, so SQL errors become
// absl::Status and a statement can never outlive a forgotten finalize.
//
//   ASSIGN_OR_RETURN(Statement st, conn.Prepare("SELECT name FROM t WHERE id = ?1"));
//   st.BindText(1, id);
//   ASSIGN_OR_RETURN(bool row, st.Step());
//   if (row) name = st.ColumnText(0);
//
// Bind errors are deferred: the first one is remembered and returned by the
// next Step()/Run(), which keeps call sites to one line per parameter.
// Not thread-safe: a Statement belongs to the Connection that prepared it and
// is used under that connection's lock (see meta/meta_store.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "core/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace waggle::meta {

// Converts SQLite result code `rc` on `db` into a Status that names
// `context` and SQLite's message. Codes map to canonical codes:
// BUSY/LOCKED -> Unavailable, CONSTRAINT -> AlreadyExists (unique/primary
// key) or FailedPrecondition (other), FULL -> ResourceExhausted,
// CORRUPT/NOTADB -> DataLoss, CANTOPEN/PERM/READONLY -> PermissionDenied,
// anything else -> Internal. `rc` must not be SQLITE_OK/ROW/DONE.
absl::Status SqliteStatus(sqlite3* db, int rc, std::string_view context);

class Statement {
 public:
  // Takes ownership of `stmt` (finalized on destruction), prepared on `db`.
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Bind parameter `index` (1-based, as in SQL `?1`). Text and blobs are
  // copied, so the arguments need not outlive the call.
  Statement& BindInt64(int index, int64_t value);
  Statement& BindText(int index, std::string_view value);
  Statement& BindBlob(int index, std::string_view value);
  Statement& BindNull(int index);
  // Bind the value, or NULL when `value` is empty.
  Statement& BindOptionalInt64(int index, const std::optional<int64_t>& value);
  Statement& BindOptionalText(int index, const std::optional<std::string>& value);

  // Advances the statement. Returns true when a row is available to the
  // Column* accessors, false when the statement is done, or the error.
  absl::StatusOr<bool> Step();
  // Steps until done, for statements that return no rows of interest.
  absl::Status Run();
  // Rewinds the statement and clears bindings and any deferred bind error,
  // so it can run again with new parameters.
  void Reset();

  // Column accessors for the current row; `index` is 0-based. Text and
  // blob copies are returned; NULL reads as 0 / empty.
  int64_t ColumnInt64(int index) const;
  std::string ColumnText(int index) const;
  std::string ColumnBlob(int index) const;
  bool ColumnIsNull(int index) const;
  // The column's value, or nullopt when it is NULL.
  std::optional<int64_t> ColumnOptionalInt64(int index) const;
  std::optional<std::string> ColumnOptionalText(int index) const;

 private:
  void NoteBind(int rc, int index);

  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
  absl::Status bind_status_;
};

// Steps `st` to its end and returns `read(st)` for every row, in order, or
// the first Step() error.
//
//   ASSIGN_OR_RETURN(std::vector<KeyRow> rows, CollectRows(st, ReadKeyRow));
template <typename ReadFn>
auto CollectRows(Statement& st, ReadFn read)
    -> absl::StatusOr<std::vector<std::invoke_result_t<ReadFn&, const Statement&>>> {
  std::vector<std::invoke_result_t<ReadFn&, const Statement&>> rows;
  while (true) {
    ASSIGN_OR_RETURN(bool has_row, st.Step());
    if (!has_row) return rows;
    rows.push_back(read(st));
  }
}

}  // namespace waggle::meta
