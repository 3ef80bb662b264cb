// OTLP/JSON rendering of attribute values (specs/otlp.md §4), used wherever
// stored values go back out as JSON: AnyValue objects such as
// {"intValue":"42"} and KeyValue lists [{"key":..,"value":..}].
#pragma once

#include <span>
#include <string>

#include "model/value.h"

namespace waggle::model {

// Appends `value` as an OTLP/JSON AnyValue object.
void AppendAnyValueJson(std::string* out, const Value& value);
// Appends `attributes` as a JSON array of OTLP/JSON KeyValue objects.
void AppendKeyValuesJson(std::string* out, std::span<const Attribute> attributes);
// Appends a double as OTLP/JSON does: shortest round-trip text, or the
// strings "NaN", "Infinity", "-Infinity".
void AppendJsonDouble(std::string* out, double d);
// Appends standard base64 (with padding) of `bytes`.
void AppendBase64(std::string* out, std::string_view bytes);

}  // namespace waggle::model
