#include "meta/subscription_filters_table.h"

#include <fmt/format.h>

namespace waggle::meta {
namespace {

constexpr std::string_view kColumns =
    "environment, group_name, name, pattern, destination_arn, role_arn, distribution, "
    "apply_on_transformed, creation_ms, field_selection_criteria, emit_system_fields_json";

SubscriptionFilterRow ReadRow(const Statement& st) {
  SubscriptionFilterRow row;
  row.environment = st.ColumnText(0);
  row.group_name = st.ColumnText(1);
  row.name = st.ColumnText(2);
  row.pattern = st.ColumnText(3);
  row.destination_arn = st.ColumnText(4);
  row.role_arn = st.ColumnOptionalText(5);
  row.distribution = st.ColumnText(6);
  row.apply_on_transformed = st.ColumnInt64(7) != 0;
  row.creation_ms = st.ColumnInt64(8);
  row.field_selection_criteria = st.ColumnOptionalText(9);
  row.emit_system_fields_json = st.ColumnOptionalText(10);
  return row;
}

}  // namespace

absl::Status PutSubscriptionFilter(Connection& conn, const SubscriptionFilterRow& row) {
  ASSIGN_OR_RETURN(
      Statement st,
      conn.Prepare(fmt::format(
          "INSERT INTO cw_subscription_filters({}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
          "?10, ?11) "
          "ON CONFLICT (environment, group_name, name) DO UPDATE SET pattern = ?4, "
          "destination_arn = ?5, role_arn = ?6, distribution = ?7, apply_on_transformed = ?8, "
          "creation_ms = ?9, field_selection_criteria = ?10, emit_system_fields_json = ?11",
          kColumns)));
  st.BindText(1, row.environment).BindText(2, row.group_name).BindText(3, row.name);
  st.BindText(4, row.pattern).BindText(5, row.destination_arn).BindOptionalText(6, row.role_arn);
  st.BindText(7, row.distribution).BindInt64(8, row.apply_on_transformed ? 1 : 0);
  st.BindInt64(9, row.creation_ms).BindOptionalText(10, row.field_selection_criteria);
  st.BindOptionalText(11, row.emit_system_fields_json);
  return st.Run();
}

absl::StatusOr<std::vector<SubscriptionFilterRow>> ListSubscriptionFilters(
    Connection& conn, std::string_view environment, std::string_view group,
    const SubscriptionFilterQuery& q) {
  ASSIGN_OR_RETURN(
      Statement st,
      conn.Prepare(fmt::format("SELECT {} FROM cw_subscription_filters WHERE environment = ?1 AND "
                               "group_name = ?2 AND substr(name, 1, length(?3)) = ?3{} "
                               "ORDER BY name LIMIT ?5",
                               kColumns, q.after ? " AND name > ?4" : "")));
  st.BindText(1, environment).BindText(2, group).BindText(3, q.name_prefix);
  if (q.after) st.BindText(4, *q.after);
  st.BindInt64(5, q.limit);
  return CollectRows(st, ReadRow);
}

absl::StatusOr<bool> HasSubscriptionFilter(Connection& conn, std::string_view environment,
                                           std::string_view group, std::string_view name) {
  ASSIGN_OR_RETURN(Statement st,
                   conn.Prepare("SELECT 1 FROM cw_subscription_filters WHERE "
                                "environment = ?1 AND group_name = ?2 AND name = ?3"));
  st.BindText(1, environment).BindText(2, group).BindText(3, name);
  return st.Step();
}

absl::StatusOr<int64_t> CountSubscriptionFilters(Connection& conn, std::string_view environment,
                                                 std::string_view group) {
  ASSIGN_OR_RETURN(Statement st, conn.Prepare("SELECT COUNT(*) FROM cw_subscription_filters "
                                              "WHERE environment = ?1 AND group_name = ?2"));
  st.BindText(1, environment).BindText(2, group);
  ASSIGN_OR_RETURN(bool row, st.Step());
  return row ? st.ColumnInt64(0) : 0;
}

absl::Status DeleteSubscriptionFilter(Connection& conn, std::string_view environment,
                                      std::string_view group, std::string_view name) {
  ASSIGN_OR_RETURN(Statement st,
                   conn.Prepare("DELETE FROM cw_subscription_filters WHERE "
                                "environment = ?1 AND group_name = ?2 AND name = ?3"));
  st.BindText(1, environment).BindText(2, group).BindText(3, name);
  RETURN_IF_ERROR(st.Run());
  if (conn.Changes() == 0) {
    return absl::NotFoundError("The specified subscription filter does not exist.");
  }
  return absl::OkStatus();
}

}  // namespace waggle::meta
