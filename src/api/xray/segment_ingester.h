// File: api/xray/segment_ingester.h
//
// The one write path of X-Ray segment documents, shared by the daemon's UDP
// listener and PutTraceSegments: decode each document (ingest/xray), give
// independent subsegments the service of their parent when it was seen
// recently, then append every accepted document as ONE WAL record
// (RecordType::kXraySegments) and wait for its group commit.
// Thread-safe: many callers may ingest at once.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "api/common/metrics.h"
#include "api/common/span_error_sink.h"
#include "api/xray/recent_services.h"
#include "core/status.h"
#include "ingest/xray/segment_decoder.h"
#include "store/catalog/store.h"

namespace waggle::api::xray {

// One rejected document: its id (if readable) and why.
struct RejectedDocument {
  size_t index = 0;
  std::string id;
  std::string message;
};

struct IngestOutcome {
  size_t accepted = 0;
  std::vector<RejectedDocument> rejected;
};

class SegmentIngester {
 public:
  // `store` and `metrics` must outlive this object.
  // Stored spans with exception events (cause.exceptions) go to
  // `span_errors` too (may be null). Every argument must outlive this.
  SegmentIngester(store::Store& store, IngestMetrics& metrics, SpanErrorSink* span_errors = nullptr)
      : store_(store), metrics_(metrics), span_errors_(span_errors) {}

  // Decodes `documents`, stores the valid ones durably in `environment`,
  // and reports the invalid ones. Errors are the store's (ResourceExhausted
  // when it is behind): then nothing of this call was stored.
  absl::StatusOr<IngestOutcome> Ingest(std::string_view environment,
                                       const std::vector<std::string_view>& documents);

 private:
  store::Store& store_;
  IngestMetrics& metrics_;
  SpanErrorSink* const span_errors_;
  // Where independent subsegments belong: the service of their parent, else
  // of their trace's most recent segment.
  static constexpr size_t kMaxRemembered = 1 << 16;
  RecentServices recent_{kMaxRemembered};
};

}  // namespace waggle::api::xray
