// Internal to ingest/otlp: the parts of the protobuf decoders shared by
// traces and logs (KeyValue, AnyValue, Resource, InstrumentationScope) and
// the field-path error helpers. Not part of the public API.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "ingest/otlp/decode.h"
#include "ingest/otlp/wire.h"
#include "model/event_batch.h"

namespace waggle::ingest::otlp::internal {

// InvalidArgument "<field>: <why>" (or ": <why>" when field is empty); Nest
// and TopLevel turn these into "a[1].b[2].field: why" paths.
absl::Status Malformed(std::string_view field, std::string_view why);
// Malformed for a field of number `field` that could not be skipped.
absl::Status SkipFailed(uint32_t field, const WireReader& r);
// Prefixes `s` with the repeated field `name` and its `index` (-1: singular).
absl::Status Nest(const absl::Status& s, std::string_view name, int64_t index);
// Final message: "invalid <request>: <path>: <why>".
absl::Status TopLevel(const absl::Status& s, std::string_view request);

// Sets a Resource's datasets from its service.name string attribute.
void SetDatasets(const model::EventBatch& batch, model::Resource* resource);

// Appends `item` to `items` as the new last element of `range` (empty, or
// ending at items->size(); otherwise MoveRangeToEnd first moves its
// elements to the end, which only odd input such as duplicate JSON keys
// causes).
template <typename T>
[[gnu::noinline]] void MoveRangeToEnd(std::vector<T>* items, model::Range* range) {
  uint32_t size = static_cast<uint32_t>(items->size());
  for (uint32_t i = range->begin; i < range->end; ++i) {
    T copy = (*items)[i];
    items->push_back(copy);
  }
  range->begin = size;
  range->end = static_cast<uint32_t>(items->size());
}
template <typename T>
inline void AppendToRange(std::vector<T>* items, const T& item, model::Range* range) {
  uint32_t size = static_cast<uint32_t>(items->size());
  if (range->empty()) {
    range->begin = size;
  } else if (range->end != size) [[unlikely]] {
    MoveRangeToEnd(items, range);
  }
  items->push_back(item);
  range->end = static_cast<uint32_t>(items->size());
}

// Records the first rejection reason and counts it.
void Reject(DecodeResult* result, std::string_view reason);

// The vector sizes before a span was decoded, so a rejected span's
// attributes, events and links can be dropped again.
struct SpanMark {
  explicit SpanMark(const model::EventBatch& b)
      : attributes(b.attributes.size()), events(b.span_events.size()), links(b.span_links.size()) {}
  // Truncates the batch back to the mark and counts the rejection.
  void Reject(model::EventBatch* b, DecodeResult* result, std::string_view reason) const;
  size_t attributes, events, links;
};

// A repeated message field by its JSON names (lowerCamelCase and the
// snake_case the Collector also accepts; protobuf error paths use snake).
struct FieldName {
  std::string_view camel;
  std::string_view snake;
};
// The request envelope of one signal: Export*ServiceRequest holds
// `resource_items` (Resource + `scope_items`), each ScopeX holds
// InstrumentationScope + `items`. Traces and logs differ only here and in
// their item decoders.
struct Envelope {
  std::string_view request;  // message name for errors
  FieldName resource_items;
  FieldName scope_items;
  FieldName items;
};
inline constexpr Envelope kTracesEnvelope = {"ExportTraceServiceRequest",
                                             {"resourceSpans", "resource_spans"},
                                             {"scopeSpans", "scope_spans"},
                                             {"spans", "spans"}};
inline constexpr Envelope kLogsEnvelope = {"ExportLogsServiceRequest",
                                           {"resourceLogs", "resource_logs"},
                                           {"scopeLogs", "scope_logs"},
                                           {"logRecords", "log_records"}};

// Calls `child(bytes)` for every LEN field number `field` of `msg` (errors
// nested under name[i]) and checks that every other field is well formed.
template <typename Child>
absl::Status ForEachLen(std::string_view msg, uint32_t field, std::string_view name, Child child) {
  WireReader r(msg);
  int64_t n = 0;
  while (!r.done()) {
    uint32_t f;
    WireType wt;
    if (!r.ReadTag(&f, &wt)) return Malformed("", r.error());
    if (f == field && wt == WireType::kLen) {
      std::string_view s;
      if (!r.ReadLen(&s)) return Malformed(name, r.error());
      absl::Status st = child(s);
      if (!st.ok()) return Nest(st, name, n);
      ++n;
    } else if (!r.Skip(wt)) {
      return SkipFailed(f, r);
    }
  }
  return absl::OkStatus();
}

// A sub-message whose decoding waits until its parent's own fields are done,
// so that each parent's attributes stay one contiguous Range.
struct Deferred {
  uint32_t field;
  std::string_view bytes;
};

// Shared state of one protobuf decode call, and the request envelope walk
// shared by traces and logs: subclasses supply DecodeItem. Not thread-safe.
class ProtoDecoder {
 public:
  ProtoDecoder(model::EventBatch* batch, const DecodeOptions& options)
      : batch_(batch), options_(options) {}
  virtual ~ProtoDecoder() = default;

  // Decodes an Export*ServiceRequest shaped like `envelope`, calling
  // DecodeItem for every span/log record after its resource and scope.
  absl::Status DecodeRequest(std::string_view body, const Envelope& envelope);
  // Decodes one KeyValue message and appends it to batch attributes,
  // extending `range` (which must be empty or end at attributes.size()).
  absl::Status AppendKeyValue(std::string_view msg, model::Range* range);
  // AppendKeyValue for the `*n`-th attributes field of a message: errors
  // are nested under attributes[*n]; increments *n.
  absl::Status AppendAttribute(std::string_view msg, model::Range* range, int64_t* n);
  // Decodes a top-level AnyValue (an attribute value or a log body).
  absl::Status DecodeValue(std::string_view msg, model::Value* out);
  // Decodes a Resource into batch->resources[index] (merging if repeated).
  absl::Status DecodeResource(std::string_view msg, uint32_t index);
  // Decodes an InstrumentationScope into batch->scopes[index].
  absl::Status DecodeScope(std::string_view msg, uint32_t index);

  DecodeResult& result() { return result_; }
  model::EventBatch* batch() { return batch_; }
  std::vector<Deferred>& deferred() { return deferred_; }

 protected:
  // Decodes one item (Span or LogRecord) of resource/scope index `resource`
  // and `scope` into the batch (or rejects it into result()).
  virtual absl::Status DecodeItem(std::string_view msg, uint32_t resource, uint32_t scope) = 0;

 private:
  struct ParsedAny {
    uint32_t field = 0;  // the oneof member seen last; 0 = none
    model::Value scalar;
    std::string_view sub;  // array_value / kvlist_value bytes
  };
  absl::Status DecodeResourceItems(std::string_view msg, const Envelope& envelope);
  absl::Status DecodeScopeItems(std::string_view msg, uint32_t resource, const Envelope& envelope);
  // Walks a ResourceX/ScopeX message: field 1 (named `own`) is decoded at
  // once by `decode_own`, field 2 (`children`) goes to deferred(), field 3
  // is the schema_url.
  template <typename Own>
  absl::Status WalkEnvelope(std::string_view msg, std::string_view own, std::string_view children,
                            std::string_view* schema_url, Own decode_own);
  // Calls `decode(bytes)` for deferred()[first..] (errors nested under
  // name[i]) and then drops them.
  template <typename Decode>
  absl::Status DrainDeferred(size_t first, std::string_view name, Decode decode);

  // Fast path for the common AnyValue holding exactly one scalar field
  // that needs no truncation; false means "use DecodeValue".
  bool DecodeScalarFast(std::string_view msg, model::Value* out) const;
  // Fast path for the usual KeyValue: exactly {1: key, 2: AnyValue} with
  // one-byte lengths and a DecodeScalarFast value; false means "use the
  // generic field loop" (which then decodes `msg` from scratch).
  bool DecodeKeyValueFast(std::string_view msg, model::Attribute* out) const;
  absl::Status ParseAnyValue(std::string_view msg, ParsedAny* out);
  absl::Status ParseKeyValue(std::string_view msg, std::string_view* key, ParsedAny* value);
  absl::Status WriteAnyValueJson(std::string_view msg, int depth, std::string* out);
  absl::Status WriteKeyValueJson(std::string_view msg, int depth, std::string* out);
  // Writes an ArrayValue (kvlist false) or KeyValueList as {"values":[..]}.
  absl::Status WriteListJson(std::string_view msg, bool kvlist, int depth, std::string* out);
  absl::Status WriteNested(const ParsedAny& any, int depth, std::string* out);

  model::EventBatch* batch_;
  const DecodeOptions& options_;
  DecodeResult result_;
  std::vector<Deferred> deferred_;
  std::string scratch_;  // JSON of the array/kvlist being flattened
};

inline bool ProtoDecoder::DecodeScalarFast(std::string_view msg, model::Value* out) const {
  if (msg.empty()) {
    *out = model::Value();
    return true;
  }
  WireReader r(msg.substr(1));
  uint64_t v;
  std::string_view s;
  switch (static_cast<uint8_t>(msg[0])) {
    case 0x0A:  // string_value
      if (!r.ReadLen(&s) || !r.done() || s.size() > options_.max_value_bytes) return false;
      *out = model::Value::String(s);
      return true;
    case 0x10:  // bool_value
      if (!r.ReadVarint(&v) || !r.done()) return false;
      *out = model::Value::Bool(v != 0);
      return true;
    case 0x18:  // int_value
      if (!r.ReadVarint(&v) || !r.done()) return false;
      *out = model::Value::Int(static_cast<int64_t>(v));
      return true;
    case 0x21: {  // double_value
      if (msg.size() != 9) return false;
      double d;
      std::memcpy(&d, msg.data() + 1, 8);
      *out = model::Value::Double(d);
      return true;
    }
    case 0x3A:  // bytes_value
      if (!r.ReadLen(&s) || !r.done()) return false;
      *out = model::Value::Bytes(s);
      return true;
    default:
      return false;
  }
}

// Runs a ProtoDecoder subclass over a whole request: the body of the
// public Decode*Proto functions.
template <typename Decoder>
absl::StatusOr<DecodeResult> DecodeProto(std::string_view body, model::EventBatch* batch,
                                         const DecodeOptions& options, const Envelope& envelope) {
  Decoder decoder(batch, options);
  absl::Status st = decoder.DecodeRequest(body, envelope);
  if (!st.ok()) return TopLevel(st, envelope.request);
  return std::move(decoder.result());
}

inline absl::Status ProtoDecoder::AppendAttribute(std::string_view msg, model::Range* range,
                                                  int64_t* n) {
  absl::Status st = AppendKeyValue(msg, range);
  if (!st.ok()) [[unlikely]]
    return Nest(st, "attributes", *n);
  ++*n;
  return absl::OkStatus();
}

inline bool ProtoDecoder::DecodeKeyValueFast(std::string_view msg, model::Attribute* out) const {
  const auto* p = reinterpret_cast<const uint8_t*>(msg.data());
  size_t size = msg.size();
  // 0x0A = field 1 LEN, 0x12 = field 2 LEN; lengths < 0x80 are one byte.
  if (size < 4 || p[0] != 0x0A || p[1] >= 0x80) return false;
  size_t value_tag = 2 + size_t{p[1]};
  if (value_tag + 2 > size || p[value_tag] != 0x12 || p[value_tag + 1] >= 0x80) return false;
  if (value_tag + 2 + p[value_tag + 1] != size) return false;
  out->key = msg.substr(2, p[1]);
  return DecodeScalarFast(msg.substr(value_tag + 2), &out->value);
}

}  // namespace waggle::ingest::otlp::internal
