// X-Ray segment documents -> model::Span (specs/xray.md §3, DESIGN.md "The
// unified model"). Every segment and subsegment becomes one span:
//   trace_id 1-xxxxxxxx-yyyy… -> 16-byte trace id; id -> span id;
//   parent_id (or the enclosing entity) -> parent span id;
//   start/end_time (float seconds) -> ns; in progress -> end = start and
//   xray.in_progress=true; segment -> SERVER, subsegment in namespace
//   aws/remote -> CLIENT, else INTERNAL; fault/error -> status ERROR;
//   http/sql/aws blocks, annotations (annotation.KEY), metadata
//   (xray.metadata), cause.exceptions (span events "exception") -> attributes.
// The span of each top-level document keeps the document text verbatim in
// `xray.document`, so BatchGetTraces can give it back unchanged; embedded
// subsegments carry `xray.type` but no document.
// The resource of a document's spans has service.name = the segment name
// (for an independent subsegment: the caller's `service_hint`), which also
// picks the dataset. Not thread-safe: one decoder per thread.
#pragma once

#include <simdjson.h>

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "model/event_batch.h"

namespace waggle::ingest::xray {

// Largest document accepted (the daemon's 64 KiB datagram buffer).
inline constexpr size_t kMaxDocumentBytes = 64 * 1024;
// Deepest nesting of subsegments accepted.
inline constexpr int kMaxSubsegmentDepth = 64;

// Attribute names shared with the X-Ray read side.
inline constexpr std::string_view kDocumentAttr = "xray.document";
inline constexpr std::string_view kTypeAttr = "xray.type";
inline constexpr std::string_view kInProgressAttr = "xray.in_progress";

// What the decoder learned about one top-level document.
struct DocumentInfo {
  model::TraceId trace_id{};
  model::SpanId id{};
  model::SpanId parent_id{};  // all zero when absent
  bool subsegment = false;    // an independently sent subsegment
  std::string service;        // the segment name (or the hint for subsegments)
};

class SegmentDecoder {
 public:
  // Decodes `document` (one JSON object: a segment or an independent
  // subsegment; or a JSON array of independent subsegments) and appends its
  // spans to `batch`, or nothing: InvalidArgument naming the problem when
  // the document is malformed. String views in the batch point into
  // `document` (the raw text) or into batch->arena. `service_hint` names the
  // service of independent subsegments ("" = unknown_service). When `info`
  // is given, one entry per top-level object is appended to it.
  absl::Status Decode(std::string_view document, std::string_view service_hint,
                      model::EventBatch* batch, std::vector<DocumentInfo>* info = nullptr);

  // Reads only the ids and type of a single-object document (for routing
  // before Decode); InvalidArgument if it is not an object with a trace_id.
  absl::StatusOr<DocumentInfo> Peek(std::string_view document);

 private:
  simdjson::dom::parser parser_;
};

// Splits a daemon datagram `{"format":"json","version":1}\n<document>` and
// returns the document; InvalidArgument if there is no newline or the
// header is not a JSON object with format "json" (any case) and version 1.
absl::StatusOr<std::string_view> SplitDaemonDatagram(std::string_view datagram);

}  // namespace waggle::ingest::xray
