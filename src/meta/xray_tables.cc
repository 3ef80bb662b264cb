#include "meta/xray_tables.h"

#include <fmt/format.h>

namespace waggle::meta {
namespace {

constexpr std::string_view kRuleColumns =
    "environment, name, rule_json, created_unix_ns, modified_unix_ns";
constexpr std::string_view kGroupColumns =
    "environment, name, arn_suffix, filter_expression, insights_enabled, notifications_enabled, "
    "created_unix_ns";

XraySamplingRuleRow ReadRule(const Statement& st) {
  return {st.ColumnText(0), st.ColumnText(1), st.ColumnText(2), st.ColumnInt64(3),
          st.ColumnInt64(4)};
}

XrayGroupRow ReadGroup(const Statement& st) {
  return {st.ColumnText(0),       st.ColumnText(1),       st.ColumnText(2), st.ColumnText(3),
          st.ColumnInt64(4) != 0, st.ColumnInt64(5) != 0, st.ColumnInt64(6)};
}

// The first row of `st` read with `read`, or nullopt.
template <typename ReadFn>
auto FirstRow(Statement& st, ReadFn read)
    -> absl::StatusOr<std::optional<std::invoke_result_t<ReadFn&, const Statement&>>> {
  ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return std::nullopt;
  return read(st);
}

// NotFound with `message` when the last statement changed no row.
absl::Status ChangedOne(Connection& conn, std::string_view message) {
  if (conn.Changes() == 0) return absl::NotFoundError(std::string(message));
  return absl::OkStatus();
}

}  // namespace

absl::Status InsertXraySamplingRule(Connection& conn, const XraySamplingRuleRow& row) {
  ASSIGN_OR_RETURN(Statement st,
                   conn.Prepare("INSERT INTO xray_sampling_rules(environment, name, rule_json, "
                                "created_unix_ns, modified_unix_ns) VALUES (?1, ?2, ?3, ?4, ?5)"));
  st.BindText(1, row.environment)
      .BindText(2, row.name)
      .BindText(3, row.rule_json)
      .BindInt64(4, row.created_unix_ns)
      .BindInt64(5, row.modified_unix_ns);
  return st.Run();
}

absl::StatusOr<std::vector<XraySamplingRuleRow>> ListXraySamplingRules(
    Connection& conn, std::string_view environment) {
  ASSIGN_OR_RETURN(Statement st, conn.Prepare(fmt::format("SELECT {} FROM xray_sampling_rules "
                                                          "WHERE environment = ?1 ORDER BY name",
                                                          kRuleColumns)));
  st.BindText(1, environment);
  return CollectRows(st, ReadRule);
}

absl::StatusOr<std::optional<XraySamplingRuleRow>> FindXraySamplingRule(
    Connection& conn, std::string_view environment, std::string_view name) {
  ASSIGN_OR_RETURN(Statement st, conn.Prepare(fmt::format("SELECT {} FROM xray_sampling_rules "
                                                          "WHERE environment = ?1 AND name = ?2",
                                                          kRuleColumns)));
  st.BindText(1, environment).BindText(2, name);
  return FirstRow(st, ReadRule);
}

absl::Status UpdateXraySamplingRule(Connection& conn, const XraySamplingRuleRow& row) {
  ASSIGN_OR_RETURN(Statement st,
                   conn.Prepare("UPDATE xray_sampling_rules SET rule_json = ?3, "
                                "modified_unix_ns = ?4 WHERE environment = ?1 AND name = ?2"));
  st.BindText(1, row.environment).BindText(2, row.name).BindText(3, row.rule_json);
  st.BindInt64(4, row.modified_unix_ns);
  RETURN_IF_ERROR(st.Run());
  return ChangedOne(conn, "Sampling rule does not exist");
}

absl::Status DeleteXraySamplingRule(Connection& conn, std::string_view environment,
                                    std::string_view name) {
  ASSIGN_OR_RETURN(Statement st, conn.Prepare("DELETE FROM xray_sampling_rules "
                                              "WHERE environment = ?1 AND name = ?2"));
  st.BindText(1, environment).BindText(2, name);
  RETURN_IF_ERROR(st.Run());
  return ChangedOne(conn, "Sampling rule does not exist");
}

absl::StatusOr<int64_t> CountXraySamplingRules(Connection& conn, std::string_view environment) {
  ASSIGN_OR_RETURN(Statement st, conn.Prepare("SELECT COUNT(*) FROM xray_sampling_rules "
                                              "WHERE environment = ?1 AND name != 'Default'"));
  st.BindText(1, environment);
  ASSIGN_OR_RETURN(bool row, st.Step());
  return row ? st.ColumnInt64(0) : 0;
}

absl::Status InsertXrayGroup(Connection& conn, const XrayGroupRow& row) {
  ASSIGN_OR_RETURN(Statement st, conn.Prepare(fmt::format("INSERT INTO xray_groups({}) "
                                                          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                                                          kGroupColumns)));
  st.BindText(1, row.environment).BindText(2, row.name).BindText(3, row.arn_suffix);
  st.BindText(4, row.filter_expression).BindInt64(5, row.insights_enabled);
  st.BindInt64(6, row.notifications_enabled).BindInt64(7, row.created_unix_ns);
  return st.Run();
}

absl::StatusOr<std::optional<XrayGroupRow>> FindXrayGroup(Connection& conn,
                                                          std::string_view environment,
                                                          std::string_view name) {
  ASSIGN_OR_RETURN(Statement st, conn.Prepare(fmt::format("SELECT {} FROM xray_groups "
                                                          "WHERE environment = ?1 AND name = ?2",
                                                          kGroupColumns)));
  st.BindText(1, environment).BindText(2, name);
  return FirstRow(st, ReadGroup);
}

absl::StatusOr<std::vector<XrayGroupRow>> ListXrayGroups(Connection& conn,
                                                         std::string_view environment,
                                                         std::string_view after, int limit) {
  ASSIGN_OR_RETURN(Statement st,
                   conn.Prepare(fmt::format("SELECT {} FROM xray_groups WHERE environment = ?1 "
                                            "AND name > ?2 ORDER BY name LIMIT ?3",
                                            kGroupColumns)));
  st.BindText(1, environment).BindText(2, after).BindInt64(3, limit);
  return CollectRows(st, ReadGroup);
}

absl::Status UpdateXrayGroup(Connection& conn, const XrayGroupRow& row) {
  ASSIGN_OR_RETURN(Statement st, conn.Prepare("UPDATE xray_groups SET filter_expression = ?3, "
                                              "insights_enabled = ?4, notifications_enabled = ?5 "
                                              "WHERE environment = ?1 AND name = ?2"));
  st.BindText(1, row.environment).BindText(2, row.name).BindText(3, row.filter_expression);
  st.BindInt64(4, row.insights_enabled).BindInt64(5, row.notifications_enabled);
  RETURN_IF_ERROR(st.Run());
  return ChangedOne(conn, "Group not found");
}

absl::Status DeleteXrayGroup(Connection& conn, std::string_view environment,
                             std::string_view name) {
  ASSIGN_OR_RETURN(Statement st,
                   conn.Prepare("DELETE FROM xray_groups WHERE environment = ?1 AND name = ?2"));
  st.BindText(1, environment).BindText(2, name);
  RETURN_IF_ERROR(st.Run());
  return ChangedOne(conn, "Group not found");
}

absl::Status PutXrayTags(Connection& conn, std::string_view arn,
                         const std::vector<std::pair<std::string, std::string>>& tags) {
  ASSIGN_OR_RETURN(Statement st, conn.Prepare("INSERT INTO xray_tags(resource_arn, key, value) "
                                              "VALUES (?1, ?2, ?3) ON CONFLICT "
                                              "(resource_arn, key) DO UPDATE SET value = ?3"));
  for (const auto& [key, value] : tags) {
    st.Reset();
    st.BindText(1, arn).BindText(2, key).BindText(3, value);
    RETURN_IF_ERROR(st.Run());
  }
  return absl::OkStatus();
}

absl::Status DeleteXrayTags(Connection& conn, std::string_view arn,
                            const std::vector<std::string>& keys) {
  ASSIGN_OR_RETURN(Statement st,
                   conn.Prepare("DELETE FROM xray_tags WHERE resource_arn = ?1 AND key = ?2"));
  for (const std::string& key : keys) {
    st.Reset();
    st.BindText(1, arn).BindText(2, key);
    RETURN_IF_ERROR(st.Run());
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::pair<std::string, std::string>>> ListXrayTags(
    Connection& conn, std::string_view arn) {
  ASSIGN_OR_RETURN(Statement st, conn.Prepare("SELECT key, value FROM xray_tags "
                                              "WHERE resource_arn = ?1 ORDER BY key"));
  st.BindText(1, arn);
  return CollectRows(st, [](const Statement& row) {
    return std::pair<std::string, std::string>(row.ColumnText(0), row.ColumnText(1));
  });
}

absl::Status DeleteAllXrayTags(Connection& conn, std::string_view arn) {
  ASSIGN_OR_RETURN(Statement st, conn.Prepare("DELETE FROM xray_tags WHERE resource_arn = ?1"));
  st.BindText(1, arn);
  return st.Run();
}

}  // namespace waggle::meta
