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
// Moves the items of `range` to the end of `attributes` (rare: see below).
void RelocateRange(std::vector<model::Attribute>* attributes, model::Range* range);
// Makes `range` ready to grow at the end of `attributes` (moving its items
// there if something was appended after it).
inline void PrepareAppend(std::vector<model::Attribute>* attributes, model::Range* range) {
  uint32_t size = static_cast<uint32_t>(attributes->size());
  if (range->empty()) {
    range->begin = range->end = size;
  } else if (range->end != size) [[unlikely]] {
    RelocateRange(attributes, range);
  }
}

// Records the first rejection reason and counts it.
void Reject(DecodeResult* result, std::string_view reason);

// A sub-message whose decoding waits until its parent's own fields are done,
// so that each parent's attributes stay one contiguous Range.
struct Deferred {
  uint32_t field;
  std::string_view bytes;
};

// Shared state of one protobuf decode call. Not thread-safe.
class ProtoDecoder {
 public:
  ProtoDecoder(model::EventBatch* batch, const DecodeOptions& options)
      : batch_(batch), options_(options) {}

  // Decodes one KeyValue message and appends it to batch attributes,
  // extending `range` (which must be empty or end at attributes.size()).
  absl::Status AppendKeyValue(std::string_view msg, model::Range* range);
  // Decodes a top-level AnyValue (an attribute value or a log body).
  absl::Status DecodeValue(std::string_view msg, model::Value* out);
  // Decodes a Resource into batch->resources[index] (merging if repeated).
  absl::Status DecodeResource(std::string_view msg, uint32_t index);
  // Decodes an InstrumentationScope into batch->scopes[index].
  absl::Status DecodeScope(std::string_view msg, uint32_t index);

  DecodeResult& result() { return result_; }
  model::EventBatch* batch() { return batch_; }
  std::vector<Deferred>& deferred() { return deferred_; }

 private:
  struct ParsedAny {
    uint32_t field = 0;  // the oneof member seen last; 0 = none
    model::Value scalar;
    std::string_view sub;  // array_value / kvlist_value bytes
  };
  // Fast path for the common AnyValue holding exactly one scalar field
  // that needs no truncation; false means "use DecodeValue".
  bool DecodeScalarFast(std::string_view msg, model::Value* out) const;
  absl::Status ParseAnyValue(std::string_view msg, ParsedAny* out);
  absl::Status WriteAnyValueJson(std::string_view msg, int depth, std::string* out);
  absl::Status WriteArrayJson(std::string_view msg, int depth, std::string* out);
  absl::Status WriteKvlistJson(std::string_view msg, int depth, std::string* out);
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

}  // namespace waggle::ingest::otlp::internal
