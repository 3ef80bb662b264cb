// Internal to ingest/otlp: the OTLP/JSON decoding pieces shared by traces,
// logs and metrics (specs/otlp.md §4): typed field readers that accept the
// lenient forms OTLP allows, and the KeyValue/AnyValue/Resource/Scope
// decoders. Errors are InvalidArgument with a field path (see
// proto_common.h). Not thread-safe; one JsonDecoder per request.
#pragma once

#include <simdjson.h>

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "core/status.h"
#include "ingest/otlp/decode.h"
#include "ingest/otlp/proto_common.h"
#include "model/event_batch.h"

namespace waggle::ingest::otlp::internal {

using JsonElement = simdjson::dom::element;

// True if `key` is the lowerCamelCase `camel` or its snake_case `snake`.
inline bool KeyIs(std::string_view key, std::string_view camel, std::string_view snake) {
  return key == camel || key == snake;
}

// Calls fn(key, value) for every member of object `e` whose value is not
// null (null = absent). InvalidArgument if `e` is not an object.
absl::Status ForEachMember(JsonElement e,
                           const std::function<absl::Status(std::string_view, JsonElement)>& fn);
// Calls fn(element, index) for every non-null element of array `e` (a null
// array counts as empty); errors are nested under `name[index]`.
absl::Status ForEachElement(JsonElement e, std::string_view name,
                            const std::function<absl::Status(JsonElement, int64_t)>& fn);

// Calls fn(element) for every non-null element of the array member `name`
// (either spelling) of object `e`; errors are nested under name.camel[i].
absl::Status ForEachChild(JsonElement e, FieldName name,
                          const std::function<absl::Status(JsonElement)>& fn);

absl::Status GetString(JsonElement e, std::string_view name, std::string_view* out);
// int64 from a number or a decimal string.
absl::Status GetInt64(JsonElement e, std::string_view name, int64_t* out);
// uint64 from a number or a decimal string (times are fixed64).
absl::Status GetUint64(JsonElement e, std::string_view name, uint64_t* out);
// uint32 (counts, flags) from a number or a decimal string.
absl::Status GetUint32(JsonElement e, std::string_view name, uint32_t* out);
// A double from a number, "NaN", "Infinity", "-Infinity" or a numeric string.
absl::Status GetDouble(JsonElement e, std::string_view name, double* out);
absl::Status GetBool(JsonElement e, std::string_view name, bool* out);
// An enum as an integer, or as one of `names` (names[i] has value i).
absl::Status GetEnum(JsonElement e, std::string_view name, const std::string_view* names,
                     size_t n_names, int64_t* out);
// A hex id string: `*present` false for "", `*valid` true if it is exactly
// 2*N hex digits (and then `*id` holds it).
template <size_t N>
absl::Status GetHexId(JsonElement e, std::string_view name, std::array<uint8_t, N>* id,
                      bool* present, bool* valid);

// Shared state of one JSON decode call, and the request envelope walk
// shared by traces and logs: subclasses supply DecodeItem.
class JsonDecoder {
 public:
  JsonDecoder(model::EventBatch* batch, const DecodeOptions& options)
      : batch_(batch), options_(options) {}
  virtual ~JsonDecoder() = default;

  // Parses `body` into the document root.
  absl::Status Parse(std::string_view body, JsonElement* root);
  // Decodes an Export*ServiceRequest object shaped like `envelope`, calling
  // DecodeItem for every span/log record. Each ResourceX/ScopeX object is
  // read in two passes, own fields first and children second, so
  // attribute Ranges stay contiguous whatever the key order.
  absl::Status DecodeRequest(JsonElement root, const Envelope& envelope);
  // Appends every KeyValue of the array `e` to batch attributes, extending
  // `range` (empty or ending at attributes.size()).
  absl::Status AppendAttributes(JsonElement e, model::Range* range);
  // Decodes a top-level AnyValue (attribute value or log body).
  absl::Status DecodeValue(JsonElement e, model::Value* out);
  absl::Status DecodeResource(JsonElement e, uint32_t index);
  absl::Status DecodeScope(JsonElement e, uint32_t index);
  // Copies a string that lives in the parser into the batch arena.
  std::string_view Copy(std::string_view s) { return batch_->arena.Copy(s); }

  DecodeResult& result() { return result_; }
  model::EventBatch* batch() { return batch_; }

 protected:
  // Decodes one item (span or log record) of resource/scope index
  // `resource` and `scope` into the batch (or rejects it into result()).
  // The default (for metrics, which are only counted) does nothing.
  virtual absl::Status DecodeItem(JsonElement, uint32_t /*resource*/, uint32_t /*scope*/) {
    return absl::OkStatus();
  }

 private:
  struct ParsedAny {
    int kind = 0;  // a model::ValueKind
    model::Value scalar;
    std::string bytes;  // decoded bytesValue
    JsonElement sub;    // arrayValue / kvlistValue object
  };
  absl::Status DecodeResourceItems(JsonElement e, const Envelope& envelope);
  absl::Status DecodeScopeItems(JsonElement e, uint32_t resource, const Envelope& envelope);
  // First pass over a ResourceX/ScopeX object: member `own` ("resource" or
  // "scope") goes to `decode_own`, schemaUrl is copied to *schema_url.
  absl::Status DecodeEnvelopeFields(JsonElement e, std::string_view own,
                                    std::string_view* schema_url,
                                    const std::function<absl::Status(JsonElement)>& decode_own);
  absl::Status ParseAnyValue(JsonElement e, ParsedAny* out);
  absl::Status WriteNested(const ParsedAny& any, int depth, std::string* out);
  absl::Status WriteArrayJson(JsonElement e, int depth, std::string* out);
  absl::Status WriteKvlistJson(JsonElement e, int depth, std::string* out);

  simdjson::dom::parser parser_;
  model::EventBatch* batch_;
  const DecodeOptions& options_;
  DecodeResult result_;
  std::string scratch_;
};

// Runs a JsonDecoder subclass over a whole request: the body of the public
// Decode*Json functions.
template <typename Decoder>
absl::StatusOr<DecodeResult> DecodeJson(std::string_view body, model::EventBatch* batch,
                                        const DecodeOptions& options, const Envelope& envelope) {
  Decoder decoder(batch, options);
  JsonElement root;
  absl::Status st = decoder.Parse(body, &root);
  if (st.ok()) st = decoder.DecodeRequest(root, envelope);
  if (!st.ok()) return TopLevel(st, envelope.request);
  return std::move(decoder.result());
}

}  // namespace waggle::ingest::otlp::internal
