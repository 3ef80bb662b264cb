// The unified model: what every protocol decodes into and what the store
// appends. A batch is a set of flat vectors (no per-event allocation);
// items refer to attributes, events and links by index ranges. Strings are
// views into the request buffer or into `arena`, so a batch must not outlive
// the buffer it was decoded from (the store copies what it keeps).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/arena.h"
#include "model/ids.h"
#include "model/value.h"

namespace waggle::model {

enum class SpanKind : uint8_t {
  kUnspecified = 0,
  kInternal,
  kServer,
  kClient,
  kProducer,
  kConsumer
};
enum class StatusCode : uint8_t { kUnset = 0, kOk = 1, kError = 2 };

// An OTLP Resource: who produced the items under it.
struct Resource {
  Range attributes;
  uint32_t dropped_attributes_count = 0;
  std::string_view schema_url;
  // The dataset its items go to (Honeycomb routing: trimmed service.name,
  // or unknown_service / unknown_log_source). Set by the decoder.
  std::string_view span_dataset;
  std::string_view log_dataset;
};

// An OTLP InstrumentationScope (the tracer or logger that made the items).
struct Scope {
  std::string_view name;
  std::string_view version;
  Range attributes;
  uint32_t dropped_attributes_count = 0;
  std::string_view schema_url;
};

struct SpanEvent {
  int64_t time_ns = 0;
  std::string_view name;
  Range attributes;
  uint32_t dropped_attributes_count = 0;
};

struct SpanLink {
  TraceId trace_id{};
  SpanId span_id{};
  std::string_view trace_state;
  Range attributes;
  uint32_t dropped_attributes_count = 0;
  uint32_t flags = 0;
};

struct Span {
  TraceId trace_id{};
  SpanId span_id{};
  SpanId parent_span_id{};  // all zero for a root span
  int64_t start_ns = 0;
  int64_t end_ns = 0;
  std::string_view name;
  std::string_view trace_state;
  std::string_view status_message;
  SpanKind kind = SpanKind::kUnspecified;
  StatusCode status_code = StatusCode::kUnset;
  uint32_t flags = 0;
  uint32_t dropped_attributes_count = 0;
  uint32_t dropped_events_count = 0;
  uint32_t dropped_links_count = 0;
  Range attributes;
  Range events;           // into EventBatch::span_events
  Range links;            // into EventBatch::span_links
  uint32_t resource = 0;  // index into EventBatch::resources
  uint32_t scope = 0;     // index into EventBatch::scopes
};

struct LogRecord {
  int64_t time_ns = 0;           // event time; 0 = unknown
  int64_t observed_time_ns = 0;  // collection time
  uint8_t severity_number = 0;
  std::string_view severity_text;
  Value body;
  Range attributes;
  uint32_t dropped_attributes_count = 0;
  uint32_t flags = 0;
  TraceId trace_id{};  // all zero when absent
  SpanId span_id{};    // all zero when absent
  std::string_view event_name;
  uint32_t resource = 0;
  uint32_t scope = 0;
};

struct EventBatch {
  std::vector<Resource> resources;
  std::vector<Scope> scopes;
  std::vector<Span> spans;
  std::vector<LogRecord> logs;
  std::vector<Attribute> attributes;
  std::vector<SpanEvent> span_events;
  std::vector<SpanLink> span_links;
  // Owns bytes the views above point to when they are not in the request.
  core::Arena arena;

  // Empties every vector, keeping capacity for reuse.
  void Clear() {
    resources.clear();
    scopes.clear();
    spans.clear();
    logs.clear();
    attributes.clear();
    span_events.clear();
    span_links.clear();
    arena.Reset();
  }
  size_t item_count() const { return spans.size() + logs.size(); }
};

}  // namespace waggle::model
