#include "ingest/xray/segment_record.h"

#include <fmt/format.h>

#include "core/coding.h"

namespace waggle::ingest::xray {

void SegmentRecordBuilder::Add(std::string_view service_hint, std::string_view document) {
  core::PutLengthPrefixed(&payload_, service_hint);
  core::PutLengthPrefixed(&payload_, document);
  ++documents_;
}

absl::Status DecodeSegmentRecord(std::string_view payload, model::EventBatch* batch) {
  if (payload.empty() || static_cast<uint8_t>(payload[0]) != kSegmentRecordVersion) {
    return absl::DataLossError("X-Ray segment record has an unknown version");
  }
  core::Reader reader(payload.substr(1));
  thread_local SegmentDecoder decoder;
  while (!reader.empty()) {
    std::string_view hint, document;
    if (!reader.GetLengthPrefixed(&hint) || !reader.GetLengthPrefixed(&document)) {
      return absl::DataLossError("X-Ray segment record is truncated");
    }
    absl::Status st = decoder.Decode(document, hint, batch);
    (void)st;  // A rejected document adds nothing, exactly as at ingest.
  }
  return absl::OkStatus();
}

}  // namespace waggle::ingest::xray
