// Fuzz target for the X-Ray daemon's intake: a datagram is split into header
// and document, the document decoded (and peeked, as the ingester does for
// subsegments). Every input must decode or fail with InvalidArgument, never
// crash, hang or read out of bounds. Links waggle_ingest_xray.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/check.h"
#include "ingest/xray/segment_decoder.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace waggle::ingest::xray;  // NOLINT
  static SegmentDecoder decoder;
  std::string_view datagram(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<std::string_view> doc = SplitDaemonDatagram(datagram);
  // Without a valid header, decode the whole input as a document anyway.
  std::string_view document = doc.ok() ? *doc : datagram;
  waggle::model::EventBatch batch;
  std::vector<DocumentInfo> info;
  absl::Status status = decoder.Decode(document, "fuzz-service", &batch, &info);
  CHECK(status.ok() || status.code() == absl::StatusCode::kInvalidArgument);
  absl::StatusOr<DocumentInfo> peek = decoder.Peek(document);
  CHECK(peek.ok() || peek.status().code() == absl::StatusCode::kInvalidArgument);
  return 0;
}
