// File: meta/xray_tables.h
//
// X-Ray control-plane tables: groups (named filter expressions), sampling
// rules (the built-in Default rule is not stored: api/xray serves it) and
// resource tags. Migration 4. Rows are written by the X-Ray API only.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
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

}  // namespace waggle::meta
