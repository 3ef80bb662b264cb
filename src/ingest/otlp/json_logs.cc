// ExportLogsServiceRequest (OTLP/JSON) -> EventBatch logs: the log record
// decoder plugged into JsonDecoder's envelope walk (json_common.h).
#include "ingest/otlp/decode.h"
#include "ingest/otlp/json_common.h"
#include "ingest/otlp/proto_common.h"

namespace waggle::ingest::otlp {
namespace {

using internal::ForEachElement;
using internal::ForEachMember;
using internal::JsonElement;
using internal::KeyIs;

// SEVERITY_NUMBER_* names, indexed by value.
constexpr std::string_view kSeverities[] = {
    "SEVERITY_NUMBER_UNSPECIFIED", "SEVERITY_NUMBER_TRACE",  "SEVERITY_NUMBER_TRACE2",
    "SEVERITY_NUMBER_TRACE3",      "SEVERITY_NUMBER_TRACE4", "SEVERITY_NUMBER_DEBUG",
    "SEVERITY_NUMBER_DEBUG2",      "SEVERITY_NUMBER_DEBUG3", "SEVERITY_NUMBER_DEBUG4",
    "SEVERITY_NUMBER_INFO",        "SEVERITY_NUMBER_INFO2",  "SEVERITY_NUMBER_INFO3",
    "SEVERITY_NUMBER_INFO4",       "SEVERITY_NUMBER_WARN",   "SEVERITY_NUMBER_WARN2",
    "SEVERITY_NUMBER_WARN3",       "SEVERITY_NUMBER_WARN4",  "SEVERITY_NUMBER_ERROR",
    "SEVERITY_NUMBER_ERROR2",      "SEVERITY_NUMBER_ERROR3", "SEVERITY_NUMBER_ERROR4",
    "SEVERITY_NUMBER_FATAL",       "SEVERITY_NUMBER_FATAL2", "SEVERITY_NUMBER_FATAL3",
    "SEVERITY_NUMBER_FATAL4"};

// What decoding a record's id fields found.
struct LogIds {
  bool trace_valid = false;
  bool span_valid = false;
};

class LogsJsonDecoder : public internal::JsonDecoder {
 public:
  using JsonDecoder::JsonDecoder;

 protected:
  absl::Status DecodeItem(JsonElement e, uint32_t resource, uint32_t scope) override;

 private:
  absl::Status DecodeField(std::string_view key, JsonElement v, model::LogRecord* rec, LogIds* ids);
};

absl::Status LogsJsonDecoder::DecodeField(std::string_view key, JsonElement v,
                                          model::LogRecord* rec, LogIds* ids) {
  std::string_view s;
  uint64_t u = 0;
  int64_t n = 0;
  bool present = false;
  if (KeyIs(key, "timeUnixNano", "time_unix_nano")) {
    RETURN_IF_ERROR(internal::GetUint64(v, key, &u));
    rec->time_ns = static_cast<int64_t>(u);
  } else if (KeyIs(key, "observedTimeUnixNano", "observed_time_unix_nano")) {
    RETURN_IF_ERROR(internal::GetUint64(v, key, &u));
    rec->observed_time_ns = static_cast<int64_t>(u);
  } else if (KeyIs(key, "severityNumber", "severity_number")) {
    RETURN_IF_ERROR(internal::GetEnum(v, key, kSeverities, 25, &n));
    rec->severity_number = n >= 0 && n <= 24 ? static_cast<uint8_t>(n) : 0;
  } else if (KeyIs(key, "severityText", "severity_text") || KeyIs(key, "eventName", "event_name")) {
    RETURN_IF_ERROR(internal::GetString(v, key, &s));
    (key[0] == 's' ? rec->severity_text : rec->event_name) = Copy(s);
  } else if (key == "body") {
    absl::Status st = DecodeValue(v, &rec->body);
    return st.ok() ? st : internal::Nest(st, "body", -1);
  } else if (key == "attributes") {
    return AppendAttributes(v, &rec->attributes);
  } else if (KeyIs(key, "droppedAttributesCount", "dropped_attributes_count")) {
    return internal::GetUint32(v, key, &rec->dropped_attributes_count);
  } else if (key == "flags") {
    return internal::GetUint32(v, key, &rec->flags);
  } else if (KeyIs(key, "traceId", "trace_id")) {
    return internal::GetHexId(v, key, &rec->trace_id, &present, &ids->trace_valid);
  } else if (KeyIs(key, "spanId", "span_id")) {
    return internal::GetHexId(v, key, &rec->span_id, &present, &ids->span_valid);
  }
  return absl::OkStatus();
}

absl::Status LogsJsonDecoder::DecodeItem(JsonElement e, uint32_t resource, uint32_t scope) {
  model::LogRecord rec;
  rec.resource = resource;
  rec.scope = scope;
  LogIds ids;
  RETURN_IF_ERROR(ForEachMember(
      e, [&](std::string_view key, JsonElement v) { return DecodeField(key, v, &rec, &ids); }));
  // A record belongs to a trace/span only when the ids are valid; bad ones
  // are dropped, the record kept.
  if (!ids.trace_valid) rec.trace_id = {};
  if (!ids.trace_valid || !ids.span_valid) rec.span_id = {};
  batch()->logs.push_back(rec);
  ++result().accepted;
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<DecodeResult> DecodeLogsJson(std::string_view body, model::EventBatch* batch,
                                            const DecodeOptions& options) {
  return internal::DecodeJson<LogsJsonDecoder>(body, batch, options, internal::kLogsEnvelope);
}

}  // namespace waggle::ingest::otlp
