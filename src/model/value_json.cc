#include "model/value_json.h"

#include <fmt/format.h>

#include <cmath>

#include "core/json_writer.h"

namespace waggle::model {
void AppendJsonDouble(std::string* out, double d) {
  if (std::isnan(d)) {
    out->append("\"NaN\"");
  } else if (std::isinf(d)) {
    out->append(d > 0 ? "\"Infinity\"" : "\"-Infinity\"");
  } else {
    // fmt's "{}" is the shortest text that reads back to the same double.
    fmt::format_to(std::back_inserter(*out), "{}", d);
  }
}

void AppendBase64(std::string* out, std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  size_t i = 0;
  auto byte = [&](size_t k) { return static_cast<uint32_t>(static_cast<uint8_t>(bytes[k])); };
  for (; i + 3 <= bytes.size(); i += 3) {
    uint32_t v = byte(i) << 16 | byte(i + 1) << 8 | byte(i + 2);
    out->push_back(kAlphabet[v >> 18]);
    out->push_back(kAlphabet[(v >> 12) & 63]);
    out->push_back(kAlphabet[(v >> 6) & 63]);
    out->push_back(kAlphabet[v & 63]);
  }
  size_t rest = bytes.size() - i;
  if (rest == 0) return;
  uint32_t v = byte(i) << 16 | (rest == 2 ? byte(i + 1) << 8 : 0);
  out->push_back(kAlphabet[v >> 18]);
  out->push_back(kAlphabet[(v >> 12) & 63]);
  out->push_back(rest == 2 ? kAlphabet[(v >> 6) & 63] : '=');
  out->push_back('=');
}

void AppendAnyValueJson(std::string* out, const Value& value) {
  switch (value.kind) {
    case ValueKind::kEmpty:
      out->append("{}");
      return;
    case ValueKind::kString:
      out->append("{\"stringValue\":");
      core::AppendJsonString(out, value.str);
      break;
    case ValueKind::kBool:
      out->append(value.b ? "{\"boolValue\":true" : "{\"boolValue\":false");
      break;
    case ValueKind::kInt:
      fmt::format_to(std::back_inserter(*out), "{{\"intValue\":\"{}\"", value.i);
      break;
    case ValueKind::kDouble:
      out->append("{\"doubleValue\":");
      AppendJsonDouble(out, value.d);
      break;
    case ValueKind::kBytes:
      out->append("{\"bytesValue\":\"");
      AppendBase64(out, value.str);
      out->push_back('"');
      break;
    case ValueKind::kArray:
      out->append("{\"arrayValue\":");
      out->append(value.str.empty() ? "{}" : value.str);
      break;
    case ValueKind::kKvlist:
      out->append("{\"kvlistValue\":");
      out->append(value.str.empty() ? "{}" : value.str);
      break;
  }
  out->push_back('}');
}

void AppendKeyValuesJson(std::string* out, std::span<const Attribute> attributes) {
  out->push_back('[');
  bool first = true;
  for (const Attribute& a : attributes) {
    if (!first) out->push_back(',');
    first = false;
    out->append("{\"key\":");
    core::AppendJsonString(out, a.key);
    out->append(",\"value\":");
    AppendAnyValueJson(out, a.value);
    out->push_back('}');
  }
  out->push_back(']');
}

}  // namespace waggle::model
