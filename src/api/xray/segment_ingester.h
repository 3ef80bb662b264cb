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
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "api/common/metrics.h"
#include "api/common/span_error_sink.h"
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
  // The service an independent subsegment belongs to: its parent's, else its
  // trace's most recent segment's, else "".
  std::string ServiceHint(const ingest::xray::DocumentInfo& peek) const;
  void Remember(const model::EventBatch& batch, size_t first_span,
                const ingest::xray::DocumentInfo& doc);

  store::Store& store_;
  IngestMetrics& metrics_;
  SpanErrorSink* const span_errors_;
  // Recently seen span id / trace id -> service name. Two generations, so
  // memory stays bounded (the older one is dropped when the newer fills).
  static constexpr size_t kMaxRemembered = 1 << 16;
  mutable std::mutex mu_;
  std::unordered_map<std::string, std::string> services_[2] ABSL_GUARDED_BY(mu_);
};

}  // namespace waggle::api::xray
