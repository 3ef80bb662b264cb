// Renders stored rows back into the API's JSON shapes (docs/api.md): a span
// or log record with OTLP/JSON attribute lists, as it was received.
#pragma once

#include <string>

#include "query/traces/rows.h"

namespace waggle::api::v1 {

// Appends a span object rendered from a row of a spans table.
void AppendSpanJson(const query::Row& row, std::string* out);
// Appends a log record object rendered from a row of a logs table.
void AppendLogJson(const query::Row& row, std::string* out);

}  // namespace waggle::api::v1
