#include "meta/migrations.h"

#include <fmt/format.h>

#include "meta/audit_log.h"
#include "meta/error_items_table.h"
#include "meta/keys_table.h"
#include "meta/log_groups_table.h"
#include "meta/metric_filters_table.h"
#include "meta/saved_queries_table.h"
#include "meta/subscription_filters_table.h"
#include "meta/xray_tables.h"

namespace waggle::meta {
namespace {

constexpr std::string_view kSchemaVersionTable =
    "CREATE TABLE IF NOT EXISTS schema_version ("
    " version INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " applied_unix_ns INTEGER NOT NULL)";

absl::Status CheckNumbering(const std::vector<Migration>& migrations) {
  for (size_t i = 0; i < migrations.size(); ++i) {
    if (migrations[i].version != static_cast<int>(i) + 1) {
      return absl::InvalidArgumentError(fmt::format("migration {} has version {}, expected {}",
                                                    migrations[i].name, migrations[i].version,
                                                    i + 1));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<int> CurrentVersion(Connection& conn) {
  ASSIGN_OR_RETURN(Statement st,
                   conn.Prepare("SELECT COALESCE(MAX(version), 0) FROM schema_version"));
  ASSIGN_OR_RETURN(bool row, st.Step());
  return row ? static_cast<int>(st.ColumnInt64(0)) : 0;
}

absl::Status ApplyOne(Connection& conn, const Migration& m, int64_t now_unix_ns) {
  return conn.InTransaction([&]() -> absl::Status {
    // Another process may have migrated between our read and our write lock.
    ASSIGN_OR_RETURN(int current, CurrentVersion(conn));
    if (current >= m.version) return absl::OkStatus();
    RETURN_IF_ERROR(conn.Exec(m.sql));
    ASSIGN_OR_RETURN(Statement st,
                     conn.Prepare("INSERT INTO schema_version(version, name, applied_unix_ns) "
                                  "VALUES (?1, ?2, ?3)"));
    st.BindInt64(1, m.version).BindText(2, m.name).BindInt64(3, now_unix_ns);
    return st.Run();
  });
}

}  // namespace

const std::vector<Migration>& DefaultMigrations() {
  // Append only. Never edit or reorder a released entry.
  static const std::vector<Migration>* const migrations = new std::vector<Migration>{
      {1, "audit_log", kAuditLogSchemaV1},
      {2, "api_keys", kKeysTableSchemaV1},
      {3, "cloudwatch_logs", kLogGroupsSchemaV1},
      {4, "xray", kXraySchemaV1},
      {5, "error_items", kErrorItemsSchemaV1},
      {6, "cw_metric_filters", kMetricFiltersSchemaV1},
      {7, "cw_subscription_filters", kSubscriptionFiltersSchemaV1},
      {8, "error_occurrence_time", kOccurrenceTimeIndexes},
      {9, "saved_queries", kSavedQueriesSchemaV1},
  };
  return *migrations;
}

absl::StatusOr<int> ApplyMigrations(Connection& conn, const std::vector<Migration>& migrations,
                                    int64_t now_unix_ns) {
  RETURN_IF_ERROR(CheckNumbering(migrations));
  RETURN_IF_ERROR(conn.Exec(kSchemaVersionTable));
  ASSIGN_OR_RETURN(int version, CurrentVersion(conn));
  const int latest = static_cast<int>(migrations.size());
  if (version > latest) {
    return absl::FailedPreconditionError(fmt::format(
        "meta database is at schema version {} but this Waggle knows only up to {}; upgrade Waggle",
        version, latest));
  }
  for (int v = version + 1; v <= latest; ++v) {
    const Migration& m = migrations[v - 1];
    absl::Status status = ApplyOne(conn, m, now_unix_ns);
    if (!status.ok()) {
      return absl::Status(status.code(), fmt::format("migration {} ({}): {}", v, m.name,
                                                     std::string_view(status.message().data(),
                                                                      status.message().size())));
    }
  }
  return latest;
}

}  // namespace waggle::meta
