// File: meta/savepoint.h
//
// Makes a table function's statements one atomic unit wherever it is
// called from. A SAVEPOINT nests inside an enclosing transaction
// (MetaStore::Transact) and, outside one (MetaStore::Run), is a transaction
// of its own, so the statements also commit, and fsync, once rather than
// once each:
//
//   return InSavepoint(conn, [&]() -> absl::Status {
//     RETURN_IF_ERROR(UpdateStream(conn, ...));
//     return UpdateGroup(conn, ...);
//   });
//
// Not thread-safe: used under the Connection's lock, like Statement.
#pragma once

#include <functional>

#include "core/status.h"
#include "meta/connection.h"

namespace waggle::meta {

// Runs `fn` inside a savepoint on `conn`. If `fn` fails, everything it did
// is rolled back and its error returned; otherwise the savepoint is released
// (committing, when there is no enclosing transaction) and the release's
// status returned (on failure, again nothing `fn` did remains).
absl::Status InSavepoint(Connection& conn, const std::function<absl::Status()>& fn);

}  // namespace waggle::meta
