#include "api/cloudwatch/read_support.h"

#include <algorithm>

#include "api/cloudwatch/input.h"
#include "ingest/cloudwatch/put_log_events.h"

namespace waggle::api::cloudwatch {

int64_t RetentionHorizonMs(std::optional<int> retention_days, int64_t now_ms) {
  if (!retention_days) return 0;
  return now_ms - int64_t{*retention_days} * ingest::cloudwatch::kMsPerDay;
}

absl::Status ReadTimeRange(const Call& call, bool end_exclusive, ScanSpec* spec) {
  ASSIGN_OR_RETURN(std::optional<int64_t> start, OptionalInt(call.input, "startTime"));
  ASSIGN_OR_RETURN(std::optional<int64_t> end, OptionalInt(call.input, "endTime"));
  if (start) spec->min_timestamp_ms = std::max(spec->min_timestamp_ms, *start);
  if (end) {
    int64_t last = end_exclusive ? (*end == INT64_MIN ? INT64_MIN : *end - 1) : *end;
    spec->max_timestamp_ms = std::min(spec->max_timestamp_ms, last);
  }
  return absl::OkStatus();
}

void WriteEvent(core::JsonWriter& json, const LogEvent& e, bool filter_fields) {
  json.BeginObject();
  if (filter_fields) json.Key("logStreamName").String(e.stream);
  json.Key("timestamp").Int(e.key.timestamp_ms);
  json.Key("message").String(e.message);
  json.Key("ingestionTime").Int(e.ingestion_ms);
  if (filter_fields) json.Key("eventId").String(EventId(e.key));
  json.EndObject();
}

}  // namespace waggle::api::cloudwatch
