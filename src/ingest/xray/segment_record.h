// The WAL payload of RecordType::kXraySegments: the accepted segment
// documents of one daemon batch or PutTraceSegments call, each with the
// service name its independent subsegments were given at ingest, so replay
// rebuilds exactly the same spans (docs/formats/xray_segments.md):
//
//   payload  := version:u8(=1) entry*
//   entry    := varint(len) service_hint  varint(len) document
//
// Thread-compatible free functions.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"
#include "ingest/xray/segment_decoder.h"
#include "model/event_batch.h"

namespace waggle::ingest::xray {

inline constexpr uint8_t kSegmentRecordVersion = 1;

// Builds payloads. Not thread-safe.
class SegmentRecordBuilder {
 public:
  SegmentRecordBuilder() { payload_.push_back(static_cast<char>(kSegmentRecordVersion)); }
  // Appends one accepted document and its service hint.
  void Add(std::string_view service_hint, std::string_view document);
  size_t documents() const { return documents_; }
  const std::string& payload() const { return payload_; }

 private:
  std::string payload_;
  size_t documents_ = 0;
};

// Decodes a kXraySegments payload into `batch` (views point into `payload`).
// DataLoss if the framing is broken; a document that no longer decodes is
// skipped (decoding is deterministic, so that never happens for payloads
// this version wrote).
absl::Status DecodeSegmentRecord(std::string_view payload, model::EventBatch* batch);

}  // namespace waggle::ingest::xray
