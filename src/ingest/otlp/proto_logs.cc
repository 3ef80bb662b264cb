// ExportLogsServiceRequest (protobuf) -> EventBatch logs: the LogRecord
// decoder plugged into ProtoDecoder's envelope walk (proto_common.h); string
// fields stay views into the body.
#include <cstring>

#include "ingest/otlp/decode.h"
#include "ingest/otlp/proto_common.h"

namespace waggle::ingest::otlp {
namespace {

using internal::Malformed;
using internal::Nest;
using internal::SkipFailed;

class LogsDecoder : public internal::ProtoDecoder {
 public:
  using ProtoDecoder::ProtoDecoder;

 protected:
  absl::Status DecodeItem(std::string_view msg, uint32_t resource, uint32_t scope) override;

 private:
  absl::Status DecodeLen(uint32_t field, std::string_view s, model::LogRecord* rec,
                         std::string_view* ids, int64_t* n_attributes);
};

// Handles the LogRecord's length-delimited fields.
absl::Status LogsDecoder::DecodeLen(uint32_t field, std::string_view s, model::LogRecord* rec,
                                    std::string_view* ids, int64_t* n_attributes) {
  switch (field) {
    case 3:
      rec->severity_text = s;
      break;
    case 5: {
      absl::Status st = DecodeValue(s, &rec->body);
      if (!st.ok()) return Nest(st, "body", -1);
      break;
    }
    case 6:
      return AppendAttribute(s, &rec->attributes, n_attributes);
    case 9:
      ids[0] = s;
      break;
    case 10:
      ids[1] = s;
      break;
    case 12:
      rec->event_name = s;
      break;
    default:
      break;
  }
  return absl::OkStatus();
}

absl::Status LogsDecoder::DecodeItem(std::string_view msg, uint32_t resource, uint32_t scope) {
  model::LogRecord rec;
  rec.resource = resource;
  rec.scope = scope;
  std::string_view ids[2];  // trace_id, span_id
  int64_t n_attributes = 0;
  WireReader r(msg);
  while (!r.done()) {
    uint32_t field;
    WireType wt;
    if (!r.ReadTag(&field, &wt)) return Malformed("", r.error());
    uint64_t v;
    uint32_t u;
    std::string_view s;
    if (wt == WireType::kLen) {
      if (!r.ReadLen(&s)) return Malformed(field == 5 ? "body" : "field", r.error());
      RETURN_IF_ERROR(DecodeLen(field, s, &rec, ids, &n_attributes));
    } else if (wt == WireType::kI64 && (field == 1 || field == 11)) {
      if (!r.ReadFixed64(&v)) return Malformed("time_unix_nano", r.error());
      (field == 1 ? rec.time_ns : rec.observed_time_ns) = static_cast<int64_t>(v);
    } else if (wt == WireType::kVarint && (field == 2 || field == 7)) {
      if (!r.ReadVarint(&v)) return Malformed("severity_number", r.error());
      if (field == 2) rec.severity_number = v <= 24 ? static_cast<uint8_t>(v) : 0;
      if (field == 7) rec.dropped_attributes_count = static_cast<uint32_t>(v);
    } else if (wt == WireType::kI32 && field == 8) {
      if (!r.ReadFixed32(&u)) return Malformed("flags", r.error());
      rec.flags = u;
    } else if (!r.Skip(wt)) {
      return SkipFailed(field, r);
    }
  }
  // A record belongs to a trace/span only when the ids are valid; bad ones
  // are dropped, the record kept.
  if (auto trace = model::IdFromBytes<16>(ids[0])) {
    rec.trace_id = *trace;
    if (auto span = model::IdFromBytes<8>(ids[1])) rec.span_id = *span;
  }
  batch()->logs.push_back(rec);
  ++result().accepted;
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<DecodeResult> DecodeLogsProto(std::string_view body, model::EventBatch* batch,
                                             const DecodeOptions& options) {
  return internal::DecodeProto<LogsDecoder>(body, batch, options, internal::kLogsEnvelope);
}

}  // namespace waggle::ingest::otlp
