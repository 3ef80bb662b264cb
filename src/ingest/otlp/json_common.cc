#include "ingest/otlp/json_common.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <limits>
#include <utility>

#include "core/json_writer.h"
#include "ingest/otlp/any_value_json.h"
#include "ingest/otlp/proto_common.h"
#include "model/value_json.h"

namespace waggle::ingest::otlp::internal {
namespace {

using simdjson::dom::element_type;

absl::Status WrongType(std::string_view name, std::string_view want) {
  return Malformed(name, fmt::format("expected {}", want));
}

// Parses all of `s` as a decimal integer of type T.
template <typename T>
bool ParseDecimal(std::string_view s, T* out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size() && !s.empty();
}

// Reads an integer of type T (int64_t or uint64_t) from a JSON integer, an
// integral double in range or a decimal string; false if it is none.
template <typename T>
bool ToInteger(JsonElement e, T* out) {
  switch (e.type()) {
    case element_type::INT64: {
      int64_t v = e.get_int64().value_unsafe();
      if (!std::in_range<T>(v)) return false;
      *out = static_cast<T>(v);
      return true;
    }
    case element_type::UINT64: {
      uint64_t v = e.get_uint64().value_unsafe();
      if (!std::in_range<T>(v)) return false;
      *out = static_cast<T>(v);
      return true;
    }
    case element_type::DOUBLE: {
      double d = e.get_double().value_unsafe();
      double low = static_cast<double>(std::numeric_limits<T>::min());  // -2^63 or 0
      double high = std::ldexp(1.0, std::numeric_limits<T>::digits);    // 2^63 or 2^64
      if (!(d >= low && d < high && d == std::trunc(d))) return false;
      *out = static_cast<T>(d);
      return true;
    }
    case element_type::STRING:
      return ParseDecimal(e.get_string().value_unsafe(), out);
    default:
      return false;
  }
}

}  // namespace

// ---- Typed readers ----

absl::Status ForEachMember(JsonElement e,
                           const std::function<absl::Status(std::string_view, JsonElement)>& fn) {
  simdjson::dom::object obj;
  if (e.get_object().get(obj)) return Malformed("", "expected an object");
  for (auto member : obj) {
    if (member.value.is_null()) continue;
    RETURN_IF_ERROR(fn(member.key, member.value));
  }
  return absl::OkStatus();
}

absl::Status ForEachElement(JsonElement e, std::string_view name,
                            const std::function<absl::Status(JsonElement, int64_t)>& fn) {
  if (e.is_null()) return absl::OkStatus();
  simdjson::dom::array arr;
  if (e.get_array().get(arr)) return WrongType(name, "an array");
  int64_t i = 0;
  for (JsonElement item : arr) {
    if (!item.is_null()) {
      absl::Status st = fn(item, i);
      if (!st.ok()) return Nest(st, name, i);
    }
    ++i;
  }
  return absl::OkStatus();
}

absl::Status GetString(JsonElement e, std::string_view name, std::string_view* out) {
  if (e.get_string().get(*out)) return WrongType(name, "a string");
  return absl::OkStatus();
}

absl::Status ForEachChild(JsonElement e, FieldName name,
                          const std::function<absl::Status(JsonElement)>& fn) {
  return ForEachMember(e, [&](std::string_view key, JsonElement v) -> absl::Status {
    if (!KeyIs(key, name.camel, name.snake)) return absl::OkStatus();
    return ForEachElement(v, name.camel, [&](JsonElement c, int64_t) { return fn(c); });
  });
}

absl::Status GetInt64(JsonElement e, std::string_view name, int64_t* out) {
  if (ToInteger(e, out)) return absl::OkStatus();
  return WrongType(name, "a 64-bit integer (number or decimal string)");
}

absl::Status GetUint64(JsonElement e, std::string_view name, uint64_t* out) {
  if (ToInteger(e, out)) return absl::OkStatus();
  return WrongType(name, "an unsigned 64-bit integer (number or decimal string)");
}

absl::Status GetUint32(JsonElement e, std::string_view name, uint32_t* out) {
  uint64_t v = 0;
  RETURN_IF_ERROR(GetUint64(e, name, &v));
  if (v > std::numeric_limits<uint32_t>::max()) return WrongType(name, "a 32-bit unsigned integer");
  *out = static_cast<uint32_t>(v);
  return absl::OkStatus();
}

absl::Status GetDouble(JsonElement e, std::string_view name, double* out) {
  if (e.is_number()) {
    *out = e.get_double().value_unsafe();  // converts int64/uint64 too
    return absl::OkStatus();
  }
  std::string_view s;
  if (!e.get_string().get(s)) {
    if (s == "NaN") {
      *out = std::numeric_limits<double>::quiet_NaN();
      return absl::OkStatus();
    }
    if (s == "Infinity" || s == "-Infinity") {
      *out = s[0] == '-' ? -std::numeric_limits<double>::infinity()
                         : std::numeric_limits<double>::infinity();
      return absl::OkStatus();
    }
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
    if (ec == std::errc() && p == s.data() + s.size() && !s.empty()) return absl::OkStatus();
  }
  return WrongType(name, "a number");
}

absl::Status GetBool(JsonElement e, std::string_view name, bool* out) {
  if (e.get_bool().get(*out)) return WrongType(name, "a boolean");
  return absl::OkStatus();
}

absl::Status GetEnum(JsonElement e, std::string_view name, const std::string_view* names,
                     size_t n_names, int64_t* out) {
  std::string_view s;
  if (!e.get_string().get(s)) {
    for (size_t i = 0; i < n_names; ++i) {
      if (s == names[i]) {
        *out = static_cast<int64_t>(i);
        return absl::OkStatus();
      }
    }
    if (ParseDecimal(s, out)) return absl::OkStatus();
    return Malformed(name, fmt::format("unknown enum value \"{}\"", s));
  }
  return GetInt64(e, name, out);
}

template <size_t N>
absl::Status GetHexId(JsonElement e, std::string_view name, std::array<uint8_t, N>* id,
                      bool* present, bool* valid) {
  std::string_view s;
  RETURN_IF_ERROR(GetString(e, name, &s));
  *present = !s.empty();
  auto parsed = model::IdFromHex<N>(s);
  *valid = parsed.has_value();
  if (parsed) *id = *parsed;
  return absl::OkStatus();
}
template absl::Status GetHexId<16>(JsonElement, std::string_view, std::array<uint8_t, 16>*, bool*,
                                   bool*);
template absl::Status GetHexId<8>(JsonElement, std::string_view, std::array<uint8_t, 8>*, bool*,
                                  bool*);

// ---- JsonDecoder ----

absl::Status JsonDecoder::Parse(std::string_view body, JsonElement* root) {
  // The parser copies the body into padded storage when it sits too close
  // to a page end (realloc_if_needed).
  auto error = parser_.parse(body.data(), body.size(), true).get(*root);
  if (error)
    return Malformed("", fmt::format("malformed JSON: {}", simdjson::error_message(error)));
  return absl::OkStatus();
}

absl::Status JsonDecoder::ParseAnyValue(JsonElement e, ParsedAny* out) {
  using model::ValueKind;
  return ForEachMember(e, [&](std::string_view key, JsonElement v) -> absl::Status {
    if (KeyIs(key, "stringValue", "string_value")) {
      std::string_view s;
      RETURN_IF_ERROR(GetString(v, key, &s));
      out->scalar = model::Value::String(s);
    } else if (KeyIs(key, "boolValue", "bool_value")) {
      bool b;
      RETURN_IF_ERROR(GetBool(v, key, &b));
      out->scalar = model::Value::Bool(b);
    } else if (KeyIs(key, "intValue", "int_value")) {
      int64_t i;
      RETURN_IF_ERROR(GetInt64(v, key, &i));
      out->scalar = model::Value::Int(i);
    } else if (KeyIs(key, "doubleValue", "double_value")) {
      double d;
      RETURN_IF_ERROR(GetDouble(v, key, &d));
      out->scalar = model::Value::Double(d);
    } else if (KeyIs(key, "bytesValue", "bytes_value")) {
      std::string_view s;
      RETURN_IF_ERROR(GetString(v, key, &s));
      auto bytes = DecodeBase64(s);
      if (!bytes) return Malformed(key, "invalid base64");
      out->bytes = std::move(*bytes);
      out->scalar = model::Value::Bytes({});
    } else if (KeyIs(key, "arrayValue", "array_value") ||
               KeyIs(key, "kvlistValue", "kvlist_value")) {
      if (v.type() != element_type::OBJECT) return WrongType(key, "an object");
      out->scalar = key[0] == 'a' ? model::Value::Array({}) : model::Value::Kvlist({});
      out->sub = v;
    } else {
      return absl::OkStatus();  // unknown key
    }
    out->kind = static_cast<int>(out->scalar.kind);
    return absl::OkStatus();
  });
}

absl::Status JsonDecoder::DecodeValue(JsonElement e, model::Value* out) {
  using model::ValueKind;
  ParsedAny any;
  RETURN_IF_ERROR(ParseAnyValue(e, &any));
  ValueKind kind = static_cast<ValueKind>(any.kind);
  if (kind == ValueKind::kArray || kind == ValueKind::kKvlist) {
    if (options_.max_depth < 2) return Malformed("", "AnyValue nesting too deep");
    scratch_.clear();
    RETURN_IF_ERROR(kind == ValueKind::kArray ? WriteArrayJson(any.sub, 2, &scratch_)
                                              : WriteKvlistJson(any.sub, 2, &scratch_));
    std::string_view json = Copy(scratch_);
    *out = kind == ValueKind::kArray ? model::Value::Array(json) : model::Value::Kvlist(json);
    return absl::OkStatus();
  }
  *out = any.scalar;
  if (kind == ValueKind::kBytes) out->str = Copy(any.bytes);
  if (kind == ValueKind::kString) {
    std::string_view s = out->str;
    if (s.size() > options_.max_value_bytes) {
      s = TruncateUtf8(s, options_.max_value_bytes);
      ++result_.truncated_values;
    }
    out->str = Copy(s);
  }
  return absl::OkStatus();
}

absl::Status JsonDecoder::WriteNested(const ParsedAny& any, int depth, std::string* out) {
  using model::ValueKind;
  ValueKind kind = static_cast<ValueKind>(any.kind);
  if (kind == ValueKind::kArray || kind == ValueKind::kKvlist) {
    if (depth + 1 > options_.max_depth) {
      return Malformed("", fmt::format("AnyValue nesting deeper than {}", options_.max_depth));
    }
    out->append(kind == ValueKind::kArray ? "{\"arrayValue\":" : "{\"kvlistValue\":");
    RETURN_IF_ERROR(kind == ValueKind::kArray ? WriteArrayJson(any.sub, depth + 1, out)
                                              : WriteKvlistJson(any.sub, depth + 1, out));
    out->push_back('}');
    return absl::OkStatus();
  }
  model::Value v = any.scalar;
  if (kind == ValueKind::kBytes) v.str = any.bytes;
  model::AppendAnyValueJson(out, v);
  return absl::OkStatus();
}

absl::Status JsonDecoder::WriteArrayJson(JsonElement e, int depth, std::string* out) {
  out->append("{\"values\":[");
  bool first = true;
  absl::Status st = ForEachMember(e, [&](std::string_view key, JsonElement v) -> absl::Status {
    if (key != "values") return absl::OkStatus();
    return ForEachElement(v, "values", [&](JsonElement item, int64_t) -> absl::Status {
      ParsedAny any;
      RETURN_IF_ERROR(ParseAnyValue(item, &any));
      if (!first) out->push_back(',');
      first = false;
      return WriteNested(any, depth, out);
    });
  });
  if (!st.ok()) return Nest(st, "arrayValue", -1);
  out->append("]}");
  return absl::OkStatus();
}

absl::Status JsonDecoder::WriteKvlistJson(JsonElement e, int depth, std::string* out) {
  out->append("{\"values\":[");
  bool first = true;
  absl::Status st = ForEachMember(e, [&](std::string_view key, JsonElement v) -> absl::Status {
    if (key != "values") return absl::OkStatus();
    return ForEachElement(v, "values", [&](JsonElement item, int64_t) -> absl::Status {
      std::string_view k;
      ParsedAny any;
      RETURN_IF_ERROR(ForEachMember(item, [&](std::string_view f, JsonElement fv) -> absl::Status {
        if (f == "key") return GetString(fv, "key", &k);
        if (f == "value") {
          absl::Status s = ParseAnyValue(fv, &any);
          return s.ok() ? s : Nest(s, "value", -1);
        }
        return absl::OkStatus();
      }));
      if (!first) out->push_back(',');
      first = false;
      out->append("{\"key\":");
      core::AppendJsonString(out, k);
      out->append(",\"value\":");
      RETURN_IF_ERROR(WriteNested(any, depth, out));
      out->push_back('}');
      return absl::OkStatus();
    });
  });
  if (!st.ok()) return Nest(st, "kvlistValue", -1);
  out->append("]}");
  return absl::OkStatus();
}

absl::Status JsonDecoder::AppendAttributes(JsonElement e, model::Range* range) {
  return ForEachElement(e, "attributes", [&](JsonElement kv, int64_t) -> absl::Status {
    model::Attribute attr;
    RETURN_IF_ERROR(ForEachMember(kv, [&](std::string_view key, JsonElement v) -> absl::Status {
      if (key == "key") {
        std::string_view k;
        RETURN_IF_ERROR(GetString(v, "key", &k));
        attr.key = Copy(k);
      } else if (key == "value") {
        absl::Status st = DecodeValue(v, &attr.value);
        if (!st.ok()) return Nest(st, "value", -1);
      }
      return absl::OkStatus();
    }));
    AppendToRange(&batch_->attributes, attr, range);
    return absl::OkStatus();
  });
}

absl::Status JsonDecoder::DecodeResource(JsonElement e, uint32_t index) {
  return ForEachMember(e, [&](std::string_view key, JsonElement v) -> absl::Status {
    model::Resource& r = batch_->resources[index];
    if (key == "attributes") return AppendAttributes(v, &r.attributes);
    if (KeyIs(key, "droppedAttributesCount", "dropped_attributes_count")) {
      return GetUint32(v, key, &r.dropped_attributes_count);
    }
    return absl::OkStatus();
  });
}

absl::Status JsonDecoder::DecodeScope(JsonElement e, uint32_t index) {
  return ForEachMember(e, [&](std::string_view key, JsonElement v) -> absl::Status {
    model::Scope& s = batch_->scopes[index];
    std::string_view text;
    if (key == "name" || key == "version") {
      RETURN_IF_ERROR(GetString(v, key, &text));
      (key == "name" ? s.name : s.version) = Copy(text);
    } else if (key == "attributes") {
      return AppendAttributes(v, &s.attributes);
    } else if (KeyIs(key, "droppedAttributesCount", "dropped_attributes_count")) {
      return GetUint32(v, key, &s.dropped_attributes_count);
    }
    return absl::OkStatus();
  });
}

// ---- The request envelope ----

absl::Status JsonDecoder::DecodeRequest(JsonElement root, const Envelope& envelope) {
  return ForEachChild(root, envelope.resource_items,
                      [&](JsonElement e) { return DecodeResourceItems(e, envelope); });
}

absl::Status JsonDecoder::DecodeEnvelopeFields(
    JsonElement e, std::string_view own, std::string_view* schema_url,
    const std::function<absl::Status(JsonElement)>& decode_own) {
  return ForEachMember(e, [&](std::string_view key, JsonElement v) -> absl::Status {
    if (key == own) {
      absl::Status st = decode_own(v);
      return st.ok() ? st : Nest(st, own, -1);
    }
    if (KeyIs(key, "schemaUrl", "schema_url")) {
      std::string_view s;
      RETURN_IF_ERROR(GetString(v, key, &s));
      *schema_url = Copy(s);
    }
    return absl::OkStatus();
  });
}

absl::Status JsonDecoder::DecodeResourceItems(JsonElement e, const Envelope& envelope) {
  uint32_t index = static_cast<uint32_t>(batch_->resources.size());
  batch_->resources.emplace_back();
  std::string_view schema_url;
  RETURN_IF_ERROR(DecodeEnvelopeFields(e, "resource", &schema_url,
                                       [&](JsonElement v) { return DecodeResource(v, index); }));
  batch_->resources[index].schema_url = schema_url;
  SetDatasets(*batch_, &batch_->resources[index]);
  return ForEachChild(e, envelope.scope_items,
                      [&](JsonElement v) { return DecodeScopeItems(v, index, envelope); });
}

absl::Status JsonDecoder::DecodeScopeItems(JsonElement e, uint32_t resource,
                                           const Envelope& envelope) {
  uint32_t index = static_cast<uint32_t>(batch_->scopes.size());
  batch_->scopes.emplace_back();
  std::string_view schema_url;
  RETURN_IF_ERROR(DecodeEnvelopeFields(e, "scope", &schema_url,
                                       [&](JsonElement v) { return DecodeScope(v, index); }));
  batch_->scopes[index].schema_url = schema_url;
  return ForEachChild(e, envelope.items,
                      [&](JsonElement v) { return DecodeItem(v, resource, index); });
}

}  // namespace waggle::ingest::otlp::internal
