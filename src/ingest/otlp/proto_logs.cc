// ExportLogsServiceRequest (protobuf) -> EventBatch logs. Same shape as
// proto_traces.cc: views into the body, children deferred behind their
// parent's own fields.
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

  absl::Status DecodeRequest(std::string_view body);

 private:
  absl::Status DecodeResourceLogs(std::string_view msg);
  absl::Status DecodeScopeLogs(std::string_view msg, uint32_t resource);
  absl::Status DecodeLogRecord(std::string_view msg, uint32_t resource, uint32_t scope);
  absl::Status DecodeLen(uint32_t field, std::string_view s, model::LogRecord* rec,
                         std::string_view* ids, int64_t* n_attributes);
};

// Container loop shared by ResourceLogs and ScopeLogs: field 1 is the
// resource/scope (decoded at once by `own`), 2 the deferred children, 3 the
// schema_url.
template <typename Own>
absl::Status WalkContainer(std::string_view msg, const char* own_name, const char* child_name,
                           std::vector<internal::Deferred>* deferred, std::string_view* schema_url,
                           Own own) {
  WireReader r(msg);
  while (!r.done()) {
    uint32_t field;
    WireType wt;
    if (!r.ReadTag(&field, &wt)) return Malformed("", r.error());
    std::string_view s;
    if (wt == WireType::kLen && field >= 1 && field <= 3) {
      if (!r.ReadLen(&s)) return Malformed(field == 1 ? own_name : child_name, r.error());
      if (field == 1) {
        absl::Status st = own(s);
        if (!st.ok()) return Nest(st, own_name, -1);
      } else if (field == 2) {
        deferred->push_back({field, s});
      } else {
        *schema_url = s;
      }
    } else if (!r.Skip(wt)) {
      return SkipFailed(field, r);
    }
  }
  return absl::OkStatus();
}

absl::Status LogsDecoder::DecodeRequest(std::string_view body) {
  WireReader r(body);
  int64_t n = 0;
  while (!r.done()) {
    uint32_t field;
    WireType wt;
    if (!r.ReadTag(&field, &wt)) return Malformed("", r.error());
    if (field == 1 && wt == WireType::kLen) {
      std::string_view msg;
      if (!r.ReadLen(&msg)) return Malformed("resource_logs", r.error());
      absl::Status st = DecodeResourceLogs(msg);
      if (!st.ok()) return Nest(st, "resource_logs", n);
      ++n;
    } else if (!r.Skip(wt)) {
      return SkipFailed(field, r);
    }
  }
  return absl::OkStatus();
}

absl::Status LogsDecoder::DecodeResourceLogs(std::string_view msg) {
  model::EventBatch* b = batch();
  uint32_t index = static_cast<uint32_t>(b->resources.size());
  b->resources.emplace_back();
  size_t first = deferred().size();
  std::string_view schema_url;
  RETURN_IF_ERROR(WalkContainer(msg, "resource", "scope_logs", &deferred(), &schema_url,
                                [&](std::string_view s) { return DecodeResource(s, index); }));
  b->resources[index].schema_url = schema_url;
  internal::SetDatasets(*b, &b->resources[index]);
  size_t last = deferred().size();
  for (size_t i = first; i < last; ++i) {
    absl::Status st = DecodeScopeLogs(deferred()[i].bytes, index);
    if (!st.ok()) return Nest(st, "scope_logs", static_cast<int64_t>(i - first));
  }
  deferred().resize(first);
  return absl::OkStatus();
}

absl::Status LogsDecoder::DecodeScopeLogs(std::string_view msg, uint32_t resource) {
  model::EventBatch* b = batch();
  uint32_t index = static_cast<uint32_t>(b->scopes.size());
  b->scopes.emplace_back();
  size_t first = deferred().size();
  std::string_view schema_url;
  RETURN_IF_ERROR(WalkContainer(msg, "scope", "log_records", &deferred(), &schema_url,
                                [&](std::string_view s) { return DecodeScope(s, index); }));
  b->scopes[index].schema_url = schema_url;
  size_t last = deferred().size();
  for (size_t i = first; i < last; ++i) {
    absl::Status st = DecodeLogRecord(deferred()[i].bytes, resource, index);
    if (!st.ok()) return Nest(st, "log_records", static_cast<int64_t>(i - first));
  }
  deferred().resize(first);
  return absl::OkStatus();
}

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
    case 6: {
      absl::Status st = AppendKeyValue(s, &rec->attributes);
      if (!st.ok()) return Nest(st, "attributes", *n_attributes);
      ++*n_attributes;
      break;
    }
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

absl::Status LogsDecoder::DecodeLogRecord(std::string_view msg, uint32_t resource, uint32_t scope) {
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
  model::EventBatch* b = batch();
  b->logs.push_back(rec);
  ++result().accepted;
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<DecodeResult> DecodeLogsProto(std::string_view body, model::EventBatch* batch,
                                             const DecodeOptions& options) {
  LogsDecoder decoder(batch, options);
  absl::Status st = decoder.DecodeRequest(body);
  if (!st.ok()) return internal::TopLevel(st, "ExportLogsServiceRequest");
  return std::move(decoder.result());
}

}  // namespace waggle::ingest::otlp
