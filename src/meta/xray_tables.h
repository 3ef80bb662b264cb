// File: meta/xray_tables.h
//
// X-Ray control-plane tables: groups (named filter expressions), sampling
// rules (the built-in Default rule is stored only once updated) and
// resource tags, keyed by "<environment>|<kind>/<name>" (api/xray/resources.h)
// rather than a region-specific ARN. Migration 4. Rows are written by the
// X-Ray API only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"
#include "meta/connection.h"

namespace waggle::meta {

// Migration 4: the tables.
inline constexpr std::string_view kXraySchemaV1 =
    "CREATE TABLE xray_groups ("
    " environment TEXT NOT NULL,"
    " name TEXT NOT NULL,"
    " arn_suffix TEXT NOT NULL,"
    " filter_expression TEXT NOT NULL,"
    " insights_enabled INTEGER NOT NULL,"
    " notifications_enabled INTEGER NOT NULL,"
    " created_unix_ns INTEGER NOT NULL,"
    " PRIMARY KEY (environment, name));"
    "CREATE TABLE xray_sampling_rules ("
    " environment TEXT NOT NULL,"
    " name TEXT NOT NULL,"
    " rule_json TEXT NOT NULL,"
    " created_unix_ns INTEGER NOT NULL,"
    " modified_unix_ns INTEGER NOT NULL,"
    " PRIMARY KEY (environment, name));"
    "CREATE TABLE xray_tags ("
    " resource_arn TEXT NOT NULL,"
    " key TEXT NOT NULL,"
    " value TEXT NOT NULL,"
    " PRIMARY KEY (resource_arn, key))";

// One sampling rule as stored: the SamplingRule JSON object (without
// RuleARN, which depends on the caller's region) and its times.
struct XraySamplingRuleRow {
  std::string environment;
  std::string name;
  std::string rule_json;
  int64_t created_unix_ns = 0;
  int64_t modified_unix_ns = 0;
};

// Inserts `row`; AlreadyExists if the environment has a rule of that name.
absl::Status InsertXraySamplingRule(Connection& conn, const XraySamplingRuleRow& row);
// Every rule of `environment`, by name.
absl::StatusOr<std::vector<XraySamplingRuleRow>> ListXraySamplingRules(
    Connection& conn, std::string_view environment);
// The rule `name` of `environment`, or nullopt.
absl::StatusOr<std::optional<XraySamplingRuleRow>> FindXraySamplingRule(
    Connection& conn, std::string_view environment, std::string_view name);
// Replaces the JSON and modification time of rule (row.environment,
// row.name); NotFound if there is none.
absl::Status UpdateXraySamplingRule(Connection& conn, const XraySamplingRuleRow& row);
// Deletes the rule; NotFound if there is none.
absl::Status DeleteXraySamplingRule(Connection& conn, std::string_view environment,
                                    std::string_view name);
// How many rules `environment` has besides Default (stored once updated).
absl::StatusOr<int64_t> CountXraySamplingRules(Connection& conn, std::string_view environment);

// One group: a named filter expression.
struct XrayGroupRow {
  std::string environment;
  std::string name;
  std::string arn_suffix;  // the opaque id ending the group's ARN
  std::string filter_expression;
  bool insights_enabled = false;
  bool notifications_enabled = false;
  int64_t created_unix_ns = 0;
};

// Inserts `row`; AlreadyExists if the environment has a group of that name.
absl::Status InsertXrayGroup(Connection& conn, const XrayGroupRow& row);
// The group `name` of `environment`, or nullopt.
absl::StatusOr<std::optional<XrayGroupRow>> FindXrayGroup(Connection& conn,
                                                          std::string_view environment,
                                                          std::string_view name);
// Up to `limit` groups of `environment` by name, starting after `after`
// (empty: from the first).
absl::StatusOr<std::vector<XrayGroupRow>> ListXrayGroups(Connection& conn,
                                                         std::string_view environment,
                                                         std::string_view after, int limit);
// Replaces the filter expression and insights flags of group
// (row.environment, row.name); NotFound if there is none.
absl::Status UpdateXrayGroup(Connection& conn, const XrayGroupRow& row);
// Deletes the group; NotFound if there is none.
absl::Status DeleteXrayGroup(Connection& conn, std::string_view environment, std::string_view name);

// Sets (adds or replaces) `tags` on the resource `arn`.
absl::Status PutXrayTags(Connection& conn, std::string_view arn,
                         const std::vector<std::pair<std::string, std::string>>& tags);
// Removes the tags `keys` from `arn` (missing keys are ignored).
absl::Status DeleteXrayTags(Connection& conn, std::string_view arn,
                            const std::vector<std::string>& keys);
// Every tag of `arn`, by key.
absl::StatusOr<std::vector<std::pair<std::string, std::string>>> ListXrayTags(Connection& conn,
                                                                              std::string_view arn);
// Removes every tag of `arn` (its resource was deleted).
absl::Status DeleteAllXrayTags(Connection& conn, std::string_view arn);

}  // namespace waggle::meta
