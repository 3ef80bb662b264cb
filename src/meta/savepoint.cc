#include "meta/savepoint.h"

namespace waggle::meta {

absl::Status InSavepoint(Connection& conn, const std::function<absl::Status()>& fn) {
  RETURN_IF_ERROR(conn.Exec("SAVEPOINT waggle_unit"));
  absl::Status status = fn();
  if (status.ok()) status = conn.Exec("RELEASE waggle_unit");
  if (!status.ok()) {
    // Undo fn's changes and close the savepoint (and so the transaction it
    // opened, if any); the original error is the one worth reporting.
    conn.Exec("ROLLBACK TO waggle_unit; RELEASE waggle_unit").IgnoreError();
  }
  return status;
}

}  // namespace waggle::meta
