// Internal to ingest/xray: maps the optional blocks of a segment or
// subsegment (http, aws, sql, annotations, metadata, cause, flags) onto span
// attributes and exception events. Not thread-safe; one per document.
#pragma once

#include <simdjson.h>

#include <string_view>

#include "model/event_batch.h"

namespace waggle::ingest::xray::internal {

using Json = simdjson::dom::element;

// Appends attributes to one span's contiguous range of batch->attributes,
// copying strings that live in the parser into the batch arena.
class AttrSink {
 public:
  explicit AttrSink(model::EventBatch* batch) : batch_(batch) {}

  // Adds `key` (must outlive the batch: a literal or arena memory) = `value`.
  void Add(std::string_view key, model::Value value) { batch_->attributes.push_back({key, value}); }
  // Adds a string copied into the arena; empty strings are skipped.
  void AddString(std::string_view key, std::string_view value);
  // Adds `prefix + name` (copied) = value.
  void AddPrefixed(std::string_view prefix, std::string_view name, model::Value value);
  // Adds any JSON value: scalars typed, objects/arrays as minified JSON text.
  void AddJson(std::string_view key, Json value);
  std::string_view Copy(std::string_view s) { return batch_->arena.Copy(s); }
  model::EventBatch* batch() { return batch_; }

 private:
  model::EventBatch* batch_;
};

// Outcome flags read while mapping, used for span kind/status.
struct EntityFlags {
  bool error = false;
  bool fault = false;
  bool throttle = false;
  std::string_view ns;  // namespace
  std::string_view first_exception_message;
};

// Maps one member `key` = `value` of a segment/subsegment object onto
// attributes (unknown members are ignored). Fills `flags`.
void AddEntityMember(std::string_view key, Json value, AttrSink& sink, EntityFlags* flags);

// Appends one "exception" event per entry of cause.exceptions (at most 64)
// at `time_ns`, extending `events`. Call after the span's own attributes.
void AppendExceptionEvents(Json cause, int64_t time_ns, model::EventBatch* batch,
                           model::Range* events, EntityFlags* flags);

}  // namespace waggle::ingest::xray::internal
