// Rollbar-style error items (one row per fingerprint and environment): the control-plane tables and their SQL.
#pragma once

#include <string_view>

namespace waggle::meta {

// Migration SQL creating the tables.
inline constexpr std::string_view kErrorItemsSchemaV1 =
    "CREATE TABLE error_items_table_pending (id INTEGER PRIMARY KEY)";

}  // namespace waggle::meta
