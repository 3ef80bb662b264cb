// File: meta/metric_filters_table.h
//
// CloudWatch Logs metric filters (migration 6): per log group, a named
// filter pattern and its metric transformation (kept as the
// metricTransformations JSON the API takes and returns). Deleted with
// their log group. Not thread-safe: used through MetaStore::Run/Transact.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "meta/connection.h"

namespace waggle::meta {

// Migration 6: the table.
inline constexpr std::string_view kMetricFiltersSchemaV1 =
    "CREATE TABLE cw_metric_filters ("
    " environment TEXT NOT NULL,"
    " group_name TEXT NOT NULL,"
    " name TEXT NOT NULL,"
    " pattern TEXT NOT NULL,"
    " transformations_json TEXT NOT NULL,"  // the metricTransformations array
    " metric_name TEXT NOT NULL,"
    " metric_namespace TEXT NOT NULL,"
    " creation_ms INTEGER NOT NULL,"
    " PRIMARY KEY (environment, group_name, name),"
    " FOREIGN KEY (environment, group_name) REFERENCES cw_log_groups(environment, name)"
    "  ON DELETE CASCADE);"
    "CREATE INDEX cw_metric_filters_by_metric"
    " ON cw_metric_filters(environment, metric_namespace, metric_name)";

struct MetricFilterRow {
  std::string environment;
  std::string group_name;
  std::string name;
  std::string pattern;
  std::string transformations_json;
  std::string metric_name;
  std::string metric_namespace;
  int64_t creation_ms = 0;
};

// Creates or replaces the filter (environment, group_name, name); a
// replaced filter keeps its creation time.
absl::Status PutMetricFilter(Connection& conn, const MetricFilterRow& row);

// Which filters ListMetricFilters returns.
struct MetricFilterQuery {
  std::optional<std::string> group;                          // one log group, else every group
  std::string name_prefix;                                   // only with `group`
  std::optional<std::string> metric_name, metric_namespace;  // both or neither
  std::optional<std::pair<std::string, std::string>> after;  // (group, name) of the last seen
  int limit = 50;
};

// Filters of `environment` matching `q`, by (group, name).
absl::StatusOr<std::vector<MetricFilterRow>> ListMetricFilters(Connection& conn,
                                                               std::string_view environment,
                                                               const MetricFilterQuery& q);
// The filter, or nullopt.
absl::StatusOr<std::optional<MetricFilterRow>> FindMetricFilter(Connection& conn,
                                                                std::string_view environment,
                                                                std::string_view group,
                                                                std::string_view name);
// Deletes the filter; NotFound if there is none.
absl::Status DeleteMetricFilter(Connection& conn, std::string_view environment,
                                std::string_view group, std::string_view name);
// How many filters the log group has.
absl::StatusOr<int64_t> CountMetricFilters(Connection& conn, std::string_view environment,
                                           std::string_view group);

}  // namespace waggle::meta
