#include "ingest/otlp/proto_common.h"

#include <fmt/format.h>

#include <cstring>

#include "core/json_writer.h"
#include "ingest/otlp/any_value_json.h"
#include "model/datasets.h"
#include "model/value_json.h"

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

void Reject(DecodeResult* result, std::string_view reason) {
  ++result->rejected;
  if (result->error_message.empty()) result->error_message = std::string(reason);
}

void SpanMark::Reject(model::EventBatch* b, DecodeResult* result, std::string_view reason) const {
  b->attributes.resize(attributes);
  b->span_events.resize(events);
  b->span_links.resize(links);
  internal::Reject(result, reason);
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
    RETURN_IF_ERROR(WriteListJson(any.sub, any.field == 6, 2, &scratch_));
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
    RETURN_IF_ERROR(WriteListJson(any.sub, any.field == 6, depth + 1, out));
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

absl::Status ProtoDecoder::WriteListJson(std::string_view msg, bool kvlist, int depth,
                                         std::string* out) {
  out->append("{\"values\":[");
  bool first = true;
  absl::Status st = ForEachLen(msg, 1, "values", [&](std::string_view item) {
    if (!first) out->push_back(',');
    first = false;
    return kvlist ? WriteKeyValueJson(item, depth, out) : WriteAnyValueJson(item, depth, out);
  });
  if (!st.ok()) return Nest(st, kvlist ? "kvlist_value" : "array_value", -1);
  out->append("]}");
  return absl::OkStatus();
}

absl::Status ProtoDecoder::ParseKeyValue(std::string_view msg, std::string_view* key,
                                         ParsedAny* value) {
  WireReader r(msg);
  while (!r.done()) {
    uint32_t field;
    WireType wt;
    if (!r.ReadTag(&field, &wt)) return Malformed("", r.error());
    if (field == 1 && wt == WireType::kLen) {
      if (!r.ReadLen(key)) return Malformed("key", r.error());
    } else if (field == 2 && wt == WireType::kLen) {
      std::string_view v;
      if (!r.ReadLen(&v)) return Malformed("value", r.error());
      *value = ParsedAny();
      absl::Status st = ParseAnyValue(v, value);
      if (!st.ok()) return Nest(st, "value", -1);
    } else if (!r.Skip(wt)) {
      return SkipFailed(field, r);
    }
  }
  return absl::OkStatus();
}

absl::Status ProtoDecoder::WriteKeyValueJson(std::string_view msg, int depth, std::string* out) {
  std::string_view key;
  ParsedAny value;
  RETURN_IF_ERROR(ParseKeyValue(msg, &key, &value));
  out->append("{\"key\":");
  core::AppendJsonString(out, key);
  out->append(",\"value\":");
  RETURN_IF_ERROR(WriteNested(value, depth, out));
  out->push_back('}');
  return absl::OkStatus();
}

absl::Status ProtoDecoder::AppendKeyValue(std::string_view msg, model::Range* range) {
  model::Attribute attr;
  if (DecodeKeyValueFast(msg, &attr)) [[likely]] {
    AppendToRange(&batch_->attributes, attr, range);
    return absl::OkStatus();
  }
  attr = model::Attribute();
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
  AppendToRange(&batch_->attributes, attr, range);
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
      RETURN_IF_ERROR(AppendAttribute(kv, &batch_->resources[index].attributes, &n));
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
      RETURN_IF_ERROR(AppendAttribute(kv, &scope.attributes, &n));
    } else if (field == 4 && wt == WireType::kVarint) {
      if (!r.ReadVarint(&v)) return Malformed("dropped_attributes_count", r.error());
      scope.dropped_attributes_count = static_cast<uint32_t>(v);
    } else if (!r.Skip(wt)) {
      return SkipFailed(field, r);
    }
  }
  return absl::OkStatus();
}

// ---- The request envelope ----

template <typename Own>
absl::Status ProtoDecoder::WalkEnvelope(std::string_view msg, std::string_view own,
                                        std::string_view children, std::string_view* schema_url,
                                        Own decode_own) {
  WireReader r(msg);
  while (!r.done()) {
    uint32_t field;
    WireType wt;
    if (!r.ReadTag(&field, &wt)) return Malformed("", r.error());
    std::string_view s;
    if (wt == WireType::kLen && field >= 1 && field <= 3) {
      if (!r.ReadLen(&s)) return Malformed(field == 1 ? own : children, r.error());
      if (field == 1) {
        absl::Status st = decode_own(s);
        if (!st.ok()) return Nest(st, own, -1);
      } else if (field == 2) {
        deferred_.push_back({field, s});
      } else {
        *schema_url = s;
      }
    } else if (!r.Skip(wt)) {
      return SkipFailed(field, r);
    }
  }
  return absl::OkStatus();
}

template <typename Decode>
absl::Status ProtoDecoder::DrainDeferred(size_t first, std::string_view name, Decode decode) {
  size_t last = deferred_.size();
  for (size_t i = first; i < last; ++i) {
    absl::Status st = decode(deferred_[i].bytes);
    if (!st.ok()) return Nest(st, name, static_cast<int64_t>(i - first));
  }
  deferred_.resize(first);
  return absl::OkStatus();
}

absl::Status ProtoDecoder::DecodeRequest(std::string_view body, const Envelope& envelope) {
  return ForEachLen(body, 1, envelope.resource_items.snake,
                    [&](std::string_view msg) { return DecodeResourceItems(msg, envelope); });
}

absl::Status ProtoDecoder::DecodeResourceItems(std::string_view msg, const Envelope& envelope) {
  uint32_t index = static_cast<uint32_t>(batch_->resources.size());
  batch_->resources.emplace_back();
  size_t first = deferred_.size();
  std::string_view schema_url;
  RETURN_IF_ERROR(WalkEnvelope(msg, "resource", envelope.scope_items.snake, &schema_url,
                               [&](std::string_view s) { return DecodeResource(s, index); }));
  batch_->resources[index].schema_url = schema_url;
  SetDatasets(*batch_, &batch_->resources[index]);
  return DrainDeferred(first, envelope.scope_items.snake,
                       [&](std::string_view s) { return DecodeScopeItems(s, index, envelope); });
}

absl::Status ProtoDecoder::DecodeScopeItems(std::string_view msg, uint32_t resource,
                                            const Envelope& envelope) {
  uint32_t index = static_cast<uint32_t>(batch_->scopes.size());
  batch_->scopes.emplace_back();
  size_t first = deferred_.size();
  std::string_view schema_url;
  RETURN_IF_ERROR(WalkEnvelope(msg, "scope", envelope.items.snake, &schema_url,
                               [&](std::string_view s) { return DecodeScope(s, index); }));
  batch_->scopes[index].schema_url = schema_url;
  return DrainDeferred(first, envelope.items.snake,
                       [&](std::string_view s) { return DecodeItem(s, resource, index); });
}

}  // namespace waggle::ingest::otlp::internal
