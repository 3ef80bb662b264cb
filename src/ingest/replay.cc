#include "ingest/replay.h"

#include <fmt/format.h>

#include "ingest/cloudwatch/log_events_record.h"
#include "ingest/otlp/decode.h"
#include "ingest/record_types.h"
#include "ingest/rollbar/record.h"
#include "ingest/xray/segment_record.h"

namespace waggle::ingest {

absl::Status DecodeRecord(uint8_t type, std::string_view payload, model::EventBatch* batch) {
  absl::StatusOr<otlp::DecodeResult> result;
  switch (static_cast<RecordType>(type)) {
    case RecordType::kOtlpTracesProto:
      result = otlp::DecodeTracesProto(payload, batch);
      break;
    case RecordType::kOtlpTracesJson:
      result = otlp::DecodeTracesJson(payload, batch);
      break;
    case RecordType::kOtlpLogsProto:
      result = otlp::DecodeLogsProto(payload, batch);
      break;
    case RecordType::kOtlpLogsJson:
      result = otlp::DecodeLogsJson(payload, batch);
      break;
    case RecordType::kCloudWatchLogEvents:
      return cloudwatch::DecodeLogEventsRecord(payload, batch);
    case RecordType::kXraySegments:
      return xray::DecodeSegmentRecord(payload, batch);
    case RecordType::kRollbarOccurrence:
      return rollbar::DecodeOccurrenceRecord(payload, batch);
    default:
      return absl::DataLossError(fmt::format("unknown WAL record type {}", type));
  }
  return result.status();
}

}  // namespace waggle::ingest
