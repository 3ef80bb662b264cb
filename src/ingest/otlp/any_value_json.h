// The OTLP/JSON encoding of AnyValue (specs/otlp.md §4), shared by the
// decoders (which store arrays and kvlists as this JSON text) and by read
// APIs that render stored values back in OTLP form.
//
//   {"stringValue":"v"} {"boolValue":true} {"intValue":"12"}
//   {"doubleValue":1.5} {"doubleValue":"NaN"} {"bytesValue":"<base64>"}
//   {"arrayValue":{"values":[...]}} {"kvlistValue":{"values":[{"key":..,"value":..}]}} {}
//
// All functions append to `out` and are thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "model/value.h"

namespace waggle::ingest::otlp {

// Decodes standard or URL-safe base64, with or without padding; nullopt if
// `text` is not base64.
std::optional<std::string> DecodeBase64(std::string_view text);

// Returns the longest prefix of `s` of at most `max_bytes` bytes that does
// not end inside a UTF-8 sequence.
std::string_view TruncateUtf8(std::string_view s, size_t max_bytes);

}  // namespace waggle::ingest::otlp
