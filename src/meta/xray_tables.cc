#include "meta/xray_tables.h"

namespace waggle::meta {

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
  ASSIGN_OR_RETURN(Statement st,
                   conn.Prepare("SELECT environment, name, rule_json, created_unix_ns, "
                                "modified_unix_ns FROM xray_sampling_rules WHERE environment = ?1 "
                                "ORDER BY name"));
  st.BindText(1, environment);
  return CollectRows(st, [](const Statement& row) {
    return XraySamplingRuleRow{row.ColumnText(0), row.ColumnText(1), row.ColumnText(2),
                               row.ColumnInt64(3), row.ColumnInt64(4)};
  });
}

}  // namespace waggle::meta
