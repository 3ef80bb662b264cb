// libFuzzer target for the OTLP decoders: every input must decode or fail
// with InvalidArgument, never crash, hang or read out of bounds. Build with
// -fsanitize=fuzzer,address,undefined and link waggle_ingest_otlp.
// The first byte picks the decoder so one corpus covers all of them.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/check.h"
#include "ingest/otlp/decode.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace waggle::ingest::otlp;  // NOLINT
  if (size == 0) return 0;
  std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);
  waggle::model::EventBatch batch;
  DecodeOptions options;
  options.max_value_bytes = 16;  // exercise truncation
  absl::Status status;
  switch (data[0] % 6) {
    case 0:
      status = DecodeTracesProto(body, &batch, options).status();
      break;
    case 1:
      status = DecodeLogsProto(body, &batch, options).status();
      break;
    case 2:
      status = CountMetricDataPointsProto(body).status();
      break;
    case 3:
      status = DecodeTracesJson(body, &batch, options).status();
      break;
    case 4:
      status = DecodeLogsJson(body, &batch, options).status();
      break;
    default:
      status = CountMetricDataPointsJson(body).status();
      break;
  }
  CHECK(status.ok() || status.code() == absl::StatusCode::kInvalidArgument);
  // Every Range must stay inside its vector.
  for (const auto& s : batch.spans) {
    CHECK(s.attributes.end <= batch.attributes.size() && s.events.end <= batch.span_events.size() &&
          s.links.end <= batch.span_links.size() && s.resource < batch.resources.size() &&
          s.scope < batch.scopes.size());
  }
  for (const auto& l : batch.logs) {
    CHECK(l.attributes.end <= batch.attributes.size() && l.resource < batch.resources.size());
  }
  return 0;
}
