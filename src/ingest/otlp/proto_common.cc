#include "ingest/otlp/proto_common.h"

#include <fmt/format.h>

#include <cstring>

#include "core/json_writer.h"
#include "ingest/otlp/any_value_json.h"
#include "model/value_json.h"
#include "model/datasets.h"

namespace waggle::ingest::otlp::internal {

// ---- Errors ----

namespace {

std::string_view View(absl::string_view s) { return {s.data(), s.size()}; }

}  // namespace

absl::Status Malformed(std::string_view field, std::string_view why) {
  if (field.empty()) return absl::InvalidArgumentError(fmt::format(": {}", why));
  return absl::InvalidArgumentError(fmt::format("{}: {}", field, why));
}

absl::Status SkipFailed(uint32_t field, const WireReader& r) {
  return Malformed(fmt::format("field {}", field), r.error());
}

absl::Status Nest(const absl::Status& s, std::string_view name, int64_t index) {
  std::string_view msg = View(s.message());
  std::string_view sep = msg.starts_with(':') ? "" : ".";
  if (index < 0) return absl::InvalidArgumentError(fmt::format("{}{}{}", name, sep, msg));
  return absl::InvalidArgumentError(fmt::format("{}[{}]{}{}", name, index, sep, msg));
}

absl::Status TopLevel(const absl::Status& s, std::string_view request) {
  std::string_view msg = View(s.message());
  std::string_view sep = msg.starts_with(':') ? "" : ": ";
  return absl::InvalidArgumentError(fmt::format("invalid {}{}{}", request, sep, msg));
}

// ---- Helpers ----

void SetDatasets(const model::EventBatch& batch, model::Resource* resource) {
  std::string_view service;
  for (uint32_t i = resource->attributes.begin; i < resource->attributes.end; ++i) {
    const model::Attribute& a = batch.attributes[i];
    if (a.key == "service.name" && a.value.kind == model::ValueKind::kString) service = a.value.str;
  }
  resource->span_dataset = model::SpanDatasetFor(service);
  resource->log_dataset = model::LogDatasetFor(service);
}

void RelocateRange(std::vector<model::Attribute>* attributes, model::Range* range) {
  // Something else was appended after this range. The decoders defer child
  // messages so this only happens on odd input (e.g. duplicate keys in JSON).
  uint32_t size = static_cast<uint32_t>(attributes->size());
  for (uint32_t i = range->begin; i < range->end; ++i) {
    model::Attribute copy = (*attributes)[i];
    attributes->push_back(copy);
  }
  range->begin = size;
  range->end = static_cast<uint32_t>(attributes->size());
}

void Reject(DecodeResult* result, std::string_view reason) {
  ++result->rejected;
  if (result->error_message.empty()) result->error_message = std::string(reason);
}

// ---- AnyValue and KeyValue ----

absl::Status ProtoDecoder::ParseAnyValue(std::string_view msg, ParsedAny* out) {
  WireReader r(msg);
  while (!r.done()) {
    uint32_t field;
    WireType wt;
    if (!r.ReadTag(&field, &wt)) return Malformed("", r.error());
    uint64_t v;
    std::string_view s;
    if (wt == WireType::kLen && (field == 1 || field == 5 || field == 6 || field == 7)) {
      if (!r.ReadLen(&s)) return Malformed(field == 1 ? "string_value" : "value", r.error());
      out->field = field;
      if (field == 1) out->scalar = model::Value::String(s);
      if (field == 7) out->scalar = model::Value::Bytes(s);
      out->sub = s;
    } else if (wt == WireType::kVarint && (field == 2 || field == 3)) {
      if (!r.ReadVarint(&v)) return Malformed(field == 2 ? "bool_value" : "int_value", r.error());
      out->field = field;
      out->scalar =
          field == 2 ? model::Value::Bool(v != 0) : model::Value::Int(static_cast<int64_t>(v));
    } else if (wt == WireType::kI64 && field == 4) {
      if (!r.ReadFixed64(&v)) return Malformed("double_value", r.error());
      double d;
      std::memcpy(&d, &v, 8);
      out->field = field;
      out->scalar = model::Value::Double(d);
    } else if (!r.Skip(wt)) {  // unknown, string_value_strindex, or odd wire type
      return SkipFailed(field, r);
    }
  }
  return absl::OkStatus();
}

absl::Status ProtoDecoder::DecodeValue(std::string_view msg, model::Value* out) {
  ParsedAny any;
  RETURN_IF_ERROR(ParseAnyValue(msg, &any));
  if (any.field == 5 || any.field == 6) {
    if (options_.max_depth < 2) return Malformed("", "AnyValue nesting too deep");
    scratch_.clear();
    RETURN_IF_ERROR(any.field == 5 ? WriteArrayJson(any.sub, 2, &scratch_)
                                   : WriteKvlistJson(any.sub, 2, &scratch_));
    std::string_view json = batch_->arena.Copy(scratch_);
    *out = any.field == 5 ? model::Value::Array(json) : model::Value::Kvlist(json);
    return absl::OkStatus();
  }
  *out = any.scalar;
  if (out->kind == model::ValueKind::kString && out->str.size() > options_.max_value_bytes) {
    out->str = TruncateUtf8(out->str, options_.max_value_bytes);
    ++result_.truncated_values;
  }
  return absl::OkStatus();
}

absl::Status ProtoDecoder::WriteNested(const ParsedAny& any, int depth, std::string* out) {
  if (any.field == 5 || any.field == 6) {
    if (depth + 1 > options_.max_depth) {
      return Malformed("", fmt::format("AnyValue nesting deeper than {}", options_.max_depth));
    }
    out->append(any.field == 5 ? "{\"arrayValue\":" : "{\"kvlistValue\":");
    RETURN_IF_ERROR(any.field == 5 ? WriteArrayJson(any.sub, depth + 1, out)
                                   : WriteKvlistJson(any.sub, depth + 1, out));
    out->push_back('}');
    return absl::OkStatus();
  }
  model::AppendAnyValueJson(out, any.scalar);
  return absl::OkStatus();
}

absl::Status ProtoDecoder::WriteAnyValueJson(std::string_view msg, int depth, std::string* out) {
  ParsedAny any;
  RETURN_IF_ERROR(ParseAnyValue(msg, &any));
  return WriteNested(any, depth, out);
}

absl::Status ProtoDecoder::WriteArrayJson(std::string_view msg, int depth, std::string* out) {
  out->append("{\"values\":[");
  WireReader r(msg);
  int64_t n = 0;
  while (!r.done()) {
    uint32_t field;
    WireType wt;
    if (!r.ReadTag(&field, &wt)) return Nest(Malformed("", r.error()), "array_value", -1);
    if (field == 1 && wt == WireType::kLen) {
      std::string_view s;
      if (!r.ReadLen(&s)) return Nest(Malformed("values", r.error()), "array_value", -1);
      if (n > 0) out->push_back(',');
      absl::Status st = WriteAnyValueJson(s, depth, out);
      if (!st.ok()) return Nest(Nest(st, "values", n), "array_value", -1);
      ++n;
    } else if (!r.Skip(wt)) {
      return Nest(SkipFailed(field, r), "array_value", -1);
    }
  }
  out->append("]}");
  return absl::OkStatus();
}

absl::Status ProtoDecoder::WriteKvlistJson(std::string_view msg, int depth, std::string* out) {
  out->append("{\"values\":[");
  WireReader r(msg);
  int64_t n = 0;
  while (!r.done()) {
    uint32_t field;
    WireType wt;
    if (!r.ReadTag(&field, &wt)) return Nest(Malformed("", r.error()), "kvlist_value", -1);
    if (field != 1 || wt != WireType::kLen) {
      if (!r.Skip(wt)) return Nest(SkipFailed(field, r), "kvlist_value", -1);
      continue;
    }
    std::string_view kv;
    if (!r.ReadLen(&kv)) return Nest(Malformed("values", r.error()), "kvlist_value", -1);
    // KeyValue: 1 key, 2 value.
    std::string_view key;
    ParsedAny value;
    WireReader k(kv);
    absl::Status st;
    while (st.ok() && !k.done()) {
      uint32_t f;
      WireType t;
      if (!k.ReadTag(&f, &t)) {
        st = Malformed("", k.error());
      } else if (f == 1 && t == WireType::kLen) {
        if (!k.ReadLen(&key)) st = Malformed("key", k.error());
      } else if (f == 2 && t == WireType::kLen) {
        std::string_view v;
        if (!k.ReadLen(&v)) {
          st = Malformed("value", k.error());
        } else {
          value = ParsedAny();
          st = ParseAnyValue(v, &value);
          if (!st.ok()) st = Nest(st, "value", -1);
        }
      } else if (!k.Skip(t)) {
        st = SkipFailed(f, k);
      }
    }
    if (n > 0) out->push_back(',');
    out->append("{\"key\":");
    core::AppendJsonString(out, key);
    out->append(",\"value\":");
    if (st.ok()) st = WriteNested(value, depth, out);
    if (!st.ok()) return Nest(Nest(st, "values", n), "kvlist_value", -1);
    out->push_back('}');
    ++n;
  }
  out->append("]}");
  return absl::OkStatus();
}

absl::Status ProtoDecoder::AppendKeyValue(std::string_view msg, model::Range* range) {
  model::Attribute attr;
  WireReader r(msg);
  while (!r.done()) {
    uint32_t field;
    WireType wt;
    if (!r.ReadTag(&field, &wt)) return Malformed("", r.error());
    if (field == 1 && wt == WireType::kLen) {
      if (!r.ReadLen(&attr.key)) return Malformed("key", r.error());
    } else if (field == 2 && wt == WireType::kLen) {
      std::string_view v;
      if (!r.ReadLen(&v)) return Malformed("value", r.error());
      if (!DecodeScalarFast(v, &attr.value)) {
        absl::Status st = DecodeValue(v, &attr.value);
        if (!st.ok()) return Nest(st, "value", -1);
      }
    } else if (!r.Skip(wt)) {
      return SkipFailed(field, r);
    }
  }
  PrepareAppend(&batch_->attributes, range);
  batch_->attributes.push_back(attr);
  range->end = static_cast<uint32_t>(batch_->attributes.size());
  return absl::OkStatus();
}

// ---- Resource and InstrumentationScope ----

absl::Status ProtoDecoder::DecodeResource(std::string_view msg, uint32_t index) {
  WireReader r(msg);
  int64_t n = 0;
  while (!r.done()) {
    uint32_t field;
    WireType wt;
    if (!r.ReadTag(&field, &wt)) return Malformed("", r.error());
    uint64_t v;
    if (field == 1 && wt == WireType::kLen) {
      std::string_view kv;
      if (!r.ReadLen(&kv)) return Malformed("attributes", r.error());
      absl::Status st = AppendKeyValue(kv, &batch_->resources[index].attributes);
      if (!st.ok()) return Nest(st, "attributes", n);
      ++n;
    } else if (field == 2 && wt == WireType::kVarint) {
      if (!r.ReadVarint(&v)) return Malformed("dropped_attributes_count", r.error());
      batch_->resources[index].dropped_attributes_count = static_cast<uint32_t>(v);
    } else if (!r.Skip(wt)) {
      return SkipFailed(field, r);
    }
  }
  return absl::OkStatus();
}

absl::Status ProtoDecoder::DecodeScope(std::string_view msg, uint32_t index) {
  WireReader r(msg);
  int64_t n = 0;
  while (!r.done()) {
    uint32_t field;
    WireType wt;
    if (!r.ReadTag(&field, &wt)) return Malformed("", r.error());
    model::Scope& scope = batch_->scopes[index];
    uint64_t v;
    if (field == 1 && wt == WireType::kLen) {
      if (!r.ReadLen(&scope.name)) return Malformed("name", r.error());
    } else if (field == 2 && wt == WireType::kLen) {
      if (!r.ReadLen(&scope.version)) return Malformed("version", r.error());
    } else if (field == 3 && wt == WireType::kLen) {
      std::string_view kv;
      if (!r.ReadLen(&kv)) return Malformed("attributes", r.error());
      absl::Status st = AppendKeyValue(kv, &scope.attributes);
      if (!st.ok()) return Nest(st, "attributes", n);
      ++n;
    } else if (field == 4 && wt == WireType::kVarint) {
      if (!r.ReadVarint(&v)) return Malformed("dropped_attributes_count", r.error());
      scope.dropped_attributes_count = static_cast<uint32_t>(v);
    } else if (!r.Skip(wt)) {
      return SkipFailed(field, r);
    }
  }
  return absl::OkStatus();
}

}  // namespace waggle::ingest::otlp::internal
