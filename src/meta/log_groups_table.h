// CloudWatch Logs: log groups, streams and metric filters: the control-plane tables and their SQL.
#pragma once

#include <string_view>

namespace waggle::meta {

// Migration SQL creating the tables.
inline constexpr std::string_view kLogGroupsSchemaV1 =
    "CREATE TABLE log_groups_table_pending (id INTEGER PRIMARY KEY)";

}  // namespace waggle::meta
