// X-Ray: groups and sampling rules: the control-plane tables and their SQL.
#pragma once

#include <string_view>

namespace waggle::meta {

// Migration SQL creating the tables.
inline constexpr std::string_view kXraySchemaV1 =
    "CREATE TABLE xray_tables_pending (id INTEGER PRIMARY KEY)";

}  // namespace waggle::meta
