// File: meta/audit_log.h
//
// The `audit_log` table: one row per management call (key created, key
// revoked, dataset deleted, ...), so an operator can see who changed what.
// Details must never contain secrets. Rows are append-only.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "meta/connection.h"

namespace waggle::meta {

// Migration 1.
inline constexpr std::string_view kAuditLogSchemaV1 =
    "CREATE TABLE audit_log ("
    " seq INTEGER PRIMARY KEY AUTOINCREMENT,"
    " unix_ns INTEGER NOT NULL,"
    " actor TEXT NOT NULL,"
    " action TEXT NOT NULL,"
    " detail TEXT NOT NULL)";

struct AuditEntry {
  int64_t seq = 0;  // increasing in the order entries were written
  int64_t unix_ns = 0;
  std::string actor;   // who: a key id, "cli", "system", ...
  std::string action;  // what: "key.create", "key.revoke", ...
  std::string detail;  // free text or JSON describing the change
};

// Appends one entry. Call it inside the transaction that makes the change,
// so the change and its record commit together.
absl::Status AppendAudit(Connection& conn, int64_t unix_ns, std::string_view actor,
                         std::string_view action, std::string_view detail);

// The newest `limit` entries (limit clamped to [0, 10000]), newest first.
absl::StatusOr<std::vector<AuditEntry>> ListAudit(Connection& conn, int limit);

}  // namespace waggle::meta
