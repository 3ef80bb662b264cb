#include "meta/metric_filters_table.h"

#include <fmt/format.h>

namespace waggle::meta {
namespace {

constexpr std::string_view kColumns =
    "environment, group_name, name, pattern, transformations_json, metric_name, "
    "metric_namespace, creation_ms";

MetricFilterRow ReadRow(const Statement& st) {
  return {st.ColumnText(0), st.ColumnText(1), st.ColumnText(2), st.ColumnText(3),
          st.ColumnText(4), st.ColumnText(5), st.ColumnText(6), st.ColumnInt64(7)};
}

}  // namespace

absl::Status PutMetricFilter(Connection& conn, const MetricFilterRow& row) {
  ASSIGN_OR_RETURN(Statement st,
                   conn.Prepare(fmt::format(
                       "INSERT INTO cw_metric_filters({}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
                       "ON CONFLICT (environment, group_name, name) DO UPDATE SET pattern = ?4, "
                       "transformations_json = ?5, metric_name = ?6, metric_namespace = ?7",
                       kColumns)));
  st.BindText(1, row.environment).BindText(2, row.group_name).BindText(3, row.name);
  st.BindText(4, row.pattern).BindText(5, row.transformations_json);
  st.BindText(6, row.metric_name).BindText(7, row.metric_namespace).BindInt64(8, row.creation_ms);
  return st.Run();
}

absl::StatusOr<std::vector<MetricFilterRow>> ListMetricFilters(Connection& conn,
                                                               std::string_view environment,
                                                               const MetricFilterQuery& q) {
  std::string where = "environment = ?1";
  if (q.group) where += " AND group_name = ?2 AND substr(name, 1, length(?3)) = ?3";
  if (q.metric_name) where += " AND metric_name = ?4 AND metric_namespace = ?5";
  if (q.after) where += " AND (group_name, name) > (?6, ?7)";
  ASSIGN_OR_RETURN(Statement st,
                   conn.Prepare(fmt::format("SELECT {} FROM cw_metric_filters WHERE {} "
                                            "ORDER BY group_name, name LIMIT ?8",
                                            kColumns, where)));
  st.BindText(1, environment);
  if (q.group) st.BindText(2, *q.group).BindText(3, q.name_prefix);
  if (q.metric_name) st.BindText(4, *q.metric_name).BindText(5, q.metric_namespace.value_or(""));
  if (q.after) st.BindText(6, q.after->first).BindText(7, q.after->second);
  st.BindInt64(8, q.limit);
  return CollectRows(st, ReadRow);
}

absl::StatusOr<std::optional<MetricFilterRow>> FindMetricFilter(Connection& conn,
                                                                std::string_view environment,
                                                                std::string_view group,
                                                                std::string_view name) {
  ASSIGN_OR_RETURN(Statement st, conn.Prepare(fmt::format(
                                     "SELECT {} FROM cw_metric_filters WHERE environment = ?1 "
                                     "AND group_name = ?2 AND name = ?3",
                                     kColumns)));
  st.BindText(1, environment).BindText(2, group).BindText(3, name);
  ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return std::optional<MetricFilterRow>();
  return std::optional<MetricFilterRow>(ReadRow(st));
}

absl::Status DeleteMetricFilter(Connection& conn, std::string_view environment,
                                std::string_view group, std::string_view name) {
  ASSIGN_OR_RETURN(Statement st,
                   conn.Prepare("DELETE FROM cw_metric_filters WHERE "
                                "environment = ?1 AND group_name = ?2 AND name = ?3"));
  st.BindText(1, environment).BindText(2, group).BindText(3, name);
  RETURN_IF_ERROR(st.Run());
  if (conn.Changes() == 0)
    return absl::NotFoundError("The specified metric filter does not exist.");
  return absl::OkStatus();
}

absl::StatusOr<int64_t> CountMetricFilters(Connection& conn, std::string_view environment,
                                           std::string_view group) {
  ASSIGN_OR_RETURN(Statement st, conn.Prepare("SELECT COUNT(*) FROM cw_metric_filters WHERE "
                                              "environment = ?1 AND group_name = ?2"));
  st.BindText(1, environment).BindText(2, group);
  ASSIGN_OR_RETURN(bool row, st.Step());
  return row ? st.ColumnInt64(0) : 0;
}

}  // namespace waggle::meta
