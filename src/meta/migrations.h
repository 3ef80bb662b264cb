// File: meta/migrations.h
//
// The control-plane schema evolves by numbered migrations, applied in order
// at MetaStore::Open and recorded in the `schema_version` table:
//
//   schema_version(version INTEGER PRIMARY KEY, name TEXT, applied_unix_ns INTEGER)
//
// A migration, once released, never changes: a later feature appends a new
// one (its SQL lives in the file that owns the table, e.g. meta/keys_table.h)
// to the list in migrations.cc. Each migration runs in its own transaction
// together with its schema_version row, so a crash leaves the database at a
// whole version.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "meta/connection.h"

namespace waggle::meta {

struct Migration {
  int version;            // 1, 2, 3, ... with no gaps
  std::string_view name;  // short label stored in schema_version
  std::string_view sql;   // one or more `;`-separated statements
};

// The migrations of this build of Waggle, in order.
const std::vector<Migration>& DefaultMigrations();

// Brings the database on `conn` up to the last of `migrations` (which must
// be numbered 1..n in order, else InvalidArgument) and returns the
// resulting version. Already applied migrations are skipped, so running it
// again is a no-op. FailedPrecondition if the database was written by a
// newer Waggle (its version is above n); a failing migration's error is
// returned and the database stays at the previous version.
absl::StatusOr<int> ApplyMigrations(Connection& conn, const std::vector<Migration>& migrations,
                                    int64_t now_unix_ns);

}  // namespace waggle::meta
