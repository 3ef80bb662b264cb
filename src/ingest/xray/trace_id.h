// X-Ray identifiers: the `1-XXXXXXXX-YYYYYYYYYYYYYYYYYYYYYYYY` trace id and
// its mapping to the unified model's 16-byte trace id (8 hex epoch + 24 hex,
// the W3C/OTel id with the dash and "1-" removed). Thread-safe (pure).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "model/ids.h"

namespace waggle::ingest::xray {

// Parses an X-Ray trace id (35 chars, version 1); nullopt if malformed or
// all zero.
std::optional<model::TraceId> ParseXrayTraceId(std::string_view text);

// Formats a 16-byte trace id as an X-Ray trace id ("1-" + 8 hex + "-" + 24 hex).
std::string FormatXrayTraceId(const model::TraceId& id);

// Parses a 16-hex segment/subsegment id; nullopt if malformed or all zero.
std::optional<model::SpanId> ParseSegmentId(std::string_view text);

}  // namespace waggle::ingest::xray
