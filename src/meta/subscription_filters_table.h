// File: meta/subscription_filters_table.h
//
// CloudWatch Logs subscription filters (migration 7): per log group, a named
// filter pattern and the destination its matching events are meant for
// (Kinesis, Firehose, Lambda or a logical destination, by ARN). Stored and
// listed only: nothing is delivered yet. Deleted with their log group. Not
// thread-safe: used through MetaStore::Run/Transact.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "meta/connection.h"

namespace waggle::meta {

// Migration 7: the table.
inline constexpr std::string_view kSubscriptionFiltersSchemaV1 =
    "CREATE TABLE cw_subscription_filters ("
    " environment TEXT NOT NULL,"
    " group_name TEXT NOT NULL,"
    " name TEXT NOT NULL,"
    " pattern TEXT NOT NULL,"
    " destination_arn TEXT NOT NULL,"
    " role_arn TEXT,"
    " distribution TEXT NOT NULL,"  // ByLogStream | Random
    " apply_on_transformed INTEGER NOT NULL DEFAULT 0,"
    " field_selection_criteria TEXT,"
    " emit_system_fields_json TEXT,"  // the emitSystemFields array
    " creation_ms INTEGER NOT NULL,"
    " PRIMARY KEY (environment, group_name, name),"
    " FOREIGN KEY (environment, group_name) REFERENCES cw_log_groups(environment, name)"
    "  ON DELETE CASCADE)";

struct SubscriptionFilterRow {
  std::string environment;
  std::string group_name;
  std::string name;
  std::string pattern;
  std::string destination_arn;
  std::optional<std::string> role_arn;
  std::string distribution = "ByLogStream";
  bool apply_on_transformed = false;
  std::optional<std::string> field_selection_criteria;
  std::optional<std::string> emit_system_fields_json;
  int64_t creation_ms = 0;
};

// Which filters of one log group ListSubscriptionFilters returns, by name.
struct SubscriptionFilterQuery {
  std::string name_prefix;           // "" = any
  std::optional<std::string> after;  // names strictly after this one (paging)
  int limit = 50;
};

// Creates or replaces the filter (environment, group_name, name); a
// replaced filter takes every new value, its creation time included.
absl::Status PutSubscriptionFilter(Connection& conn, const SubscriptionFilterRow& row);
// The group's filters matching `q`, by name.
absl::StatusOr<std::vector<SubscriptionFilterRow>> ListSubscriptionFilters(
    Connection& conn, std::string_view environment, std::string_view group,
    const SubscriptionFilterQuery& q);
// Whether the group has a filter called `name`.
absl::StatusOr<bool> HasSubscriptionFilter(Connection& conn, std::string_view environment,
                                           std::string_view group, std::string_view name);
// How many filters the group has.
absl::StatusOr<int64_t> CountSubscriptionFilters(Connection& conn, std::string_view environment,
                                                 std::string_view group);
// Deletes the filter; NotFound if there is none.
absl::Status DeleteSubscriptionFilter(Connection& conn, std::string_view environment,
                                      std::string_view group, std::string_view name);

}  // namespace waggle::meta
